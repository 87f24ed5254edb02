// JUnit XML (DESIGN §7): one <testsuite> per check, one <testcase> per result, carrying every
// attribute strict consumers require (the Jenkins xUnit junit-10 schema for the document, the
// Ant schema's per-suite rules). Each element is written with a fixed list of attributes; all
// text goes through XmlAttribute or XmlText.
#include <fmt/format.h>

#include <string>
#include <vector>

#include "gates/report/escape.h"
#include "gates/report/format.h"
#include "gates/report/report.h"

namespace mlgate {
namespace {

using report::XmlAttribute;
using report::XmlText;

struct Suite {
  std::string id, kind;
  double duration_s = 0;
  std::vector<const Result*> results;
};

// Checks in the order the verdict lists them, then any check that only appears in results (a
// result must never vanish from the report because its check summary is missing).
std::vector<Suite> Suites(const Verdict& verdict) {
  std::vector<Suite> suites;
  auto find = [&](const std::string& id) -> Suite* {
    for (auto& s : suites) {
      if (s.id == id) return &s;
    }
    return nullptr;
  };
  for (const auto& check : verdict.checks) {
    if (find(check.id) == nullptr) suites.push_back({check.id, check.kind, check.duration_s, {}});
  }
  std::vector<bool> summarised(suites.size(), true);
  for (const auto& r : verdict.results) {
    Suite* suite = find(r.check);
    if (suite == nullptr) {
      suites.push_back({r.check, r.kind, 0, {}});
      summarised.push_back(false);
      suite = &suites.back();
    }
    suite->results.push_back(&r);
  }
  for (size_t i = 0; i < suites.size(); ++i) {
    if (summarised[i]) continue;
    for (const Result* r : suites[i].results) suites[i].duration_s += r->duration_s;
  }
  return suites;
}

// The body of <failure> and <error>: some viewers show only the body, so it restates the
// measurement in full precision.
std::string Body(const Result& r, std::string_view message) {
  std::string body;
  auto line = [&](std::string_view key, std::string_view value) {
    body += fmt::format("{}: {}\n", key, value);
  };
  if (!r.statistic.empty()) line("statistic", r.statistic);
  if (r.observed) line("observed", report::RoundTripNumber(*r.observed));
  if (r.p_value) line("p_value", report::RoundTripNumber(*r.p_value));
  if (r.threshold) line("threshold", report::RoundTripNumber(*r.threshold));
  if (!r.comparison.empty()) line("comparison", r.comparison);
  if (r.outcome == Outcome::kFail) line("action", ActionName(r.action));
  if (!message.empty()) line("message", message);
  if (!r.rubric.empty()) {
    std::string ids;
    for (const auto& id : r.rubric) ids += (ids.empty() ? "" : ", ") + id;
    line("rubric", ids);
  }
  return XmlText(body);
}

// The short summary for message= attributes: the check's message, else the measurement.
std::string Summary(const Result& r, const std::string& message) {
  return message.empty() ? report::Measurement(r) : message;
}

void WriteTestcase(const Suite& suite, const std::string& classname, const Result& r,
                   std::string& out) {
  const std::string name = r.subject.empty() ? suite.id : r.subject;
  const std::string message = report::MessageWithNotes(r);
  std::string type = r.kind.empty() ? suite.kind : r.kind;
  if (type.empty()) type = "mlgate";
  const std::string open =
      fmt::format("    <testcase classname=\"{}\" name=\"{}\" time=\"{}\"", XmlAttribute(classname),
                  XmlAttribute(name), report::Seconds(r.duration_s));
  switch (r.outcome) {
    case Outcome::kPass:
      out += open + "/>\n";
      return;
    case Outcome::kWarn: {
      std::string text = "warning: " + Summary(r, message);
      const std::string measurement = report::Measurement(r);
      if (!message.empty() && !measurement.empty()) text += "\n" + measurement;
      out += open + ">\n";
      out += fmt::format("      <system-out>{}</system-out>\n", XmlText(text + "\n"));
      out += "    </testcase>\n";
      return;
    }
    case Outcome::kFail:
      out += open + ">\n";
      out += fmt::format("      <failure message=\"{}\" type=\"{}\">{}</failure>\n",
                         XmlAttribute(Summary(r, message)), XmlAttribute(type), Body(r, message));
      out += "    </testcase>\n";
      return;
    case Outcome::kError:
      out += open + ">\n";
      out += fmt::format("      <error message=\"{}\" type=\"{}\">{}</error>\n",
                         XmlAttribute(Summary(r, message)), XmlAttribute(type), Body(r, message));
      out += "    </testcase>\n";
      return;
    case Outcome::kSkip:
      out += open + ">\n";
      out += fmt::format("      <skipped message=\"{}\"/>\n", XmlAttribute(Summary(r, message)));
      out += "    </testcase>\n";
      return;
  }
}

}  // namespace

std::string RenderJunit(const Verdict& verdict) {
  const Counts counts = verdict.counts();
  const std::string gate = verdict.gate.empty() ? "mlgate" : verdict.gate;
  const std::string hostname = verdict.hostname.empty() ? "localhost" : verdict.hostname;
  const auto timestamp = report::ZonelessUtc(verdict.started_at);
  const std::string decision(DecisionName(verdict.decision));

  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  // No skipped= here: the junit-10 schema does not allow it on <testsuites>; each suite has it.
  out += fmt::format(
      "<testsuites name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" time=\"{}\">\n",
      XmlAttribute(gate), counts.total(), counts.fail, counts.error,
      report::Seconds(verdict.duration_s));

  const std::vector<Suite> suites = Suites(verdict);
  for (size_t index = 0; index < suites.size(); ++index) {
    const Suite& suite = suites[index];
    const std::string name = fmt::format("{}.{}", gate, suite.id.empty() ? "check" : suite.id);
    int failures = 0, errors = 0, skipped = 0;
    std::string warnings;
    for (const Result* r : suite.results) {
      failures += r->outcome == Outcome::kFail;
      errors += r->outcome == Outcome::kError;
      skipped += r->outcome == Outcome::kSkip;
      if (r->outcome == Outcome::kWarn) {
        warnings += fmt::format("warning: {}: {}\n", r->subject.empty() ? suite.id : r->subject,
                                Summary(*r, report::MessageWithNotes(*r)));
      }
    }
    out += fmt::format(
        "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\" "
        "time=\"{}\"{} hostname=\"{}\" id=\"{}\" package=\"{}\">\n",
        XmlAttribute(name), suite.results.size(), failures, errors, skipped,
        report::Seconds(suite.duration_s),
        timestamp ? fmt::format(" timestamp=\"{}\"", *timestamp) : std::string(),
        XmlAttribute(hostname), index, XmlAttribute(gate));
    out += "    <properties>\n";
    auto property = [&](std::string_view key, std::string_view value) {
      out += fmt::format("      <property name=\"{}\" value=\"{}\"/>\n", key, XmlAttribute(value));
    };
    property("decision", decision);
    property("git.commit", verdict.git.known ? verdict.git.commit : std::string());
    property("check.kind", suite.kind);
    out += "    </properties>\n";
    for (const Result* r : suite.results) WriteTestcase(suite, name, *r, out);
    // The Ant schema requires both elements after the test cases; warnings are repeated here
    // for consumers that only read the suite's output.
    out += warnings.empty() ? "    <system-out/>\n"
                            : fmt::format("    <system-out>{}</system-out>\n", XmlText(warnings));
    out += "    <system-err/>\n";
    out += "  </testsuite>\n";
  }
  out += "</testsuites>\n";
  return out;
}

}  // namespace mlgate
