// Column types and the parsing of one CSV cell's text into a typed value.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mlgate {

// Ordered from most to least specific: inference picks the first type every value fits.
enum class ColumnType { kBool, kInt, kFloat, kDate, kTimestamp, kString };
constexpr int kColumnTypeCount = 6;

std::string_view ColumnTypeName(ColumnType type);  // "bool", "int", "float", "date", ...
std::optional<ColumnType> ParseColumnType(std::string_view name);
bool IsNumeric(ColumnType type);  // int or float

// Each parser accepts the whole text only (no surrounding spaces) and returns nullopt otherwise.
// Decimal digits with an optional leading '-' or '+' ("+3", "-0", "007"); nullopt when the value
// does not fit in 64 bits.
std::optional<int64_t> ParseInt(std::string_view text);
// Decimal and exponent forms with an optional sign ("1.5", "-2e-3", ".5", "5.", "1E5"); also
// "nan", "inf" and "infinity" in any case and with a sign (returned as such, so a caller can treat
// non-finite values as it must). A value too large for a double is ±inf and one too small is 0,
// as strtod gives them. Hexadecimal, digit separators and "nan(...)" are rejected.
std::optional<double> ParseFloat(std::string_view text);
// A number's value and whether its text is also an int: ParseFloat's value, with is_int exactly
// when ParseInt accepts the text too. One scan for plain decimals of at most 19 digits (the
// common case in data files); every other form is left to the two parsers.
struct ParsedNumber {
  double value;
  bool is_int;
};
namespace cell_detail {
// Powers of ten that a double holds exactly.
inline constexpr double kExactPowersOfTen[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                               1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                               1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

// [+-]digits[.digits] with 1 to 19 digits in all, whose digits as an integer m fit in 53 bits:
// m and 10^fraction_digits are then exact doubles, so their quotient, one correctly rounded
// division, is the correctly rounded value (Clinger's fast path), the one ParseFloat returns.
// Inline, as the profiler parses every cell with it: a call returns its optional through memory
// and stalls the caller reading it back.
inline std::optional<ParsedNumber> ParsePlainDecimal(std::string_view text) {
  const char* p = text.data();
  const char* end = p + text.size();
  bool negative = false;
  if (p != end && (*p == '-' || *p == '+')) negative = *p++ == '-';
  // The digits are counted from where the runs start and stop rather than one by one. A mantissa
  // of more than 19 digits may wrap; it is rejected.
  uint64_t mantissa = 0;
  const char* run = p;
  while (p != end && static_cast<unsigned char>(*p - '0') < 10) {
    mantissa = mantissa * 10 + static_cast<uint64_t>(*p++ - '0');
  }
  size_t digits = static_cast<size_t>(p - run);
  size_t fraction_digits = 0;
  const bool point = p != end && *p == '.';
  if (point) {
    run = ++p;
    while (p != end && static_cast<unsigned char>(*p - '0') < 10) {
      mantissa = mantissa * 10 + static_cast<uint64_t>(*p++ - '0');
    }
    fraction_digits = static_cast<size_t>(p - run);
    digits += fraction_digits;
  }
  if (p != end || digits == 0 || digits > 19 || mantissa > (uint64_t{1} << 53)) return std::nullopt;
  double value = static_cast<double>(mantissa);
  if (fraction_digits > 0) value /= kExactPowersOfTen[fraction_digits];
  return ParsedNumber{negative ? -value : value, !point};
}

// Every other form of number: exponents, special values, long mantissas.
std::optional<ParsedNumber> ParseOtherNumber(std::string_view text);

// Whether a text starting with `c` may be a number: a digit, a sign, a point, or the n and i of
// nan and inf. Most texts of a categorical column are not, and are told so without parsing.
constexpr bool MayStartNumber(char c) {
  return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'n' || c == 'N' ||
         c == 'i' || c == 'I';
}
}  // namespace cell_detail

inline std::optional<ParsedNumber> ParseNumber(std::string_view text) {
  if (text.empty() || !cell_detail::MayStartNumber(text[0])) return std::nullopt;
  if (auto plain = cell_detail::ParsePlainDecimal(text)) return plain;
  return cell_detail::ParseOtherNumber(text);
}
// true/false/yes/no in any case ("0" and "1" are ints, not bools).
std::optional<bool> ParseBool(std::string_view text);
// ISO 8601 calendar date YYYY-MM-DD, validated (month lengths, leap years). Returns days since
// 1970-01-01.
std::optional<int64_t> ParseDate(std::string_view text);
// ISO 8601 date-time "YYYY-MM-DDTHH:MM[:SS[.fff]][Z|±HH[:MM]|±HHMM]" ('T' may be 't' or a space,
// 'Z' may be 'z', the fraction may follow ',' and has any number of digits; a leap second :60 is
// accepted). Returns seconds since the epoch, UTC.
std::optional<double> ParseTimestamp(std::string_view text);

// True when `text` is valid UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF).
bool IsValidUtf8(std::string_view text);
// Byte offset of the first invalid UTF-8 sequence, or npos. Runs of ASCII are skipped 8 bytes at a
// time.
size_t FirstInvalidUtf8(std::string_view text);
// Length (1 to 4) of the valid UTF-8 sequence that starts at text[pos], or 0 when the bytes there
// do not start one (a continuation or impossible lead byte, a truncated sequence, an overlong form,
// a surrogate, a code point above U+10FFFF). Requires pos < text.size().
// Inline because the CSV parser calls it for every non-ASCII character.
inline size_t Utf8SequenceLength(std::string_view text, size_t pos) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data()) + pos;
  size_t available = text.size() - pos;
  unsigned char c = s[0];
  if (c < 0x80) return 1;
  // The second byte's allowed range depends on the lead byte; narrowing it here rejects
  // overlongs (E0 80..9F, F0 80..8F), surrogates (ED A0..BF) and code points above U+10FFFF
  // (F4 90..BF) without decoding (Unicode 15, section 3.9, table 3-7).
  size_t length;
  unsigned char low = 0x80, high = 0xBF;
  if (c >= 0xC2 && c <= 0xDF) {
    length = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    length = 3;
    if (c == 0xE0) low = 0xA0;
    if (c == 0xED) high = 0x9F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    length = 4;
    if (c == 0xF0) low = 0x90;
    if (c == 0xF4) high = 0x8F;
  } else {
    return 0;
  }
  if (available < length) return 0;
  if (s[1] < low || s[1] > high) return 0;
  for (size_t k = 2; k < length; ++k) {
    if ((s[k] & 0xC0) != 0x80) return 0;
  }
  return length;
}

}  // namespace mlgate
