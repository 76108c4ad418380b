#include "base/source_files.h"

namespace infrac {

SourceFile::SourceFile(std::string display_path, std::string contents)
    : path(std::move(display_path)), text(std::move(contents)) {
  line_starts.push_back(0);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') line_starts.push_back(static_cast<std::uint32_t>(i + 1));
  }
}

std::string_view SourceFile::line_text(std::uint32_t line) const {
  if (line == 0 || line > line_starts.size()) return {};
  std::size_t begin = line_starts[line - 1];
  std::size_t end = line < line_starts.size() ? line_starts[line] - 1 : text.size();
  std::string_view view(text.data() + begin, end - begin);
  if (!view.empty() && view.back() == '\r') view.remove_suffix(1);
  return view;
}

Location SourceFile::location_of(std::size_t byte_offset, std::uint32_t length) const {
  if (byte_offset > text.size()) byte_offset = text.size();
  std::size_t lo = 0, hi = line_starts.size();
  while (hi - lo > 1) {  // last line start <= offset
    std::size_t mid = (lo + hi) / 2;
    (line_starts[mid] <= byte_offset ? lo : hi) = mid;
  }
  std::uint32_t column = 1;
  for (std::size_t i = line_starts[lo]; i < byte_offset; ++i) {
    // Count code points: skip UTF-8 continuation bytes.
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++column;
  }
  return Location{kNoFile, static_cast<std::uint32_t>(lo + 1), column, length};
}

FileId SourceFiles::add(std::string display_path, std::string contents) {
  auto file = std::make_unique<SourceFile>(std::move(display_path), std::move(contents));
  std::lock_guard lock(mutex_);
  files_.push_back(std::move(file));
  return static_cast<FileId>(files_.size() - 1);
}

const SourceFile* SourceFiles::get(FileId id) const {
  std::lock_guard lock(mutex_);
  return id < files_.size() ? files_[id].get() : nullptr;
}

std::string_view SourceFiles::path(FileId id) const {
  const SourceFile* file = get(id);
  return file ? std::string_view(file->path) : std::string_view("<unknown>");
}

std::size_t SourceFiles::size() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return files_.size();
}

}  // namespace infrac
