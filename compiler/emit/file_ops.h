// The few POSIX file operations the output writer needs beyond base/fs.h, each returning an
// error message (empty on success) instead of throwing: byte comparison with a file,
// exclusive creation, and rename/unlink that tolerate what a resumed commit finds.
// Tested by tests/unit/tree_writer_test.cpp.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace infrac {

// The file is a regular file holding exactly `contents`.
bool file_has_contents(const std::filesystem::path& path, const std::string& contents);
// Creates `path` (which must not exist), creating missing parent directories.
std::string create_file(const std::filesystem::path& path, const std::string& contents);
// Moves `from` to `to`, creating `to`'s parent directories.
std::string move_file(const std::filesystem::path& from, const std::filesystem::path& to);
// Removes `path` (a missing file is fine) and then its parent directories up to `root` while
// they are empty.
std::string remove_file(const std::filesystem::path& path, const std::filesystem::path& root);

}  // namespace infrac
