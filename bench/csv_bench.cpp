// Throughput of the data sources: block cutting, block parsing (numeric, quoted and non-ASCII
// CSV), UTF-8 validation and cell parsing. Bytes per second are of CSV text; items per second of
// parsed numbers.
#include <benchmark/benchmark.h>
#include <zlib.h>

#include <random>
#include <string>
#include <vector>

#include "checks/cell.h"
#include "runners/sources/csv.h"

namespace mlgate {
namespace {

// Typical model-input CSV: an id, floats with 4 to 6 significant digits, small ints, a label.
std::string NumericCsv(size_t target_bytes) {
  std::mt19937_64 rng(42);
  std::uniform_real_distribution<double> real(-1000, 1000);
  std::string text = "id,f1,f2,f3,f4,f5,n1,n2,label\n";
  char number[32];
  for (int64_t id = 0; text.size() < target_bytes; ++id) {
    text += std::to_string(id);
    for (int i = 0; i < 5; ++i) {
      std::snprintf(number, sizeof(number), ",%.*f", static_cast<int>(1 + rng() % 4), real(rng));
      text += number;
    }
    text += "," + std::to_string(rng() % 100) + "," + std::to_string(rng() % 100000);
    text += id % 3 == 0 ? ",1\n" : ",0\n";
  }
  return text;
}

// Text columns, every one quoted, one in ten with an escaped quote and one in fifty with a newline.
std::string QuotedCsv(size_t target_bytes) {
  std::mt19937_64 rng(7);
  std::string text = "id,name,comment\n";
  for (int64_t id = 0; text.size() < target_bytes; ++id) {
    text += std::to_string(id) + ",\"name " + std::to_string(rng() % 10000) + "\",\"";
    text += rng() % 10 == 0 ? "said \"\"hello\"\", then left" : "a plain comment, with a comma";
    if (rng() % 50 == 0) text += "\nsecond line";
    text += "\"\n";
  }
  return text;
}

// Mostly non-ASCII (accented Latin, CJK), so UTF-8 validation runs on every chunk.
std::string Utf8Csv(size_t target_bytes) {
  std::string text = "id,city,note\n";
  for (int64_t id = 0; text.size() < target_bytes; ++id) {
    text += std::to_string(id) + ",S\xc3\xa3o Paulo,\xe6\xb8\xa9\xe5\xba\xa6\xe6\x99\xb4\n";
  }
  return text;
}

class CountingSink final : public CsvRecordSink {
 public:
  Status OnRecord(std::span<const std::string_view> fields, int64_t) override {
    for (std::string_view field : fields) bytes += field.size();
    ++records;
    return Status::Ok();
  }
  size_t bytes = 0;
  size_t records = 0;
};

void ParseBlock(benchmark::State& state, const std::string& text, size_t columns) {
  size_t header_end = text.find('\n') + 1;
  CsvBlock block{text.substr(header_end), 2, 0, nullptr};
  CsvOptions options;
  for (auto _ : state) {
    CountingSink sink;
    Status status = ParseCsvBlock(block, options, columns, "bench.csv", sink);
    if (!status.ok()) state.SkipWithError(status.message().c_str());
    benchmark::DoNotOptimize(sink.bytes);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * block.bytes.size()));
}

void BM_ParseCsvBlock_Numeric(benchmark::State& state) {
  static const std::string text = NumericCsv(8u << 20);
  ParseBlock(state, text, 9);
}
BENCHMARK(BM_ParseCsvBlock_Numeric)->Unit(benchmark::kMillisecond);

void BM_ParseCsvBlock_Quoted(benchmark::State& state) {
  static const std::string text = QuotedCsv(8u << 20);
  ParseBlock(state, text, 3);
}
BENCHMARK(BM_ParseCsvBlock_Quoted)->Unit(benchmark::kMillisecond);

void BM_ParseCsvBlock_Utf8(benchmark::State& state) {
  static const std::string text = Utf8Csv(8u << 20);
  ParseBlock(state, text, 3);
}
BENCHMARK(BM_ParseCsvBlock_Utf8)->Unit(benchmark::kMillisecond);

// Cutting 64 MB from memory into 8 MB blocks, the storage of each block handed back. The copy
// of the text into the source is not timed; the copy out of it (as a file read would) is.
void CutBlocks(benchmark::State& state, const std::string& text) {
  CsvOptions options;
  CsvBlock block;
  for (auto _ : state) {
    state.PauseTiming();
    auto source = OpenMemory(text, "bench.csv");
    state.ResumeTiming();
    auto reader = CsvBlockReader::Open(std::move(source), options);
    if (!reader.ok()) state.SkipWithError(reader.status().message().c_str());
    size_t blocks = 0;
    while (true) {
      auto more = (*reader)->Next(&block);
      if (!more.ok() || !*more) break;
      ++blocks;
    }
    benchmark::DoNotOptimize(blocks);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}

void BM_CsvBlockReader_Numeric(benchmark::State& state) {
  static const std::string text = NumericCsv(64u << 20);
  CutBlocks(state, text);
}
BENCHMARK(BM_CsvBlockReader_Numeric)->Unit(benchmark::kMillisecond);

void BM_CsvBlockReader_Quoted(benchmark::State& state) {
  static const std::string text = QuotedCsv(64u << 20);
  CutBlocks(state, text);
}
BENCHMARK(BM_CsvBlockReader_Quoted)->Unit(benchmark::kMillisecond);

// Reading gzip-compressed CSV: decompression dominates.
void BM_CsvBlockReader_Gzip(benchmark::State& state) {
  static const std::string gz = [] {
    std::string text = NumericCsv(16u << 20);
    uLongf size = compressBound(static_cast<uLong>(text.size())) + 64;
    std::string out(size, '\0');
    z_stream z{};
    deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
    z.next_in = reinterpret_cast<Bytef*>(text.data());
    z.avail_in = static_cast<uInt>(text.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    deflate(&z, Z_FINISH);
    out.resize(z.total_out);
    deflateEnd(&z);
    return out;
  }();
  CsvOptions options;
  int64_t bytes = 0;
  for (auto _ : state) {
    auto reader = CsvBlockReader::Open(OpenMemory(gz, "bench.csv.gz"), options);
    if (!reader.ok()) state.SkipWithError(reader.status().message().c_str());
    CsvBlock block;
    while (true) {
      auto more = (*reader)->Next(&block);
      if (!more.ok() || !*more) break;
    }
    bytes += (*reader)->bytes_read();
  }
  state.SetBytesProcessed(bytes);
}
BENCHMARK(BM_CsvBlockReader_Gzip)->Unit(benchmark::kMillisecond);

void BM_FirstInvalidUtf8_Ascii(benchmark::State& state) {
  static const std::string text = NumericCsv(8u << 20);
  for (auto _ : state) benchmark::DoNotOptimize(FirstInvalidUtf8(text));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_FirstInvalidUtf8_Ascii)->Unit(benchmark::kMillisecond);

std::vector<std::string> NumberTexts(bool integers) {
  std::mt19937_64 rng(5);
  std::uniform_real_distribution<double> real(-1e6, 1e6);
  std::vector<std::string> texts;
  char number[64];
  for (int i = 0; i < 100000; ++i) {
    if (integers) {
      texts.push_back(std::to_string(static_cast<int64_t>(rng() % 2000000) - 1000000));
    } else if (i % 10 == 0) {
      std::snprintf(number, sizeof(number), "%.6e", real(rng));
      texts.emplace_back(number);
    } else {
      std::snprintf(number, sizeof(number), "%.*f", static_cast<int>(1 + rng() % 5), real(rng));
      texts.emplace_back(number);
    }
  }
  return texts;
}

void BM_ParseFloat(benchmark::State& state) {
  static const std::vector<std::string> texts = NumberTexts(false);
  for (auto _ : state) {
    double sum = 0;
    for (const std::string& text : texts) sum += *ParseFloat(text);
    benchmark::DoNotOptimize(sum);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * texts.size()));
}
BENCHMARK(BM_ParseFloat);

// The profiler's parse of a numeric cell: the value and whether the text is an int, at once.
void BM_ParseNumber(benchmark::State& state) {
  static const std::vector<std::string> texts = NumberTexts(false);
  for (auto _ : state) {
    double sum = 0;
    for (const std::string& text : texts) {
      const auto parsed = ParseNumber(text);
      sum += parsed->value + parsed->is_int;
    }
    benchmark::DoNotOptimize(sum);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * texts.size()));
}
BENCHMARK(BM_ParseNumber);

void BM_ParseInt(benchmark::State& state) {
  static const std::vector<std::string> texts = NumberTexts(true);
  for (auto _ : state) {
    int64_t sum = 0;
    for (const std::string& text : texts) sum += *ParseInt(text);
    benchmark::DoNotOptimize(sum);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * texts.size()));
}
BENCHMARK(BM_ParseInt);

void BM_ParseTimestamp(benchmark::State& state) {
  static const std::vector<std::string> texts = [] {
    std::vector<std::string> out;
    char text[40];
    for (int i = 0; i < 10000; ++i) {
      std::snprintf(text, sizeof(text), "20%02d-%02d-%02dT%02d:%02d:%02d.%03dZ", i % 30, 1 + i % 12,
                    1 + i % 28, i % 24, i % 60, (i * 7) % 60, i % 1000);
      out.emplace_back(text);
    }
    return out;
  }();
  for (auto _ : state) {
    double sum = 0;
    for (const std::string& text : texts) sum += *ParseTimestamp(text);
    benchmark::DoNotOptimize(sum);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * texts.size()));
}
BENCHMARK(BM_ParseTimestamp);

}  // namespace
}  // namespace mlgate
