// CSV (RFC 4180) reading. Two passes over the bytes, both working on 64-byte chunks turned into
// bit masks (SSE2 where available):
//  - the block reader only needs quote parity and newlines to cut the stream after a record end,
//    so it computes "inside quotes" for 64 bytes at once with a prefix XOR of the quote bits;
//  - the block parser walks the set bits of the structural mask (delimiter, quote, CR, LF) and
//    validates UTF-8 only in chunks that contain a byte >= 0x80 or a NUL (which is not text).
// Fields are views into the block; only a quoted field with doubled quotes is copied (into a
// per-parse scratch buffer). Locating an error (line, character column, field) is done by a slow
// rescan of the one record, so the fast paths carry no bookkeeping for it.
#include "runners/sources/csv.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <string>
#include <unordered_map>
#include <utility>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "checks/cell.h"
#include "checks/result.h"

namespace mlgate {
namespace {

constexpr size_t kNpos = std::string_view::npos;
constexpr size_t kAnyFieldCount = static_cast<size_t>(-1);

// ---------------------------------------------------------------------------------------------
// Byte classes, 64 bytes at a time: bit i of a mask describes byte i of the chunk.

class ByteClassifier {
 public:
  explicit ByteClassifier(char delimiter) {
#if defined(__SSE2__)
    delimiter_ = _mm_set1_epi8(delimiter);
    quote_ = _mm_set1_epi8('"');
    lf_ = _mm_set1_epi8('\n');
    cr_ = _mm_set1_epi8('\r');
#else
    std::memset(structural_, 0, sizeof(structural_));
    for (unsigned char c : {static_cast<unsigned char>(delimiter), static_cast<unsigned char>('"'),
                            static_cast<unsigned char>('\n'), static_cast<unsigned char>('\r')}) {
      structural_[c] = true;
    }
#endif
  }

  // `structural`: delimiter, quote, LF, CR. `suspect`: bytes that are not plain text ASCII, so
  // need a closer look: >= 0x80 (UTF-8 to validate) and NUL.
  void Classify(const char* p, uint64_t* structural, uint64_t* suspect) const {
    uint64_t s = 0, h = 0;
#if defined(__SSE2__)
    const __m128i zero = _mm_setzero_si128();
    for (int k = 0; k < 4; ++k) {
      __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * k));
      __m128i hit =
          _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, delimiter_), _mm_cmpeq_epi8(v, quote_)),
                       _mm_or_si128(_mm_cmpeq_epi8(v, lf_), _mm_cmpeq_epi8(v, cr_)));
      s |= static_cast<uint64_t>(static_cast<uint32_t>(_mm_movemask_epi8(hit))) << (16 * k);
      h |= static_cast<uint64_t>(
               static_cast<uint32_t>(_mm_movemask_epi8(_mm_or_si128(v, _mm_cmpeq_epi8(v, zero)))))
           << (16 * k);
    }
#else
    for (int i = 0; i < 64; ++i) {
      auto c = static_cast<unsigned char>(p[i]);
      s |= static_cast<uint64_t>(structural_[c]) << i;
      h |= static_cast<uint64_t>((c >> 7) | (c == 0)) << i;
    }
#endif
    *structural = s;
    *suspect = h;
  }

  // Quotes and LFs only: all the block reader needs.
  void ClassifyQuotesAndNewlines(const char* p, uint64_t* quotes, uint64_t* newlines) const {
    uint64_t q = 0, n = 0;
#if defined(__SSE2__)
    for (int k = 0; k < 4; ++k) {
      __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * k));
      q |=
          static_cast<uint64_t>(static_cast<uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, quote_))))
          << (16 * k);
      n |= static_cast<uint64_t>(static_cast<uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, lf_))))
           << (16 * k);
    }
#else
    for (int i = 0; i < 64; ++i) {
      q |= static_cast<uint64_t>(p[i] == '"') << i;
      n |= static_cast<uint64_t>(p[i] == '\n') << i;
    }
