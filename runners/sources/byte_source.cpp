// Byte sources over files and memory. Compressed content is recognised by its magic number, not
// by the file name, so a gzip file called data.csv still reads, and a truncated or corrupt stream
// is an error rather than a silently short input.
#include "runners/sources/byte_source.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <system_error>
#include <utility>
#include <vector>

namespace mlgate {
namespace {

// Compressed input is read in chunks of this size; large enough that per-read overhead vanishes
// next to decompression, small enough to stay in cache.
constexpr size_t kCompressedChunk = 256u << 10;

std::string ErrnoText(int err) { return std::generic_category().message(err); }

class FileSource final : public ByteSource {
 public:
  FileSource(int fd, std::string name, std::optional<uint64_t> size)
      : fd_(fd), name_(std::move(name)), size_(size) {}
  ~FileSource() override { ::close(fd_); }
  FileSource(const FileSource&) = delete;
  FileSource& operator=(const FileSource&) = delete;

  StatusOr<size_t> Read(char* buffer, size_t size) override {
    if (size == 0) return size_t{0};
    while (true) {
      ssize_t n = ::read(fd_, buffer, size);
      if (n >= 0) return static_cast<size_t>(n);
      if (errno == EINTR) continue;
      return DataError(name_ + ": read error: " + ErrnoText(errno));
    }
  }
  const std::string& name() const override { return name_; }
  std::optional<uint64_t> size() const override { return size_; }

 private:
  int fd_;
  std::string name_;
  std::optional<uint64_t> size_;  // regular files only (not pipes)
};

class MemorySource final : public ByteSource {
 public:
  MemorySource(std::string bytes, std::string name)
      : bytes_(std::move(bytes)), name_(std::move(name)) {}

  StatusOr<size_t> Read(char* buffer, size_t size) override {
    size_t n = std::min(size, bytes_.size() - pos_);
    std::memcpy(buffer, bytes_.data() + pos_, n);
    pos_ += n;
    return n;
  }
  const std::string& name() const override { return name_; }
  std::optional<uint64_t> size() const override { return bytes_.size(); }

 private:
  std::string bytes_;
  size_t pos_ = 0;
  std::string name_;
};

// Yields `prefix` (bytes already taken from `inner` to look at its magic number), then the rest
// of `inner`.
class PrefixedSource final : public ByteSource {
 public:
  PrefixedSource(std::unique_ptr<ByteSource> inner, std::string prefix)
      : inner_(std::move(inner)), prefix_(std::move(prefix)) {}

  StatusOr<size_t> Read(char* buffer, size_t size) override {
    if (pos_ < prefix_.size()) {
      size_t n = std::min(size, prefix_.size() - pos_);
      std::memcpy(buffer, prefix_.data() + pos_, n);
      pos_ += n;
      return n;
    }
    return inner_->Read(buffer, size);
  }
  const std::string& name() const override { return inner_->name(); }
  // The prefix was read from `inner`, whose size counts it already.
  std::optional<uint64_t> size() const override { return inner_->size(); }

 private:
  std::unique_ptr<ByteSource> inner_;
  std::string prefix_;
  size_t pos_ = 0;
};

// The compressed input of a decompressing source: a buffer refilled from the inner source.
class CompressedInput {
 public:
  CompressedInput(std::unique_ptr<ByteSource> inner, const std::string& prefix)
      : inner_(std::move(inner)), buffer_(std::max(kCompressedChunk, prefix.size())) {
    std::memcpy(buffer_.data(), prefix.data(), prefix.size());
    end_ = prefix.size();
  }

  const char* data() const { return buffer_.data() + begin_; }
  size_t size() const { return end_ - begin_; }
  bool eof() const { return eof_; }
  void Consume(size_t n) { begin_ += n; }
  const std::string& name() const { return inner_->name(); }

  // Moves the unread bytes to the front and reads more after them (sets eof() at the end).
  Status Refill() {
    if (eof_) return Status::Ok();
    if (begin_ == 0 && end_ == buffer_.size()) return Status::Ok();  // full: consume first
    std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
    auto n = inner_->Read(buffer_.data() + end_, buffer_.size() - end_);
    if (!n.ok()) return n.status();
    if (*n == 0) eof_ = true;
    end_ += *n;
    return Status::Ok();
  }

