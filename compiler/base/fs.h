// Small file-system helpers. Every read of a user file goes through read_text_file so size
// caps apply before a parser sees the bytes.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace infrac {

struct ReadResult {
  std::optional<std::string> text;
  std::string error;  // set when text is empty: why the file could not be read
  bool too_large = false;
};

ReadResult read_text_file(const std::filesystem::path& path, std::size_t max_bytes);

struct DirEntry {
  std::string name;
  bool is_dir = false;
  bool is_file = false;  // a regular file (after following a symlink)
  std::filesystem::path path;
};

// The folder's entries sorted by name; nothing when it is not a folder.
std::optional<std::vector<DirEntry>> list_folder(const std::filesystem::path& dir);

// A file's whole content hashed, streamed (no cap, no copy in memory).
struct FileDigest {
  bool absent = false;     // no such file (or a path through something that is not a folder)
  std::string error;       // it is there but could not be read
  std::uint64_t hash = 0;  // FNV-1a 64 (base/hash.h)
  std::uint64_t size = 0;
};
FileDigest digest_file(const std::filesystem::path& path);

// Writes through a temporary file in the same directory, fsync, rename. Returns an error
// message, or the empty string on success.
std::string write_file_atomically(const std::filesystem::path& path, std::string_view contents);

// '/'-separated path of `path` relative to `root` (for display and reports).
std::string display_path(const std::filesystem::path& path, const std::filesystem::path& root);

}  // namespace infrac
