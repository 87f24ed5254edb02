// Tests for runners/sources/csv and table_reader: RFC 4180 parsing, block cutting, every error
// message, truncated and random inputs, compressed files and bounded memory.
#include "runners/sources/csv.h"

#include <gtest/gtest.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <regex>
#include <string>
#include <vector>

#include "runners/sources/table_reader.h"

namespace mlgate {
namespace {

using Records = std::vector<std::vector<std::string>>;

struct Parsed {
  std::vector<std::string> header;
  Records records;
  std::vector<int64_t> lines;
  size_t blocks = 0;
  std::vector<size_t> block_sizes;
  int64_t bytes_read = 0;
};

class CollectSink final : public CsvRecordSink {
 public:
  explicit CollectSink(Parsed* parsed) : parsed_(parsed) {}
  Status OnRecord(std::span<const std::string_view> fields, int64_t line) override {
    parsed_->records.emplace_back(fields.begin(), fields.end());
    parsed_->lines.push_back(line);
    return Status::Ok();
  }

 private:
  Parsed* parsed_;
};

// Reads `source` block by block and parses every block, as a caller of the two steps would.
// Checks the block contract on the way: indexes in order, each block but the last ends with a
// line feed, and first_line is where the block starts in `text` (when the text is given).
StatusOr<Parsed> ParseSource(std::unique_ptr<ByteSource> source, const CsvOptions& options,
                             const std::string* text = nullptr) {
  std::string name = source->name();
  auto reader = CsvBlockReader::Open(std::move(source), options);
  if (!reader.ok()) return reader.status();
  Parsed parsed;
  parsed.header = (*reader)->header();
  CollectSink sink(&parsed);
  CsvBlock block;
  std::string all_blocks;
  std::vector<std::pair<size_t, int64_t>> starts;  // offset in all_blocks, first_line
  while (true) {
    auto more = (*reader)->Next(&block);
    if (!more.ok()) return more.status();
    if (!*more) break;
    EXPECT_EQ(block.index, parsed.blocks);
    if (parsed.blocks > 0 && text != nullptr) {
      EXPECT_EQ(all_blocks.back(), '\n');
    }
    ++parsed.blocks;
    parsed.block_sizes.push_back(block.bytes.size());
    if (text != nullptr) {
      starts.emplace_back(all_blocks.size(), block.first_line);
      all_blocks += block.bytes;
    }
    Status status = ParseCsvBlock(block, options, parsed.header.size(), name, sink, parsed.header);
    if (!status.ok()) return status;
  }
  parsed.bytes_read = (*reader)->bytes_read();
  if (text != nullptr) {
    EXPECT_GE(text->size(), all_blocks.size());
    size_t base = text->size() - all_blocks.size();
    EXPECT_EQ(text->substr(base), all_blocks);
    for (auto [offset, first_line] : starts) {
      EXPECT_EQ(first_line, 1 + std::count(text->begin(),
                                           text->begin() + static_cast<long>(base + offset), '\n'));
    }
  }
  return parsed;
}

StatusOr<Parsed> Parse(const std::string& text, size_t block_bytes = 8u << 20, char delimiter = ',',
                       bool header = true) {
  CsvOptions options;
  options.block_bytes = block_bytes;
  options.delimiter = delimiter;
  options.header = header;
  return ParseSource(OpenMemory(text, "x.csv"), options, &text);
}

// The message of the error from parsing `text` (empty when it parses).
std::string ErrorOf(const std::string& text, size_t block_bytes = 8u << 20, bool header = true) {
  auto parsed = Parse(text, block_bytes, ',', header);
  if (parsed.ok()) return "";
  EXPECT_EQ(parsed.status().code(), StatusCode::kDataError) << parsed.status().message();
  return parsed.status().message();
}

// The block sizes that exercise cuts at every position of small inputs, and the default.
const std::vector<size_t> kBlockSizes = {1, 2, 3, 5, 8, 13, 64, 8u << 20};

// ---------------------------------------------------------------------------------------------
// Well-formed input.

TEST(CsvTest, HeaderAndRecords) {
  auto parsed = Parse("a,b,c\n1,2,3\n4,5,6\n");
  ASSERT_TRUE(parsed.ok()) << parsed.status().message();
  EXPECT_EQ(parsed->header, (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(parsed->records, (Records{{"1", "2", "3"}, {"4", "5", "6"}}));
  EXPECT_EQ(parsed->lines, (std::vector<int64_t>{2, 3}));
  EXPECT_EQ(parsed->bytes_read, 18);
}

TEST(CsvTest, QuotedFieldsDoubledQuotesDelimitersAndNewlines) {
  std::string text =
      "id,text,n\n"
      "1,\"plain\",2\n"
      "2,\"with, comma\",3\n"
      "3,\"say \"\"hi\"\"\",4\n"
      "4,\"two\nlines\",5\n"
      "5,\"\",6\n"
      "6,\"\"\"\",7\n"
      "7,\"a\"\"\"\"b\",8\n"
      "8,\"\r\n\",9\n";
  for (size_t block_bytes : kBlockSizes) {
    auto parsed = Parse(text, block_bytes);
    ASSERT_TRUE(parsed.ok()) << parsed.status().message();
    EXPECT_EQ(parsed->records, (Records{{"1", "plain", "2"},
                                        {"2", "with, comma", "3"},
                                        {"3", "say \"hi\"", "4"},
                                        {"4", "two\nlines", "5"},
                                        {"5", "", "6"},
                                        {"6", "\"", "7"},
                                        {"7", "a\"\"b", "8"},
                                        {"8", "\r\n", "9"}}))
        << block_bytes;
    // The record after the two-line field starts one line later than its index says.
    EXPECT_EQ(parsed->lines, (std::vector<int64_t>{2, 3, 4, 5, 7, 8, 9, 10})) << block_bytes;
  }
}

TEST(CsvTest, SeveralEscapedFieldsInOneRecordKeepTheirOwnText) {
  // Fields unquoted into the scratch buffer must survive its growth within the record.
  std::string long_field(5000, 'x');
  std::string text = "a,b,c\n\"1\"\"\",\"" + long_field + "\"\"\",\"\"\"3\"\n";
  auto parsed = Parse(text);
  ASSERT_TRUE(parsed.ok()) << parsed.status().message();
  EXPECT_EQ(parsed->records, (Records{{"1\"", long_field + "\"", "\"3"}}));
}

TEST(CsvTest, CrlfLineEndsAreNotPartOfTheLastField) {
  std::string text = "a,b\r\n1,2\r\n\"3\",\"4\"\r\n5,\r\n";
  for (size_t block_bytes : kBlockSizes) {
    auto parsed = Parse(text, block_bytes);
    ASSERT_TRUE(parsed.ok()) << parsed.status().message();
    EXPECT_EQ(parsed->header, (std::vector<std::string>{"a", "b"}));
    EXPECT_EQ(parsed->records, (Records{{"1", "2"}, {"3", "4"}, {"5", ""}})) << block_bytes;
    EXPECT_EQ(parsed->lines, (std::vector<int64_t>{2, 3, 4}));
  }
}

TEST(CsvTest, ByteOrderMarkIsSkipped) {
  auto parsed = Parse("\xef\xbb\xbfname,value\nx,1\n");
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->header, (std::vector<std::string>{"name", "value"}));
  EXPECT_EQ(parsed->records, (Records{{"x", "1"}}));
  EXPECT_EQ(parsed->lines, (std::vector<int64_t>{2}));
  // Only at the very start: elsewhere it is text.
  parsed = Parse("a\n\xef\xbb\xbfx\n");
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->records, (Records{{"\xef\xbb\xbfx"}}));
}

TEST(CsvTest, TabSeparatedValues) {
  for (size_t block_bytes : kBlockSizes) {
    auto parsed = Parse("a\tb,c\n1\t\"x\ty\"\n", block_bytes, '\t');
    ASSERT_TRUE(parsed.ok()) << parsed.status().message();
    EXPECT_EQ(parsed->header, (std::vector<std::string>{"a", "b,c"}));
    EXPECT_EQ(parsed->records, (Records{{"1", "x\ty"}}));
  }
  auto semicolons = Parse("a;b\n1,5;2\n", 64, ';');
  ASSERT_TRUE(semicolons.ok());
  EXPECT_EQ(semicolons->records, (Records{{"1,5", "2"}}));
}

TEST(CsvTest, WithoutHeaderColumnsAreNumberedAndTheFirstRecordIsData) {
  for (size_t block_bytes : kBlockSizes) {
    auto parsed = Parse("\n1,2,3\n4,5,6\n", block_bytes, ',', false);
    ASSERT_TRUE(parsed.ok()) << parsed.status().message();
    EXPECT_EQ(parsed->header, (std::vector<std::string>{"column_1", "column_2", "column_3"}));
    EXPECT_EQ(parsed->records, (Records{{"1", "2", "3"}, {"4", "5", "6"}}));
    EXPECT_EQ(parsed->lines, (std::vector<int64_t>{2, 3}));
  }
}

TEST(CsvTest, BlankLinesAreSkippedAndStillCounted) {
  std::string text = "\n\r\na,b\n\n1,2\r\n\r\n\n3,4\n\n";
  for (size_t block_bytes : kBlockSizes) {
    auto parsed = Parse(text, block_bytes);
    ASSERT_TRUE(parsed.ok()) << parsed.status().message();
    EXPECT_EQ(parsed->header, (std::vector<std::string>{"a", "b"}));
    EXPECT_EQ(parsed->records, (Records{{"1", "2"}, {"3", "4"}}));
    EXPECT_EQ(parsed->lines, (std::vector<int64_t>{5, 8}));
  }
}

TEST(CsvTest, SingleColumnKeepsQuotedEmptyValues) {
  auto parsed = Parse("v\n1\n\"\"\n\n2\n");
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->records, (Records{{"1"}, {""}, {"2"}}));
  EXPECT_EQ(parsed->lines, (std::vector<int64_t>{2, 3, 5}));
}

TEST(CsvTest, LastRecordWithoutLineEnd) {
  for (size_t block_bytes : kBlockSizes) {
    auto parsed = Parse("a,b\n1,2\n3,4", block_bytes);
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(parsed->records, (Records{{"1", "2"}, {"3", "4"}}));
    parsed = Parse("a,b\n1,", block_bytes);
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(parsed->records, (Records{{"1", ""}}));
    parsed = Parse("a,b\n1,\"x\ny\"", block_bytes);
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(parsed->records, (Records{{"1", "x\ny"}}));
    parsed = Parse("a,b\n1,\"\"\"\"", block_bytes);
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(parsed->records, (Records{{"1", "\""}}));
  }
}

TEST(CsvTest, HeaderOnlyHasNoBlocks) {
  for (const char* text : {"a,b\n", "a,b", "a,b\r\n", "a,b\n\n\n"}) {
    auto parsed = Parse(text);
    ASSERT_TRUE(parsed.ok()) << text;
    EXPECT_EQ(parsed->header, (std::vector<std::string>{"a", "b"}));
    EXPECT_TRUE(parsed->records.empty());
  }
}

TEST(CsvTest, HostileHeaderNamesAreKeptAsText) {
  std::string text =
      "\"say "
      "\"\"hi\"\"\",<script>alert(1)</script>,\"two\nlines\",\x01\x7f,\xe6\xb8\xa9\xe5\xba\xa6,"
      "' OR 1=1 --,  padded  \n1,2,3,4,5,6,7\n";
  auto parsed = Parse(text);
  ASSERT_TRUE(parsed.ok()) << parsed.status().message();
  EXPECT_EQ(parsed->header, (std::vector<std::string>{
                                "say \"hi\"", "<script>alert(1)</script>", "two\nlines", "\x01\x7f",
                                "\xe6\xb8\xa9\xe5\xba\xa6", "' OR 1=1 --", "  padded  "}));
  EXPECT_EQ(parsed->lines, (std::vector<int64_t>{3}));
}

TEST(CsvTest, FieldsKeepTheirSpaces) {
  auto parsed = Parse("a,b\n 1 ,  x\t\n");
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->records, (Records{{" 1 ", "  x\t"}}));
}