 private:
  std::unique_ptr<ByteSource> inner_;
  std::vector<char> buffer_;
  size_t begin_ = 0;
  size_t end_ = 0;
  bool eof_ = false;
};

bool IsGzipMagic(std::string_view bytes) {
  return bytes.size() >= 2 && std::memcmp(bytes.data(), "\x1f\x8b", 2) == 0;
}

bool IsZstdMagic(std::string_view bytes) {
  return bytes.size() >= 4 && std::memcmp(bytes.data(), "\x28\xb5\x2f\xfd", 4) == 0;
}

// gzip, including files of several concatenated members (what `cat a.gz b.gz` makes). Anything
// after the last member other than another member is an error, as is a stream that stops before
// its end-of-member trailer.
class GzipSource final : public ByteSource {
 public:
  GzipSource(std::unique_ptr<ByteSource> inner, const std::string& prefix)
      : input_(std::move(inner), prefix) {
    std::memset(&z_, 0, sizeof(z_));
    // 16 + MAX_WBITS: a gzip wrapper only, with its CRC-32 and length checked.
    init_ = inflateInit2(&z_, 16 + MAX_WBITS);
  }
  ~GzipSource() override {
    if (init_ == Z_OK) inflateEnd(&z_);
  }
  GzipSource(const GzipSource&) = delete;
  GzipSource& operator=(const GzipSource&) = delete;

  StatusOr<size_t> Read(char* buffer, size_t size) override {
    if (init_ != Z_OK) return Internal(name() + ": cannot initialise zlib");
    if (done_ || size == 0) return size_t{0};
    // zlib counts in uInt; a smaller read is always allowed.
    size = std::min<size_t>(size, 1u << 30);
    z_.next_out = reinterpret_cast<Bytef*>(buffer);
    z_.avail_out = static_cast<uInt>(size);
    while (z_.avail_out == size) {  // until some output is produced
      if (member_ended_) {
        // What follows a member decides: nothing (the end), another member, or garbage.
        while (input_.size() < 2 && !input_.eof()) MLGATE_RETURN_IF_ERROR(input_.Refill());
        if (input_.size() == 0) {
          done_ = true;
          break;
        }
        if (!IsGzipMagic(std::string_view(input_.data(), input_.size()))) {
          return DataError(name() + ": unexpected data after the end of the gzip stream");
        }
        inflateReset(&z_);
        member_ended_ = false;
      }
      if (input_.size() == 0) {
        MLGATE_RETURN_IF_ERROR(input_.Refill());
        if (input_.size() == 0) {
          return DataError(name() +
                           ": truncated gzip stream (the file ends inside compressed data)");
        }
      }
      z_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(input_.data()));
      z_.avail_in = static_cast<uInt>(std::min<size_t>(input_.size(), 1u << 30));
      uInt before = z_.avail_in;
      int ret = inflate(&z_, Z_NO_FLUSH);
      input_.Consume(before - z_.avail_in);
      if (ret == Z_STREAM_END) {
        member_ended_ = true;
      } else if (ret == Z_BUF_ERROR && z_.avail_in == before) {
        // No progress with input left cannot happen with output space; guard against a loop.
        return DataError(name() + ": corrupt gzip data: no progress");
      } else if (ret != Z_OK && ret != Z_BUF_ERROR) {
        // Z_BUF_ERROR only means "no progress without more input"; the next turn reads more.
        std::string why = z_.msg != nullptr ? z_.msg : zError(ret);
        return DataError(name() + ": corrupt gzip data: " + why);
      }
    }
    return size - z_.avail_out;
  }
  const std::string& name() const override { return input_.name(); }

 private:
  CompressedInput input_;
  z_stream z_;
  int init_ = Z_OK;
  bool member_ended_ = false;
  bool done_ = false;
};

// zstd, any number of frames (skippable frames are skipped). A stream that ends inside a frame is
// an error.
class ZstdSource final : public ByteSource {
 public:
  ZstdSource(std::unique_ptr<ByteSource> inner, const std::string& prefix)
      : input_(std::move(inner), prefix), dctx_(ZSTD_createDCtx()) {}
  ~ZstdSource() override { ZSTD_freeDCtx(dctx_); }
  ZstdSource(const ZstdSource&) = delete;
  ZstdSource& operator=(const ZstdSource&) = delete;

