// The Markdown summary (DESIGN §7), written for a pull request or $GITHUB_STEP_SUMMARY: the
// decision first, then what needs attention (failed, errored, warned results), then everything
// else folded into <details>. Every user string goes through MarkdownCell or MarkdownInline.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <vector>

#include "gates/report/escape.h"
#include "gates/report/format.h"
#include "gates/report/report.h"

namespace mlgate {
namespace {

using report::MarkdownCell;
using report::MarkdownInline;

std::string Upper(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return out;
}

std::string Cell(const std::optional<double>& value) {
  return value ? MarkdownCell(report::ShortNumber(*value)) : "—";
}

// Observed value, with the p-value beside it: for hypothesis tests the threshold applies to
// the p-value, and a reader comparing D = 0.3 with 0.05 would be misled.
std::string ObservedCell(const Result& r) {
  std::string cell = Cell(r.observed);
  if (r.p_value) cell += " (p = " + MarkdownCell(report::ShortNumber(*r.p_value)) + ")";
  return cell;
}

std::string ThresholdCell(const Result& r) {
  if (r.threshold && !r.comparison.empty()) {
    return Cell(r.threshold) + " (" + MarkdownCell(r.comparison) + ")";
  }
  if (r.threshold) return Cell(r.threshold);
  if (!r.comparison.empty()) return MarkdownCell(r.comparison);
  return "—";
}

// A URL usable as a Markdown link destination, or nullopt for anything but http(s). Characters
// that would end the destination or start markup are percent-encoded.
std::optional<std::string> LinkTarget(std::string_view url) {
  if (!url.starts_with("https://") && !url.starts_with("http://")) return std::nullopt;
  std::string out;
  for (unsigned char c : report::RepairUtf8(url)) {
    if (c <= 0x20 || c >= 0x7F ||
        std::string_view("()<>\\\"'`|[]").find(static_cast<char>(c)) != std::string_view::npos) {
      out += fmt::format("%{:02X}", c);
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out;
}

std::string TextCell(std::string_view text) { return text.empty() ? "—" : MarkdownCell(text); }

}  // namespace

std::string RenderMarkdown(const Verdict& verdict) {
  const Counts counts = verdict.counts();
  std::string out;
  out += fmt::format("## mlgate: {} — gate {}\n\n", Upper(DecisionName(verdict.decision)),
                     verdict.gate.empty() ? "(unnamed)" : MarkdownInline(verdict.gate));
  out += fmt::format("**Decision: {}** ({}). {} ({} s).\n", DecisionName(verdict.decision),
                     report::CountsPhrase(counts), report::CountsSentence(counts),
                     report::ShortNumber(verdict.duration_s));
  std::vector<std::string> context;
  if (verdict.git.known && !verdict.git.commit.empty()) {
    std::string commit = MarkdownInline(verdict.git.commit.substr(0, 12));
    if (!verdict.git.branch.empty()) commit += " on " + MarkdownInline(verdict.git.branch);
    if (verdict.git.dirty) commit += " (uncommitted changes)";
    context.push_back("Commit " + commit);
  }
  if (auto url = LinkTarget(verdict.ci.url)) context.push_back("[CI run](" + *url + ")");
  if (!verdict.started_at.empty())
    context.push_back("started " + MarkdownInline(verdict.started_at));
  if (!context.empty()) {
    out += "\n";
    for (size_t i = 0; i < context.size(); ++i) out += (i == 0 ? "" : " · ") + context[i];
    out += ".\n";
  }

  std::vector<const Result*> attention, rest;
  // Most severe first, in verdict order within a severity.
  for (Outcome outcome : {Outcome::kError, Outcome::kFail, Outcome::kWarn}) {
    for (const auto& r : verdict.results) {
      if (r.outcome == outcome) attention.push_back(&r);
    }
  }
  for (const auto& r : verdict.results) {
    if (r.outcome == Outcome::kPass || r.outcome == Outcome::kSkip) rest.push_back(&r);
  }

  if (!attention.empty()) {
    out += "\n| outcome | check | subject | statistic | observed | threshold | message |\n";
    out += "| --- | --- | --- | --- | --- | --- | --- |\n";
    for (const Result* r : attention) {
      out +=
          fmt::format("| {} | {} | {} | {} | {} | {} | {} |\n", OutcomeName(r->outcome),
                      TextCell(r->check), TextCell(r->subject), TextCell(r->statistic),
                      ObservedCell(*r), ThresholdCell(*r), TextCell(report::MessageWithNotes(*r)));
    }
  }
  if (!rest.empty()) {
    out += fmt::format("\n<details><summary>{} passed and {} skipped results</summary>\n\n",
                       counts.pass, counts.skip);
    out += "| outcome | check | subject | statistic | observed | threshold | message |\n";
    out += "| --- | --- | --- | --- | --- | --- | --- |\n";
    for (const Result* r : rest) {
      out +=
          fmt::format("| {} | {} | {} | {} | {} | {} | {} |\n", OutcomeName(r->outcome),
                      TextCell(r->check), TextCell(r->subject), TextCell(r->statistic),
                      ObservedCell(*r), ThresholdCell(*r), TextCell(report::MessageWithNotes(*r)));
    }
    out += "\n</details>\n";
  }
  return out;
}

}  // namespace mlgate