TEST(CsvTest, MultiByteTextAcrossBlockAndChunkBoundaries) {
  // Characters of 2, 3 and 4 bytes placed at every offset relative to 64-byte chunks.
  std::string text = "k,v\n";
  std::vector<std::vector<std::string>> expected;
  for (int i = 0; i < 150; ++i) {
    std::string value =
        std::string(static_cast<size_t>(i % 67), 'x') + "\xc3\xa9\xe2\x82\xac" + "\xf0\x9f\x98\x80";
    text += std::to_string(i) + "," + value + "\n";
    expected.push_back({std::to_string(i), value});
  }
  for (size_t block_bytes : {size_t{1}, size_t{7}, size_t{100}, size_t{8} << 20}) {
    auto parsed = Parse(text, block_bytes);
    ASSERT_TRUE(parsed.ok()) << parsed.status().message();
    EXPECT_EQ(parsed->records, expected);
  }
}

TEST(CsvTest, BlocksAreCutOnRecordBoundariesEvenInsideQuotedFields) {
  // Quoted fields with newlines, quotes and delimiters, longer than the tiny blocks.
  std::string text = "id,note\n";
  Records expected;
  for (int i = 0; i < 40; ++i) {
    std::string note =
        "line one, \"quoted\"\nline two\n" + std::string(static_cast<size_t>(i), 'z');
    std::string escaped;
    for (char c : note) {
      escaped += c;
      if (c == '"') escaped += '"';
    }
    text += std::to_string(i) + ",\"" + escaped + "\"\n";
    expected.push_back({std::to_string(i), note});
  }
  for (size_t block_bytes : {size_t{1}, size_t{2}, size_t{9}, size_t{31}, size_t{200}}) {
    auto parsed = Parse(text, block_bytes);
    ASSERT_TRUE(parsed.ok()) << parsed.status().message();
    EXPECT_EQ(parsed->records, expected);
    EXPECT_EQ(parsed->lines.back(), 2 + 39 * 3);
    EXPECT_GT(parsed->blocks, 1u);
    // A block is either within its target size or a single record.
    for (size_t size : parsed->block_sizes) {
      EXPECT_TRUE(size <= block_bytes || size <= 12 + 26 + 40 + 6) << size;
    }
  }
}