  StatusOr<size_t> Read(char* buffer, size_t size) override {
    if (dctx_ == nullptr) return Internal(name() + ": cannot initialise zstd");
    if (done_ || size == 0) return size_t{0};
    ZSTD_outBuffer out{buffer, size, 0};
    while (true) {
      if (input_.size() == 0 && !input_.eof()) MLGATE_RETURN_IF_ERROR(input_.Refill());
      ZSTD_inBuffer in{input_.data(), input_.size(), 0};
      size_t ret = ZSTD_decompressStream(dctx_, &out, &in);
      input_.Consume(in.pos);
      if (ZSTD_isError(ret)) {
        return DataError(name() + ": corrupt zstd data: " + ZSTD_getErrorName(ret));
      }
      // A call that did nothing returns the size of a next frame's header even after a complete
      // frame, so only a call that made progress says whether a frame is still open.
      if (in.pos > 0 || out.pos > 0) frame_open_ = ret != 0;
      if (out.pos > 0) return out.pos;
      if (input_.size() == 0 && input_.eof()) {
        if (frame_open_) {
          return DataError(name() +
                           ": truncated zstd stream (the file ends inside compressed data)");
        }
        done_ = true;
        return size_t{0};
      }
    }
  }
  const std::string& name() const override { return input_.name(); }

 private:
  CompressedInput input_;
  ZSTD_DCtx* dctx_;
  bool frame_open_ = true;  // nothing decoded yet counts as open: the magic number promised a frame
  bool done_ = false;
};

// Wraps `raw`, whose first bytes `prefix` have already been read, in the decoder its magic
// number asks for.
std::unique_ptr<ByteSource> Decode(std::unique_ptr<ByteSource> raw, std::string_view prefix) {
  if (IsGzipMagic(prefix)) return std::make_unique<GzipSource>(std::move(raw), std::string(prefix));
  if (IsZstdMagic(prefix)) return std::make_unique<ZstdSource>(std::move(raw), std::string(prefix));
  return std::make_unique<PrefixedSource>(std::move(raw), std::string(prefix));
}

}  // namespace

StatusOr<std::unique_ptr<ByteSource>> OpenFile(const std::string& path,
                                               const std::string& display_name) {
  const std::string& name = display_name.empty() ? path : display_name;
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    int err = errno;
    std::string message = name + ": cannot open: " + ErrnoText(err);
    if (err == ENOENT || err == ENOTDIR) return NotFound(message);
    return InvalidArgument(message);
  }
  struct stat info;
  std::optional<uint64_t> size;
  if (::fstat(fd, &info) == 0) {
    if (S_ISDIR(info.st_mode)) {
      ::close(fd);
      return InvalidArgument(name + ": cannot open: is a directory, not a file");
    }
    if (S_ISREG(info.st_mode)) size = static_cast<uint64_t>(info.st_size);
  }
  auto raw = std::make_unique<FileSource>(fd, name, size);
  // Up to four bytes decide the format; a shorter file is plain text.
  char magic[4];
  size_t have = 0;
  while (have < sizeof(magic)) {
    auto n = raw->Read(magic + have, sizeof(magic) - have);
    if (!n.ok()) return n.status();
    if (*n == 0) break;
    have += *n;
  }
  return Decode(std::move(raw), std::string_view(magic, have));
}

std::unique_ptr<ByteSource> OpenMemory(std::string bytes, std::string display_name) {
  bool gzip = IsGzipMagic(bytes);
  bool zstd = IsZstdMagic(bytes);
  auto raw = std::make_unique<MemorySource>(std::move(bytes), std::move(display_name));
  if (gzip) return std::make_unique<GzipSource>(std::move(raw), "");
  if (zstd) return std::make_unique<ZstdSource>(std::move(raw), "");
  return raw;
}

}  // namespace mlgate
