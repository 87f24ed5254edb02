#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "gates/report/report.h"

namespace mlgate {

Status WriteFileAtomically(const std::string& path, const std::string& content) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path target(path);
  if (target.has_parent_path()) fs::create_directories(target.parent_path(), ec);
  std::string temp = fmt::format("{}.tmp.{}", path, ::getpid());
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    if (!out) {
      return Unavailable(fmt::format("{}: cannot write: {}", path, std::strerror(errno)));
    }
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    out.flush();
    if (!out) {
      fs::remove(temp, ec);
      return Unavailable(fmt::format("{}: write failed: {}", path, std::strerror(errno)));
    }
  }
  if (std::rename(temp.c_str(), path.c_str()) != 0) {
    int err = errno;
    fs::remove(temp, ec);
    return Unavailable(fmt::format("{}: cannot rename into place: {}", path, std::strerror(err)));
  }
  return Status::Ok();
}

Status AppendToFile(const std::string& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary | std::ios::app);
  if (!out) return Unavailable(fmt::format("{}: cannot append: {}", path, std::strerror(errno)));
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
  if (!out) return Unavailable(fmt::format("{}: append failed", path));
  return Status::Ok();
}

}  // namespace mlgate
