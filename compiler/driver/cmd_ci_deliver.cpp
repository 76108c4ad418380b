// `infrac ci bundle` (the pull request: what to apply, with Terraform's saved plans) and
// `infrac ci apply` (the merge: check the merged commit renders exactly that, then run the
// steps of deliver/apply_steps.h in order, stopping at the first failure). docs/ci.md.
#include <algorithm>
#include <chrono>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include "base/fs.h"
#include "base/process.h"
#include "deliver/apply_steps.h"
#include "driver/bundle_build.h"
#include "driver/cli_host.h"
#include "driver/commands.h"
#include "spec/duration.h"

namespace infrac {
namespace fs = std::filesystem;

namespace {

void print_steps(const std::vector<Step>& steps, std::ostream& out) {
  int wave = -1;
  for (const auto& s : steps) {
    if (static_cast<int>(s.wave) != wave) {
      wave = static_cast<int>(s.wave);
      out << "wave " << wave << " " << wave_name(s.wave) << "\n";
    }
    out << "  " << s.target << ": " << s.action << "\n";
    for (const auto& c : s.commands) {
      out << "    " << shell_line(c.argv);
      if (!c.stdout_file.empty()) out << " > " << c.stdout_file;
      if (!c.unless_prints.empty()) out << "   # unless: " << shell_line(c.unless_prints);
      if (c.poll)
        out << "   # every " << c.poll->interval_seconds << "s until " << c.poll->done << " ("
            << c.poll->failed << " stops), at most " << c.poll->timeout_seconds << "s";
      out << "\n";
    }
  }
}

bool has_word(const std::string& text, const std::string& word) {
  std::istringstream in(text);
  for (std::string w; in >> w;) {
    if (w == word) return true;
  }
  return false;
}

// A probe run until it prints `done` or `failed` (StepCommand::Poll); empty on success, else
// what went wrong.
std::string poll(const StepCommand& c) {
  using Clock = std::chrono::steady_clock;
  const auto& p = *c.poll;
  auto deadline = Clock::now() + std::chrono::seconds(p.timeout_seconds);
  std::string last;
  for (;;) {
    ProcessResult r = run_process(c.argv, {true, false, {}});
    if (r.exit_code == 0 && has_word(r.out, p.done)) return {};
    if (r.exit_code == 0 && has_word(r.out, p.failed)) return p.failed;
    last = r.exit_code == 0 ? r.text() : "exited " + std::to_string(r.exit_code);
    if (Clock::now() >= deadline)
      return "not " + p.done + " after " + std::to_string(p.timeout_seconds) + "s" +
             (last.empty() ? "" : " (last: " + last + ")");
    std::this_thread::sleep_for(std::chrono::seconds(p.interval_seconds));
  }
}

// Runs one command; empty on success, else what went wrong. `quiet` (-q): no progress lines.
std::string run_command(const StepCommand& c, bool quiet, Io io) {
  if (!c.unless_prints.empty()) {
    ProcessResult probe = run_process(c.unless_prints, {true, false, {}});
    if (probe.exit_code != 0) return shell_line(c.unless_prints) + " failed";
    if (!probe.text().empty()) {
      if (!quiet) io.err << "infrac: " << probe.text() << " exists: not created again\n";
      return {};
    }
  }
  if (c.poll) {
    std::string problem = poll(c);
    return problem.empty() ? problem : shell_line(c.argv) + ": " + problem;
  }
  ProcessOptions po;
  po.capture_stdout = !c.stdout_file.empty();
  po.stdout_to_stderr = c.stdout_file.empty();
  ProcessResult r = run_process(c.argv, po);
  if (r.exit_code != 0)
    return shell_line(c.argv) + " " +
           (r.error.empty() ? "exited " + std::to_string(r.exit_code) : r.error);
  if (!c.stdout_file.empty()) return write_file_atomically(c.stdout_file, r.out);
  return {};
}

// Runs the steps in order; the first failure stops everything after it. `waves`: name each
// wave as it starts (apply; a bundle's plans have no order). With -q only a failure is told.
bool run_steps(const std::vector<Step>& steps, bool waves, bool quiet, Io io) {
  int wave = -1;
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const Step& s = steps[i];
    if (waves && static_cast<int>(s.wave) != wave) {
      wave = static_cast<int>(s.wave);
      if (!quiet) io.err << "infrac: wave " << wave << " (" << wave_name(s.wave) << ")\n";
    }
    if (!quiet) io.err << "infrac: " << s.target << ": " << s.action << "\n";
    for (const auto& c : s.commands) {
      std::string problem = run_command(c, quiet, io);
      if (problem.empty()) continue;
      io.err << "infrac: error: " << s.target << ": " << s.action << " failed: " << problem << "\n";
      io.err << "help: " << s.on_failure << "\n";
      if (i + 1 < steps.size())
        io.err << "infrac: stopped; " << steps.size() - i - 1 << " later step"
               << (steps.size() - i - 1 == 1 ? "" : "s") << " did not run\n";
      return false;
    }
  }
  return true;
}

std::string write_files(const fs::path& dir, const std::map<std::string, std::string>& files) {
  for (const auto& [path, contents] : files) {
    fs::path p = dir / path;
    std::error_code ec;
    fs::create_directories(p.parent_path(), ec);
    std::ofstream out(p, std::ios::binary);
    out << contents;
    if (!out) return "cannot write " + p.string();
  }
  return {};
}

// Files Terraform adds next to a target's configuration: not rendered by infrac.
bool terraform_artifact(const std::string& path) {
  std::string name = fs::path(path).filename().string();
  return name == kSavedPlanFile || name == kPlanJsonFile || name == ".terraform.lock.hcl" ||
         path.find("/.terraform/") != std::string::npos;
}

std::string read_all(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// Under a reviewed target's terraform/ or kubernetes/ folder (an --env filter leaves the
// other environments' files out of the comparison).
bool in_target_dirs(const Bundle& reviewed, const std::string& path) {
  for (const auto& t : reviewed.targets) {
    for (const auto* dir : {&t.terraform_dir, &t.kubernetes_dir}) {
      if (!dir->empty() && path.rfind(*dir + "/", 0) == 0) return true;
    }
  }
  return false;
}

// What the merged commit renders against what was reviewed: empty when identical.
std::vector<std::string> differences(const Bundle& reviewed, const fs::path& dir,
                                     const BuiltBundle& merged) {
  std::vector<std::string> out;
  std::map<std::string, const BundleTarget*> before, after;
  for (const auto& t : reviewed.targets) before[t.id] = &t;
  for (const auto& t : merged.bundle.targets) after[t.id] = &t;
  for (const auto& [id, t] : after) {
    auto it = before.find(id);
    if (it == before.end()) {
      out.push_back(id + ": " + bundle_status_name(t->status) +
                    " by this merge, not in the reviewed plan");
    } else if (it->second->status != t->status) {
      out.push_back(id + ": reviewed as " + bundle_status_name(it->second->status) + ", now " +
                    bundle_status_name(t->status));
    }
  }
  for (const auto& [id, t] : before) {
    if (!after.count(id)) out.push_back(id + ": in the reviewed plan, unchanged by this merge");
  }
  std::set<std::string> on_disk;
  for (auto it = fs::recursive_directory_iterator(dir); it != fs::recursive_directory_iterator();
       ++it) {
    if (it->is_directory() && it->path().filename() == ".terraform") {
      it.disable_recursion_pending();
      continue;
    }
    std::string rel = it->path().lexically_relative(dir).generic_string();
    if (it->is_regular_file() && !terraform_artifact(rel) &&
        (merged.files.count(rel) || in_target_dirs(reviewed, rel)))
      on_disk.insert(rel);
  }
  for (const auto& [path, contents] : merged.files) {
    if (!on_disk.count(path)) {
      out.push_back(path + ": rendered now, not in the reviewed bundle");
    } else if (read_all(dir / path) != contents) {
      out.push_back(path + ": differs from the reviewed file");
    }
    on_disk.erase(path);
  }
  for (const auto& path : on_disk) out.push_back(path + ": reviewed, no longer rendered");
  return out;
}

}  // namespace

int cmd_ci_bundle(const CommonOptions& options, const PlanOptions& plan,
                  const DeliveryCliOptions& delivery, Io io) {
  fs::path dir = fs::absolute(delivery.bundle_dir).lexically_normal();
  std::error_code ec;
  if (fs::exists(dir, ec) && !(fs::is_directory(dir, ec) && fs::is_empty(dir, ec))) {
    io.err << "infrac: error: --out " << delivery.bundle_dir
           << " exists: a bundle is written once, to a new directory\n";
    return kExitUsage;
  }
  if (!options.image_tag.empty() && !pinned_image_tag(options.image_tag)) {
    io.err << "infrac: error: --image-tag " << options.image_tag << ": not a pinned image tag\n";
    return kExitUsage;
  }
  bool usage_error = false;
  auto built = build_bundle(options, plan.base, options.image_tag, usage_error, io);
  if (!built) return usage_error ? kExitUsage : kExitFailure;
  // Written beside the destination and renamed at the end: a failed run leaves nothing.
  fs::path staging = dir.parent_path() / ("." + dir.filename().string() + ".partial");
  fs::remove_all(staging, ec);
  fs::create_directories(staging, ec);
  auto fail = [&](const std::string& why) {
    if (!why.empty()) io.err << "infrac: error: " << why << "\n";
    fs::remove_all(staging, ec);
    return kExitFailure;
  };
  if (std::string problem = write_files(staging, built->files); !problem.empty())
    return fail(problem);
  Bundle& b = built->bundle;
  if (!run_steps(plan_steps(b, staging.string(), DeliveryOptions{}), false, options.quiet, io))
    return fail("");
  b.terraform_planned = true;
  b.created_unix = cli_host().now_unix();
  if (std::string problem = write_file_atomically(staging / kBundleFile, bundle_json(b));
      !problem.empty())
    return fail(problem);
  fs::remove(dir, ec);
  fs::rename(staging, dir, ec);
  if (ec) return fail("cannot move the bundle into " + dir.string() + ": " + ec.message());
  std::size_t n = b.targets.size();
  if (!options.quiet)
    io.err << "infrac: bundle " << delivery.bundle_dir << ": " << n << " target"
           << (n == 1 ? "" : "s") << " to apply; the merge job runs: infrac ci apply --bundle "
           << delivery.bundle_dir << "\n";
  return kExitOk;
}

int cmd_ci_apply(const CommonOptions& options, const PlanOptions& plan,
                 const DeliveryCliOptions& delivery, Io io) {
  fs::path dir = fs::absolute(delivery.bundle_dir).lexically_normal();
  ReadResult r = read_text_file(dir / kBundleFile, 64u << 20);
  if (!r.text) {
    io.err << "infrac: error: --bundle " << delivery.bundle_dir << ": " << r.error << "\n";
    return kExitUsage;
  }
  std::string error;
  auto bundle = parse_bundle(*r.text, error);
  if (!bundle) {
    io.err << "infrac: error: " << (dir / kBundleFile).string() << ": " << error << "\n";
    return kExitFailure;
  }
  auto max_age = duration_seconds(delivery.max_age);
  auto timeout = duration_seconds(delivery.timeout);
  if (!max_age || !timeout || *timeout <= 0) {
    io.err << "infrac: error: --max-age and --timeout take durations such as 72h or 10m\n";
    return kExitUsage;
  }
  std::int64_t age = cli_host().now_unix() - bundle->created_unix;
  if (age > *max_age) {
    io.err << "infrac: error: the bundle is stale: made " << age / 3600 << "h ago, --max-age is "
           << delivery.max_age
           << "\nhelp: re-run the pull request's plan job and apply its bundle\n";
    return kExitFailure;
  }
  if (!bundle->terraform_planned) {
    io.err << "infrac: error: the bundle has no Terraform plans; make it with infrac ci bundle\n";
    return kExitFailure;
  }
  // --env: one environment's targets (a job per environment, production behind approval).
  if (!options.envs.empty()) {
    std::erase_if(bundle->targets, [&](const BundleTarget& t) {
      return std::find(options.envs.begin(), options.envs.end(), t.env) == options.envs.end();
    });
  }
  bool usage_error = false;
  auto merged = build_bundle(options, plan.base, bundle->image_tag, usage_error, io);
  if (!merged) return usage_error ? kExitUsage : kExitFailure;
  auto diff = differences(*bundle, dir, *merged);
  if (!diff.empty()) {
    io.err << "infrac: error: this commit does not render what was reviewed (compared with "
           << plan.base << "):\n";
    for (const auto& d : diff) io.err << "  " << d << "\n";
    io.err << "help: the base moved after the plan was made (another change merged first), or the "
              "bundle is another change's: re-run the pull request's plan job, review it, and "
              "apply that bundle\n";
    return kExitFailure;
  }
  DeliveryOptions d;
  d.rollout_timeout_seconds = static_cast<int>(*timeout);
  d.skip_kubernetes = delivery.skip_kubernetes;
  std::vector<Step> steps = apply_steps(*bundle, dir.string(), d);
  if (delivery.dry_run) {
    print_steps(steps, io.out);
    return kExitOk;
  }
  if (!run_steps(steps, true, options.quiet, io)) return kExitFailure;
  if (!options.quiet)
    io.err << "infrac: applied " << bundle->targets.size() << " target"
           << (bundle->targets.size() == 1 ? "" : "s") << " as reviewed\n";
  return kExitOk;
}

}  // namespace infrac