TEST(CsvTest, BlockStorageIsReused) {
  std::string text = "a\n";
  for (int i = 0; i < 100; ++i) text += std::to_string(i) + "\n";
  CsvOptions options;
  options.block_bytes = 64;
  auto reader = CsvBlockReader::Open(OpenMemory(text, "x.csv"), options);
  ASSERT_TRUE(reader.ok());
  CsvBlock block;
  std::string joined;
  size_t blocks = 0;
  while (true) {
    auto more = (*reader)->Next(&block);
    ASSERT_TRUE(more.ok());
    if (!*more) break;
    joined += block.bytes;
    ++blocks;
  }
  EXPECT_EQ(joined, text.substr(2));
  EXPECT_GE(blocks, 4u);
  auto again = (*reader)->Next(&block);
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(*again);
}

// ---------------------------------------------------------------------------------------------
// Errors, each message exactly.

TEST(CsvErrorTest, RaggedRows) {
  // Positioned where the record ends too early, or where its first extra field starts.
  EXPECT_EQ(ErrorOf("a,b,c\n1,2,3\n4,5\n"),
            "x.csv:3:4: expected 3 fields, found 2: the record ends before field 'c' (3)");
  EXPECT_EQ(ErrorOf("a,b,c\n1,2,3,4\n"),
            "x.csv:2:7: expected 3 fields, found 4: the record goes on past field 'c' (3)");
  EXPECT_EQ(ErrorOf("a,b\n\"1\n2\",3\n4\n"),
            "x.csv:4:2: expected 2 fields, found 1: the record ends before field 'b' (2)");
  EXPECT_EQ(ErrorOf("a,b\n1,2\n3"),
            "x.csv:3:2: expected 2 fields, found 1: the record ends before field 'b' (2)");
  EXPECT_EQ(ErrorOf("a,b\r\n1,2,\r\n"),
            "x.csv:2:5: expected 2 fields, found 3: the record goes on past field 'b' (2)");
  // A record that spans lines ends on its last one.
  EXPECT_EQ(ErrorOf("a,b,c\n1,\"x\ny\"\n"),
            "x.csv:3:3: expected 3 fields, found 2: the record ends before field 'c' (3)");
}

TEST(CsvErrorTest, QuoteInsideAnUnquotedField) {
  EXPECT_EQ(ErrorOf("a,b,c\n1,x\"y,3\n"),
            "x.csv:2:4: field 'b' (2): quote inside an unquoted field");
  EXPECT_EQ(ErrorOf("a,b,c\n1,2,3\n4,5,6\"\n"),
            "x.csv:3:6: field 'c' (3): quote inside an unquoted field");
  EXPECT_EQ(ErrorOf(" \"a\",b\n"), "x.csv:1:2: header field 1: quote inside an unquoted field");
}

TEST(CsvErrorTest, TextAfterAClosingQuote) {
  EXPECT_EQ(ErrorOf("a,b\n1,\"x\"y\n"),
            "x.csv:2:6: field 'b' (2): unexpected character 'y' after the closing quote");
  EXPECT_EQ(ErrorOf("a,b\n\"x\" ,1\n"),
            "x.csv:2:4: field 'a' (1): unexpected character ' ' after the closing quote");
  EXPECT_EQ(ErrorOf("a,b\n1,\"two\nlines\"!\n"),
            "x.csv:3:7: field 'b' (2): unexpected character '!' after the closing quote");
  EXPECT_EQ(ErrorOf("a,b\n1,\"x\"\xff\n"),
            "x.csv:2:6: field 'b' (2): unexpected character 0xff after the closing quote");
}

