// Tests for runners/sources/byte_source: plain, gzip and zstd files and memory, detected by magic
// number; truncated and corrupt streams are errors.
#include "runners/sources/byte_source.h"

#include <gtest/gtest.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>

namespace mlgate {
namespace {

namespace fs = std::filesystem;

// A fresh directory per test, so tests can run in parallel.
class ByteSourceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() /
           ("mlgate_byte_source_" + std::to_string(::getpid()) + "_" + info->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& bytes) {
    std::string path = (dir_ / name).string();
    std::ofstream out(path, std::ios::binary);
    out << bytes;
    return path;
  }

  fs::path dir_;
};

std::string Gzip(const std::string& data, int level = 6) {
  z_stream z{};
  EXPECT_EQ(deflateInit2(&z, level, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY), Z_OK);
  std::string out(deflateBound(&z, data.size()) + 32, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&z, Z_FINISH), Z_STREAM_END);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

std::string Zstd(const std::string& data, int level = 3) {
  std::string out(ZSTD_compressBound(data.size()), '\0');
  size_t n = ZSTD_compress(out.data(), out.size(), data.data(), data.size(), level);
  EXPECT_FALSE(ZSTD_isError(n));
  out.resize(n);
  return out;
}

// Reads everything, `chunk` bytes at a time.
StatusOr<std::string> ReadAll(ByteSource& source, size_t chunk = 4096) {
  std::string all;
  std::string buffer(chunk, '\0');
  while (true) {
    auto n = source.Read(buffer.data(), buffer.size());
    if (!n.ok()) return n.status();
    if (*n == 0) return all;
    all.append(buffer.data(), *n);
  }
}

// Text that compresses but not trivially: numbered CSV-like lines.
std::string SampleText(size_t lines) {
  std::string text = "id,value,name\n";
  std::mt19937 rng(7);
  for (size_t i = 0; i < lines; ++i) {
    text += std::to_string(i) + "," + std::to_string(rng() % 100000) + ",name" +
            std::to_string(rng() % 97) + "\n";
  }
  return text;
}

TEST_F(ByteSourceTest, PlainFileReadsWholeAndNamesItself) {
  std::string text = SampleText(1000);
  auto source = OpenFile(Write("plain.csv", text));
  ASSERT_TRUE(source.ok()) << source.status().message();
  EXPECT_EQ((*source)->name(), (dir_ / "plain.csv").string());
  auto all = ReadAll(**source, 1000);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(*all, text);
}

// A reader sizes its buffers from size(): it must be the bytes Read yields, or unknown.
TEST_F(ByteSourceTest, SizeIsKnownForPlainFilesAndMemoryOnly) {
  const std::string text = SampleText(500);
  auto plain = OpenFile(Write("plain.csv", text));
  ASSERT_TRUE(plain.ok());
  ASSERT_TRUE((*plain)->size().has_value());
  EXPECT_EQ(*(*plain)->size(), text.size());
  // Known up front, before any byte was read past the magic number.
  auto all = ReadAll(**plain);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), text.size());
  auto tiny = OpenFile(Write("tiny.csv", "a\n"));
  ASSERT_TRUE(tiny.ok());
  EXPECT_EQ((*tiny)->size(), std::optional<uint64_t>(2));
  EXPECT_EQ(OpenMemory(text, "mem.csv")->size(), std::optional<uint64_t>(text.size()));
  // Decompressed content is not known until it is read.
  auto gzip = OpenFile(Write("data.csv.gz", Gzip(text)));
  ASSERT_TRUE(gzip.ok());
  EXPECT_FALSE((*gzip)->size().has_value());
  auto zstd = OpenFile(Write("data.csv.zst", Zstd(text)));
  ASSERT_TRUE(zstd.ok());
  EXPECT_FALSE((*zstd)->size().has_value());
  EXPECT_FALSE(OpenMemory(Gzip(text), "mem.csv.gz")->size().has_value());
}

TEST_F(ByteSourceTest, DisplayNameIsUsedInMessages) {
  auto source = OpenFile(Write("x.csv", "a\n"), "data/x.csv");
  ASSERT_TRUE(source.ok());
  EXPECT_EQ((*source)->name(), "data/x.csv");
}

TEST_F(ByteSourceTest, TinyFilesShorterThanAMagicNumber) {
  for (std::string text : {"", "a", "ab", "abc", "\x1f", "\x28\xb5"}) {
    auto source = OpenFile(Write("tiny.csv", text));
    ASSERT_TRUE(source.ok());
    auto all = ReadAll(**source, 1);
    ASSERT_TRUE(all.ok());
    EXPECT_EQ(*all, text);
  }
}

