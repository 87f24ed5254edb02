// A stream of bytes from a file (plain, gzip or zstd, detected by magic bytes) or from memory.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "checks/status.h"

namespace mlgate {

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Reads up to `size` bytes into `buffer`; returns 0 at the end. An error names the source.
  virtual StatusOr<size_t> Read(char* buffer, size_t size) = 0;
  // The name used in messages (the path as the user wrote it).
  virtual const std::string& name() const = 0;
  // How many bytes Read will yield in all, when that is known up front (a regular file, bytes in
  // memory; not decompressed content). Lets a reader size its buffers once.
  virtual std::optional<uint64_t> size() const { return std::nullopt; }
};

// Opens `path`; gzip (.gz) and zstd (.zst) content is decompressed transparently, whatever the
// file is called. `display_name` names the source in messages (defaults to `path`).
StatusOr<std::unique_ptr<ByteSource>> OpenFile(const std::string& path,
                                               const std::string& display_name = "");
// A source over bytes already in memory (a git blob, a test string); decompressed when the
// bytes start with a gzip or zstd magic number.
std::unique_ptr<ByteSource> OpenMemory(std::string bytes, std::string display_name);

}  // namespace mlgate
