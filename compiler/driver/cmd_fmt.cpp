// `infrac fmt [--check] [--diff] [PATH...]`: .tf files in canonical form (hcl/format.h).
// Without --check, files are rewritten in place, each atomically; with --check nothing is
// written and the command fails when a file would change. A file that does not parse is
// reported at its first syntax error and left alone.
#include <filesystem>

#include "base/fs.h"
#include "base/parallel.h"
#include "driver/commands.h"
#include "hcl/discover.h"
#include "hcl/format.h"
#include "hcl/reader.h"
#include "plan/diff.h"
#include "report/diagnostic_render.h"

namespace infrac {

int cmd_fmt(const FmtOptions& fmt, Io io) {
  namespace fs = std::filesystem;
  std::vector<fs::path> roots;
  for (const auto& p : fmt.paths) roots.emplace_back(p);
  if (roots.empty()) roots.emplace_back(".");
  Discovered found = find_tf_files(roots);
  for (const auto& e : found.errors) io.err << "infrac: error: " << e << "\n";
  bool failed = !found.errors.empty();
  std::size_t changed = 0;
  SourceFiles files;
  HclLimits limits;
  // Formatting runs in parallel; reporting and writing follow in path order.
  struct Result {
    ReadResult input;
    std::optional<std::string> formatted;
  };
  std::vector<Result> results(found.files.size());
  parallel_for(found.files.size(), default_jobs(), [&](std::size_t i) {
    results[i].input = read_text_file(found.files[i], limits.max_bytes);
    if (results[i].input.text) results[i].formatted = format_hcl(*results[i].input.text);
  });
  for (std::size_t i = 0; i < found.files.size(); ++i) {
    const auto& path = found.files[i];
    std::string shown = path.generic_string();
    ReadResult& r = results[i].input;
    if (!r.text) {
      io.err << "infrac: error: " << shown << ": "
             << (r.too_large
                     ? "larger than the " + std::to_string(limits.max_bytes >> 20) + " MiB limit"
                     : r.error)
             << "\n";
      failed = true;
      continue;
    }
    const std::optional<std::string>& formatted = results[i].formatted;
    if (!formatted) {
      Diagnostics diagnostics;
      FileId id = files.add(shown, *r.text);
      read_hcl(files, id, diagnostics, limits);
      for (const auto& d : diagnostics.sorted(files))
        io.err << render_text(d, files, TextStyle{io.color});
      if (diagnostics.size() == 0)
        io.err << "infrac: error: " << shown << ": cannot be formatted\n";
      failed = true;
      continue;
    }
    if (*formatted == *r.text) continue;
    ++changed;
    io.out << shown << "\n";
    if (fmt.diff) io.out << unified_diff(shown, *r.text, *formatted);
    if (fmt.check) continue;
    std::string error = write_file_atomically(path, *formatted);
    if (!error.empty()) {
      io.err << "infrac: error: " << shown << ": " << error << "\n";
      failed = true;
    }
  }
  if (failed) return kExitFailure;
  return fmt.check && changed > 0 ? kExitFailure : kExitOk;
}

}  // namespace infrac
