// Tests for checks/cell: the strict text forms of each column type and UTF-8 validation.
#include "checks/cell.h"

#include <gtest/gtest.h>
#include <sys/mman.h>
#include <unistd.h>

#include <bit>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

namespace mlgate {
namespace {

TEST(ColumnTypeTest, NamesRoundTrip) {
  for (int i = 0; i < kColumnTypeCount; ++i) {
    auto type = static_cast<ColumnType>(i);
    EXPECT_EQ(ParseColumnType(ColumnTypeName(type)), type);
  }
  EXPECT_EQ(ParseColumnType("integer"), ColumnType::kInt);
  EXPECT_EQ(ParseColumnType("double"), ColumnType::kFloat);
  EXPECT_EQ(ParseColumnType("number"), ColumnType::kFloat);
  EXPECT_EQ(ParseColumnType("datetime"), ColumnType::kTimestamp);
  EXPECT_EQ(ParseColumnType("Int"), std::nullopt);
  EXPECT_EQ(ParseColumnType(""), std::nullopt);
  EXPECT_TRUE(IsNumeric(ColumnType::kInt));
  EXPECT_TRUE(IsNumeric(ColumnType::kFloat));
  EXPECT_FALSE(IsNumeric(ColumnType::kBool));
  EXPECT_FALSE(IsNumeric(ColumnType::kString));
}

TEST(ParseIntTest, AcceptsSignsAndLeadingZeros) {
  EXPECT_EQ(ParseInt("0"), 0);
  EXPECT_EQ(ParseInt("-0"), 0);
  EXPECT_EQ(ParseInt("+3"), 3);
  EXPECT_EQ(ParseInt("-17"), -17);
  EXPECT_EQ(ParseInt("007"), 7);
  EXPECT_EQ(ParseInt("9223372036854775807"), std::numeric_limits<int64_t>::max());
  EXPECT_EQ(ParseInt("-9223372036854775808"), std::numeric_limits<int64_t>::min());
}

TEST(ParseIntTest, RejectsEverythingElse) {
  for (const char* text : {"", "+", "-", "+-3", "-+3", "--3", "++3", " 5", "5 ", "1.0", "1e5",
                           "0x10", "1,000", "1_000", "9223372036854775808", "-9223372036854775809",
                           "99999999999999999999", "nan", "\xd9\xa3" /* Arabic-Indic 3 */}) {
    EXPECT_EQ(ParseInt(text), std::nullopt) << text;
  }
}

TEST(ParseFloatTest, DecimalAndExponentForms) {
  EXPECT_EQ(ParseFloat("1.5"), 1.5);
  EXPECT_EQ(ParseFloat("-2e-3"), -0.002);
  EXPECT_EQ(ParseFloat("1e5"), 100000.0);
  EXPECT_EQ(ParseFloat("1E5"), 100000.0);
  EXPECT_EQ(ParseFloat("1e+5"), 100000.0);
  EXPECT_EQ(ParseFloat(".5"), 0.5);
  EXPECT_EQ(ParseFloat("-.5"), -0.5);
  EXPECT_EQ(ParseFloat("5."), 5.0);
  EXPECT_EQ(ParseFloat("+3"), 3.0);
  EXPECT_EQ(ParseFloat("+3.25"), 3.25);
  EXPECT_EQ(ParseFloat("42"), 42.0);
  EXPECT_EQ(ParseFloat("0.1"), 0.1);  // correctly rounded
  EXPECT_EQ(ParseFloat("2.2250738585072014e-308"), std::numeric_limits<double>::min());
}

TEST(ParseFloatTest, NegativeZeroKeepsItsSign) {
  auto value = ParseFloat("-0");
  ASSERT_TRUE(value.has_value());
  EXPECT_EQ(*value, 0.0);
  EXPECT_TRUE(std::signbit(*value));
  EXPECT_TRUE(std::signbit(*ParseFloat("-0.0")));
}

TEST(ParseFloatTest, NonFiniteValues) {
  for (const char* text : {"nan", "NaN", "NAN", "-nan", "+nan"}) {
    auto value = ParseFloat(text);
    ASSERT_TRUE(value.has_value()) << text;
    EXPECT_TRUE(std::isnan(*value)) << text;
  }
  EXPECT_EQ(ParseFloat("inf"), std::numeric_limits<double>::infinity());
  EXPECT_EQ(ParseFloat("Inf"), std::numeric_limits<double>::infinity());
  EXPECT_EQ(ParseFloat("+inf"), std::numeric_limits<double>::infinity());
  EXPECT_EQ(ParseFloat("-inf"), -std::numeric_limits<double>::infinity());
  EXPECT_EQ(ParseFloat("Infinity"), std::numeric_limits<double>::infinity());
  EXPECT_EQ(ParseFloat("-INFINITY"), -std::numeric_limits<double>::infinity());
}

TEST(ParseFloatTest, OverflowIsInfinityAndUnderflowIsZero) {
  EXPECT_EQ(ParseFloat("1e400"), std::numeric_limits<double>::infinity());
  EXPECT_EQ(ParseFloat("-1e400"), -std::numeric_limits<double>::infinity());
  EXPECT_EQ(ParseFloat("1e-400"), 0.0);
  EXPECT_EQ(ParseFloat("1.7976931348623157e308"), std::numeric_limits<double>::max());
}

TEST(ParseFloatTest, RejectsEverythingElse) {
  for (const char* text :
       {"",       "+",    "-",       ".",         "-.",  "+-3", "--3",   "e5",    "1e",
        "1e+",    " 1",   "1 ",      "1.5 ",      "\t1", "1,5", "1.2.3", "0x1p3", "1_0",
        "nan(1)", "nana", "infinit", "infinityx", "in",  "1d5", "1f",    "true",  "１"}) {
    EXPECT_EQ(ParseFloat(text), std::nullopt) << text;
  }
}

// ParseNumber must be ParseFloat and ParseInt in one: the same value bit for bit (the sign of
// zero included) and is_int exactly when ParseInt accepts the text.
void ExpectSameAsParseFloatAndParseInt(std::string_view text) {
  std::optional<ParsedNumber> parsed = ParseNumber(text);
  std::optional<double> value = ParseFloat(text);
  ASSERT_EQ(parsed.has_value(), value.has_value()) << "'" << text << "'";
  if (!parsed) return;
  if (std::isnan(*value)) {
    EXPECT_TRUE(std::isnan(parsed->value)) << text;
  } else {
    EXPECT_EQ(std::bit_cast<uint64_t>(parsed->value), std::bit_cast<uint64_t>(*value))
        << text << ": " << parsed->value << " vs " << *value;
  }
  EXPECT_EQ(parsed->is_int, ParseInt(text).has_value()) << text;
}

TEST(ParseNumberTest, AgreesWithParseFloatAndParseIntOnEveryShortText) {
  // Every text of up to 5 characters over the characters that make numbers.
  const std::string alphabet = "019.-+eE";
  std::vector<std::string> texts = {""};
  for (size_t length = 1; length <= 5; ++length) {
    std::vector<std::string> longer;
    for (const std::string& text : texts) {
      if (text.size() != length - 1) continue;
      for (char c : alphabet) longer.push_back(text + c);
    }
    texts.insert(texts.end(), longer.begin(), longer.end());
  }
  ASSERT_EQ(texts.size(), 1u + 8 + 64 + 512 + 4096 + 32768);
  for (const std::string& text : texts) ExpectSameAsParseFloatAndParseInt(text);
}

TEST(ParseNumberTest, AgreesWithParseFloatOnLongDecimalsAndAtTheFastPathsLimits) {
  for (const char* text : {"9007199254740992",
                           "9007199254740993",
                           "-9007199254740993",
                           "900719925474099.3",
                           "1234567890123456789",
                           "12345678901234567890",
                           "0.1234567890123456789",
                           "0.00000000000000000001",
                           "1.7976931348623157",
                           "-0.0",
                           "+0.000",
                           "007",
                           "-007.50",
                           "9223372036854775807",
                           "-9223372036854775808",
                           "9223372036854775808",
                           "1.",
                           ".1",
                           "-.1",
                           "+.",
                           "0.30000000000000004",
                           "2.2250738585072014",
                           "nan",
                           "-Infinity",
                           "1e22",
                           "1e23",
                           "4.9e-324",
                           "٣"}) {
    ExpectSameAsParseFloatAndParseInt(text);
  }
  // Random plain decimals: a mantissa of up to 19 digits with the point anywhere, so the fast
  // path's correctly rounded division meets every kind of rounding.
  std::mt19937_64 rng(20261203);
  for (int i = 0; i < 200000; ++i) {
    const int digits = 1 + static_cast<int>(rng() % 19);
    std::string text = rng() % 2 ? "-" : "";
    for (int d = 0; d < digits; ++d) text += static_cast<char>('0' + rng() % 10);
    const size_t point = rng() % (digits + 2);
    if (point <= static_cast<size_t>(digits)) text.insert(text.size() - point, ".");
    ExpectSameAsParseFloatAndParseInt(text);
  }
}

// A text is often a view into a longer line: the bytes past it, digits and points included,
// must never count as part of it.
TEST(ParseNumberTest, BytesPastTheTextAreNotPartOfIt) {
  std::mt19937_64 rng(20261203);
  const std::string inner = "0123456789012345678.";
  const std::string past = "0123456789.-+e";
  for (int i = 0; i < 200000; ++i) {
    std::string text;
    const int sign = static_cast<int>(rng() % 4);
    if (sign == 1) text += '-';
    if (sign == 2) text += '+';
    const size_t length = 1 + rng() % 18;
    for (size_t k = 0; k < length; ++k) text += inner[rng() % inner.size()];
    const size_t size = text.size();
    for (int k = 0; k < 24; ++k) text += past[rng() % past.size()];
    ExpectSameAsParseFloatAndParseInt(std::string_view(text).substr(0, size));
  }
}

// Every byte value at every position of short decimals: each byte but the digits and one point
// must be turned away, those next to the digits ('/', ':') and those from 0x80 up included.
TEST(ParseNumberTest, EveryByteAtEveryPositionOfAShortDecimal) {
  for (const std::string base :
       {"12.34567890123", "-900719925474.1", "+0.5", "7", "1234567890123456", "9007199254740993"}) {
    for (size_t at = 0; at < base.size(); ++at) {
      for (int byte = 0; byte < 256; ++byte) {
        std::string text = base;
        text[at] = static_cast<char>(byte);
        text += "5555555555555555";
        ExpectSameAsParseFloatAndParseInt(std::string_view(text).substr(0, base.size()));
      }
    }
  }
}

// Texts that end where readable memory ends: a parse that looked past a text's end would fault.
TEST(ParseNumberTest, TextsThatEndWhereReadableMemoryEnds) {
  const auto page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  void* mapped =
      mmap(nullptr, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  ASSERT_NE(mapped, MAP_FAILED);
  char* region = static_cast<char*>(mapped);
  ASSERT_EQ(mprotect(region + page, page, PROT_NONE), 0);
  for (const std::string text :
       {"1", "-2.5", "0.125", "123456789012345", "-1234567.12345678", "1e5", "abc", "."}) {
    for (size_t gap = 0; gap <= 20; ++gap) {
      char* start = region + page - gap - text.size();
      std::memcpy(start, text.data(), text.size());
      std::memset(start + text.size(), '7', gap);
      ExpectSameAsParseFloatAndParseInt(std::string_view(start, text.size()));
    }
  }
  munmap(mapped, 2 * page);
}

TEST(ParseBoolTest, WordsInAnyCase) {
  EXPECT_EQ(ParseBool("true"), true);
  EXPECT_EQ(ParseBool("TRUE"), true);
  EXPECT_EQ(ParseBool("True"), true);
  EXPECT_EQ(ParseBool("yes"), true);
  EXPECT_EQ(ParseBool("No"), false);
  EXPECT_EQ(ParseBool("false"), false);
  EXPECT_EQ(ParseBool("FALSE"), false);
  for (const char* text : {"", "0", "1", "t", "f", "y", "n", " true", "true ", "truee", "on"}) {
    EXPECT_EQ(ParseBool(text), std::nullopt) << text;
  }
}

TEST(ParseDateTest, DaysSinceEpoch) {
  EXPECT_EQ(ParseDate("1970-01-01"), 0);
  EXPECT_EQ(ParseDate("1970-01-02"), 1);
  EXPECT_EQ(ParseDate("1969-12-31"), -1);
  EXPECT_EQ(ParseDate("2000-03-01"), 11017);
  EXPECT_EQ(ParseDate("2024-02-29"), 19782);
  EXPECT_EQ(ParseDate("0000-01-01"), -719528);
  EXPECT_EQ(ParseDate("9999-12-31"), 2932896);
}

TEST(ParseDateTest, LeapYears) {
  EXPECT_TRUE(ParseDate("2024-02-29").has_value());   // divisible by 4
  EXPECT_FALSE(ParseDate("2023-02-29").has_value());  // not
  EXPECT_FALSE(ParseDate("1900-02-29").has_value());  // divisible by 100, not by 400
  EXPECT_TRUE(ParseDate("2000-02-29").has_value());   // divisible by 400
  EXPECT_FALSE(ParseDate("2024-02-30").has_value());
  EXPECT_EQ(*ParseDate("2000-03-01") - *ParseDate("2000-02-28"), 2);
  EXPECT_EQ(*ParseDate("1900-03-01") - *ParseDate("1900-02-28"), 1);
}

TEST(ParseDateTest, RejectsMalformedDates) {
  for (const char* text :
       {"", "2024-1-01", "2024-01-1", "24-01-01", "2024/01/01", "2024-13-01", "2024-00-10",
        "2024-01-00", "2024-04-31", "2024-01-32", " 2024-01-01", "2024-01-01 ", "2024-01-01T00:00",
        "20240101", "2024-0a-01", "+2024-01-01"}) {
    EXPECT_EQ(ParseDate(text), std::nullopt) << text;
  }
}

TEST(ParseTimestampTest, Forms) {
  EXPECT_EQ(ParseTimestamp("1970-01-01T00:00"), 0.0);
  EXPECT_EQ(ParseTimestamp("1970-01-01T00:00:01"), 1.0);
  EXPECT_EQ(ParseTimestamp("1970-01-01 01:02:03"), 3723.0);
  EXPECT_EQ(ParseTimestamp("1970-01-01t01:02:03z"), 3723.0);
  EXPECT_EQ(ParseTimestamp("2024-02-29T12:00:00Z"), 19782 * 86400.0 + 43200.0);
  EXPECT_DOUBLE_EQ(*ParseTimestamp("1970-01-01T00:00:00.25"), 0.25);
  EXPECT_DOUBLE_EQ(*ParseTimestamp("1970-01-01T00:00:00,5"), 0.5);
  EXPECT_DOUBLE_EQ(*ParseTimestamp("1970-01-01T00:00:00.123456789"), 0.123456789);
  EXPECT_EQ(ParseTimestamp("1970-01-01T23:59:60"), 86400.0);  // a leap second
}

TEST(ParseTimestampTest, ZonesConvertToUtc) {
  EXPECT_EQ(ParseTimestamp("1970-01-01T01:00:00+01:00"), 0.0);
  EXPECT_EQ(ParseTimestamp("1970-01-01T01:00:00+0100"), 0.0);
  EXPECT_EQ(ParseTimestamp("1970-01-01T01:00:00+01"), 0.0);
  EXPECT_EQ(ParseTimestamp("1969-12-31T19:00:00-05:00"), 0.0);
  EXPECT_EQ(ParseTimestamp("1970-01-01T05:30+05:30"), 0.0);
  EXPECT_EQ(ParseTimestamp("1970-01-01T00:00:00-00:00"), 0.0);
}

TEST(ParseTimestampTest, RejectsMalformedTimestamps) {
  for (const char* text : {"",
                           "2024-01-01",
                           "2024-01-01T",
                           "2024-01-01T1:00",
                           "2024-01-01T24:00",
                           "2024-01-01T23:60",
                           "2024-01-01T23:59:61",
                           "2024-01-01T00:00:00.",
                           "2024-01-01T00:00.5",
                           "2024-01-01T00:00:00+1",
                           "2024-01-01T00:00:00+01:",
                           "2024-01-01T00:00:00+24:00",
                           "2024-01-01T00:00:00+01:60",
                           "2024-01-01T00:00:00 Z",
                           "2024-01-01T00:00:00ZZ",
                           "2024-01-01X00:00:00",
                           "2023-02-29T00:00:00",
                           "2024-01-01T00:00:00 ",
                           " 2024-01-01T00:00:00",
                           "2024-01-01T00:00:0",
                           "2024-01-01T00:00:00+01:00:00"}) {
    EXPECT_EQ(ParseTimestamp(text), std::nullopt) << text;
  }
}

TEST(Utf8Test, ValidText) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("plain ascii, longer than eight bytes"));
  EXPECT_TRUE(IsValidUtf8("caf\xc3\xa9"));           // é
  EXPECT_TRUE(IsValidUtf8("\xe2\x82\xac 12"));       // €
  EXPECT_TRUE(IsValidUtf8("\xf0\x9f\x98\x80"));      // U+1F600
  EXPECT_TRUE(IsValidUtf8("\xef\xbf\xbf"));          // U+FFFF
  EXPECT_TRUE(IsValidUtf8("\xf4\x8f\xbf\xbf"));      // U+10FFFF, the last code point
  EXPECT_TRUE(IsValidUtf8("\xed\x9f\xbf"));          // U+D7FF, just below surrogates
  EXPECT_TRUE(IsValidUtf8(std::string("a\0b", 3)));  // NUL is valid UTF-8
  EXPECT_EQ(FirstInvalidUtf8("0123456789abcdef\xc3\xa9xyz"), std::string_view::npos);
}

TEST(Utf8Test, InvalidSequencesAndTheirOffsets) {
  EXPECT_EQ(FirstInvalidUtf8("\xff"), 0u);
  EXPECT_EQ(FirstInvalidUtf8("abc\x80"), 3u);               // lone continuation
  EXPECT_EQ(FirstInvalidUtf8("abcdefghij\xc3("), 10u);      // lead without continuation
  EXPECT_EQ(FirstInvalidUtf8("\xc0\xaf"), 0u);              // overlong '/'
  EXPECT_EQ(FirstInvalidUtf8("\xc1\xbf"), 0u);              // overlong
  EXPECT_EQ(FirstInvalidUtf8("\xe0\x80\xaf"), 0u);          // overlong 3-byte
  EXPECT_EQ(FirstInvalidUtf8("\xf0\x80\x80\xaf"), 0u);      // overlong 4-byte
  EXPECT_EQ(FirstInvalidUtf8("x\xed\xa0\x80"), 1u);         // surrogate U+D800
  EXPECT_EQ(FirstInvalidUtf8("\xf4\x90\x80\x80"), 0u);      // above U+10FFFF
  EXPECT_EQ(FirstInvalidUtf8("\xf5\x80\x80\x80"), 0u);      // impossible lead
  EXPECT_EQ(FirstInvalidUtf8("ok \xe2\x82"), 3u);           // truncated at the end
  EXPECT_EQ(FirstInvalidUtf8("\xe2\x82\xac\xe2\x82"), 3u);  // valid, then truncated
  EXPECT_EQ(FirstInvalidUtf8("caf\xe9 au lait"), 3u);       // Latin-1 é
  EXPECT_FALSE(IsValidUtf8("\xfe\xff"));
}

TEST(Utf8Test, SequenceLength) {
  EXPECT_EQ(Utf8SequenceLength("a", 0), 1u);
  EXPECT_EQ(Utf8SequenceLength("\xc3\xa9", 0), 2u);
  EXPECT_EQ(Utf8SequenceLength("\xc3\xa9", 1), 0u);
  EXPECT_EQ(Utf8SequenceLength("\xe2\x82\xac", 0), 3u);
  EXPECT_EQ(Utf8SequenceLength("\xf0\x9f\x98\x80", 0), 4u);
  EXPECT_EQ(Utf8SequenceLength("\xf0\x9f\x98", 0), 0u);
}

// Every 1- to 3-byte string is classified as a reference decoder would: decode the code point
// and reject overlongs, surrogates and anything above U+10FFFF.
TEST(Utf8Test, AgreesWithAReferenceDecoderOnAllShortStrings) {
  auto reference = [](const std::string& s) {
    size_t i = 0;
    while (i < s.size()) {
      auto c = static_cast<unsigned char>(s[i]);
      size_t length = c < 0x80         ? 1
                      : (c >> 5) == 6  ? 2
                      : (c >> 4) == 14 ? 3
                      : (c >> 3) == 30 ? 4
                                       : 0;
      if (length == 0 || i + length > s.size()) return false;
      uint32_t code = length == 1 ? c : c & (0x7F >> length);
      for (size_t k = 1; k < length; ++k) {
        auto b = static_cast<unsigned char>(s[i + k]);
        if ((b & 0xC0) != 0x80) return false;
        code = (code << 6) | (b & 0x3F);
      }
      static constexpr uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
      if (code < kMin[length] || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
        return false;
      }
      i += length;
    }
    return true;
  };
  std::string s;
  int checked = 0;
  for (int a = 0; a < 256; ++a) {
    s.assign(1, static_cast<char>(a));
    ASSERT_EQ(IsValidUtf8(s), reference(s)) << a;
    for (int b = 0; b < 256; ++b) {
      s.assign({static_cast<char>(a), static_cast<char>(b)});
      ASSERT_EQ(IsValidUtf8(s), reference(s)) << a << " " << b;
      if (a < 0xE0 || a > 0xF4) continue;  // 3-byte strings only where a lead asks for them
      for (int c = 0x70; c < 0xC8; ++c) {
        s.assign({static_cast<char>(a), static_cast<char>(b), static_cast<char>(c)});
        ASSERT_EQ(IsValidUtf8(s), reference(s)) << a << " " << b << " " << c;
        ++checked;
      }
    }
  }
  EXPECT_GT(checked, 100000);
}

}  // namespace
}  // namespace mlgate
