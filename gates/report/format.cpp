// Numbers, durations, timestamps and the shared wording of results in reports.
#include "gates/report/format.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>

namespace mlgate::report {
namespace {

// Reads exactly `width` decimal digits at `pos`; advances `pos` on success.
std::optional<int> Digits(std::string_view text, size_t& pos, int width) {
  if (pos + static_cast<size_t>(width) > text.size()) return std::nullopt;
  int value = 0;
  for (int k = 0; k < width; ++k) {
    const char c = text[pos + static_cast<size_t>(k)];
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  pos += static_cast<size_t>(width);
  return value;
}

bool Expect(std::string_view text, size_t& pos, char c) {
  if (pos >= text.size() || text[pos] != c) return false;
  ++pos;
  return true;
}

void CollectNonFinite(const nlohmann::json& value, const std::string& path,
                      std::vector<std::string>& out) {
  if (value.is_number_float()) {
    const double v = value.get<double>();
    if (!std::isfinite(v)) out.push_back(fmt::format("{} is {}", path, NonFiniteName(v)));
  } else if (value.is_object()) {
    for (const auto& [key, item] : value.items()) CollectNonFinite(item, path + "." + key, out);
  } else if (value.is_array()) {
    for (size_t i = 0; i < value.size(); ++i) {
      CollectNonFinite(value[i], fmt::format("{}[{}]", path, i), out);
    }
  }
}

// True when `message` already speaks of non-finite values ("NaN", "inf", "infinite",
// "non-finite"), as whole words, case-insensitively.
bool MentionsNonFinite(std::string_view message) {
  std::string lower(message);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  auto is_word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; };
  for (std::string_view word : {"nan", "inf", "infinite", "infinity", "non-finite", "nonfinite"}) {
    for (size_t at = lower.find(word); at != std::string::npos; at = lower.find(word, at + 1)) {
      const size_t end = at + word.size();
      const bool starts = at == 0 || !is_word(lower[at - 1]);
      const bool ends = end == lower.size() || !is_word(lower[end]);
      if (starts && ends) return true;
    }
  }
  return false;
}

}  // namespace

std::string NonFiniteName(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  return {};
}

std::string RoundTripNumber(double value) {
  if (!std::isfinite(value)) return NonFiniteName(value);
  return fmt::format("{}", value);
}

std::string ShortNumber(double value) {
  if (!std::isfinite(value)) return NonFiniteName(value);
  return fmt::format("{:.6g}", value);
}

std::string Seconds(double seconds) {
  if (!(seconds > 0) || !std::isfinite(seconds)) return "0.000";
  return fmt::format("{:.3f}", seconds);
}

std::optional<std::string> ZonelessUtc(std::string_view text) {
  size_t pos = 0;
  auto year = Digits(text, pos, 4);
  if (!year || !Expect(text, pos, '-')) return std::nullopt;
  auto month = Digits(text, pos, 2);
  if (!month || !Expect(text, pos, '-')) return std::nullopt;
  auto day = Digits(text, pos, 2);
  if (!day || pos >= text.size()) return std::nullopt;
  if (text[pos] != 'T' && text[pos] != 't' && text[pos] != ' ') return std::nullopt;
  ++pos;
  auto hour = Digits(text, pos, 2);
  if (!hour || !Expect(text, pos, ':')) return std::nullopt;
  auto minute = Digits(text, pos, 2);
  if (!minute || !Expect(text, pos, ':')) return std::nullopt;
  auto second = Digits(text, pos, 2);
  if (!second) return std::nullopt;
  if (pos < text.size() && text[pos] == '.') {  // fractions are dropped, not rounded
    ++pos;
    const size_t first = pos;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
    if (pos == first) return std::nullopt;
  }
  int offset_minutes = 0;
  if (pos < text.size() && (text[pos] == 'Z' || text[pos] == 'z')) {
    ++pos;
  } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    const int sign = text[pos] == '-' ? -1 : 1;
    ++pos;
    auto off_hour = Digits(text, pos, 2);
    if (!off_hour || !Expect(text, pos, ':')) return std::nullopt;
    auto off_minute = Digits(text, pos, 2);
    if (!off_minute || *off_hour > 23 || *off_minute > 59) return std::nullopt;
    offset_minutes = sign * (*off_hour * 60 + *off_minute);
  } else {
    return std::nullopt;
  }
  if (pos != text.size()) return std::nullopt;

