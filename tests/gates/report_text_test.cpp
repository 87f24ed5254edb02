// Tests of the console text and GitHub annotations (gates/report/text.cpp): golden files, the
// decision-first layout, --quiet, and workflow-command escaping.
#include <gtest/gtest.h>

#include <sstream>

#include "gates/report/report.h"
#include "tests/gates/report_testing.h"

namespace mlgate {
namespace {

using mlgate::testing::EmptyVerdict;
using mlgate::testing::ExpectGolden;
using mlgate::testing::HostileVerdict;
using mlgate::testing::SampleVerdict;

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

TEST(RenderText, MatchesGoldenFiles) {
  ExpectGolden("sample.txt", RenderText(SampleVerdict(), false));
  ExpectGolden("hostile.txt", RenderText(HostileVerdict(), false));
  ExpectGolden("empty.txt", RenderText(EmptyVerdict(), false));
  ExpectGolden("sample.annotations.txt", RenderGithubAnnotations(SampleVerdict()));
  ExpectGolden("hostile.annotations.txt", RenderGithubAnnotations(HostileVerdict()));
}

TEST(RenderText, DecisionFirstThenFailuresThenCounts) {
  const auto lines = Lines(RenderText(SampleVerdict(), false));
  ASSERT_EQ(lines.size(), 6u);
  EXPECT_EQ(lines[0],
            "mlgate: BLOCK — gate 'seattle-weather-release' (2 failed, 2 errors, 1 warning)");
  EXPECT_EQ(lines[1],
            "  FAIL  drift / temp_max: ks = 0.3125 (p = 0.00123457), threshold 0.05 "
            "(p_value >= 0.05) — temp_max drifted: KS D = 0.3125, p = 0.00123 < 0.05 "
            "[asks retrain]");
  EXPECT_EQ(lines[2],
            "  FAIL  latency / p95_ms: p95_ms = 23.75, threshold 20 (observed <= 20) — p95 "
            "latency 23.75 ms is over the 20 ms budget");
  EXPECT_EQ(lines[3],
            "  ERROR corr / precipitation|wind: pearson_change = NaN, threshold 0.1 "
            "(observed < 0.1) — wind is constant in the current data; its correlation is "
            "undefined (observed is NaN)");
  EXPECT_EQ(lines[4].rfind("  ERROR vs-prod / f1_macro: champion predictions:", 0), 0u);
  EXPECT_EQ(lines[5], "10 results: 4 passed, 1 warned, 2 failed, 2 errors, 1 skipped (12.5 s)");
}

TEST(RenderText, QuietPrintsOnlyTheDecision) {
  EXPECT_EQ(RenderText(SampleVerdict(), true),
            "mlgate: BLOCK — gate 'seattle-weather-release' (2 failed, 2 errors, 1 warning)\n");
  EXPECT_EQ(RenderText(EmptyVerdict(), true), "mlgate: PROMOTE — gate 'empty' (no results)\n");
}

TEST(RenderText, HostileTextStaysOnItsLineAndCannotControlTheTerminal) {
  const std::string text = RenderText(HostileVerdict(), false);
  for (unsigned char c : text) EXPECT_FALSE(c < 0x20 && c != '\n') << "control byte " << int(c);
  EXPECT_EQ(text.find("\xe2\x80\xae"), std::string::npos) << "bidi override kept";
  EXPECT_EQ(Lines(text).size(), 4u);  // decision, one failure, one error, counts
}

TEST(RenderGithubAnnotations, PointsAtTheGateFileLine) {
  const auto lines = Lines(RenderGithubAnnotations(SampleVerdict()));
  ASSERT_EQ(lines.size(), 5u);  // 2 failures, 2 errors, 1 warning
  EXPECT_EQ(lines[0],
            "::error file=examples/weather/gate.yaml,line=13,title=mlgate fail "
            "seattle-weather-release%3A drift / temp_max::temp_max drifted: KS D = 0.3125, p = "
            "0.00123 < 0.05%0Aks = 0.3125 (p = 0.00123457), threshold 0.05 (p_value >= 0.05)");
  EXPECT_EQ(lines[1].rfind("::warning file=examples/weather/gate.yaml,line=13,title=", 0), 0u);
  EXPECT_EQ(lines[4].rfind("::error file=examples/weather/gate.yaml,line=20,", 0), 0u);
}

TEST(RenderGithubAnnotations, EscapesDataAndProperties) {
  const std::string out = RenderGithubAnnotations(HostileVerdict());
  const auto lines = Lines(out);
  ASSERT_EQ(lines.size(), 3u);  // fail, warn, error; the skip and the pass are not annotated
  EXPECT_EQ(lines[0].rfind("::error file=gates/we%2Cird%3Aname%25.yaml,line=3,title=", 0), 0u)
      << lines[0];
  EXPECT_NE(lines[0].find("]]> %250A,: | pipe%0Asecond line%0D%0Athird"), std::string::npos)
      << lines[0];
  // The warning has no gate_line of its own: the check's line is used.
  EXPECT_EQ(lines[1].rfind("::warning file=gates/we%2Cird%3Aname%25.yaml,line=3,", 0), 0u);
  for (unsigned char c : out) EXPECT_FALSE(c < 0x20 && c != '\n') << "control byte " << int(c);
}

TEST(RenderGithubAnnotations, WithoutAGateFileThereIsNoLocation) {
  Verdict v = EmptyVerdict();
  Result r;
  r.check = "c";
  r.subject = "s";
  r.outcome = Outcome::kError;
  r.message = "boom";
  r.gate_line = 4;
  v.results.push_back(r);
  EXPECT_EQ(RenderGithubAnnotations(v), "::error title=mlgate error empty%3A c / s::boom\n");
}

}  // namespace
}  // namespace mlgate
