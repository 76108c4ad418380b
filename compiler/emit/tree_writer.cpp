#include "emit/tree_writer.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <map>
#include <mutex>
#include <set>
#include <system_error>

#include "base/interrupt.h"
#include "base/parallel.h"

namespace infrac {
namespace fs = std::filesystem;

namespace {

constexpr const char* kManifestHeader = "infrac-output v1";

std::string errno_text() {
  return std::strerror(errno);
}

// The whole file, or nothing when it cannot be read.
std::optional<std::string> read_all(const fs::path& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  struct stat st {};
  std::string out;
  if (::fstat(fd, &st) == 0 && st.st_size > 0) out.reserve(static_cast<std::size_t>(st.st_size));
  char buf[16384];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      ::close(fd);
      return std::nullopt;
    }
    if (n == 0) break;
    out.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return out;
}

bool same_contents(const fs::path& path, const std::string& contents) {
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

std::string write_new_file(const fs::path& path, const std::string& contents) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) return path.string() + ": " + errno_text();
  std::size_t done = 0;
  while (done < contents.size()) {
    ssize_t n = ::write(fd, contents.data() + done, contents.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      std::string e = path.string() + ": " + errno_text();
      ::close(fd);
      return e;
    }
    done += static_cast<std::size_t>(n);
  }
  if (::close(fd) != 0) return path.string() + ": " + errno_text();
  return {};
}

// A hard link keeps the old file's inode, bytes and mtime; a copy is the fallback on file
// systems without links.
std::string link_or_copy(const fs::path& from, const fs::path& to) {
  struct stat st {};
  if (::lstat(from.c_str(), &st) != 0) return from.string() + ": " + errno_text();
  if (S_ISLNK(st.st_mode)) {
    std::error_code ec;
    fs::copy_symlink(from, to, ec);
    return ec ? to.string() + ": " + ec.message() : std::string();
  }
  if (::link(from.c_str(), to.c_str()) == 0) return {};
  std::error_code ec;
  fs::copy_file(from, to, ec);
  return ec ? to.string() + ": " + ec.message() : std::string();
}

struct OldTree {
  bool exists = false;
  bool has_manifest = false;
  std::set<std::string> infrac_files;  // from the manifest
  std::vector<std::string> foreign;    // files and symlinks infrac did not write
};

// Every file and symlink under `dir` that the manifest does not list, from readdir's d_type
// (one getdents per directory instead of a stat per file).
bool walk_files(const fs::path& root, const std::string& rel_dir, OldTree& old,
                std::string& error) {
  fs::path dir = rel_dir.empty() ? root : root / rel_dir;
  DIR* d = ::opendir(dir.c_str());
  if (!d) {
    error = dir.string() + ": " + errno_text();
    return false;
  }
  std::vector<std::string> subdirs;
  while (dirent* e = ::readdir(d)) {
    std::string_view name = e->d_name;
    if (name == "." || name == "..") continue;
    std::string rel = rel_dir.empty() ? std::string(name) : rel_dir + "/" + std::string(name);
    unsigned char type = e->d_type;
    if (type == DT_UNKNOWN) {
      struct stat st {};
      if (::lstat((root / rel).c_str(), &st) == 0) type = S_ISDIR(st.st_mode) ? DT_DIR : DT_REG;
    }
    if (type == DT_DIR) {
      subdirs.push_back(std::move(rel));
    } else if (rel != kManifestName && !old.infrac_files.count(rel)) {
      old.foreign.push_back(std::move(rel));
    }
  }
  ::closedir(d);
  for (const auto& sub : subdirs) {
    if (!walk_files(root, sub, old, error)) return false;
  }
  return true;
}

std::optional<OldTree> scan_old_tree(const fs::path& out, std::string& error) {
  OldTree old;
  std::error_code ec;
  auto status = fs::symlink_status(out, ec);
  if (ec || status.type() == fs::file_type::not_found) return old;
  if (status.type() != fs::file_type::directory) {
    error = out.string() + " exists and is not a directory";
    return std::nullopt;
  }
  old.exists = true;
  if (auto manifest = read_all(out / kManifestName)) {
    std::size_t start = 0;
    bool first = true;
    while (start < manifest->size()) {
      std::size_t end = manifest->find('\n', start);
      if (end == std::string::npos) end = manifest->size();
      std::string line = manifest->substr(start, end - start);
      if (first) {
        if (line != kManifestHeader) break;
        old.has_manifest = true;
        first = false;
      } else if (!line.empty()) {
        old.infrac_files.insert(line);
      }
      start = end + 1;
    }
  }
  if (!walk_files(out, "", old, error)) return std::nullopt;
  std::sort(old.foreign.begin(), old.foreign.end());
  return old;
}

}  // namespace

