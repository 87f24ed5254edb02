// Reporters: pure functions from a finished verdict to text, and the atomic file writer.
#pragma once

#include <string>

#include "checks/status.h"
#include "gates/verdict.h"

namespace mlgate {

// JUnit XML per DESIGN §7 (validates against the Jenkins xUnit junit-10 schema).
std::string RenderJunit(const Verdict& verdict);
// JSON verdict per DESIGN §7 and docs/verdict.schema.json; non-finite numbers become null.
std::string RenderJson(const Verdict& verdict);
// Markdown summary: decision first, failed and warned results, the rest collapsed.
std::string RenderMarkdown(const Verdict& verdict);
// Console text for people: decision first, failed and errored results, counts.
// `quiet` prints only the decision line.
std::string RenderText(const Verdict& verdict, bool quiet);
// GitHub Actions workflow commands (::error / ::warning) for failed, errored and warned results.
std::string RenderGithubAnnotations(const Verdict& verdict);

// Writes `content` to a temporary file beside `path` and renames it into place, so a reader
// never sees a partial report. Creates missing parent directories.
Status WriteFileAtomically(const std::string& path, const std::string& content);
// Appends to `path` (for $GITHUB_STEP_SUMMARY, which other steps share).
Status AppendToFile(const std::string& path, const std::string& content);

}  // namespace mlgate
