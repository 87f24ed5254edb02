// The mlgate subcommands, each added to the CLI by one function.
#pragma once

#include <CLI/CLI.hpp>

namespace mlgate {

// Each Add*Command registers a subcommand whose callback stores its exit code in *exit_code.
void AddRunCommand(CLI::App& app, int* exit_code);
void AddValidateCommand(CLI::App& app, int* exit_code);
void AddInferSchemaCommand(CLI::App& app, int* exit_code);
void AddExplainCommand(CLI::App& app, int* exit_code);
void AddProfileCommand(CLI::App& app, int* exit_code);

}  // namespace mlgate
