// The text of every file a run reads, kept so diagnostics can quote the offending line.
// Files get ids in a fixed order chosen by the caller (sorted discovery), never by which
// thread loaded them first, so diagnostics sort the same way on every run.
// Tested by tests/unit/diagnostic_test.cpp.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "base/location.h"

namespace infrac {

struct SourceFile {
  std::string path;  // as shown to users: relative to the repository root, '/' separated
  std::string text;
  std::vector<std::uint32_t> line_starts;  // byte offset of each line

  SourceFile(std::string display_path, std::string contents);
  // The line's text without its line break (and without a trailing '\r').
  std::string_view line_text(std::uint32_t line) const;
  // Converts a byte offset to a 1-based line and code-point column.
  Location location_of(std::size_t byte_offset, std::uint32_t length = 1) const;
};

class SourceFiles {
 public:
  // Adds a file and returns its id. Safe to call from several threads.
  FileId add(std::string display_path, std::string contents);
  const SourceFile* get(FileId id) const;
  std::string_view path(FileId id) const;
  std::size_t size() const;  // ids are 0 .. size()-1

 private:
  mutable std::mutex mutex_;
  std::vector<std::unique_ptr<SourceFile>> files_;
};

}  // namespace infrac
