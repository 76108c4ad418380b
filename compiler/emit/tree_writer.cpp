#include "emit/tree_writer.h"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <set>
#include <system_error>

#include "base/fs.h"
#include "base/interrupt.h"
#include "base/parallel.h"
#include "emit/file_ops.h"
#include "emit/output_journal.h"

namespace infrac {
namespace fs = std::filesystem;

namespace {

constexpr const char* kManifestHeader = "infrac-output v1";

// The manifest's list of infrac's files, or nothing when there is no valid manifest.
std::optional<std::set<std::string>> read_manifest(const fs::path& out) {
  auto text = read_text_file(out / kManifestName, kMaxListBytes).text;
  if (!text || text->rfind(std::string(kManifestHeader) + "\n", 0) != 0) return std::nullopt;
  std::set<std::string> files;
  std::size_t start = std::string(kManifestHeader).size() + 1;
  while (start < text->size()) {
    std::size_t end = text->find('\n', start);
    if (end == std::string::npos) end = text->size();
    if (end > start) files.insert(text->substr(start, end - start));
    start = end + 1;
  }
  return files;
}

// Whether any file or symlink lies under `dir` (empty folders do not count).
bool holds_files(const fs::path& dir) {
  std::error_code ec;
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (!it->is_directory(ec)) return true;
  }
  return false;
}

// The report with its lists moved out (275,000 paths at 5,000 services), the rest kept.
WriteReport hand_over(WriteReport& report) {
  WriteReport out = std::move(report);
  report.error = out.error;
  report.refused = out.refused;
  return out;
}

}  // namespace

struct TreeWriter::State {
  fs::path out, staging;
  WriteOptions options;
  bool fresh = false;  // no output directory yet: the staging tree becomes it
  bool has_manifest = false;
  std::set<std::string> old_files;    // infrac's files in the old tree (its manifest)
  std::mutex mutex;                   // guards the four below
  std::vector<std::string> produced;  // every path added
  std::vector<std::string> staged;    // new or changed: in the staging tree (a rebuild's)
  std::size_t staged_fresh = 0;       // a first build's staged files
  std::string first_error;
  std::atomic<std::size_t> placed{0}, unchanged{0};
  bool done = false;

  // Writes one file into the staging tree (or fails as the options inject, or on Ctrl-C).
  std::string stage(const std::string& path, const std::string& contents) {
    std::size_t n = placed++;
    if (options.fail_after_files && n >= *options.fail_after_files)
      return "injected failure: No space left on device";
    if (interrupted()) return "interrupted";
    return create_file(staging / path, contents);
  }
};

TreeWriter::TreeWriter(const fs::path& out_arg, WriteOptions options)
    : state_(std::make_unique<State>()) {
  State& s = *state_;
  s.out = fs::absolute(out_arg).lexically_normal();
  s.staging = staging_dir(s.out);
  s.options = std::move(options);
  // A build killed during its commit is completed first; a failed one's staging goes.
  if (std::string e = recover_output(s.out); !e.empty()) {
    report_.error = e;
    return;
  }
  std::error_code ec;
  auto status = fs::symlink_status(s.out, ec);
  s.fresh = ec || status.type() == fs::file_type::not_found;
  if (!s.fresh && status.type() != fs::file_type::directory) {
    report_.error = s.out.string() + " exists and is not a directory";
    return;
  }
  if (!s.fresh) {
    auto manifest = read_manifest(s.out);
    if (!manifest && holds_files(s.out)) {
      report_.refused = true;
      report_.error = s.out.string() + " is not empty and was not written by infrac (no " +
                      kManifestName + "); refusing to write into it";
      return;
    }
    if (manifest) s.old_files = std::move(*manifest);
    s.has_manifest = manifest.has_value();
  }
  fs::create_directories(s.staging, ec);
  if (ec) report_.error = s.staging.string() + ": " + ec.message();
}

TreeWriter::~TreeWriter() {
  if (state_ && !state_->done) abandon();
}