#endif
    *quotes = q;
    *newlines = n;
  }

 private:
#if defined(__SSE2__)
  __m128i delimiter_, quote_, lf_, cr_;
#else
  bool structural_[256];
#endif
};

// 64 readable bytes equal to data[pos, pos + 64), zero-padded past `size` (zero is never
// structural: ValidateCsvOptions rejects a NUL delimiter).
const char* Chunk(const char* data, size_t size, size_t pos, char* pad) {
  if (size - pos >= 64) return data + pos;
  std::memset(pad, 0, 64);
  std::memcpy(pad, data + pos, size - pos);
  return pad;
}

// Bit i of the result is the XOR of bits 0..i of x: with x the quote bits, it is set exactly on
// the bytes that lie inside quotes (counting an opening quote as inside and a closing one not).
uint64_t PrefixXor(uint64_t x) {
  x ^= x << 1;
  x ^= x << 2;
  x ^= x << 4;
  x ^= x << 8;
  x ^= x << 16;
  x ^= x << 32;
  return x;
}

// Number of LF bytes in `text`: 16 bytes per step, counted in byte lanes that are summed before
// they can overflow.
int64_t CountNewlines(std::string_view text) {
  const char* p = text.data();
  size_t n = text.size(), i = 0;
  int64_t count = 0;
#if defined(__SSE2__)
  const __m128i lf = _mm_set1_epi8('\n');
  const __m128i zero = _mm_setzero_si128();
  while (i + 16 <= n) {
    __m128i lanes = zero;
    for (int k = 0; k < 255 && i + 16 <= n; ++k, i += 16) {
      __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
      lanes = _mm_sub_epi8(lanes, _mm_cmpeq_epi8(v, lf));  // a match is -1
    }
    __m128i sums = _mm_sad_epu8(lanes, zero);
    count += _mm_cvtsi128_si64(sums) + _mm_cvtsi128_si64(_mm_unpackhi_epi64(sums, sums));
  }
#endif
  for (; i < n; ++i) count += p[i] == '\n';
  return count;
}

// ---------------------------------------------------------------------------------------------
// Messages.

std::string Hex(unsigned char c) {
  static constexpr char kDigits[] = "0123456789abcdef";
  return std::string("0x") + kDigits[c >> 4] + kDigits[c & 15];
}

struct Location {
  int64_t line;
  int64_t column;  // 1-based, in characters (UTF-8 code points)
  size_t field;    // 1-based
};

// Where `pos` lies in the record that starts at `record_start` on `record_line`. Rescans the
// record, so it is only for error messages. Bytes before `pos` are valid CSV, so plain quote
// parity gives the quoting state.
Location Locate(std::string_view data, size_t record_start, int64_t record_line, size_t pos,
                char delimiter) {
  Location location{record_line, 1, 1};
  bool in_quotes = false;
  size_t line_start = record_start;
  pos = std::min(pos, data.size());
  for (size_t p = record_start; p < pos; ++p) {
    char c = data[p];
    if (c == '"') {
      in_quotes = !in_quotes;
    } else if (c == '\n') {
      ++location.line;
      line_start = p + 1;
    } else if (c == delimiter && !in_quotes) {
      ++location.field;
    }
  }
  for (size_t p = line_start; p < pos; ++p) {
    if ((static_cast<unsigned char>(data[p]) & 0xC0) != 0x80) ++location.column;
  }
  return location;
}

// Offset where field `field` (1-based) of the record at `record_start` begins.
size_t FieldStart(std::string_view data, size_t record_start, size_t field, char delimiter) {
  size_t seen = 1;
  bool in_quotes = false;
  for (size_t p = record_start; p < data.size() && seen < field; ++p) {
    if (data[p] == '"') {
      in_quotes = !in_quotes;
    } else if (data[p] == delimiter && !in_quotes) {
      if (++seen == field) return p + 1;
    }
  }
  return record_start;
}

