// Console output of `mlgate run` (DESIGN §11) and GitHub Actions annotations (DESIGN §7).
// Console text is for people: the decision first, then what failed or could not be judged,
// then the counts; every user string is reduced to one printable line. Annotations are
// workflow commands that point at the gate file line of the check.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "gates/report/escape.h"
#include "gates/report/format.h"
#include "gates/report/report.h"

namespace mlgate {
namespace {

using report::ConsoleLine;

std::string Upper(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return out;
}

// "drift / temp_max", or the check alone when the subject is empty or repeats it.
std::string Where(const Result& r) {
  if (r.subject.empty() || r.subject == r.check) return r.check;
  return r.check + " / " + r.subject;
}

int LineOf(const Verdict& verdict, const Result& r) {
  if (r.gate_line > 0) return r.gate_line;
  for (const auto& check : verdict.checks) {
    if (check.id == r.check) return check.line;
  }
  return 0;
}

}  // namespace

std::string RenderText(const Verdict& verdict, bool quiet) {
  const Counts counts = verdict.counts();
  std::string out =
      fmt::format("mlgate: {} — gate '{}' ({})\n", Upper(DecisionName(verdict.decision)),
                  ConsoleLine(verdict.gate), report::CountsPhrase(counts));
  if (quiet) return out;

  for (Outcome outcome : {Outcome::kFail, Outcome::kError}) {
    for (const auto& r : verdict.results) {
      if (r.outcome != outcome) continue;
      std::string line = fmt::format("  {:<5} {}", Upper(OutcomeName(outcome)), Where(r));
      const std::string measurement = report::Measurement(r);
      const std::string message = report::MessageWithNotes(r);
      if (!measurement.empty()) line += ": " + measurement;
      if (!message.empty()) line += (measurement.empty() ? ": " : " — ") + message;
      if (outcome == Outcome::kFail && r.action != Action::kBlock) {
        line += fmt::format(" [asks {}]", ActionName(r.action));
      }
      out += ConsoleLine(line) + "\n";
    }
  }
  out += fmt::format("{} ({} s)\n", report::CountsSentence(counts),
                     report::ShortNumber(verdict.duration_s));
  return out;
}

std::string RenderGithubAnnotations(const Verdict& verdict) {
  std::string out;
  for (const auto& r : verdict.results) {
    std::string_view command;
    if (r.outcome == Outcome::kFail || r.outcome == Outcome::kError) {
      command = "error";
    } else if (r.outcome == Outcome::kWarn) {
      command = "warning";
    } else {
      continue;
    }
    std::string properties;
    auto property = [&](std::string_view key, const std::string& value) {
      properties += fmt::format("{}{}={}", properties.empty() ? " " : ",", key,
                                report::GithubProperty(value));
    };
    if (!verdict.gate_file.empty()) {
      property("file", verdict.gate_file);
      if (const int line = LineOf(verdict, r); line > 0) property("line", std::to_string(line));
    }
    property("title",
             fmt::format("mlgate {} {}: {}", OutcomeName(r.outcome), verdict.gate, Where(r)));
    const std::string measurement = report::Measurement(r);
    const std::string message = report::MessageWithNotes(r);
    std::string text = message;
    if (!measurement.empty()) text += (text.empty() ? "" : "\n") + measurement;
    if (text.empty()) text = std::string(OutcomeName(r.outcome));
    out += fmt::format("::{}{}::{}\n", command, properties, report::GithubData(text));
  }
  return out;
}

}  // namespace mlgate
