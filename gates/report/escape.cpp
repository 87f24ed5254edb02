// UTF-8 repair and the per-format escaping functions of the reporters.
#include "gates/report/escape.h"

#include <cstdint>

namespace mlgate::report {
namespace {

constexpr char32_t kReplacement = 0xFFFD;

// Calls `emit(code_point)` for each code point of `text`, with U+FFFD in place of each maximal
// ill-formed subsequence (Unicode 15, section 3.9, table 3-7 for the well-formed ranges).
template <typename Emit>
void ForEachCodePoint(std::string_view text, Emit&& emit) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  const size_t size = text.size();
  size_t i = 0;
  while (i < size) {
    const unsigned char lead = bytes[i];
    if (lead < 0x80) {
      emit(static_cast<char32_t>(lead));
      ++i;
      continue;
    }
    int needed = 0;
    char32_t code_point = 0;
    unsigned char low = 0x80, high = 0xBF;  // allowed range of the first continuation byte
    if (lead >= 0xC2 && lead <= 0xDF) {
      needed = 1;
      code_point = lead & 0x1F;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      needed = 2;
      code_point = lead & 0x0F;
      if (lead == 0xE0) low = 0xA0;   // no overlong forms
      if (lead == 0xED) high = 0x9F;  // no surrogates
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      needed = 3;
      code_point = lead & 0x07;
      if (lead == 0xF0) low = 0x90;   // no overlong forms
      if (lead == 0xF4) high = 0x8F;  // nothing above U+10FFFF
    } else {
      emit(kReplacement);  // a continuation byte without a lead, C0, C1 or F5..FF
      ++i;
      continue;
    }
    size_t j = i + 1;
    int got = 0;
    while (got < needed && j < size) {
      const unsigned char next = bytes[j];
      const unsigned char lo = got == 0 ? low : 0x80;
      const unsigned char hi = got == 0 ? high : 0xBF;
      if (next < lo || next > hi) break;
      code_point = (code_point << 6) | (next & 0x3F);
      ++got;
      ++j;
    }
    emit(got == needed ? code_point : kReplacement);
    i = j;  // on error, skips the lead and the valid prefix only: the maximal subpart
  }
}

void AppendUtf8(char32_t cp, std::string& out) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// XML 1.0 section 2.2: Char ::= #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] |
// [#x10000-#x10FFFF]. Surrogates never reach here (the decoder replaces them).
bool XmlAllows(char32_t cp) {
  if (cp == 0x9 || cp == 0xA || cp == 0xD) return true;
  if (cp < 0x20) return false;
  return cp != 0xFFFE && cp != 0xFFFF;
}

bool IsControl(char32_t cp) { return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F); }

bool IsBidiControl(char32_t cp) {
  return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E ||
         cp == 0x200F || cp == 0x061C;
}

// What text meant for people drops: controls, bidirectional overrides (which can make a
// reader see text in another order than it is stored) and the noncharacters U+FFFE, U+FFFF.
bool HiddenFromPeople(char32_t cp) {
  return IsControl(cp) || IsBidiControl(cp) || cp == 0xFFFE || cp == 0xFFFF;
}

std::string MarkdownEscape(std::string_view text, const char* line_break) {
  std::string out;
  out.reserve(text.size());
  bool after_cr = false;
  ForEachCodePoint(text, [&](char32_t cp) {
    const bool was_cr = after_cr;
    after_cr = cp == '\r';
    switch (cp) {
      case '\n':
        if (!was_cr) out += line_break;  // CR LF is one break
        return;
      case '\r':
        out += line_break;
        return;
      case '\t':
        out.push_back(' ');
        return;
      case '|':
      case '\\':
      case '`':
      case '*':
      case '_':
      case '[':
      case ']':
      case '~':
      case '#':
        out.push_back('\\');
        out.push_back(static_cast<char>(cp));
        return;
      case '<':
        out += "&lt;";
        return;
      case '>':
        out += "&gt;";
        return;
      case '&':
        out += "&amp;";
        return;
      default:
        if (!HiddenFromPeople(cp)) AppendUtf8(cp, out);
    }
  });
  return out;
}

std::string GithubEscape(std::string_view text, bool property) {
  std::string out;
  out.reserve(text.size());
  ForEachCodePoint(text, [&](char32_t cp) {
    switch (cp) {
      case '%':
        out += "%25";
        return;
      case '\r':
        out += "%0D";
        return;
      case '\n':
        out += "%0A";
        return;
      case ':':
        if (property) {
          out += "%3A";
          return;
        }
        break;
      case ',':
        if (property) {
          out += "%2C";
          return;
        }
        break;
      default:
        break;
    }
    if (cp == '\t') {
      out.push_back(' ');
    } else if (!HiddenFromPeople(cp)) {
      AppendUtf8(cp, out);
    }
  });
  return out;
}

}  // namespace

std::string RepairUtf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  ForEachCodePoint(text, [&](char32_t cp) { AppendUtf8(cp, out); });
  return out;
}

std::string XmlAttribute(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  ForEachCodePoint(text, [&](char32_t cp) {
    switch (cp) {
      case '&':
        out += "&amp;";
        return;
      case '<':
        out += "&lt;";
        return;
      case '>':
        out += "&gt;";
        return;
      case '"':
        out += "&quot;";
        return;
      case '\'':
        out += "&apos;";
        return;
      case '\t':
        out += "&#x9;";
        return;
      case '\n':
        out += "&#xA;";
        return;
      case '\r':
        out += "&#xD;";
        return;
      default:
        if (XmlAllows(cp)) AppendUtf8(cp, out);
    }
  });
  return out;
}

std::string XmlText(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  ForEachCodePoint(text, [&](char32_t cp) {
    switch (cp) {
      case '&':
        out += "&amp;";
        return;
      case '<':
        out += "&lt;";
        return;
      case '>':
        out += "&gt;";
        return;
      case '\r':
        out += "&#xD;";
        return;
      default:
        if (XmlAllows(cp)) AppendUtf8(cp, out);
    }
  });
  return out;
}

std::string MarkdownCell(std::string_view text) { return MarkdownEscape(text, "<br>"); }

std::string MarkdownInline(std::string_view text) { return MarkdownEscape(text, " "); }

std::string ConsoleLine(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool after_cr = false;
  ForEachCodePoint(text, [&](char32_t cp) {
    const bool was_cr = after_cr;
    after_cr = cp == '\r';
    if (cp == '\n' && was_cr) return;  // CR LF is one break, so one space
    if (cp == '\t' || cp == '\n' || cp == '\r') {
      out.push_back(' ');
    } else if (!HiddenFromPeople(cp)) {
      AppendUtf8(cp, out);
    }
  });
  return out;
}

std::string GithubData(std::string_view text) { return GithubEscape(text, false); }

std::string GithubProperty(std::string_view text) { return GithubEscape(text, true); }

}  // namespace mlgate::report