std::string FieldLabel(size_t field, std::span<const std::string> names, bool header_row) {
  if (header_row) return "header field " + std::to_string(field);
  if (field >= 1 && field <= names.size()) {
    return "field " + QuoteDataText(names[field - 1]) + " (" + std::to_string(field) + ")";
  }
  return "field " + std::to_string(field);
}

// ---------------------------------------------------------------------------------------------
// The block parser.

class DiscardSink final : public CsvRecordSink {
 public:
  Status OnRecord(std::span<const std::string_view>, int64_t) override { return Status::Ok(); }
};

struct ParseConfig {
  char delimiter = ',';
  size_t expected_fields = kAnyFieldCount;
  std::span<const std::string> names;
  const std::string* source = nullptr;
  bool header_row = false;  // messages say "header field N"
  // False when the data may continue past its end: a record cut by the end is then left
  // unparsed (see incomplete()) instead of being an error or a short record.
  bool final = true;
  size_t max_records = 0;  // stop after this many records; 0 = all
};

class BlockParser {
 public:
  BlockParser(std::string_view data, int64_t first_line, const ParseConfig& config,
              CsvRecordSink* sink)
      : data_(data.data()),
        size_(data.size()),
        config_(config),
        sink_(sink),
        classifier_(config.delimiter),
        line_(first_line),
        record_line_(first_line) {
    if (config.expected_fields != kAnyFieldCount) fields_.resize(config.expected_fields + 1);
  }

  Status Run() {
    // The hot state lives in locals so it stays in registers: the chunk being walked, its
    // unvisited structural bits, and the fields of the current record.
    const char* d = data_;
    const size_t n = size_;
    const char delimiter = config_.delimiter;
    if (n == 0) return Status::Ok();
    size_t chunk = 0;
    uint64_t bits = LoadChunk(0);
    // Position of the next structural byte, or n at the end.
    auto next = [&]() -> size_t {
      while (bits == 0) {
        chunk += 64;
        if (chunk >= n) return n;
        bits = LoadChunk(chunk);
      }
      size_t i = chunk + static_cast<size_t>(std::countr_zero(bits));
      bits &= bits - 1;
      return i;
    };
    std::string_view* fields = fields_.data();
    size_t capacity = fields_.size();
    size_t count = 0;  // fields of the current record so far
    auto push = [&](size_t begin, size_t end) {
      if (count == capacity) {
        fields_.resize(std::max<size_t>(16, 2 * capacity));
        fields = fields_.data();
        capacity = fields_.size();
      }
      fields[count++] = std::string_view(d + begin, end - begin);
    };
    auto push_quoted = [&](size_t begin, size_t end, bool escaped) {
      push(begin, end);
      if (escaped) Unescape(count - 1, begin, end);
    };

    size_t fs = 0;  // start of the current field
    while (true) {
      size_t i = next();
      if (i >= n) {
        if (fs >= n && count == 0) return Status::Ok();
        if (!config_.final) return Incomplete();
        push(fs, n);
        MLGATE_RETURN_IF_ERROR(EndRecord(n, count));
        record_start_ = n;
        record_line_ = line_;
        return Status::Ok();
      }
      char c = d[i];
      if (c == delimiter) {
        push(fs, i);
        fs = i + 1;
        continue;
      }
      if (c == '\n' || c == '\r') {
        size_t after = i + 1;
        if (c == '\r') {
          if (after == n && !config_.final) return Incomplete();
          if (after == n || d[after] != '\n') {
            return Error(i, "carriage return not followed by a line feed");
          }
          next();  // the LF
          ++after;
        }
        if (i == fs && count == 0) {  // a blank line
          fs = after;
          StartRecord(after);
          continue;
        }
        push(fs, i);
        MLGATE_RETURN_IF_ERROR(EndRecord(i, count));
        count = 0;
        fs = after;
        StartRecord(after);
        if (Stop()) return Status::Ok();
        continue;
      }
      // A quote: it must open the field.
      if (i != fs) return Error(i, "quote inside an unquoted field");
      bool escaped = false;
      size_t j;
      while (true) {
        j = next();
        if (j >= n) {
          if (!config_.final) return Incomplete();
          return Error(i, "unterminated quoted field (the quote opened here is never closed)");
        }
        char cj = d[j];
        if (cj == '\n') ++line_;
        if (cj != '"') continue;
        if (j + 1 < n && d[j + 1] == '"') {  // a doubled quote stands for one quote
          next();
          escaped = true;
          continue;
        }
        if (j + 1 == n && !config_.final) return Incomplete();  // may be the first of a pair
        break;
      }
      size_t k = j + 1;  // what follows the closing quote must end the field
      if (k >= n) {
        push_quoted(i + 1, j, escaped);
        MLGATE_RETURN_IF_ERROR(EndRecord(k, count));
        record_start_ = n;
        record_line_ = line_;
        return Status::Ok();
      }
      char ck = d[k];
      if (ck == delimiter) {
        next();
        push_quoted(i + 1, j, escaped);
        fs = k + 1;
        continue;
      }
      if (ck == '\n' || (ck == '\r' && k + 1 < n && d[k + 1] == '\n')) {
        next();
        size_t after = k + 1;
        if (ck == '\r') {
          next();
          ++after;
        }
        push_quoted(i + 1, j, escaped);
        MLGATE_RETURN_IF_ERROR(EndRecord(k, count));
        count = 0;
        fs = after;
        StartRecord(after);
        if (Stop()) return Status::Ok();
        continue;
      }
      if (ck == '\r') {
        if (k + 1 == n && !config_.final) return Incomplete();
        return Error(k, "carriage return not followed by a line feed");
      }
      auto uc = static_cast<unsigned char>(ck);
      std::string shown = uc >= 0x20 && uc < 0x7f ? "'" + std::string(1, ck) + "'" : Hex(uc);
      return Error(k, "unexpected character " + shown + " after the closing quote");
    }
  }