void TreeWriter::add(std::vector<OutputFile> files) {
  if (!report_.error.empty()) return;
  State& s = *state_;
  for (auto& f : files) {
    bool same =
        !s.fresh && s.old_files.count(f.path) && file_has_contents(s.out / f.path, f.contents);
    std::string error;
    if (!same) {
      error = s.stage(f.path, f.contents);
    } else {
      ++s.unchanged;
    }
    std::lock_guard lock(s.mutex);
    if (!error.empty() && s.first_error.empty()) s.first_error = error;
    // A first build stages every file: counted, not listed twice (275,000 paths at 5,000
    // services).
    if (!same && s.fresh) {
      ++s.staged_fresh;
    } else if (!same) {
      s.staged.push_back(f.path);
    }
    s.produced.push_back(std::move(f.path));
  }
}

void TreeWriter::abandon() {
  std::error_code ec;
  fs::remove_all(state_->staging, ec);
  state_->done = true;
}

WriteReport TreeWriter::commit() {
  State& s = *state_;
  if (!report_.error.empty()) {
    abandon();
    return report_;
  }
  auto fail = [&](std::string message) {
    abandon();
    report_.error = std::move(message);
    return report_;
  };
  if (!s.first_error.empty()) return fail(s.first_error);
  std::sort(s.produced.begin(), s.produced.end());
  std::sort(s.staged.begin(), s.staged.end());
  std::vector<std::string> dropped, kept;
  for (const auto& path : s.old_files) {
    if (std::binary_search(s.produced.begin(), s.produced.end(), path)) continue;
    if (!s.options.owns || s.options.owns(path)) {
      dropped.push_back(path);
    } else {
      kept.push_back(path);  // another build's files stay infrac's
    }
  }
  // Both sorted (the old files are a set): merged, not sorted again (55,000 paths).
  std::vector<std::string>& listed = report_.files;
  listed.clear();
  listed.reserve(s.produced.size() + kept.size());
  std::merge(std::make_move_iterator(s.produced.begin()), std::make_move_iterator(s.produced.end()),
             std::make_move_iterator(kept.begin()), std::make_move_iterator(kept.end()),
             std::back_inserter(listed));
  s.produced.clear();
  report_.written = s.staged.size() + s.staged_fresh;
  report_.unchanged = s.unchanged;
  report_.removed = dropped.size();
  if (s.has_manifest && s.staged.empty() && dropped.empty()) {
    abandon();  // nothing changed: nothing is touched, the manifest included
    return hand_over(report_);
  }
  std::string manifest = std::string(kManifestHeader) + "\n";
  for (const auto& p : listed) manifest += p + "\n";
  if (std::string e = s.stage(kManifestName, manifest); !e.empty()) return fail(e);
  // No fsync: the commit is atomic for every reader of a first build and against every
  // failure of the build; surviving power loss would cost a sync of every file (seconds).
  if (s.fresh) {
    if (std::rename(s.staging.c_str(), s.out.c_str()) != 0) {
      return fail("cannot rename " + s.staging.string() + " to " + s.out.string() + ": " +
                  std::strerror(errno));
    }
    s.done = true;
    return hand_over(report_);  // a first build: every file is new, none "rewritten"
  }
  std::vector<JournalEntry> entries;
  for (const auto& p : dropped) entries.push_back({JournalEntry::Op::Remove, p});
  for (const auto& p : s.staged) entries.push_back({JournalEntry::Op::Put, p});
  entries.push_back({JournalEntry::Op::Put, kManifestName});
  if (std::string e = write_journal(s.out, entries); !e.empty()) return fail(e);
  s.done = true;  // committed: from here on the journal, not abandon(), decides
  report_.error = apply_journal(s.out, entries, s.options.crash_after_moves);
  report_.rewritten = std::move(s.staged);
  return hand_over(report_);
}

WriteReport write_output_tree(const fs::path& out, std::vector<OutputFile> files,
                              const WriteOptions& options) {
  TreeWriter writer(out, options);
  // In slices, so comparing with the old files and staging new ones runs on `jobs` threads.
  std::size_t slices = std::max(1u, options.jobs) * 4;
  std::vector<std::vector<OutputFile>> parts(slices);
  for (std::size_t i = 0; i < files.size(); ++i) parts[i % slices].push_back(std::move(files[i]));
  parallel_for(slices, std::max(1u, options.jobs),
               [&](std::size_t i) { writer.add(std::move(parts[i])); });
  return writer.commit();
}

}  // namespace infrac