WriteReport write_output_tree(const fs::path& out_arg, std::vector<OutputFile> files,
                              const WriteOptions& options) {
  WriteReport report;
  const fs::path out = fs::absolute(out_arg).lexically_normal();
  std::sort(files.begin(), files.end(),
            [](const OutputFile& a, const OutputFile& b) { return a.path < b.path; });
  auto owns = [&](const std::string& path) { return !options.owns || options.owns(path); };

  std::optional<OldTree> scanned = scan_old_tree(out, report.error);
  if (!scanned) return report;
  OldTree& old = *scanned;
  if (old.exists && !old.has_manifest && !old.foreign.empty()) {
    report.refused = true;
    report.error = out.string() + " is not empty and was not written by infrac (no " +
                   kManifestName + "); refusing to replace it";
    return report;
  }

  // What changes: new or different files, and infrac files this build no longer produces.
  std::vector<char> unchanged(files.size(), 0);
  parallel_for(files.size(), options.jobs, [&](std::size_t i) {
    if (old.infrac_files.count(files[i].path)) {
      unchanged[i] = same_contents(out / files[i].path, files[i].contents) ? 1 : 0;
    }
  });
  std::set<std::string> produced;
  for (const auto& f : files) produced.insert(f.path);
  std::vector<std::string> carried;  // infrac files outside this build's responsibility
  for (const auto& path : old.infrac_files) {
    if (produced.count(path)) continue;
    if (owns(path)) {
      ++report.removed;
    } else {
      carried.push_back(path);
    }
  }
  for (char u : unchanged) (u ? report.unchanged : report.written) += 1;
  if (old.exists && old.has_manifest && report.written == 0 && report.removed == 0) return report;

  // Assemble the new tree beside the old one.
  std::string staging_name = ".";  // appended piecewise: see base/quote.h on GCC 12
  staging_name += out.filename().string();
  staging_name += ".infrac-new";
  const fs::path staging = out.parent_path() / staging_name;
  std::error_code ec;
  fs::create_directories(out.parent_path(), ec);
  fs::remove_all(staging, ec);
  fs::create_directories(staging, ec);
  if (ec) {
    report.error = staging.string() + ": " + ec.message();
    return report;
  }
  auto fail = [&](std::string message) {
    std::error_code ignored;
    fs::remove_all(staging, ignored);
    report.error = std::move(message);
    return report;
  };
  std::set<std::string> directories;
  auto note_parent = [&](const std::string& rel) {
    for (std::size_t p = rel.find('/'); p != std::string::npos; p = rel.find('/', p + 1)) {
      directories.insert(rel.substr(0, p));
    }
  };
  for (const auto& f : files) note_parent(f.path);
  for (const auto& p : carried) note_parent(p);
  for (const auto& p : old.foreign) note_parent(p);
  for (const auto& d : directories) {
    if (::mkdir((staging / d).c_str(), 0755) != 0 && errno != EEXIST) {
      return fail((staging / d).string() + ": " + errno_text());
    }
  }

  std::atomic<std::size_t> placed{0};
  std::mutex error_mutex;
  std::string first_error;
  auto place = [&](const std::function<std::string()>& action) {
    std::size_t n = placed++;
    std::string e = options.fail_after_files && n >= *options.fail_after_files
                        ? std::string("injected failure: No space left on device")
                    : interrupted() ? std::string("interrupted")
                                    : action();
    if (!e.empty()) {
      std::lock_guard lock(error_mutex);
      if (first_error.empty()) first_error = e;
    }
  };
  parallel_for(files.size(), options.jobs, [&](std::size_t i) {
    const auto& f = files[i];
    place([&] {
      return unchanged[i] ? link_or_copy(out / f.path, staging / f.path)
                          : write_new_file(staging / f.path, f.contents);
    });
  });
  for (const auto& p : carried) place([&] { return link_or_copy(out / p, staging / p); });
  for (const auto& p : old.foreign) place([&] { return link_or_copy(out / p, staging / p); });
  if (!first_error.empty()) return fail(first_error);

  std::string manifest = std::string(kManifestHeader) + "\n";
  std::vector<std::string> listed(produced.begin(), produced.end());
  listed.insert(listed.end(), carried.begin(), carried.end());
  std::sort(listed.begin(), listed.end());
  for (const auto& p : listed) manifest += p + "\n";
  place([&] { return write_new_file(staging / kManifestName, manifest); });
  if (!first_error.empty()) return fail(first_error);

  // No fsync: the exchange is atomic for every reader and against every failure of the
  // build; surviving power loss mid-build would cost a sync of ~30,000 files (seconds).
  if (interrupted()) return fail("interrupted");
  if (old.exists) {
    if (::renameat2(AT_FDCWD, staging.c_str(), AT_FDCWD, out.c_str(), RENAME_EXCHANGE) != 0) {
      return fail("cannot swap " + staging.string() + " with " + out.string() + ": " +
                  errno_text());
    }
    fs::remove_all(staging, ec);  // now the previous tree
  } else {
    if (::rename(staging.c_str(), out.c_str()) != 0) {
      return fail("cannot rename " + staging.string() + " to " + out.string() + ": " +
                  errno_text());
    }
  }
  return report;
}

}  // namespace infrac