  // Offset just past the last record delivered or blank line skipped.
  size_t consumed() const { return record_start_; }
  // Physical line at consumed().
  int64_t line() const { return record_line_; }
  // Offset where the last delivered record starts.
  size_t last_record_start() const { return last_record_start_; }
  // True when the data ended inside a record and the parse was not final.
  bool incomplete() const { return incomplete_; }

 private:
  // The structural bits of the chunk at `chunk`; checks its text when it has suspect bytes.
  uint64_t LoadChunk(size_t chunk) {
    char pad[64];
    uint64_t structural, suspect;
    classifier_.Classify(Chunk(data_, size_, chunk, pad), &structural, &suspect);
    if (suspect != 0 && bad_utf8_ == kNpos) ValidateUtf8(chunk, suspect);
    return structural;
  }

  // Validates the UTF-8 sequences that start in the chunk (they may end in the next). Records
  // the first invalid one, or the first NUL byte, in bad_utf8_; it is reported once parsing
  // reaches it, so an earlier error of another kind wins. NUL is valid UTF-8 but never text: it
  // is what binary data, UTF-16 without a byte-order mark and zero-filled tails of files cut
  // short by a crash have in common.
  void ValidateUtf8(size_t chunk, uint64_t high) {
    size_t end = std::min(chunk + 64, size_);
    size_t pos = std::max(validated_, chunk);
    std::string_view all(data_, size_);
    while (pos < end) {
      uint64_t rest = high >> (pos - chunk);
      if (rest == 0) {
        pos = end;
        break;
      }
      pos += static_cast<size_t>(std::countr_zero(rest));
      if (pos >= end) break;
      size_t length = Utf8SequenceLength(all, pos);
      if (length == 0 || data_[pos] == '\0') {
        bad_utf8_ = pos;
        return;
      }
      pos += length;
    }
    validated_ = std::max(pos, end);
  }

