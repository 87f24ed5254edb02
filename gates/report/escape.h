// Text hygiene shared by the reporters: UTF-8 repair and one escaping function per output
// format. Every user-supplied string (gate and check names, column names, messages, details)
// passes through exactly one of these before it reaches a report.
#pragma once

#include <string>
#include <string_view>

namespace mlgate::report {

// Decodes `text` as UTF-8, replacing each maximal ill-formed subsequence (stray continuation
// bytes, truncated sequences, overlong forms, surrogates, code points above U+10FFFF) by one
// U+FFFD, as Unicode recommends. Well-formed input is returned unchanged.
std::string RepairUtf8(std::string_view text);

// XML 1.0 attribute value (for use between double quotes): escapes & < > " ', writes tab,
// newline and carriage return as character references so parsers do not normalise them to
// spaces, drops code points XML 1.0 forbids (C0 controls other than tab/LF/CR, U+FFFE,
// U+FFFF) and repairs invalid UTF-8.
std::string XmlAttribute(std::string_view text);

// XML 1.0 element text: escapes & < > (so "]]>" can never appear), keeps tab and newline,
// writes carriage return as a character reference, drops forbidden code points and repairs
// invalid UTF-8.
std::string XmlText(std::string_view text);

// One GitHub-flavoured Markdown table cell: backslash-escapes the characters Markdown gives
// meaning to (| \ ` * _ [ ] ~ #), writes < > & as HTML entities so a value can never open a tag,
// turns line breaks into <br>, drops other control characters, bidirectional overrides and
// U+FFFE/U+FFFF, and repairs invalid UTF-8.
std::string MarkdownCell(std::string_view text);

// Markdown running text (headings, paragraphs): as MarkdownCell, but line breaks become spaces.
std::string MarkdownInline(std::string_view text);

// One line of console text: tab, newline, carriage return and CR LF become one space; other
// control characters (C0, DEL, C1), bidirectional overrides and U+FFFE/U+FFFF are dropped so a
// value cannot move the cursor, recolour the terminal or reorder what the reader sees; invalid
// UTF-8 is repaired.
std::string ConsoleLine(std::string_view text);

// The message part of a GitHub Actions workflow command (after "::"): % CR LF percent-encoded,
// tab made a space, other control characters, bidirectional overrides and U+FFFE/U+FFFF
// dropped, invalid UTF-8 repaired.
std::string GithubData(std::string_view text);

// A property value of a workflow command (file=, title=): as GithubData, plus ':' and ','
// percent-encoded since they delimit properties.
std::string GithubProperty(std::string_view text);

}  // namespace mlgate::report
