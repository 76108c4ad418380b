#include "emit/output_journal.h"

#include <system_error>

#include "base/fs.h"
#include "emit/file_ops.h"

namespace infrac {
namespace fs = std::filesystem;

namespace {

constexpr const char* kJournalHeader = "infrac-journal v1";

fs::path beside(const fs::path& out, const char* suffix) {
  std::string name = ".";  // appended piecewise: see base/quote.h on GCC 12
  name += out.filename().string();
  name += suffix;
  return out.parent_path() / name;
}

std::optional<std::vector<JournalEntry>> parse_journal(const std::string& text) {
  std::vector<JournalEntry> out;
  std::size_t start = 0;
  bool header = true;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) return std::nullopt;  // cut short: never a commit point
    std::string line = text.substr(start, end - start);
    start = end + 1;
    if (header) {
      if (line != kJournalHeader) return std::nullopt;
      header = false;
    } else if (line.rfind("put ", 0) == 0) {
      out.push_back({JournalEntry::Op::Put, line.substr(4)});
    } else if (line.rfind("del ", 0) == 0) {
      out.push_back({JournalEntry::Op::Remove, line.substr(4)});
    } else {
      return std::nullopt;
    }
  }
  if (header) return std::nullopt;
  return out;
}

}  // namespace

fs::path staging_dir(const fs::path& out) {
  return beside(out, ".infrac-new");
}
fs::path journal_path(const fs::path& out) {
  return beside(out, ".infrac-journal");
}

std::string write_journal(const fs::path& out, const std::vector<JournalEntry>& entries) {
  std::string text = std::string(kJournalHeader) + "\n";
  for (const auto& e : entries) {
    text += (e.op == JournalEntry::Op::Put ? "put " : "del ") + e.path + "\n";
  }
  // Through a temporary file, fsync'ed and renamed: the journal is complete or absent.
  return write_file_atomically(journal_path(out), text);
}

std::string apply_journal(const fs::path& out, const std::vector<JournalEntry>& entries,
                          std::optional<std::size_t> stop_after) {
  const fs::path staging = staging_dir(out);
  std::size_t done = 0;
  for (const auto& e : entries) {
    if (stop_after && done++ == *stop_after) return "simulated crash during the commit";
    std::string error;
    if (e.op == JournalEntry::Op::Remove) {
      error = remove_file(out / e.path, out);
    } else if (fs::exists(fs::symlink_status(staging / e.path))) {
      error = move_file(staging / e.path, out / e.path);
    }
    if (!error.empty()) {
      return error + " (the output is half-updated; the next build completes it)";
    }
  }
  std::error_code ec;
  fs::remove(journal_path(out), ec);
  fs::remove_all(staging, ec);
  return {};
}

std::string recover_output(const fs::path& out) {
  std::error_code ec;
  if (fs::exists(journal_path(out), ec)) {
    ReadResult text = read_text_file(journal_path(out), kMaxListBytes);
    auto entries = text.text ? parse_journal(*text.text) : std::nullopt;
    if (!entries) return journal_path(out).string() + ": unreadable journal of an earlier build";
    if (std::string e = apply_journal(out, *entries); !e.empty()) return e;
  }
  fs::remove_all(staging_dir(out), ec);
  fs::path tmp = journal_path(out);
  tmp += ".infrac-tmp";  // write_file_atomically's, from a write that never renamed
  fs::remove(tmp, ec);
  return {};
}

}  // namespace infrac