TEST(CsvErrorTest, UnterminatedQuotedField) {
  const std::string message =
      "x.csv:3:3: field 'b' (2): unterminated quoted field (the quote opened here is never "
      "closed)";
  for (size_t block_bytes : kBlockSizes) {
    EXPECT_EQ(ErrorOf("a,b\n1,2\n3,\"4\n5,6\n", block_bytes), message) << block_bytes;
  }
  EXPECT_EQ(ErrorOf("\"a,b\n1,2\n"),
            "x.csv:1:1: header field 1: unterminated quoted field (the quote opened here is never "
            "closed)");
}

TEST(CsvErrorTest, InvalidUtf8NamesLineCharacterColumnAndField) {
  // The column counts characters: "é" and "€" before the bad byte count one each.
  EXPECT_EQ(ErrorOf("day,temp_min,temp_max\n2012-01-01,\xc3\xa9\xe2\x82\xac,1\xff\n"),
            "x.csv:2:16: field 'temp_max' (3): invalid UTF-8 byte 0xff");
  // Inside a quoted field, after a quoted newline.
  EXPECT_EQ(ErrorOf("a,b\n1,\"x\ny,\xe9t\xe9\"\n"),
            "x.csv:3:3: field 'b' (2): invalid UTF-8 byte 0xe9");
  // Latin-1 header.
  EXPECT_EQ(ErrorOf("caf\xe9,b\n"), "x.csv:1:4: header field 1: invalid UTF-8 byte 0xe9");
  // An overlong form and a lone continuation byte.
  EXPECT_EQ(ErrorOf("a\n\xc0\xaf\n"), "x.csv:2:1: field 'a' (1): invalid UTF-8 byte 0xc0");
  EXPECT_EQ(ErrorOf("a\nok\n\x80\n"), "x.csv:3:1: field 'a' (1): invalid UTF-8 byte 0x80");
  // A multi-byte character cut by the end of the file.
  EXPECT_EQ(ErrorOf("a\n\xe2\x82"), "x.csv:2:1: field 'a' (1): invalid UTF-8 byte 0xe2");
}

TEST(CsvErrorTest, InvalidUtf8DeepInALongFileWithTinyAndLargeBlocks) {
  std::string text = "n,s\n";
  for (int i = 0; i < 2000; ++i) text += std::to_string(i) + ",\xc3\xa9t\xc3\xa9\n";
  text += "x,ab\xf8\n";
  for (size_t block_bytes : {size_t{7}, size_t{1000}, size_t{8} << 20}) {
    EXPECT_EQ(ErrorOf(text, block_bytes), "x.csv:2002:5: field 's' (2): invalid UTF-8 byte 0xf8");
  }
}

TEST(CsvErrorTest, BareCarriageReturn) {
  EXPECT_EQ(ErrorOf("a,b\n1,2\r3,4\n"),
            "x.csv:2:4: field 'b' (2): carriage return not followed by a line feed");
  EXPECT_EQ(ErrorOf("a,b\r1,2\r"),
            "x.csv:1:4: header field 2: carriage return not followed by a line feed");
  EXPECT_EQ(ErrorOf("a,b\n1,\"2\"\r"),
            "x.csv:2:6: field 'b' (2): carriage return not followed by a line feed");
}

TEST(CsvErrorTest, EmptyInputs) {
  EXPECT_EQ(ErrorOf(""), "x.csv: empty file (expected a header row)");
  EXPECT_EQ(ErrorOf("\xef\xbb\xbf"), "x.csv: empty file (expected a header row)");
  EXPECT_EQ(ErrorOf("", 8u << 20, false), "x.csv: empty file (no records)");
  EXPECT_EQ(ErrorOf("\n\r\n\n"), "x.csv: no records (the file has only blank lines)");
  EXPECT_EQ(ErrorOf("\n\n", 1), "x.csv: no records (the file has only blank lines)");
}

TEST(CsvErrorTest, HeaderNamesMustBeUniqueAndNonEmpty) {
  EXPECT_EQ(ErrorOf("a,b,a\n1,2,3\n"),
            "x.csv:1:5: duplicate column name 'a' (header fields 1 and 3)");
  EXPECT_EQ(ErrorOf("a,\"b\",\"b\"\n"),
            "x.csv:1:7: duplicate column name 'b' (header fields 2 and 3)");
  EXPECT_EQ(ErrorOf("a,,c\n"), "x.csv:1:3: header field 2 is empty (every column needs a name)");
  EXPECT_EQ(ErrorOf("a,b,\r\n"), "x.csv:1:5: header field 3 is empty (every column needs a name)");
  EXPECT_EQ(ErrorOf("\n\na,\"\"\n"),
            "x.csv:3:3: header field 2 is empty (every column needs a name)");
  // Names differing only in case or spaces are different names.
  EXPECT_EQ(ErrorOf("a,A, a\n1,2,3\n"), "");
  // Without a header, nothing is checked.
  EXPECT_EQ(ErrorOf("a,a,\n1,2,3\n", 8u << 20, false), "");
}

