// Tests of the Markdown summary (gates/report/markdown.cpp): golden files, order of sections,
// and table cells that hostile text cannot break.
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

// Pipes that separate cells: those not preceded by a backslash.
int CellSeparators(const std::string& line) {
  int n = 0;
  for (size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '|' && (i == 0 || line[i - 1] != '\\')) ++n;
  }
  return n;
}

std::vector<std::string> TableRows(const std::string& markdown) {
  std::vector<std::string> rows;
  std::istringstream in(markdown);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line[0] == '|') rows.push_back(line);
  }
  return rows;
}

TEST(RenderMarkdown, MatchesGoldenFiles) {
  ExpectGolden("sample.md", RenderMarkdown(SampleVerdict()));
  ExpectGolden("hostile.md", RenderMarkdown(HostileVerdict()));
  ExpectGolden("empty.md", RenderMarkdown(EmptyVerdict()));
}

TEST(RenderMarkdown, DecisionFirstThenAttentionThenTheRestCollapsed) {
  const std::string md = RenderMarkdown(SampleVerdict());
  EXPECT_EQ(md.rfind("## mlgate: BLOCK — gate seattle-weather-release\n", 0), 0u) << md;
  const size_t attention = md.find("| error | vs-prod |");
  const size_t fail = md.find(
      "| fail | drift | temp\\_max | ks | 0.3125 (p = 0.00123457) | "
      "0.05 (p\\_value &gt;= 0.05) |");
  const size_t warn = md.find("| warn | drift | weather |");
  const size_t details = md.find("<details><summary>4 passed and 1 skipped results</summary>");
  const size_t pass = md.find("| pass | drift | wind |");
  ASSERT_NE(attention, std::string::npos) << md;
  ASSERT_NE(fail, std::string::npos) << md;
  ASSERT_NE(warn, std::string::npos) << md;
  ASSERT_NE(details, std::string::npos) << md;
  ASSERT_NE(pass, std::string::npos) << md;
  EXPECT_LT(attention, fail);
  EXPECT_LT(fail, warn);
  EXPECT_LT(warn, details);
  EXPECT_LT(details, pass);
  EXPECT_NE(md.find("[CI run](https://github.com/acme/weather/actions/runs/8123456789)"),
            std::string::npos);
}

TEST(RenderMarkdown, HostileTextCannotBreakTheTable) {
  const std::string md = RenderMarkdown(HostileVerdict());
  const auto rows = TableRows(md);
  ASSERT_EQ(rows.size(), 2u + 3u + 2u + 2u);  // two headers and separators, 3 + 2 results
  for (const auto& row : rows) EXPECT_EQ(CellSeparators(row), 8) << row;
  EXPECT_EQ(md.find("<script"), std::string::npos);
  EXPECT_NE(md.find("&lt;script&gt;"), std::string::npos);
  EXPECT_NE(md.find("\\| pipe<br>second line<br>third"), std::string::npos);
  EXPECT_NE(md.find("tab here\\|new<br>line<br>cr"), std::string::npos);
  EXPECT_NE(md.find("\\*\\*bold\\*\\* \\_it\\_ \\`code\\` \\[link\\](http://x)"),
            std::string::npos);
  // The CI link's parentheses are percent-encoded so they cannot end the link early.
  EXPECT_NE(md.find("[CI run](https://example.invalid/run?a=1&b=%282%29)"), std::string::npos);
  EXPECT_NE(md.find("| +Inf | 0.2 (observed &lt; 0.2 &amp; \"strict\") |"), std::string::npos);
}

TEST(RenderMarkdown, EmptyVerdictHasNoTables) {
  const std::string md = RenderMarkdown(EmptyVerdict());
  EXPECT_EQ(md.find('|'), std::string::npos);
  EXPECT_EQ(md.find("<details>"), std::string::npos);
  EXPECT_NE(
      md.find(
          "**Decision: promote** (no results). 0 results: 0 passed, 0 warned, 0 failed, 0 errors, "
          "0 skipped (0 s)."),
      std::string::npos);
}

}  // namespace
}  // namespace mlgate
