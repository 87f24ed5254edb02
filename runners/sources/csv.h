// CSV (RFC 4180) reading in two steps, so that parsing can run on every core:
// CsvBlockReader cuts the stream into blocks of whole records (quote-aware, on one thread);
// ParseCsvBlock splits one block into fields (any thread).
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "checks/status.h"
#include "runners/sources/byte_source.h"

namespace mlgate {

struct CsvOptions {
  char delimiter = ',';
  bool header = true;             // first record names the columns
  size_t block_bytes = 8u << 20;  // target size of a block
};

// OK when `options` can be used: the delimiter is an ASCII character other than the quote, CR,
// LF or NUL, and block_bytes is positive. Otherwise an InvalidArgument naming the problem.
Status ValidateCsvOptions(const CsvOptions& options);

// A run of complete records. `first_line` is the 1-based physical line where the block starts
// (quoted newlines count as lines, so messages point where an editor shows the row).
struct CsvBlock {
  std::string bytes;
  int64_t first_line = 1;
  size_t index = 0;  // 0, 1, 2 ... in file order
  // The reader's column names, so ParseCsvBlock can name fields in messages without being
  // given them. Null for blocks made by hand.
  std::shared_ptr<const std::vector<std::string>> column_names;
};

class CsvBlockReader {
 public:
  // Reads the header record (when options.header) and validates it: no empty input, valid UTF-8,
  // no duplicate or empty names (other names are kept exactly as written, whatever characters
  // they hold). A UTF-8 byte-order mark is skipped; CRLF line ends are accepted; a UTF-16 file is
  // an error saying so. Without a header the first record is read only to count the columns and
  // is returned again by Next().
  static StatusOr<std::unique_ptr<CsvBlockReader>> Open(std::unique_ptr<ByteSource> source,
                                                        const CsvOptions& options);
  virtual ~CsvBlockReader() = default;
  // Column names; "column_1".. when the file has no header.
  virtual const std::vector<std::string>& header() const = 0;
  // Fills `block` with the next records; returns false when the input is exhausted. An
  // unterminated quoted field at the end of input is an error naming file, line and column.
  // Blocks hold about options.block_bytes (more when one record is larger). The storage of the
  // string already in `block->bytes` is reused, so passing back a finished block saves an
  // allocation. Memory stays bounded by a few blocks whatever the number of rows. After an error
  // every later call returns the same error.
  virtual StatusOr<bool> Next(CsvBlock* block) = 0;
  // Bytes taken from the source so far (after decompression).
  virtual int64_t bytes_read() const = 0;
};

// Receives the records of a block, in order.
class CsvRecordSink {
 public:
  virtual ~CsvRecordSink() = default;
  // `fields` are unquoted field texts, valid only during the call. `line` is the record's first
  // physical line. A non-OK status stops the parse and is returned from ParseCsvBlock.
  virtual Status OnRecord(std::span<const std::string_view> fields, int64_t line) = 0;
};

// Splits `block` into records of exactly `expected_fields` fields. Errors name
// "file:line:column" (the column counts characters, not bytes) and the field, by its header name
// when `column_names` has it: "x.csv:230:14: field 'temp_max' (3): invalid UTF-8 byte 0xff".
// They are: a quote inside an unquoted field, characters after a closing quote, a carriage return
// not followed by a line feed, an unterminated quoted field, invalid UTF-8, a NUL byte (never
// text), and a record with too few or too many fields, positioned where the record ends or where
// its first extra field starts ("x.csv:7:9: expected 6 fields, found 5: the record ends before
// field 'wind' (6)"). The first error in file order is the one returned. Without `column_names` the
// block's own are used. A record with no characters at all (a blank line) is skipped. A CR before
// the LF that ends a record is not part of the last field. Needs no state beyond its arguments, so
// blocks of one file can be parsed on several threads at once.
Status ParseCsvBlock(const CsvBlock& block, const CsvOptions& options, size_t expected_fields,
                     const std::string& source_name, CsvRecordSink& sink,
                     std::span<const std::string> column_names = {});

}  // namespace mlgate