TEST(CsvErrorTest, HostileNamesAreEscapedInMessages) {
  EXPECT_EQ(ErrorOf("\"x\ny\",b\n1,2\"\n"),
            "x.csv:3:4: field 'b' (2): quote inside an unquoted field");
  EXPECT_EQ(ErrorOf("\"it's\",\"\x1b[31mred\",\"new\nline\"\n1,2,3\"\n"),
            "x.csv:3:6: field 'new\\nline' (3): quote inside an unquoted field");
  EXPECT_EQ(ErrorOf("\"it's\",\"\x1b[31mred\",c\n1,2\"\"\n"),
            "x.csv:2:4: field '\\x1b[31mred' (2): quote inside an unquoted field");
  EXPECT_EQ(ErrorOf("\"it's\",b\n1\"\n"),
            "x.csv:2:2: field 'it\\'s' (1): quote inside an unquoted field");
  EXPECT_EQ(ErrorOf("\"a\\\\b\",\"a\\\\b\"\n"),
            "x.csv:1:8: duplicate column name 'a\\\\\\\\b' (header fields 1 and 2)");
  // Names that differ only in what cannot be seen: a zero-width space, a right-to-left mark.
  EXPECT_EQ(ErrorOf("id,\"id\u200b\"\n1,2\"\n"),
            "x.csv:2:4: field 'id\\u200b' (2): quote inside an unquoted field");
  EXPECT_EQ(ErrorOf("\u200fab,\u200fab\n"),
            "x.csv:1:5: duplicate column name '\\u200fab' (header fields 1 and 2)");
}

TEST(CsvErrorTest, NulBytesAreNotText) {
  const std::string kNotText =
      "NUL byte 0x00: not text (the file may be binary, UTF-16 without a byte-order mark, or "
      "padded with zeros)";
  for (size_t block_bytes : kBlockSizes) {
    EXPECT_EQ(ErrorOf(std::string("a,b\n1,2\0\n", 9), block_bytes),
              "x.csv:2:4: field 'b' (2): " + kNotText);
    EXPECT_EQ(ErrorOf(std::string("a\0,b\n1,2\n", 10), block_bytes),
              "x.csv:1:2: header field 1: " + kNotText);
    // What a file cut short by a crash often ends in.
    EXPECT_EQ(ErrorOf("a\nx\n" + std::string(100, '\0'), block_bytes),
              "x.csv:3:1: field 'a' (1): " + kNotText);
    // UTF-16 without a byte-order mark.
    EXPECT_EQ(ErrorOf(std::string("a\0,\0b\0\n\0", 8), block_bytes),
              "x.csv:1:2: header field 1: " + kNotText);
  }
}

TEST(CsvErrorTest, Utf16IsNamed) {
  EXPECT_EQ(ErrorOf(std::string("\xff\xfe"
                                "a\0,\0b\0",
                                8)),
            "x.csv: the file is UTF-16 (it starts with the byte-order mark 0xff 0xfe); convert it "
            "to UTF-8");
  EXPECT_EQ(ErrorOf(std::string("\xfe\xff\0a", 4)),
            "x.csv: the file is UTF-16 (it starts with the byte-order mark 0xfe 0xff); convert it "
            "to UTF-8");
}

TEST(CsvErrorTest, TheFirstErrorInFileOrderWins) {
  // A ragged row before invalid UTF-8 further on.
  EXPECT_EQ(ErrorOf("a,b\n1\n2,\xff\n"),
            "x.csv:2:2: expected 2 fields, found 1: the record ends before field 'b' (2)");
  // Invalid UTF-8 before a stray quote in the same record.
  EXPECT_EQ(ErrorOf("a,b\n\xff,x\"y\n"), "x.csv:2:1: field 'a' (1): invalid UTF-8 byte 0xff");
  // Invalid UTF-8 before a missing field in the same record.
  EXPECT_EQ(ErrorOf("a,b\n\xff\n"), "x.csv:2:1: field 'a' (1): invalid UTF-8 byte 0xff");
  // A stray quote before the end of the file is reported, not the unterminated quote it makes.
  for (size_t block_bytes : kBlockSizes) {
    EXPECT_EQ(ErrorOf("a,b\n1,2\n3,4\"\n5,6\n", block_bytes),
              "x.csv:3:4: field 'b' (2): quote inside an unquoted field")
        << block_bytes;
  }
}

TEST(CsvErrorTest, ErrorsAreSticky) {
  CsvOptions options;
  options.block_bytes = 4;
  auto reader = CsvBlockReader::Open(OpenMemory("a\n1\n\"2\n", "x.csv"), options);
  ASSERT_TRUE(reader.ok());
  CsvBlock block;
  Status first;
  for (int i = 0; i < 10 && first.ok(); ++i) first = (*reader)->Next(&block).status();
  ASSERT_FALSE(first.ok());
  auto again = (*reader)->Next(&block);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.status().message(), first.message());
}

