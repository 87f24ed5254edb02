// Tests of gates/report/escape.cpp and format.cpp: UTF-8 repair, per-format escaping, numbers,
// timestamps and the non-finite notes.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <limits>
#include <locale>
#include <random>
#include <sstream>

#include "gates/report/escape.h"
#include "gates/report/format.h"
#include "gates/report/report.h"
#include "tests/gates/report_testing.h"

namespace mlgate::report {
namespace {

const std::string kFffd = "\xef\xbf\xbd";
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

TEST(RepairUtf8, KeepsWellFormedText) {
  const std::string text = "plain a\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80 \xf4\x8f\xbf\xbf \x7f";
  EXPECT_EQ(RepairUtf8(text), text);
  EXPECT_EQ(RepairUtf8(""), "");
}

// Expected replacements follow Unicode's "maximal subpart" practice (table 3-8 of the
// standard's chapter 3): one U+FFFD per maximal ill-formed subsequence.
TEST(RepairUtf8, ReplacesEachMaximalIllFormedSubpart) {
  EXPECT_EQ(RepairUtf8("a\x80z"), "a" + kFffd + "z");                        // stray continuation
  EXPECT_EQ(RepairUtf8("\xc0\xaf"), kFffd + kFffd);                          // C0 is never a lead
  EXPECT_EQ(RepairUtf8("\xe0\x80\x80"), kFffd + kFffd + kFffd);              // overlong
  EXPECT_EQ(RepairUtf8("\xed\xa0\x80"), kFffd + kFffd + kFffd);              // surrogate
  EXPECT_EQ(RepairUtf8("\xf4\x90\x80\x80"), kFffd + kFffd + kFffd + kFffd);  // > U+10FFFF
  EXPECT_EQ(RepairUtf8("\xe2\x82"), kFffd);                                  // truncated at end
  EXPECT_EQ(RepairUtf8("\xf0\x9f\x98"
                       "A"),
            kFffd + "A");                          // truncated, then ASCII
  EXPECT_EQ(RepairUtf8("\xc3\x28"), kFffd + "(");  // bad continuation
  EXPECT_EQ(RepairUtf8("\xff\xfe"), kFffd + kFffd);
  // Table 3-8 of the Unicode standard, verbatim: 61 F1 80 80 E1 80 C2 62 80 63 80 BF 64.
  EXPECT_EQ(RepairUtf8("\x61\xf1\x80\x80\xe1\x80\xc2\x62\x80\x63\x80\xbf\x64"),
            "a" + kFffd + kFffd + kFffd + "b" + kFffd + "c" + kFffd + kFffd + "d");
}

TEST(XmlAttribute, EscapesMarkupAndKeepsWhitespaceAsReferences) {
  EXPECT_EQ(XmlAttribute("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&apos;");
  EXPECT_EQ(XmlAttribute("t\tn\nr\r"), "t&#x9;n&#xA;r&#xD;");
  EXPECT_EQ(XmlAttribute("x]]>y"), "x]]&gt;y");
}

TEST(XmlAttribute, DropsCharactersXmlForbidsAndRepairsUtf8) {
  EXPECT_EQ(XmlAttribute("a\x01\x08\x0b\x0c\x1f"
                         "b"),
            "ab");
  EXPECT_EQ(XmlAttribute(std::string("nul\0byte", 8)), "nulbyte");
  EXPECT_EQ(XmlAttribute("\xef\xbf\xbe\xef\xbf\xbf"), "");  // U+FFFE, U+FFFF
  EXPECT_EQ(XmlAttribute("bad\xff"), "bad" + kFffd);
  EXPECT_EQ(XmlAttribute("\xf0\x9f\x98\x80"), "\xf0\x9f\x98\x80");  // astral plane is fine
}

TEST(XmlText, EscapesMarkupKeepsTabAndNewline) {
  EXPECT_EQ(XmlText("a<b>&\"c'\t\n"), "a&lt;b&gt;&amp;\"c'\t\n");
  EXPECT_EQ(XmlText("end]]>more"), "end]]&gt;more");
  EXPECT_EQ(XmlText("cr\r"), "cr&#xD;");
  EXPECT_EQ(XmlText("\x02\x1b[0m"), "[0m");
}

TEST(MarkdownCell, EscapesPipesMarkupAndLineBreaks) {
  EXPECT_EQ(MarkdownCell("a|b"), "a\\|b");
  EXPECT_EQ(MarkdownCell("one\ntwo\r\nthree\rfour"), "one<br>two<br>three<br>four");
  EXPECT_EQ(MarkdownCell("<b>&"), "&lt;b&gt;&amp;");
  EXPECT_EQ(MarkdownCell("*_`[]~#\\"), "\\*\\_\\`\\[\\]\\~\\#\\\\");
  EXPECT_EQ(MarkdownCell("tab\there\x07"), "tab here");
  EXPECT_EQ(MarkdownInline("one\ntwo"), "one two");
  EXPECT_EQ(MarkdownCell("ab\xe2\x80\xae"
                         "dc\xef\xbf\xbe"),
            "abdc");  // RLO, U+FFFE
}

TEST(ConsoleLine, RemovesEverythingThatCouldControlTheTerminal) {
  EXPECT_EQ(ConsoleLine("a\tb\nc\rd\r\ne"), "a b c d e");
  EXPECT_EQ(ConsoleLine("\x1b[31mred\x1b[0m\x07"), "[31mred[0m");
  EXPECT_EQ(ConsoleLine("\xc2\x9b"
                        "2J"),
            "2J");  // C1 CSI
  EXPECT_EQ(ConsoleLine("abc\xe2\x80\xae"
                        "fed"),
            "abcfed");  // right-to-left override
  EXPECT_EQ(ConsoleLine("caf\xc3\xa9 \xff"), "caf\xc3\xa9 " + kFffd);
}

TEST(Github, EscapesWorkflowCommandDelimiters) {
  EXPECT_EQ(GithubData("100% a\r\nb: c, d"), "100%25 a%0D%0Ab: c, d");
  EXPECT_EQ(GithubProperty("a:b,c%d\ne"), "a%3Ab%2Cc%25d%0Ae");
  EXPECT_EQ(GithubData("x\x01y\xff"), "xy" + kFffd);
  EXPECT_EQ(GithubData("a\tb\xe2\x81\xa6"
                       "c"),
            "a bc");  // tab, left-to-right isolate
}

TEST(Numbers, RoundTripExactlyWithADot) {
  std::mt19937_64 rng(12345);
  std::uniform_real_distribution<double> unit(-1, 1);
  for (int i = 0; i < 2000; ++i) {
    const double value = unit(rng) * std::pow(10.0, static_cast<int>(rng() % 40) - 20);
    const std::string text = RoundTripNumber(value);
    EXPECT_EQ(std::strtod(text.c_str(), nullptr), value) << text;
    EXPECT_EQ(text.find(','), std::string::npos) << text;
  }
  EXPECT_EQ(RoundTripNumber(0.1), "0.1");
  EXPECT_EQ(RoundTripNumber(3), "3");
  EXPECT_EQ(RoundTripNumber(kNaN), "NaN");
  EXPECT_EQ(RoundTripNumber(-kInf), "-Inf");
  EXPECT_EQ(ShortNumber(0.0012345678901234567), "0.00123457");
  EXPECT_EQ(ShortNumber(kInf), "+Inf");
}

TEST(Numbers, SecondsHaveThreeDecimalsAndNeverGoNegative) {
  EXPECT_EQ(Seconds(1.25), "1.250");
  EXPECT_EQ(Seconds(0.0004), "0.000");
  EXPECT_EQ(Seconds(0.0005001), "0.001");
  EXPECT_EQ(Seconds(-3), "0.000");
  EXPECT_EQ(Seconds(kNaN), "0.000");
  EXPECT_EQ(Seconds(kInf), "0.000");
  EXPECT_EQ(Seconds(86400.5), "86400.500");
}

TEST(ZonelessUtc, ConvertsOffsetsToUtcAndDropsTheZone) {
  EXPECT_EQ(ZonelessUtc("2026-03-14T09:26:53.589Z"), "2026-03-14T09:26:53");
  EXPECT_EQ(ZonelessUtc("2026-03-14T23:30:00+01:00"), "2026-03-14T22:30:00");
  EXPECT_EQ(ZonelessUtc("2026-12-31T23:30:00-01:00"), "2027-01-01T00:30:00");
  EXPECT_EQ(ZonelessUtc("2024-03-01t00:15:00+00:30"), "2024-02-29T23:45:00");
  EXPECT_EQ(ZonelessUtc("2016-12-31T23:59:60Z"), "2016-12-31T23:59:59");
  EXPECT_EQ(ZonelessUtc(""), std::nullopt);
  EXPECT_EQ(ZonelessUtc("2026-03-14T09:26:53"), std::nullopt);  // no zone: not RFC 3339
  EXPECT_EQ(ZonelessUtc("2026-02-30T00:00:00Z"), std::nullopt);
  EXPECT_EQ(ZonelessUtc("2026-03-14T24:00:00Z"), std::nullopt);
  EXPECT_EQ(ZonelessUtc("2026-03-14T09:26:53Zjunk"), std::nullopt);
  EXPECT_EQ(ZonelessUtc("2026-03-14T09:26:53.Z"), std::nullopt);
}

TEST(MessageWithNotes, NamesEveryNonFiniteNumber) {
  Result r;
  r.message = "bad column";
  r.observed = kNaN;
  r.p_value = kInf;
  r.threshold = 0.1;
  r.details = {{"bins", {1.0, -kInf}}, {"n", 3}};
  EXPECT_EQ(MessageWithNotes(r),
            "bad column (observed is NaN) (p_value is +Inf) (details.bins[1] is -Inf)");
  r.message.clear();
  r.p_value.reset();
  r.details = nlohmann::json::object();
  EXPECT_EQ(MessageWithNotes(r), "(observed is NaN)");
}

TEST(MessageWithNotes, LeavesMessagesThatAlreadyExplainAlone) {
  Result r;
  r.observed = kNaN;
  for (const char* message : {"observed is NaN: constant column", "the mean is infinite",
                              "non-finite predictions", "value was Inf"}) {
    r.message = message;
    EXPECT_EQ(MessageWithNotes(r), message);
  }
  r.message = "information about financial data";  // "inf" only inside words
  EXPECT_EQ(MessageWithNotes(r), "information about financial data (observed is NaN)");
  r.observed = 1.0;
  r.message = "fine";
  EXPECT_EQ(MessageWithNotes(r), "fine");
}

TEST(Measurement, StatesStatisticPValueAndRule) {
  Result r;
  r.statistic = "ks";
  r.observed = 0.3125;
  r.p_value = 0.00123;
  r.threshold = 0.05;
  r.comparison = "p_value >= 0.05";
  EXPECT_EQ(Measurement(r), "ks = 0.3125 (p = 0.00123), threshold 0.05 (p_value >= 0.05)");
  r.statistic.clear();
  r.p_value.reset();
  r.comparison.clear();
  EXPECT_EQ(Measurement(r), "observed 0.3125, threshold 0.05");
  r.observed.reset();
  r.threshold.reset();
  r.comparison = "rows > 0";
  EXPECT_EQ(Measurement(r), "rule rows > 0");
  EXPECT_EQ(Measurement(Result{}), "");
}

TEST(CountsPhrase, NamesWhatNeedsAttentionFirst) {
  EXPECT_EQ(CountsPhrase({.pass = 3, .warn = 1, .fail = 2, .error = 1, .skip = 0}),
            "2 failed, 1 error, 1 warning");
  EXPECT_EQ(CountsPhrase({.pass = 0, .warn = 2, .fail = 0, .error = 3, .skip = 0}),
            "3 errors, 2 warnings");
  EXPECT_EQ(CountsPhrase({.pass = 12, .warn = 0, .fail = 0, .error = 0, .skip = 1}),
            "12 passed, 1 skipped");
  EXPECT_EQ(CountsPhrase({}), "no results");
}

// A locale that writes 12.5 as "12,5" and 1234 as "1.234".
struct CommaDecimal : std::numpunct<char> {
  char do_decimal_point() const override { return ','; }
  char do_thousands_sep() const override { return '.'; }
  std::string do_grouping() const override { return "\3"; }
};

std::string RenderAll(const Verdict& verdict) {
  return RenderJunit(verdict) + RenderJson(verdict) + RenderMarkdown(verdict) +
         RenderText(verdict, false) + RenderGithubAnnotations(verdict);
}

TEST(Locale, ReportsIgnoreTheGlobalLocale) {
  const Verdict verdict = mlgate::testing::SampleVerdict();
  const std::string expected = RenderAll(verdict);
  const std::locale previous =
      std::locale::global(std::locale(std::locale::classic(), new CommaDecimal));
  std::ostringstream probe;  // proves the locale is in effect for anything that consults it
  probe << 12.5 << ' ' << 1234;
  const std::string rendered = RenderAll(verdict);
  std::locale::global(previous);
  EXPECT_EQ(probe.str(), "12,5 1.234");
  EXPECT_EQ(rendered, expected);
  EXPECT_NE(rendered.find("time=\"12.500\""), std::string::npos);
}

}  // namespace
}  // namespace mlgate::report
