// Wording and number formatting shared by the reporters, so every report states a result the
// same way: numbers, durations, timestamps, the non-finite policy and the one-line summary.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "checks/result.h"
#include "gates/verdict.h"

namespace mlgate::report {

// "NaN", "+Inf" or "-Inf" for a non-finite value; empty for a finite one.
std::string NonFiniteName(double value);

// The shortest text that parses back to exactly `value` ("0.1", "1e-10", "3"), with a '.'
// decimal point whatever the locale; non-finite values as NonFiniteName.
std::string RoundTripNumber(double value);

// Six significant digits for people ("0.123457", "1.5e-07"); non-finite as NonFiniteName.
std::string ShortNumber(double value);

// Seconds with three decimals and a '.' ("1.250"), the form JUnit's time attributes accept;
// negative, NaN and infinite durations are written as "0.000".
std::string Seconds(double seconds);

// Converts an RFC 3339 timestamp ("2024-05-01T12:00:00.5+02:00") to the zone-less UTC form
// JUnit consumers require ("2024-05-01T10:00:00"). Returns nullopt when `rfc3339` is not a
// valid RFC 3339 date-time.
std::optional<std::string> ZonelessUtc(std::string_view rfc3339);

// Where non-finite numbers sit in `details` ("details.bins[2] is NaN"), in document order.
std::vector<std::string> NonFiniteInDetails(const nlohmann::json& details);

// The result's message with the reason appended for every non-finite number a report writes
// as null: "(observed is NaN)", "(p_value is +Inf)", "(details.bins[2] is NaN)". A message
// that already speaks of NaN or infinity is left as the check wrote it. Not yet escaped.
std::string MessageWithNotes(const Result& result);

// The measurement in one phrase: "ks = 0.31 (p = 0.0012), threshold 0.05 (p_value >= 0.05)".
// Parts that are absent are left out; empty when the result carries no measurement. Not yet
// escaped.
std::string Measurement(const Result& result);

// The decision line's parenthesis: "2 failed, 1 error, 3 warnings" or, when nothing failed,
// errored or warned, "12 passed, 1 skipped"; "no results" for an empty verdict.
std::string CountsPhrase(const Counts& counts);

// Every count: "10 results: 4 passed, 1 warned, 2 failed, 1 error, 1 skipped".
std::string CountsSentence(const Counts& counts);

// The check kind of a result for reports: its own kind, else the kind listed for its check.
std::string KindOf(const Verdict& verdict, const Result& result);

}  // namespace mlgate::report
