#include "gates/report/report.h"

namespace mlgate {
std::string RenderMarkdown(const Verdict&) { return {}; }
}  // namespace mlgate
