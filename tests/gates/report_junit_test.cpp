// Tests of the JUnit XML report (gates/report/junit.cpp): golden files, the attributes strict
// consumers require, and escaping of hostile text. Well-formedness and what real parsers read
// back are checked by report_consumers_test.
#include <gtest/gtest.h>

#include <regex>

#include "gates/report/escape.h"
#include "gates/report/report.h"
#include "tests/gates/report_testing.h"

namespace mlgate {
namespace {

using mlgate::testing::EmptyVerdict;
using mlgate::testing::ExpectGolden;
using mlgate::testing::HostileVerdict;
using mlgate::testing::SampleVerdict;

int Count(const std::string& text, const std::string& needle) {
  int n = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

TEST(RenderJunit, MatchesGoldenFiles) {
  ExpectGolden("sample.junit.xml", RenderJunit(SampleVerdict()));
  ExpectGolden("hostile.junit.xml", RenderJunit(HostileVerdict()));
  ExpectGolden("empty.junit.xml", RenderJunit(EmptyVerdict()));
}

TEST(RenderJunit, OneSuitePerCheckOneCasePerResult) {
  const std::string xml = RenderJunit(SampleVerdict());
  EXPECT_NE(xml.find("<testsuites name=\"seattle-weather-release\" tests=\"10\" failures=\"2\" "
                     "errors=\"2\" time=\"12.500\">"),
            std::string::npos);
  EXPECT_EQ(Count(xml, "<testsuite "), 6);
  EXPECT_EQ(Count(xml, "<testcase "), 10);
  EXPECT_EQ(Count(xml, "<failure "), 2);
  EXPECT_EQ(Count(xml, "<error "), 2);
  EXPECT_EQ(Count(xml, "<skipped "), 1);
  EXPECT_NE(xml.find("<testsuite name=\"seattle-weather-release.drift\" tests=\"3\" failures=\"1\" "
                     "errors=\"0\" skipped=\"0\" time=\"0.412\" timestamp=\"2026-03-14T09:26:53\" "
                     "hostname=\"ci-runner-7\" id=\"1\" package=\"seattle-weather-release\">"),
            std::string::npos);
  EXPECT_NE(xml.find("<testcase classname=\"seattle-weather-release.drift\" name=\"temp_max\" "
                     "time=\"0.200\">"),
            std::string::npos);
  EXPECT_NE(xml.find("<property name=\"check.kind\" value=\"correlation\"/>"), std::string::npos);
  EXPECT_NE(xml.find("<property name=\"decision\" value=\"block\"/>"), std::string::npos);
  EXPECT_NE(xml.find("<property name=\"git.commit\" "
                     "value=\"3f1c2a9d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39\"/>"),
            std::string::npos);
}

TEST(RenderJunit, FailureBodyRepeatsTheMeasurement) {
  const std::string xml = RenderJunit(SampleVerdict());
  EXPECT_NE(xml.find("<failure message=\"temp_max drifted: KS D = 0.3125, p = 0.00123 &lt; 0.05\" "
                     "type=\"drift\">statistic: ks\nobserved: 0.3125\n"
                     "p_value: 0.0012345678901234567\nthreshold: 0.05\n"
                     "comparison: p_value &gt;= 0.05\naction: retrain\n"),
            std::string::npos);
}

TEST(RenderJunit, WarningIsAPassingCaseWithOutput) {
  const std::string xml = RenderJunit(SampleVerdict());
  EXPECT_NE(xml.find("<testcase classname=\"seattle-weather-release.drift\" name=\"weather\" "
                     "time=\"0.100\">\n      <system-out>warning: Jensen-Shannon"),
            std::string::npos);
}

TEST(RenderJunit, EverySuiteMeetsTheAntSchemaPerSuiteRules) {
  for (const Verdict& v : {SampleVerdict(), HostileVerdict(), EmptyVerdict()}) {
    const std::string xml = RenderJunit(v);
    const std::regex suite(
        R"re(<testsuite name="[^"]+" tests="\d+" failures="\d+" errors="\d+" skipped="\d+" )re"
        R"re(time="\d+\.\d{3}" timestamp="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d" hostname="[^"]+" )re"
        R"re(id="\d+" package="[^"]+">\n    <properties>)re");
    const int suites = Count(xml, "<testsuite ");
    EXPECT_EQ(static_cast<int>(std::distance(std::sregex_iterator(xml.begin(), xml.end(), suite),
                                             std::sregex_iterator())),
              suites);
    // properties first, then cases, then system-out and system-err (the Ant schema's order).
    EXPECT_EQ(Count(xml, "<system-err/>\n  </testsuite>"), suites);
    EXPECT_EQ(Count(xml, "<failure "), Count(xml, "<failure message=\""));
    const std::regex typed(R"re(<(failure|error) message="[^"]*" type="[^"]+">)re");
    EXPECT_EQ(static_cast<int>(std::distance(std::sregex_iterator(xml.begin(), xml.end(), typed),
                                             std::sregex_iterator())),
              Count(xml, "<failure ") + Count(xml, "<error "));
  }
}

TEST(RenderJunit, EscapesHostileText) {
  const std::string xml = RenderJunit(HostileVerdict());
  EXPECT_EQ(report::RepairUtf8(xml), xml) << "output is not valid UTF-8";
  for (unsigned char c : xml) {
    EXPECT_FALSE(c < 0x20 && c != '\n' && c != '\t') << "raw control byte " << int(c);
  }
  EXPECT_EQ(xml.find("]]>"), std::string::npos);
  EXPECT_EQ(xml.find("<script"), std::string::npos);
  EXPECT_EQ(xml.find("\xef\xbf\xbe"), std::string::npos) << "U+FFFE is not an XML character";
  EXPECT_NE(xml.find("name=\"g&lt;&amp;&quot;&apos;&gt;]]&gt;\xef\xbf\xbd.c&amp;&lt;1&gt;\""),
            std::string::npos);
  EXPECT_NE(xml.find("name=\"tab&#x9;here|new&#xA;line&#xD;cr\""), std::string::npos);
  // Element text keeps newlines as they are and carriage returns as references.
  EXPECT_NE(xml.find("| pipe\nsecond line&#xD;\nthird"), std::string::npos);
  // A timestamp with an offset is converted to UTC.
  EXPECT_NE(xml.find("timestamp=\"2026-03-14T22:30:00\""), std::string::npos);
  EXPECT_NE(
      xml.find("<testsuites name=\"g&lt;&amp;&quot;&apos;&gt;]]&gt;\xef\xbf\xbd\" tests=\"5\" "
               "failures=\"1\" errors=\"1\" time=\"0.000\">"),
      std::string::npos);
}

TEST(RenderJunit, ResultsOfUnlistedChecksStillAppear) {
  Verdict v = EmptyVerdict();
  Result r;
  r.check = "orphan";
  r.kind = "freshness";
  r.subject = "model";
  r.outcome = Outcome::kFail;
  r.duration_s = 0.5;
  v.results.push_back(r);
  const std::string xml = RenderJunit(v);
  EXPECT_NE(xml.find("<testsuite name=\"empty.orphan\" tests=\"1\" failures=\"1\" errors=\"0\" "
                     "skipped=\"0\" time=\"0.500\""),
            std::string::npos);
  EXPECT_NE(xml.find("<property name=\"check.kind\" value=\"freshness\"/>"), std::string::npos);
  EXPECT_NE(xml.find("<failure message=\"\" type=\"freshness\">"), std::string::npos);
}

TEST(RenderJunit, MissingTimestampAndHostAreHandled) {
  Verdict v = EmptyVerdict();
  v.started_at = "not a time";
  v.checks.push_back({"c", "schema", 1, 0});
  const std::string xml = RenderJunit(v);
  EXPECT_EQ(xml.find("timestamp="), std::string::npos);
  EXPECT_NE(xml.find("hostname=\"localhost\""), std::string::npos);
  EXPECT_NE(xml.find("<testsuite name=\"empty.c\" tests=\"0\" failures=\"0\""), std::string::npos);
}

}  // namespace
}  // namespace mlgate
