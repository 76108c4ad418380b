// The commit log of a rebuild of the output tree. Before it exists nothing in the output has
// changed; once it exists (written beside the output, then renamed into place: the commit
// point) the build is done, and applying it — each staged file renamed into the output, each
// dropped file unlinked, the manifest last — is repeatable: a build killed half-way through
// is completed by the next one before it starts. See tree_writer.h.
// Tested by tests/unit/tree_writer_test.cpp ("a commit killed half-way").
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace infrac {

struct JournalEntry {
  enum class Op { Put, Remove } op;
  std::string path;  // relative to the output directory
};

// The largest journal or manifest read back: a path per line for every file of the tree.
inline constexpr std::size_t kMaxListBytes = 256u << 20;

// Beside `out`: .<name>.infrac-new (staged files) and .<name>.infrac-journal.
std::filesystem::path staging_dir(const std::filesystem::path& out);
std::filesystem::path journal_path(const std::filesystem::path& out);

// Writes the journal (the commit point); an error leaves no journal.
std::string write_journal(const std::filesystem::path& out,
                          const std::vector<JournalEntry>& entries);

// Applies the entries: a Put whose staged file is gone was applied already. `stop_after`
// (tests) stops after that many entries, as if the process had been killed. On success the
// journal and the staging tree are removed.
std::string apply_journal(const std::filesystem::path& out,
                          const std::vector<JournalEntry>& entries,
                          std::optional<std::size_t> stop_after = std::nullopt);

// Before a build: completes a journal a killed build left, or removes a staging tree a failed
// one left. Returns an error when a journal exists and cannot be applied.
std::string recover_output(const std::filesystem::path& out);

}  // namespace infrac