TEST(CsvErrorTest, InvalidOptions) {
  CsvOptions options;
  options.delimiter = '"';
  auto reader = CsvBlockReader::Open(OpenMemory("a\n", "x.csv"), options);
  ASSERT_FALSE(reader.ok());
  EXPECT_EQ(reader.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(reader.status().message(),
            "x.csv: CSV delimiter '\"' is not allowed (use an ASCII character other than a "
            "quote, CR, LF or NUL)");
  options.delimiter = '\n';
  EXPECT_FALSE(ValidateCsvOptions(options).ok());
  options.delimiter = '\0';
  EXPECT_FALSE(ValidateCsvOptions(options).ok());
  options.delimiter = '\xa7';
  EXPECT_FALSE(ValidateCsvOptions(options).ok());
  options.delimiter = '|';
  EXPECT_TRUE(ValidateCsvOptions(options).ok());
  options.block_bytes = 0;
  EXPECT_EQ(ValidateCsvOptions(options).message(), "CSV block_bytes must be positive");
}

TEST(CsvErrorTest, SinkErrorStopsTheParse) {
  class StopAtSecond final : public CsvRecordSink {
   public:
    Status OnRecord(std::span<const std::string_view> fields, int64_t line) override {
      ++calls;
      if (line == 3) return DataError("x.csv:3: bad value '" + std::string(fields[0]) + "'");
      return Status::Ok();
    }
    int calls = 0;
  } sink;
  CsvBlock block{"1\n2\n3\n", 2, 0, nullptr};
  Status status = ParseCsvBlock(block, CsvOptions(), 1, "x.csv", sink);
  EXPECT_EQ(status.message(), "x.csv:3: bad value '2'");
  EXPECT_EQ(sink.calls, 2);
}

TEST(CsvErrorTest, ParseCsvBlockWithoutNamesNumbersFields) {
  Parsed parsed;
  CollectSink sink(&parsed);
  CsvBlock block{"1,2\n3,\"4\"x\n", 10, 0, nullptr};
  Status status = ParseCsvBlock(block, CsvOptions(), 2, "y.csv", sink);
  EXPECT_EQ(status.message(),
            "y.csv:11:6: field 2: unexpected character 'x' after the closing quote");
  EXPECT_EQ(parsed.records, (Records{{"1", "2"}}));
  EXPECT_EQ(parsed.lines, (std::vector<int64_t>{10}));
}

// ---------------------------------------------------------------------------------------------
// Truncation and garbage.

const std::regex kErrorPattern(
    "x\\.csv:[0-9]+(:[0-9]+: expected [0-9]+ fields, found [0-9]+: the record (ends before|goes "
    "on past) field '[a-z]+' \\([0-9]+\\)|:[0-9]+: header field [0-9]+ is empty "
    "\\(every column needs a name\\)|:[0-9]+: (header field [0-9]+|field "
    "'[a-z]+' \\([0-9]+\\)): (quote inside an unquoted field|unterminated quoted field \\(the "
    "quote opened here is never closed\\)|carriage return not followed by a line feed|invalid "
    "UTF-8 byte 0x[0-9a-f]{2}|unexpected character .* after the closing quote))");

// Every prefix of a valid input either parses to a prefix of its records (the last one possibly
// cut short) or fails with one of the parser's messages. Never a crash, never other records.
TEST(CsvTruncationTest, EveryPrefixParsesAPrefixOrFailsClearly) {
  std::string text =
      "\xef\xbb\xbfid,name,note\r\n"
      "1,\"caf\xc3\xa9\",plain\r\n"
      "2,\"a \"\"quoted\"\" word\",\"multi\nline, with comma\"\r\n"
      "\r\n"
      "3,\xe2\x82\xac\xf0\x9f\x98\x80,\"\"\n"
      "4,,last";
  auto full = Parse(text);
  ASSERT_TRUE(full.ok()) << full.status().message();
  ASSERT_EQ(full->records.size(), 4u);
  int parsed_ok = 0, failed = 0;
  for (size_t length = 0; length <= text.size(); ++length) {
    std::string prefix = text.substr(0, length);
    for (size_t block_bytes : {size_t{1}, size_t{6}, size_t{8} << 20}) {
      auto parsed = Parse(prefix, block_bytes);
      if (!parsed.ok()) {
        ++failed;
        const std::string& message = parsed.status().message();
        bool empty = message == "x.csv: empty file (expected a header row)";
        EXPECT_TRUE(empty || std::regex_match(message, kErrorPattern))
            << "length " << length << ": " << message;
        continue;
      }
      ++parsed_ok;
      // The header is record 0: a cut in it leaves fewer or shorter names and no records.
      Records got = parsed->records, want = full->records;
      got.insert(got.begin(), parsed->header);
      want.insert(want.begin(), full->header);
      if (parsed->header != full->header) {
        EXPECT_EQ(parsed->records.size(), 0u) << length;
      }
      ASSERT_LE(got.size(), want.size()) << length;
      for (size_t r = 0; r < got.size(); ++r) {
        bool last = r + 1 == got.size();
        if (last && r == 0) {
          ASSERT_LE(got[r].size(), want[r].size()) << length;
        } else {
          ASSERT_EQ(got[r].size(), want[r].size()) << length;
        }
        for (size_t f = 0; f < got[r].size(); ++f) {
          if (!last || f + 1 < got[r].size()) {
            EXPECT_EQ(got[r][f], want[r][f]) << "length " << length << " record " << r;
          } else {
            EXPECT_EQ(want[r][f].rfind(got[r][f], 0), 0u) << "length " << length << " record " << r;
          }
        }
      }
    }
  }
  EXPECT_GT(parsed_ok, 30);
  EXPECT_GT(failed, 100);
}

// Random CSV made of random fields, each quoted (with its quotes doubled) when it must be.
std::string RandomValidCsv(std::mt19937& rng) {
  static const std::vector<std::string> kPieces = {
      "a", "1", "-2.5", " ", ",", "\"", "\n", "\r\n", "\xc3\xa9", "\xe2\x82\xac", "xyz", ""};
  size_t columns = 1 + rng() % 4, rows = rng() % 6;
  std::string text;
  for (size_t r = 0; r <= rows; ++r) {
    for (size_t c = 0; c < columns; ++c) {
      std::string value;
      size_t pieces = r == 0 ? 1 + rng() % 2 : rng() % 3;
      for (size_t p = 0; p < pieces; ++p) value += kPieces[rng() % kPieces.size()];
      if (r == 0) value += "h" + std::to_string(c);  // distinct, non-empty names
      bool quote = value.find_first_of(",\"\r\n") != std::string::npos || rng() % 4 == 0 ||
                   (columns == 1 && value.empty());
      if (quote) {
        std::string escaped = "\"";
        for (char ch : value) {
          escaped += ch;
          if (ch == '"') escaped += '"';
        }
        value = escaped + "\"";
      }
      text += (c > 0 ? "," : "") + value;
    }
    text += rng() % 3 == 0 ? "\r\n" : "\n";
  }
  return text;
}

// Random bytes, random mixtures of the characters CSV cares about, and valid random CSV with
// one byte changed: the outcome (records or message) does not depend on the block size, errors
// are the parser's own, and unchanged valid CSV always parses.
TEST(CsvGarbageTest, RandomInputsNeverCrashAndAgreeAcrossBlockSizes) {
  std::mt19937 rng(20240229);
  const std::string alphabet = ",,,\"\"\n\n\r ab1\xc3\xa9\xff\t";
  int ok = 0, errors = 0;
  for (int round = 0; round < 800; ++round) {
    std::string text;
    int mode = round % 4;
    if (mode <= 1) {
      size_t length = rng() % 120;
      for (size_t i = 0; i < length; ++i) {
        text += mode == 0 ? static_cast<char>(rng()) : alphabet[rng() % alphabet.size()];
      }
    } else {
      text = RandomValidCsv(rng);
      if (mode == 3 && !text.empty()) {
        size_t at = rng() % text.size();
        switch (rng() % 3) {
          case 0:
            text.erase(at, 1);
            break;
          case 1:
            text.insert(at, 1, alphabet[rng() % alphabet.size()]);
            break;
          default:
            text[at] = alphabet[rng() % alphabet.size()];
        }
      }
    }
    auto reference = Parse(text);
    if (mode == 2) {
      EXPECT_TRUE(reference.ok()) << reference.status().message();
    }
    for (size_t block_bytes : {size_t{1}, size_t{4}, size_t{17}}) {
      auto parsed = Parse(text, block_bytes);
      ASSERT_EQ(parsed.ok(), reference.ok()) << "round " << round;
      if (parsed.ok()) {
        EXPECT_EQ(parsed->header, reference->header);
        EXPECT_EQ(parsed->records, reference->records) << "round " << round;
        EXPECT_EQ(parsed->lines, reference->lines) << "round " << round;
      } else {
        EXPECT_EQ(parsed.status().message(), reference.status().message()) << "round " << round;
      }
    }
    if (reference.ok()) {
      ++ok;
      for (const auto& record : reference->records) {
        EXPECT_EQ(record.size(), reference->header.size());
      }
    } else {
      ++errors;
      EXPECT_EQ(reference.status().message().rfind("x.csv", 0), 0u);
    }
  }
  EXPECT_GT(ok, 250);
  EXPECT_GT(errors, 350);
}

// ---------------------------------------------------------------------------------------------
// Files, compression, streaming.

class CsvFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = std::filesystem::temp_directory_path() /
           ("mlgate_csv_" + std::to_string(::getpid()) + "_" + info->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& bytes) {
    std::string path = (dir_ / name).string();
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
  }

  std::filesystem::path dir_;
};