  // Field `field` is the quoted text [begin, end) with its doubled quotes: it is copied into
  // the scratch buffer without them. The buffer may grow while the record is parsed, so such
  // fields become views into it only when the record ends.
  void Unescape(size_t field, size_t begin, size_t end) {
    size_t offset = scratch_.size();
    for (size_t p = begin; p < end; ++p) {
      scratch_ += data_[p];
      if (data_[p] == '"') ++p;  // the second quote of a pair
    }
    unescaped_.push_back({field, offset, scratch_.size() - offset});
  }

  void StartRecord(size_t start) {
    record_start_ = start;
    record_line_ = ++line_;
  }

  bool Stop() const { return config_.max_records != 0 && records_ >= config_.max_records; }

  Status Incomplete() {
    incomplete_ = true;
    return Status::Ok();
  }

  // The record of `count` fields (in fields_) whose last field ends at `content_end` is
  // complete: check it and hand it to the sink.
  Status EndRecord(size_t content_end, size_t count) {
    if (bad_utf8_ < content_end) return Utf8Error();
    if (config_.expected_fields != kAnyFieldCount && count != config_.expected_fields) {
      return FieldCountError(content_end, count);
    }
    if (!unescaped_.empty()) {
      for (const Unescaped& u : unescaped_) {
        fields_[u.field] = std::string_view(scratch_.data() + u.offset, u.size);
      }
    }
    ++records_;
    last_record_start_ = record_start_;
    Status status =
        sink_->OnRecord(std::span<const std::string_view>(fields_.data(), count), record_line_);
    if (!unescaped_.empty()) {
      unescaped_.clear();
      scratch_.clear();
    }
    return status;
  }

  // A record of `count` fields ending at `content_end`, when expected_fields were expected:
  // positioned where the record ends too early, or where its first extra field starts.
  Status FieldCountError(size_t content_end, size_t count) {
    const size_t expected = config_.expected_fields;
    std::string_view data(data_, size_);
    size_t pos = count < expected
                     ? content_end
                     : FieldStart(data, record_start_, expected + 1, config_.delimiter);
    Location at = Locate(data, record_start_, record_line_, pos, config_.delimiter);
    std::string what =
        "expected " + std::to_string(expected) + " fields, found " + std::to_string(count) +
        (count < expected ? ": the record ends before " : ": the record goes on past ") +
        FieldLabel(count < expected ? count + 1 : expected, config_.names, false);
    return DataError(*config_.source + ":" + std::to_string(at.line) + ":" +
                     std::to_string(at.column) + ": " + what);
  }

  Status Error(size_t pos, const std::string& what) {
    if (bad_utf8_ < pos) return Utf8Error();
    return ErrorAt(pos, what);
  }

  Status Utf8Error() {
    if (data_[bad_utf8_] == '\0') {
      return ErrorAt(bad_utf8_,
                     "NUL byte 0x00: not text (the file may be binary, UTF-16 without a "
                     "byte-order mark, or padded with zeros)");
    }
    return ErrorAt(bad_utf8_,
                   "invalid UTF-8 byte " + Hex(static_cast<unsigned char>(data_[bad_utf8_])));
  }

  Status ErrorAt(size_t pos, const std::string& what) {
    Location at =
        Locate(std::string_view(data_, size_), record_start_, record_line_, pos, config_.delimiter);
    return DataError(*config_.source + ":" + std::to_string(at.line) + ":" +
                     std::to_string(at.column) + ": " +
                     FieldLabel(at.field, config_.names, config_.header_row) + ": " + what);
  }

  struct Unescaped {
    size_t field;
    size_t offset;
    size_t size;
  };

  const char* data_;
  size_t size_;
  ParseConfig config_;
  CsvRecordSink* sink_;
  ByteClassifier classifier_;

  size_t validated_ = 0;  // UTF-8 is checked up to here
  size_t bad_utf8_ = kNpos;

  int64_t line_;         // physical line at the parse position
  int64_t record_line_;  // first line of the current record
  size_t record_start_ = 0;
  size_t last_record_start_ = 0;
  size_t records_ = 0;
  bool incomplete_ = false;

  std::vector<std::string_view> fields_;  // its size is the capacity Run() fills
  std::vector<Unescaped> unescaped_;
  std::string scratch_;
};

