#include "checks/result.h"

#include <fmt/format.h>

#include "checks/cell.h"

namespace mlgate {
namespace {

// Code points that print as nothing or reorder the text around them.
bool Invisible(char32_t cp) {
  return (cp >= 0x80 && cp <= 0x9F) || (cp >= 0x200B && cp <= 0x200F) || cp == 0x2028 ||
         cp == 0x2029 || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x2069) ||
         cp == 0xFEFF;
}

char32_t DecodeUtf8(std::string_view text, size_t pos, size_t length) {
  auto byte = [&](size_t i) { return static_cast<char32_t>(static_cast<unsigned char>(text[i])); };
  if (length == 1) return byte(pos);
  char32_t cp = byte(pos) & (0x7F >> length);
  for (size_t i = 1; i < length; ++i) cp = (cp << 6) | (byte(pos + i) & 0x3F);
  return cp;
}

}  // namespace

std::string_view OutcomeName(Outcome outcome) {
  switch (outcome) {
    case Outcome::kPass:
      return "pass";
    case Outcome::kWarn:
      return "warn";
    case Outcome::kFail:
      return "fail";
    case Outcome::kError:
      return "error";
    case Outcome::kSkip:
      return "skip";
  }
  return "error";
}

std::string_view ActionName(Action action) {
  switch (action) {
    case Action::kBlock:
      return "block";
    case Action::kWarn:
      return "warn";
    case Action::kRollback:
      return "rollback";
    case Action::kRetrain:
      return "retrain";
  }
  return "block";
}

std::optional<Action> ParseAction(std::string_view name) {
  if (name == "block") return Action::kBlock;
  if (name == "warn") return Action::kWarn;
  if (name == "rollback") return Action::kRollback;
  if (name == "retrain") return Action::kRetrain;
  return std::nullopt;
}

Result ErrorResult(std::string subject, std::string message) {
  Result r;
  r.subject = std::move(subject);
  r.outcome = Outcome::kError;
  r.message = std::move(message);
  return r;
}

std::string QuoteDataText(std::string_view text, size_t max_chars) {
  std::string out = "'";
  size_t chars = 0;
  for (size_t pos = 0; pos < text.size();) {
    if (chars++ == max_chars) {
      out += "...";
      break;
    }
    size_t length = Utf8SequenceLength(text, pos);
    if (length == 0) {
      out += fmt::format("\\x{:02x}", static_cast<unsigned char>(text[pos]));
      ++pos;
      continue;
    }
    char32_t cp = DecodeUtf8(text, pos, length);
    if (cp == '\\' || cp == '\'') {
      out += '\\';
      out += static_cast<char>(cp);
    } else if (cp == '\n') {
      out += "\\n";
    } else if (cp == '\r') {
      out += "\\r";
    } else if (cp == '\t') {
      out += "\\t";
    } else if (cp < 0x20 || cp == 0x7F) {
      out += fmt::format("\\x{:02x}", static_cast<unsigned>(cp));
    } else if (Invisible(cp)) {
      out += fmt::format("\\u{:04x}", static_cast<unsigned>(cp));
    } else {
      out.append(text.substr(pos, length));
    }
    pos += length;
  }
  out += '\'';
  return out;
}

}  // namespace mlgate
