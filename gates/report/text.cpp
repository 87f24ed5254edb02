#include "gates/report/report.h"

namespace mlgate {
std::string RenderText(const Verdict&, bool) { return {}; }
std::string RenderGithubAnnotations(const Verdict&) { return {}; }
}  // namespace mlgate
