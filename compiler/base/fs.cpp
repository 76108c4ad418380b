#include "base/fs.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>

#include "base/hash.h"

namespace infrac {

ReadResult read_text_file(const std::filesystem::path& path, std::size_t max_bytes) {
  ReadResult result;
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    result.error = std::strerror(errno);
    return result;
  }
  std::string data;
  char buffer[65536];
  for (;;) {
    ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0) {
      if (errno == EINTR) continue;
      result.error = std::strerror(errno);
      ::close(fd);
      return result;
    }
    if (n == 0) break;
    data.append(buffer, static_cast<std::size_t>(n));
    if (data.size() > max_bytes) {
      result.too_large = true;
      result.error = "file is larger than the limit";
      ::close(fd);
      return result;
    }
  }
  ::close(fd);
  result.text = std::move(data);
  return result;
}

std::optional<std::vector<DirEntry>> list_folder(const std::filesystem::path& dir) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) return std::nullopt;
  std::vector<DirEntry> out;
  for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    DirEntry e;
    e.path = it->path();
    e.name = e.path.filename().string();
    std::error_code kind_ec;
    e.is_dir = it->is_directory(kind_ec);
    e.is_file = !e.is_dir && it->is_regular_file(kind_ec);
    out.push_back(std::move(e));
  }
  std::sort(out.begin(), out.end(),
            [](const DirEntry& a, const DirEntry& b) { return a.name < b.name; });
  return out;
}

FileDigest digest_file(const std::filesystem::path& path) {
  FileDigest out;
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    out.absent = errno == ENOENT || errno == ENOTDIR;
    if (!out.absent) out.error = std::strerror(errno);
    return out;
  }
  Fnv1a h;
  char buffer[65536];
  for (;;) {
    ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0) {
      if (errno == EINTR) continue;
      out.error = std::strerror(errno);
      break;
    }
    if (n == 0) break;
    h.bytes(std::string_view(buffer, static_cast<std::size_t>(n)));
    out.size += static_cast<std::uint64_t>(n);
  }
  ::close(fd);
  out.hash = h.value();
  return out;
}

std::string write_file_atomically(const std::filesystem::path& path, std::string_view contents) {
  std::filesystem::path tmp = path;
  tmp += ".infrac-tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return tmp.string() + ": " + std::strerror(errno);
  std::size_t done = 0;
  while (done < contents.size()) {
    ssize_t n = ::write(fd, contents.data() + done, contents.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      std::string error = tmp.string() + ": " + std::strerror(errno);
      ::close(fd);
      ::unlink(tmp.c_str());
      return error;
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    std::string error = tmp.string() + ": " + std::strerror(errno);
    ::unlink(tmp.c_str());
    return error;
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    std::string error = path.string() + ": " + std::strerror(errno);
    ::unlink(tmp.c_str());
    return error;
  }
  return {};
}

std::string display_path(const std::filesystem::path& path, const std::filesystem::path& root) {
  std::error_code ec;
  auto rel = std::filesystem::relative(path, root, ec);
  if (ec || rel.empty() || rel.native().starts_with("..")) return path.generic_string();
  return rel.generic_string();
}

}  // namespace infrac