std::string NumericCsv(int rows) {
  std::string text = "id,x,y,label\n";
  std::mt19937 rng(3);
  for (int i = 0; i < rows; ++i) {
    text += std::to_string(i) + "," + std::to_string(static_cast<int>(rng() % 2000) - 1000) +
            ".25,\"" + std::to_string(rng() % 7) + "\"," + (i % 3 == 0 ? "yes" : "no") + "\n";
  }
  return text;
}

TEST_F(CsvFileTest, GzipAndZstdFilesParseLikeThePlainOne) {
  std::string text = NumericCsv(5000);
  auto plain = Parse(text);
  ASSERT_TRUE(plain.ok());
  ASSERT_EQ(plain->records.size(), 5000u);

  z_stream z{};
  ASSERT_EQ(deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY), Z_OK);
  std::string gz(deflateBound(&z, text.size()) + 32, '\0');
  z.next_in = reinterpret_cast<Bytef*>(text.data());
  z.avail_in = static_cast<uInt>(text.size());
  z.next_out = reinterpret_cast<Bytef*>(gz.data());
  z.avail_out = static_cast<uInt>(gz.size());
  ASSERT_EQ(deflate(&z, Z_FINISH), Z_STREAM_END);
  gz.resize(z.total_out);
  deflateEnd(&z);

  std::string zst(ZSTD_compressBound(text.size()), '\0');
  size_t n = ZSTD_compress(zst.data(), zst.size(), text.data(), text.size(), 3);
  ASSERT_FALSE(ZSTD_isError(n));
  zst.resize(n);

  for (auto [name, bytes] : {std::pair{"data.csv.gz", gz}, std::pair{"data.csv.zst", zst}}) {
    for (size_t block_bytes : {size_t{1000}, size_t{8} << 20}) {
      auto source = OpenFile(Write(name, bytes), name);
      ASSERT_TRUE(source.ok());
      CsvOptions options;
      options.block_bytes = block_bytes;
      auto parsed = ParseSource(std::move(*source), options, &text);
      ASSERT_TRUE(parsed.ok()) << parsed.status().message();
      EXPECT_EQ(parsed->header, plain->header);
      EXPECT_EQ(parsed->records, plain->records) << name;
      EXPECT_EQ(parsed->lines, plain->lines) << name;
      EXPECT_EQ(parsed->bytes_read, static_cast<int64_t>(text.size()));
    }
  }
}

TEST_F(CsvFileTest, TruncatedGzipIsAnErrorNotAShortTable) {
  std::string text = NumericCsv(20000);
  std::string path = (dir_ / "cut.csv.gz").string();
  gzFile file = gzopen(path.c_str(), "wb");
  ASSERT_NE(file, nullptr);
  gzwrite(file, text.data(), static_cast<unsigned>(text.size()));
  gzclose(file);
  std::string gz;
  {
    std::ifstream in(path, std::ios::binary);
    gz.assign(std::istreambuf_iterator<char>(in), {});
  }
  Write("cut.csv.gz", gz.substr(0, gz.size() - 100));
  auto source = OpenFile(path, "data/cut.csv.gz");
  ASSERT_TRUE(source.ok());
  CsvOptions options;
  options.block_bytes = 4096;
  auto parsed = ParseSource(std::move(*source), options);
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.status().message(),
            "data/cut.csv.gz: truncated gzip stream (the file ends inside compressed data)");
}

// Produces `rows` numeric records on the fly, so a large input needs no memory of its own.
class GeneratedSource final : public ByteSource {
 public:
  GeneratedSource(int64_t rows, std::string name, std::string after_row_2 = "")
      : rows_(rows), name_(std::move(name)), after_row_2_(std::move(after_row_2)) {
    pending_ = "a,b,c,d\n";
  }
  StatusOr<size_t> Read(char* buffer, size_t size) override {
    size_t written = 0;
    while (written < size) {
      if (offset_ == pending_.size()) {
        if (next_row_ >= rows_) break;
        pending_ = std::to_string(next_row_) + ",1.5," + std::to_string(next_row_ % 97) + ",-2e3\n";
        if (next_row_ == 2) pending_ += after_row_2_;
        offset_ = 0;
        ++next_row_;
      }
      size_t n = std::min(size - written, pending_.size() - offset_);
      std::memcpy(buffer + written, pending_.data() + offset_, n);
      offset_ += n;
      written += n;
    }
    produced_ += written;
    return written;
  }
  const std::string& name() const override { return name_; }
  int64_t produced() const { return produced_; }

