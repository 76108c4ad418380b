#include "emit/file_ops.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>

namespace infrac {
namespace fs = std::filesystem;

namespace {

std::string failed(const fs::path& path) {
  return path.string() + ": " + std::strerror(errno);
}

std::string make_parents(const fs::path& path) {
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  return ec ? path.parent_path().string() + ": " + ec.message() : std::string();
}

}  // namespace

bool file_has_contents(const fs::path& path, const std::string& contents) {
  int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return false;
  struct stat st {};
  bool same = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
              static_cast<std::size_t>(st.st_size) == contents.size();
  if (same && !contents.empty()) {
    std::string old(contents.size() + 1, '\0');  // one more byte: notices a file that grew
    std::size_t got = 0;
    for (;;) {
      ssize_t n = ::read(fd, old.data() + got, old.size() - got);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      got += static_cast<std::size_t>(n);
      if (got == old.size()) break;
    }
    same = got == contents.size() && std::memcmp(old.data(), contents.data(), got) == 0;
  }
  ::close(fd);
  return same;
}

std::string create_file(const fs::path& path, const std::string& contents) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0 && errno == ENOENT) {
    if (std::string e = make_parents(path); !e.empty()) return e;
    fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  }
  if (fd < 0) return failed(path);
  std::size_t done = 0;
  while (done < contents.size()) {
    ssize_t n = ::write(fd, contents.data() + done, contents.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      std::string e = failed(path);
      ::close(fd);
      return e;
    }
    done += static_cast<std::size_t>(n);
  }
  if (::close(fd) != 0) return failed(path);
  return {};
}

std::string move_file(const fs::path& from, const fs::path& to) {
  if (::rename(from.c_str(), to.c_str()) == 0) return {};
  if (errno != ENOENT || !fs::exists(from)) return failed(from);
  if (std::string e = make_parents(to); !e.empty()) return e;
  return ::rename(from.c_str(), to.c_str()) == 0 ? std::string() : failed(from);
}

std::string remove_file(const fs::path& path, const fs::path& root) {
  if (::unlink(path.c_str()) != 0 && errno != ENOENT) return failed(path);
  // Parents left empty go too (a removed target's folders), never `root` itself.
  for (fs::path dir = path.parent_path(); dir != root && dir.string().size() > root.string().size();
       dir = dir.parent_path()) {
    if (::rmdir(dir.c_str()) != 0) break;  // not empty (or foreign files): stop
  }
  return {};
}

}  // namespace infrac
