// Runs the real mlgate binary in a shell and captures what it printed and how it exited.
#pragma once

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <string>

namespace mlgate::testing {

struct CommandResult {
  int exit_code = -1;
  std::string out;  // stdout and stderr, interleaved
};

// Runs `mlgate ARGS` (ARGS already shell-quoted) with stderr folded into stdout.
inline CommandResult RunMlgate(const std::string& args, const std::string& env = "") {
  std::string command = env + (env.empty() ? "" : " ") + "'" MLGATE_BINARY "' " + args + " 2>&1";
  CommandResult result;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return result;
  std::array<char, 4096> buffer;
  size_t n;
  while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0)
    result.out.append(buffer.data(), n);
  int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

}  // namespace mlgate::testing