 private:
  int64_t rows_;
  std::string name_;
  std::string after_row_2_;
  std::string pending_;
  size_t offset_ = 0;
  int64_t next_row_ = 0;
  int64_t produced_ = 0;
};

class CountSink final : public CsvRecordSink {
 public:
  Status OnRecord(std::span<const std::string_view> fields, int64_t line) override {
    if (fields.size() != 4 || line != count + 2) return Internal("unexpected record");
    ++count;
    return Status::Ok();
  }
  int64_t count = 0;
};

TEST(CsvStreamingTest, BlocksStayBoundedWhateverTheRowCount) {
  const int64_t rows = 400000;  // about 10 MB
  CsvOptions options;
  options.block_bytes = 256u << 10;
  auto reader =
      CsvBlockReader::Open(std::make_unique<GeneratedSource>(rows, "generated.csv"), options);
  ASSERT_TRUE(reader.ok());
  CountSink sink;
  CsvBlock block;
  size_t blocks = 0, largest_capacity = 0, last_size = 0;
  while (true) {
    auto more = (*reader)->Next(&block);
    ASSERT_TRUE(more.ok()) << more.status().message();
    if (!*more) break;
    ++blocks;
    EXPECT_LE(block.bytes.size(), options.block_bytes);
    if (block.index > 0) {  // all blocks but the last are nearly full
      EXPECT_GT(last_size, options.block_bytes - 64);
    }
    last_size = block.bytes.size();
    largest_capacity = std::max(largest_capacity, block.bytes.capacity());
    Status status = ParseCsvBlock(block, options, 4, "generated.csv", sink);
    ASSERT_TRUE(status.ok()) << status.message();
  }
  EXPECT_EQ(sink.count, rows);
  EXPECT_GT(blocks, 25u);
  EXPECT_LE(largest_capacity, 2 * options.block_bytes);
}

TEST(CsvStreamingTest, AStrayQuoteIsFoundWithoutReadingTheWholeInput) {
  // Quote parity alone would see one quoted field from the stray quote to the end of 25 MB.
  auto owned = std::make_unique<GeneratedSource>(1000000, "big.csv", "7,8\"9,0,1\n");
  GeneratedSource* source = owned.get();
  CsvOptions options;
  options.block_bytes = 64u << 10;
  auto reader = CsvBlockReader::Open(std::move(owned), options);
  ASSERT_TRUE(reader.ok());
  CsvBlock block;
  CountSink sink;
  Status status;
  for (int i = 0; i < 100 && status.ok(); ++i) {
    auto more = (*reader)->Next(&block);
    status = more.status();
    if (status.ok()) {
      ASSERT_TRUE(*more);
      status = ParseCsvBlock(block, options, 4, "big.csv", sink);  // names come with the block
    }
  }
  EXPECT_EQ(status.message(), "big.csv:5:4: field 'b' (2): quote inside an unquoted field");
  EXPECT_EQ(sink.count, 3);
  EXPECT_LT(source->produced(), 4 << 20);
}

// ---------------------------------------------------------------------------------------------
// ReadCsvTable.

TEST(ReadCsvTableTest, RowsLinesAndNullTokens) {
  auto table =
      ReadCsvTable(OpenMemory("id,v\n1,\"a\nb\"\n2,NA\n\n3,\n", "t.csv"), CsvOptions(), {"", "NA"});
  ASSERT_TRUE(table.ok()) << table.status().message();
  EXPECT_EQ(table->source, "t.csv");
  EXPECT_EQ(table->columns, (std::vector<std::string>{"id", "v"}));
  EXPECT_EQ(table->rows,
            (std::vector<std::vector<std::string>>{{"1", "a\nb"}, {"2", "NA"}, {"3", ""}}));
  EXPECT_EQ(table->lines, (std::vector<int64_t>{2, 4, 6}));
  EXPECT_EQ(table->ColumnIndex("v"), 1);
  EXPECT_TRUE(table->IsNull(table->rows[1][1]));
  EXPECT_TRUE(table->IsNull(table->rows[2][1]));
  EXPECT_FALSE(table->IsNull(table->rows[0][1]));
}

TEST(ReadCsvTableTest, SameErrorsAsTheReader) {
  auto table = ReadCsvTable(OpenMemory("id,v\n1,2\n3\n", "t.csv"), CsvOptions(), {""});
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.status().message(),
            "t.csv:3:2: expected 2 fields, found 1: the record ends before field 'v' (2)");
  table = ReadCsvTable(OpenMemory("", "t.csv"), CsvOptions(), {""});
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.status().message(), "t.csv: empty file (expected a header row)");
  table = ReadCsvTable(nullptr, CsvOptions(), {""});
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.status().code(), StatusCode::kInvalidArgument);
}

TEST(ReadCsvTableTest, TsvWithoutHeader) {
  CsvOptions options;
  options.delimiter = '\t';
  options.header = false;
  auto table = ReadCsvTable(OpenMemory("1\t2\n3\t4\n", "t.tsv"), options, {""});
  ASSERT_TRUE(table.ok());
  EXPECT_EQ(table->columns, (std::vector<std::string>{"column_1", "column_2"}));
  EXPECT_EQ(table->rows, (std::vector<std::vector<std::string>>{{"1", "2"}, {"3", "4"}}));
  EXPECT_EQ(table->lines, (std::vector<int64_t>{1, 2}));
}

}  // namespace
}  // namespace mlgate
