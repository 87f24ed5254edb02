// Cell parsing: the strict text forms of each column type and UTF-8 validation.
#include "checks/cell.h"

#include <fast_float/fast_float.h>

#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>

namespace mlgate {

std::string_view ColumnTypeName(ColumnType type) {
  switch (type) {
    case ColumnType::kBool:
      return "bool";
    case ColumnType::kInt:
      return "int";
    case ColumnType::kFloat:
      return "float";
    case ColumnType::kDate:
      return "date";
    case ColumnType::kTimestamp:
      return "timestamp";
    case ColumnType::kString:
      return "string";
  }
  return "string";
}

std::optional<ColumnType> ParseColumnType(std::string_view name) {
  for (int i = 0; i < kColumnTypeCount; ++i) {
    auto type = static_cast<ColumnType>(i);
    if (ColumnTypeName(type) == name) return type;
  }
  if (name == "integer") return ColumnType::kInt;
  if (name == "double" || name == "number") return ColumnType::kFloat;
  if (name == "datetime") return ColumnType::kTimestamp;
  return std::nullopt;
}

bool IsNumeric(ColumnType type) { return type == ColumnType::kInt || type == ColumnType::kFloat; }

std::optional<int64_t> ParseInt(std::string_view text) {
  const char* begin = text.data();
  const char* end = begin + text.size();
  // from_chars takes '-' but not '+'; a '+' must be followed by a digit so "+-3" stays invalid.
  if (begin != end && *begin == '+') {
    ++begin;
    if (begin == end || *begin < '0' || *begin > '9') return std::nullopt;
  }
  if (begin == end) return std::nullopt;
  int64_t value = 0;
  auto [ptr, ec] = std::from_chars(begin, end, value);
  if (ec != std::errc() || ptr != end) return std::nullopt;
  return value;
}

namespace {

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i] >= 'A' && a[i] <= 'Z' ? static_cast<char>(a[i] - 'A' + 'a') : a[i];
    if (x != b[i]) return false;
  }
  return true;
}

}  // namespace

std::optional<double> ParseFloat(std::string_view text) {
  if (text.empty()) return std::nullopt;
  bool negative = text[0] == '-';
  std::string_view body = text;
  if (text[0] == '+' || text[0] == '-') body.remove_prefix(1);
  if (body.empty()) return std::nullopt;
  // The special values are matched here so that fast_float's "nan(chars)" form is not accepted.
  char first = body[0];
  if ((first >= 'a' && first <= 'z') || (first >= 'A' && first <= 'Z')) {
    if (EqualsIgnoreCase(body, "nan")) return std::numeric_limits<double>::quiet_NaN();
    if (EqualsIgnoreCase(body, "inf") || EqualsIgnoreCase(body, "infinity")) {
      return negative ? -std::numeric_limits<double>::infinity()
                      : std::numeric_limits<double>::infinity();
    }
    return std::nullopt;
  }
  if (first != '.' && (first < '0' || first > '9')) return std::nullopt;  // "+-1", "--1"
  const char* begin = negative ? text.data() : body.data();
  const char* end = text.data() + text.size();
  double value = 0;
  auto result = fast_float::from_chars(begin, end, value);
  if (result.ec != std::errc() || result.ptr != end) return std::nullopt;
  return value;
}

std::optional<ParsedNumber> cell_detail::ParseOtherNumber(std::string_view text) {
  auto value = ParseFloat(text);
  if (!value) return std::nullopt;
  return ParsedNumber{*value, ParseInt(text).has_value()};
}

namespace {

bool Digits(std::string_view text, size_t pos, size_t count, int* out) {
  if (pos + count > text.size()) return false;
  int value = 0;
  for (size_t i = pos; i < pos + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    value = value * 10 + (text[i] - '0');
  }
  *out = value;
  return true;
}

// Days from civil (Howard Hinnant's algorithm).
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

}  // namespace

std::optional<bool> ParseBool(std::string_view text) {
  if (EqualsIgnoreCase(text, "true") || EqualsIgnoreCase(text, "yes")) return true;
  if (EqualsIgnoreCase(text, "false") || EqualsIgnoreCase(text, "no")) return false;
  return std::nullopt;
}

std::optional<int64_t> ParseDate(std::string_view text) {
  int year = 0, month = 0, day = 0;
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  if (!Digits(text, 0, 4, &year) || !Digits(text, 5, 2, &month) || !Digits(text, 8, 2, &day)) {
    return std::nullopt;
  }
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1) return std::nullopt;
  int limit = kDays[month - 1] + (month == 2 && IsLeap(year) ? 1 : 0);
  if (day > limit) return std::nullopt;
  return DaysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
}

std::optional<double> ParseTimestamp(std::string_view text) {
  if (text.size() < 16) return std::nullopt;
  auto days = ParseDate(text.substr(0, 10));
  if (!days || (text[10] != 'T' && text[10] != 't' && text[10] != ' ')) return std::nullopt;
  int hour = 0, minute = 0, second = 0;
  if (!Digits(text, 11, 2, &hour) || text[13] != ':' || !Digits(text, 14, 2, &minute)) {
    return std::nullopt;
  }
  size_t pos = 16;
  double fraction = 0;
  if (pos < text.size() && text[pos] == ':') {
    if (!Digits(text, pos + 1, 2, &second)) return std::nullopt;
    pos += 3;
    if (pos < text.size() && (text[pos] == '.' || text[pos] == ',')) {
      size_t start = ++pos;
      double scale = 0.1;
      while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
        fraction += (text[pos] - '0') * scale;
        scale /= 10;
        ++pos;
      }
      if (pos == start) return std::nullopt;
    }
  }
  if (hour > 23 || minute > 59 || second > 60) return std::nullopt;
  int offset_minutes = 0;
  if (pos < text.size()) {
    char c = text[pos];
    if (c == 'Z' || c == 'z') {
      ++pos;
    } else if (c == '+' || c == '-') {
      int oh = 0, om = 0;
      if (!Digits(text, pos + 1, 2, &oh)) return std::nullopt;
      size_t next = pos + 3;
      if (next == text.size()) {
        pos = next;  // "+05": hours only
      } else {
        if (text[next] == ':') ++next;
        if (!Digits(text, next, 2, &om)) return std::nullopt;
        pos = next + 2;
      }
      if (oh > 23 || om > 59) return std::nullopt;
      offset_minutes = (oh * 60 + om) * (c == '-' ? -1 : 1);
    } else {
      return std::nullopt;
    }
  }
  if (pos != text.size()) return std::nullopt;
  return static_cast<double>(*days) * 86400.0 + hour * 3600.0 + minute * 60.0 + second + fraction -
         offset_minutes * 60.0;
}

size_t FirstInvalidUtf8(std::string_view text) {
  const char* data = text.data();
  size_t n = text.size();
  size_t i = 0;
  while (i < n) {
    // ASCII fast path: eight bytes at once while none has its high bit set.
    while (i + 8 <= n) {
      uint64_t word;
      std::memcpy(&word, data + i, 8);
      if (word & 0x8080808080808080ull) break;
      i += 8;
    }
    if (i >= n) break;
    if (static_cast<unsigned char>(data[i]) < 0x80) {
      ++i;
      continue;
    }
    size_t length = Utf8SequenceLength(text, i);
    if (length == 0) return i;
    i += length;
  }
  return std::string_view::npos;
}

bool IsValidUtf8(std::string_view text) { return FirstInvalidUtf8(text) == std::string_view::npos; }

}  // namespace mlgate