// Collects the records it is given as strings.
class CollectSink final : public CsvRecordSink {
 public:
  Status OnRecord(std::span<const std::string_view> fields, int64_t line) override {
    records.emplace_back(fields.begin(), fields.end());
    lines.push_back(line);
    return Status::Ok();
  }
  std::vector<std::vector<std::string>> records;
  std::vector<int64_t> lines;
};

// ---------------------------------------------------------------------------------------------
// The block reader.

class CsvBlockReaderImpl final : public CsvBlockReader {
 public:
  CsvBlockReaderImpl(std::unique_ptr<ByteSource> source, const CsvOptions& options)
      : source_(std::move(source)), options_(options), classifier_(options.delimiter) {
    // A rescan with the exact parser runs when a record grows past this without ending: a stray
    // quote makes quote parity see one endless quoted field, and the rescan finds it early.
    check_at_ = std::max<size_t>(2 * options_.block_bytes, 1u << 20);
  }

  Status Init() {
    MLGATE_RETURN_IF_ERROR(FillTo(4));
    std::string_view start(buffer_.data(), size_);
    if (start.size() >= 2 && ((start[0] == '\xff' && start[1] == '\xfe') ||
                              (start[0] == '\xfe' && start[1] == '\xff'))) {
      return DataError(Name() + ": the file is UTF-16 (it starts with the byte-order mark " +
                       Hex(static_cast<unsigned char>(start[0])) + " " +
                       Hex(static_cast<unsigned char>(start[1])) + "); convert it to UTF-8");
    }
    if (start.substr(0, 3) == "\xef\xbb\xbf") Drop(3);
    if (size_ == 0 && eof_) {
      return DataError(Name() + (options_.header ? ": empty file (expected a header row)"
                                                 : ": empty file (no records)"));
    }
    // The first record: whole records are parsed until one is not blank.
    std::vector<std::string> first;
    while (true) {
      MLGATE_RETURN_IF_ERROR(FillUntilRecordEnd());
      bool all = last_end_ == kNpos;  // at the end of input: everything left
      size_t end = all ? size_ : last_end_;
      CollectSink sink;
      ParseConfig config = Config(kAnyFieldCount, {});
      config.max_records = 1;
      BlockParser parser(std::string_view(buffer_.data(), end), line_, config, &sink);
      MLGATE_RETURN_IF_ERROR(parser.Run());
      if (!sink.records.empty()) {
        first = std::move(sink.records[0]);
        if (options_.header) {
          MLGATE_RETURN_IF_ERROR(
              CheckHeader(first, end, parser.last_record_start(), sink.lines[0]));
          Drop(parser.consumed());
          line_ = parser.line();
        }
        break;
      }
      // Only blank lines so far: drop them and read on.
      Drop(end);
      line_ = parser.line();
      if (all) return DataError(Name() + ": no records (the file has only blank lines)");
    }
    if (options_.header) {
      header_ = std::move(first);
    } else {
      for (size_t i = 1; i <= first.size(); ++i) header_.push_back("column_" + std::to_string(i));
    }
    shared_header_ = std::make_shared<const std::vector<std::string>>(header_);
    return Status::Ok();
  }

  const std::vector<std::string>& header() const override { return header_; }
  int64_t bytes_read() const override { return bytes_read_; }

  StatusOr<bool> Next(CsvBlock* block) override {
    if (!status_.ok()) return status_;
    Status status = Cut(block);
    if (!status.ok()) {
      status_ = status;
      return status;
    }
    return produced_;
  }

 private:
  const std::string& Name() const { return source_->name(); }

  ParseConfig Config(size_t expected, std::span<const std::string> names) const {
    ParseConfig config;
    config.delimiter = options_.delimiter;
    config.expected_fields = expected;
    config.names = names;
    config.source = &Name();
    config.header_row = options_.header && header_.empty();
    return config;
  }

