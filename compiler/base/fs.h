// Small file-system helpers. Every read of a user file goes through read_text_file so size
// caps apply before a parser sees the bytes.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace infrac {

struct ReadResult {
  std::optional<std::string> text;
  std::string error;  // set when text is empty: why the file could not be read
  bool too_large = false;
};

ReadResult read_text_file(const std::filesystem::path& path, std::size_t max_bytes);

// Writes through a temporary file in the same directory, fsync, rename. Returns an error
// message, or the empty string on success.
std::string write_file_atomically(const std::filesystem::path& path, std::string_view contents);

// '/'-separated path of `path` relative to `root` (for display and reports).
std::string display_path(const std::filesystem::path& path, const std::filesystem::path& root);

}  // namespace infrac
