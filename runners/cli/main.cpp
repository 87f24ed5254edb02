// mlgate: judges ML data, models and serving against a gate file; exits with what CI should do.
#include <malloc.h>

#include <CLI/CLI.hpp>

#include "runners/cli/commands.h"

#if __has_include("runners/cli/probe_command.h")
#include "runners/cli/probe_command.h"
#define MLGATE_HAS_PROBE_COMMAND 1
#endif

int main(int argc, char** argv) {
  // The profiler allocates and frees blocks of megabytes all the time. By default each of them
  // is mapped fresh from the kernel and unmapped on free, so every page is faulted in and
  // zeroed again: a tenth of a data gate's time. Keeping freed memory for reuse avoids that;
  // memory stays bounded by the same peak.
  mallopt(M_MMAP_THRESHOLD, 64 << 20);
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
  CLI::App app{
      "mlgate " MLGATE_VERSION
      ": test and gate machine-learning systems in CI.\n"
      "Reads a gate file, checks data, models and serving, writes JUnit/JSON/Markdown reports and\n"
      "exits with the decision: 0 promote, 1 block, 2 invalid input, 3 rollback, 4 retrain."};
  app.set_version_flag("--version", "mlgate " MLGATE_VERSION);
  app.require_subcommand(1);
  app.footer(
      "\nExamples:\n"
      "  mlgate run gate.yaml --junit out/junit.xml --json out/verdict.json --markdown "
      "out/summary.md\n"
      "  mlgate validate gate.yaml\n"
      "  mlgate infer-schema data/reference.csv -o schemas/reference.schema.yaml\n"
      "  mlgate profile data/reference.csv -o profiles/reference.profile.json\n"
      "  mlgate explain drift\n");
  int exit_code = 0;
  mlgate::AddRunCommand(app, &exit_code);
  mlgate::AddValidateCommand(app, &exit_code);
  mlgate::AddInferSchemaCommand(app, &exit_code);
  mlgate::AddExplainCommand(app, &exit_code);
  mlgate::AddProfileCommand(app, &exit_code);
#ifdef MLGATE_HAS_PROBE_COMMAND
  mlgate::AddProbeCommand(app, &exit_code);
#endif
  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return 2;  // the command line is invalid
  }
  return exit_code;
}