  Status CheckHeader(const std::vector<std::string>& names, size_t end, size_t start,
                     int64_t line) {
    std::string_view data(buffer_.data(), end);
    std::unordered_map<std::string_view, size_t> seen;
    for (size_t i = 0; i < names.size(); ++i) {
      const std::string& name = names[i];
      Location at = Locate(data, start, line, FieldStart(data, start, i + 1, options_.delimiter),
                           options_.delimiter);
      std::string where = Name() + ":" + std::to_string(at.line) + ":" + std::to_string(at.column);
      if (name.empty()) {
        return DataError(where + ": header field " + std::to_string(i + 1) +
                         " is empty (every column needs a name)");
      }
      auto [it, inserted] = seen.emplace(name, i + 1);
      if (!inserted) {
        return DataError(where + ": duplicate column name " + QuoteDataText(name) +
                         " (header fields " + std::to_string(it->second) + " and " +
                         std::to_string(i + 1) + ")");
      }
    }
    return Status::Ok();
  }

  // Reads until the buffer holds at least `target` bytes or the input ends.
  Status FillTo(size_t target) {
    while (!eof_ && size_ < target) MLGATE_RETURN_IF_ERROR(Fill(target - size_));
    return Status::Ok();
  }

  // Reads until a record end is buffered or the input ends, checking a long record with the
  // exact parser as it grows.
  Status FillUntilRecordEnd() {
    while (!eof_ && last_end_ == kNpos) {
      MLGATE_RETURN_IF_ERROR(Fill(options_.block_bytes));
      if (size_ >= check_at_ && last_end_ == kNpos) {
        check_at_ *= 2;
        ParseConfig config = Config(header_.empty() ? kAnyFieldCount : header_.size(), header_);
        config.final = false;
        DiscardSink discard;
        BlockParser parser(std::string_view(buffer_.data(), size_), line_, config, &discard);
        MLGATE_RETURN_IF_ERROR(parser.Run());
      }
    }
    return Status::Ok();
  }

  // Appends up to `want` bytes from the source and scans them.
  Status Fill(size_t want) {
    want = std::max<size_t>(want, 1);
    if (buffer_.size() < size_ + want) {
      buffer_.resize(std::max(size_ + want, std::min(buffer_.size() * 2, size_ + (64u << 20))));
    }
    auto n = source_->Read(buffer_.data() + size_, want);
    if (!n.ok()) return n.status();
    if (*n == 0) {
      eof_ = true;
      return Status::Ok();
    }
    Scan(size_, size_ + *n);
    size_ += *n;
    bytes_read_ += static_cast<int64_t>(*n);
    return Status::Ok();
  }

  // Updates quote parity and the last record end over buffer_[from, to). Lines are counted
  // only when a block is cut, so this loop has no population counts.
  void Scan(size_t from, size_t to) {
    char pad[64];
    for (size_t pos = from; pos < to; pos += 64) {
      uint64_t quotes, newlines;
      classifier_.ClassifyQuotesAndNewlines(Chunk(buffer_.data(), to, pos, pad), &quotes,
                                            &newlines);
      uint64_t inside = quotes == 0 ? carry_ : PrefixXor(quotes) ^ carry_;
      carry_ = static_cast<uint64_t>(static_cast<int64_t>(inside) >> 63);
      uint64_t ends = newlines & ~inside;
      if (ends != 0) last_end_ = pos + 64 - static_cast<size_t>(std::countl_zero(ends));
    }
  }

  // Removes the first `count` bytes (a whole number of records).
  void Drop(size_t count) {
    std::memmove(buffer_.data(), buffer_.data() + count, size_ - count);
    size_ -= count;
    if (last_end_ != kNpos) last_end_ = last_end_ > count ? last_end_ - count : kNpos;
  }

