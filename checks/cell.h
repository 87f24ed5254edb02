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
std::optional<int64_t> ParseInt(std::string_view text);
// Decimal and exponent forms ("1.5", "-2e-3", ".5"); also "nan", "inf" (returned as such, so a
// caller can treat non-finite values as it must).
std::optional<double> ParseFloat(std::string_view text);
// true/false/yes/no in any case ("0" and "1" are ints, not bools).
std::optional<bool> ParseBool(std::string_view text);
// ISO 8601 calendar date YYYY-MM-DD, validated (month lengths, leap years). Returns days since
// 1970-01-01.
std::optional<int64_t> ParseDate(std::string_view text);
// ISO 8601 date-time "YYYY-MM-DDTHH:MM[:SS[.fff]][Z|±HH:MM]" (a space may replace 'T').
// Returns seconds since the epoch, UTC.
std::optional<double> ParseTimestamp(std::string_view text);

// True when `text` is valid UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF).
bool IsValidUtf8(std::string_view text);
// Byte offset of the first invalid UTF-8 sequence, or npos.
size_t FirstInvalidUtf8(std::string_view text);

}  // namespace mlgate