TEST_F(ByteSourceTest, MissingFileIsNotFound) {
  auto source = OpenFile((dir_ / "nope.csv").string(), "data/nope.csv");
  ASSERT_FALSE(source.ok());
  EXPECT_EQ(source.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(source.status().message(), "data/nope.csv: cannot open: No such file or directory");
}

TEST_F(ByteSourceTest, DirectoryIsAnError) {
  auto source = OpenFile(dir_.string(), "data");
  ASSERT_FALSE(source.ok());
  EXPECT_EQ(source.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(source.status().message(), "data: cannot open: is a directory, not a file");
}

TEST_F(ByteSourceTest, GzipRoundTripWhateverTheName) {
  std::string text = SampleText(20000);
  for (const char* name : {"data.csv.gz", "data.csv"}) {
    auto source = OpenFile(Write(name, Gzip(text)));
    ASSERT_TRUE(source.ok());
    for (size_t chunk : {size_t{1} << 16, size_t{7}}) {
      auto again = OpenFile((dir_ / name).string());
      ASSERT_TRUE(again.ok());
      auto all = ReadAll(**again, chunk);
      ASSERT_TRUE(all.ok()) << all.status().message();
      EXPECT_EQ(*all, text) << name << " chunk " << chunk;
    }
  }
}

TEST_F(ByteSourceTest, GzipWrittenWithGzwrite) {
  std::string text = SampleText(500);
  std::string path = (dir_ / "gz.csv.gz").string();
  gzFile file = gzopen(path.c_str(), "wb9");
  ASSERT_NE(file, nullptr);
  ASSERT_EQ(gzwrite(file, text.data(), static_cast<unsigned>(text.size())),
            static_cast<int>(text.size()));
  ASSERT_EQ(gzclose(file), Z_OK);
  auto source = OpenFile(path);
  ASSERT_TRUE(source.ok());
  auto all = ReadAll(**source);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(*all, text);
}

TEST_F(ByteSourceTest, ConcatenatedGzipMembersAreOneStream) {
  std::string a = "a,b\n1,2\n", b = "3,4\n";
  auto source = OpenFile(Write("two.gz", Gzip(a) + Gzip(b)));
  ASSERT_TRUE(source.ok());
  auto all = ReadAll(**source, 3);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(*all, a + b);
}

TEST_F(ByteSourceTest, EmptyGzipIsEmpty) {
  auto source = OpenFile(Write("empty.gz", Gzip("")));
  ASSERT_TRUE(source.ok());
  auto all = ReadAll(**source);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(*all, "");
}

TEST_F(ByteSourceTest, EveryTruncationOfAGzipStreamIsAnError) {
  std::string text = SampleText(300);
  std::string gz = Gzip(text);
  // Every cut from the end of the magic number on; the trailer's CRC and length are included.
  for (size_t keep = 2; keep < gz.size(); ++keep) {
    auto source = OpenMemory(gz.substr(0, keep), "data/x.csv.gz");
    auto all = ReadAll(*source, 1024);
    ASSERT_FALSE(all.ok()) << "kept " << keep << " of " << gz.size();
    EXPECT_EQ(all.status().code(), StatusCode::kDataError);
    EXPECT_EQ(all.status().message(),
              "data/x.csv.gz: truncated gzip stream (the file ends inside compressed data)")
        << keep;
  }
}

TEST_F(ByteSourceTest, TruncatedGzipFileOnDisk) {
  std::string gz = Gzip(SampleText(5000));
  auto source = OpenFile(Write("cut.csv.gz", gz.substr(0, gz.size() / 2)), "cut.csv.gz");
  ASSERT_TRUE(source.ok());
  auto all = ReadAll(**source);
  ASSERT_FALSE(all.ok());
  EXPECT_EQ(all.status().message(),
            "cut.csv.gz: truncated gzip stream (the file ends inside compressed data)");
}

TEST_F(ByteSourceTest, CorruptGzipNamesZlibsReason) {
  std::string gz = Gzip(SampleText(300));
  std::string bad_crc = gz;
  bad_crc[bad_crc.size() - 6] ^= 0x55;  // inside the CRC-32 of the trailer
  auto all = ReadAll(*OpenMemory(bad_crc, "x.gz"));
  ASSERT_FALSE(all.ok());
  EXPECT_EQ(all.status().message(), "x.gz: corrupt gzip data: incorrect data check");

  std::string bad_header = gz;
  bad_header[2] = 7;  // compression method other than deflate
  all = ReadAll(*OpenMemory(bad_header, "x.gz"));
  ASSERT_FALSE(all.ok());
  EXPECT_EQ(all.status().message(), "x.gz: corrupt gzip data: unknown compression method");
}

TEST_F(ByteSourceTest, TrailingGarbageAfterGzipIsAnError) {
  auto all = ReadAll(*OpenMemory(Gzip("a\n") + "junk", "x.gz"));
  ASSERT_FALSE(all.ok());
  EXPECT_EQ(all.status().message(), "x.gz: unexpected data after the end of the gzip stream");
}

TEST_F(ByteSourceTest, ZstdRoundTripWhateverTheName) {
  std::string text = SampleText(20000);
  for (const char* name : {"data.csv.zst", "data.csv"}) {
    Write(name, Zstd(text));
    for (size_t chunk : {size_t{1} << 16, size_t{5}}) {
      auto source = OpenFile((dir_ / name).string());
      ASSERT_TRUE(source.ok());
      auto all = ReadAll(**source, chunk);
      ASSERT_TRUE(all.ok()) << all.status().message();
      EXPECT_EQ(*all, text) << name << " chunk " << chunk;
    }
  }
}

TEST_F(ByteSourceTest, ConcatenatedZstdFramesAreOneStream) {
  auto all = ReadAll(*OpenMemory(Zstd("a,b\n") + Zstd("1,2\n"), "two.zst"), 2);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(*all, "a,b\n1,2\n");
}

TEST_F(ByteSourceTest, EveryTruncationOfAZstdStreamIsAnError) {
  std::string zst = Zstd(SampleText(300));
  for (size_t keep = 4; keep < zst.size(); ++keep) {
    auto all = ReadAll(*OpenMemory(zst.substr(0, keep), "data/x.csv.zst"), 1024);
    ASSERT_FALSE(all.ok()) << "kept " << keep << " of " << zst.size();
    EXPECT_EQ(all.status().code(), StatusCode::kDataError);
    EXPECT_EQ(all.status().message(),
              "data/x.csv.zst: truncated zstd stream (the file ends inside compressed data)")
        << keep;
  }
}

TEST_F(ByteSourceTest, CorruptZstdIsAnError) {
  std::string zst = Zstd("a,b\n1,2\n");
  auto all = ReadAll(*OpenMemory(zst + "junk", "x.zst"));
  ASSERT_FALSE(all.ok());
  EXPECT_EQ(all.status().message(), "x.zst: corrupt zstd data: Unknown frame descriptor");
}

TEST_F(ByteSourceTest, MemoryPlainGzipAndZstd) {
  std::string text = SampleText(100);
  for (const std::string& bytes : {text, Gzip(text), Zstd(text)}) {
    auto source = OpenMemory(bytes, "blob");
    EXPECT_EQ(source->name(), "blob");
    auto all = ReadAll(*source, 13);
    ASSERT_TRUE(all.ok());
    EXPECT_EQ(*all, text);
  }
}

TEST_F(ByteSourceTest, ReadAfterTheEndKeepsReturningZero) {
  for (const std::string& bytes : {std::string("ab"), Gzip("ab"), Zstd("ab")}) {
    auto source = OpenMemory(bytes, "m");
    char buffer[8];
    auto n = source->Read(buffer, sizeof(buffer));
    ASSERT_TRUE(n.ok());
    EXPECT_EQ(*n, 2u);
    for (int i = 0; i < 3; ++i) {
      n = source->Read(buffer, sizeof(buffer));
      ASSERT_TRUE(n.ok());
      EXPECT_EQ(*n, 0u);
    }
  }
}

// Random bytes behind a gzip or zstd magic number never crash a reader; they end in an error
// (or, very rarely, decode to something) within a bounded number of reads.
TEST_F(ByteSourceTest, GarbageBehindAMagicNumberIsAnErrorNotACrash) {
  std::mt19937 rng(12345);
  int errors = 0;
  for (int round = 0; round < 400; ++round) {
    std::string bytes = round % 2 == 0 ? std::string("\x1f\x8b") : std::string("\x28\xb5\x2f\xfd");
    if (round % 4 < 2 && round % 2 == 0) bytes += '\x08';  // a plausible gzip header start
    size_t length = rng() % 200;
    for (size_t i = 0; i < length; ++i) bytes += static_cast<char>(rng());
    auto all = ReadAll(*OpenMemory(bytes, "garbage"), 64);
    if (!all.ok()) {
      ++errors;
      EXPECT_EQ(all.status().code(), StatusCode::kDataError);
      EXPECT_EQ(all.status().message().rfind("garbage: ", 0), 0u) << all.status().message();
    }
  }
  EXPECT_GT(errors, 390);
}

}  // namespace
}  // namespace mlgate