  Status Cut(CsvBlock* block) {
    produced_ = false;
    MLGATE_RETURN_IF_ERROR(FillTo(options_.block_bytes));
    MLGATE_RETURN_IF_ERROR(FillUntilRecordEnd());
    if (size_ == 0) return Status::Ok();
    size_t cut;
    if (eof_ && carry_ == 0) {
      cut = size_;  // the rest, its last record possibly without a line end
    } else if (last_end_ != kNpos) {
      cut = last_end_;
    } else {
      // The input ends inside quotes: the exact parser says where it went wrong.
      ParseConfig config = Config(header_.size(), header_);
      DiscardSink discard;
      BlockParser parser(std::string_view(buffer_.data(), size_), line_, config, &discard);
      MLGATE_RETURN_IF_ERROR(parser.Run());
      return DataError(Name() + ":" + std::to_string(line_) +
                       ": unterminated quoted field at the end of the file");
    }
    // Hand out [0, cut); the rest moves into the storage the caller gave back.
    std::string out;
    out.swap(buffer_);
    buffer_.swap(block->bytes);
    size_t rest = size_ - cut;
    if (buffer_.size() < std::max(rest, options_.block_bytes)) {
      buffer_.resize(std::max(rest, options_.block_bytes));
    }
    std::memcpy(buffer_.data(), out.data() + cut, rest);
    out.resize(cut);
    block->bytes = std::move(out);
    block->first_line = line_;
    block->index = index_++;
    block->column_names = shared_header_;
    line_ += CountNewlines(block->bytes);
    size_ = rest;
    last_end_ = kNpos;
    produced_ = true;
    return Status::Ok();
  }

  std::unique_ptr<ByteSource> source_;
  CsvOptions options_;
  ByteClassifier classifier_;
  std::vector<std::string> header_;
  std::shared_ptr<const std::vector<std::string>> shared_header_;

  std::string buffer_;  // [0, size_) holds bytes not yet handed out
  size_t size_ = 0;
  bool eof_ = false;
  uint64_t carry_ = 0;       // all ones when the end of the buffer is inside quotes
  size_t last_end_ = kNpos;  // just past the last LF outside quotes
  size_t check_at_;

  int64_t line_ = 1;  // physical line at buffer_[0]
  size_t index_ = 0;
  int64_t bytes_read_ = 0;
  bool produced_ = false;
  Status status_;
};

}  // namespace

Status ValidateCsvOptions(const CsvOptions& options) {
  auto c = static_cast<unsigned char>(options.delimiter);
  if (c == '"' || c == '\n' || c == '\r' || c == 0 || c >= 0x80) {
    return InvalidArgument("CSV delimiter " + QuoteDataText(std::string(1, options.delimiter)) +
                           " is not allowed (use an ASCII character other than a quote, CR, LF "
                           "or NUL)");
  }
  if (options.block_bytes == 0) return InvalidArgument("CSV block_bytes must be positive");
  return Status::Ok();
}

StatusOr<std::unique_ptr<CsvBlockReader>> CsvBlockReader::Open(std::unique_ptr<ByteSource> source,
                                                               const CsvOptions& options) {
  if (source == nullptr) return InvalidArgument("CSV reader needs a source");
  MLGATE_RETURN_IF_ERROR(ValidateCsvOptions(options).WithPrefix(source->name()));
  auto reader = std::make_unique<CsvBlockReaderImpl>(std::move(source), options);
  MLGATE_RETURN_IF_ERROR(reader->Init());
  return std::unique_ptr<CsvBlockReader>(std::move(reader));
}

Status ParseCsvBlock(const CsvBlock& block, const CsvOptions& options, size_t expected_fields,
                     const std::string& source_name, CsvRecordSink& sink,
                     std::span<const std::string> column_names) {
  MLGATE_RETURN_IF_ERROR(ValidateCsvOptions(options).WithPrefix(source_name));
  ParseConfig config;
  config.delimiter = options.delimiter;
  config.expected_fields = expected_fields;
  config.names = column_names;
  if (column_names.empty() && block.column_names != nullptr) config.names = *block.column_names;
  config.source = &source_name;
  BlockParser parser(block.bytes, block.first_line, config, &sink);
  return parser.Run();
}

}  // namespace mlgate