  namespace chr = std::chrono;
  const chr::year_month_day date{chr::year{*year}, chr::month{static_cast<unsigned>(*month)},
                                 chr::day{static_cast<unsigned>(*day)}};
  if (!date.ok() || *hour > 23 || *minute > 59 || *second > 60) return std::nullopt;
  // A leap second has no zone-less xs:dateTime form; it is written as the second before.
  const int whole_second = std::min(*second, 59);
  const chr::sys_seconds local =
      chr::sys_days{date} + chr::hours{*hour} + chr::minutes{*minute} + chr::seconds{whole_second};
  const chr::sys_seconds utc = local - chr::minutes{offset_minutes};
  const chr::sys_days utc_day = chr::floor<chr::days>(utc);
  const chr::year_month_day utc_date{utc_day};
  const chr::hh_mm_ss<chr::seconds> time{utc - utc_day};
  const int utc_year = static_cast<int>(utc_date.year());
  if (utc_year < 0 || utc_year > 9999) return std::nullopt;
  return fmt::format("{:04d}-{:02d}-{:02d}T{:02d}:{:02d}:{:02d}", utc_year,
                     static_cast<unsigned>(utc_date.month()), static_cast<unsigned>(utc_date.day()),
                     time.hours().count(), time.minutes().count(), time.seconds().count());
}

std::vector<std::string> NonFiniteInDetails(const nlohmann::json& details) {
  std::vector<std::string> out;
  CollectNonFinite(details, "details", out);
  return out;
}

std::string MessageWithNotes(const Result& result) {
  std::vector<std::string> notes;
  auto note = [&](std::string_view name, const std::optional<double>& value) {
    if (value && !std::isfinite(*value)) {
      notes.push_back(fmt::format("{} is {}", name, NonFiniteName(*value)));
    }
  };
  note("observed", result.observed);
  note("p_value", result.p_value);
  note("threshold", result.threshold);
  note("duration_s", result.duration_s);
  for (auto& n : NonFiniteInDetails(result.details)) notes.push_back(std::move(n));
  if (notes.empty() || MentionsNonFinite(result.message)) return result.message;

  std::string out = result.message;
  for (const auto& n : notes) {
    if (!out.empty()) out.push_back(' ');
    out += "(" + n + ")";
  }
  return out;
}

std::string Measurement(const Result& result) {
  std::string out;
  if (result.observed) {
    out = result.statistic.empty()
              ? fmt::format("observed {}", ShortNumber(*result.observed))
              : fmt::format("{} = {}", result.statistic, ShortNumber(*result.observed));
  }
  if (result.p_value) {
    out += fmt::format("{}p = {}{}", out.empty() ? "" : " (", ShortNumber(*result.p_value),
                       out.empty() ? "" : ")");
  }
  if (result.threshold || !result.comparison.empty()) {
    if (!out.empty()) out += ", ";
    if (result.threshold) {
      out += "threshold " + ShortNumber(*result.threshold);
      if (!result.comparison.empty()) out += " (" + result.comparison + ")";
    } else {
      out += "rule " + result.comparison;
    }
  }
  return out;
}

std::string CountsPhrase(const Counts& counts) {
  auto plural = [](int n, std::string_view one, std::string_view many) {
    return fmt::format("{} {}", n, n == 1 ? one : many);
  };
  std::vector<std::string> parts;
  if (counts.fail > 0) parts.push_back(fmt::format("{} failed", counts.fail));
  if (counts.error > 0) parts.push_back(plural(counts.error, "error", "errors"));
  if (counts.warn > 0) parts.push_back(plural(counts.warn, "warning", "warnings"));
  if (parts.empty()) {
    if (counts.total() == 0) return "no results";
    parts.push_back(fmt::format("{} passed", counts.pass));
    if (counts.skip > 0) parts.push_back(fmt::format("{} skipped", counts.skip));
  }
  std::string out;
  for (const auto& part : parts) out += (out.empty() ? "" : ", ") + part;
  return out;
}

std::string CountsSentence(const Counts& counts) {
  return fmt::format("{} {}: {} passed, {} warned, {} failed, {} {}, {} skipped", counts.total(),
                     counts.total() == 1 ? "result" : "results", counts.pass, counts.warn,
                     counts.fail, counts.error, counts.error == 1 ? "error" : "errors",
                     counts.skip);
}

std::string KindOf(const Verdict& verdict, const Result& result) {
  if (!result.kind.empty()) return result.kind;
  for (const auto& check : verdict.checks) {
    if (check.id == result.check) return check.kind;
  }
  return {};
}

}  // namespace mlgate::report
