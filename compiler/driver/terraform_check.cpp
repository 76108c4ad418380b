// Hand-written Terraform under `infrac check --terraform DIR`: the same terraform rules as
// generated output, run on each block of the inventory with findings at the .tf line, local
// module calls checked against their modules' source, and inline waivers applied.
#include <algorithm>

#include "base/parallel.h"
#include "driver/commands.h"
#include "hcl/inventory.h"
#include "lower/cloud_tables.h"
#include "policy/evaluate.h"
#include "policy/inline_waivers.h"
#include "policy/views.h"
#include "spec/repository.h"

namespace infrac {
namespace {

// The environment a directory belongs to: the first path segment naming one of the project's
// environments (live/prod/network -> prod), so $production rules apply there.
std::string environment_of(const std::string& directory, const Model& model) {
  std::size_t start = 0;
  while (start <= directory.size()) {
    std::size_t end = directory.find('/', start);
    std::string segment = directory.substr(start, end == std::string::npos ? end : end - start);
    if (model.project.environment(segment)) return segment;
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return {};
}

}  // namespace

void check_terraform_dirs(CompileRun& run, const CommonOptions& options) {
  namespace fs = std::filesystem;
  Compilation& c = *run.compilation;
  if (!c.model) return;  // the specs did not resolve; that is reported already
  std::optional<fs::path> root = repository_root(options.root);
  if (!root) return;
  std::vector<fs::path> dirs;
  for (const auto& d : options.terraform_dirs) dirs.push_back(fs::absolute(d).lexically_normal());
  unsigned jobs = options.jobs ? options.jobs : default_jobs();
  TerraformInventory inventory = read_terraform(dirs, *root, c.files, c.diagnostics, jobs);
  check_local_module_calls(inventory, *root, c.files, c.diagnostics);

  const Model& model = *c.model;
  PolicyEngine engine(model, c.policies);
  std::vector<TargetFindings> parts(inventory.items.size());
  parallel_for(inventory.items.size(), jobs, [&](std::size_t i) {
    const InventoryItem& item = inventory.items[i];
    Target context;
    context.env = environment_of(item.directory, model);
    context.service = item.directory;
    Node view = terraform_source_view(item);
    TargetFindings found = engine.evaluate_object(context, view, Subject::Terraform);
    for (auto& f : found.findings) {
      f.address = item.address;
      f.target = item.directory;
      f.hand_written = true;
    }
    parts[i] = std::move(found);
  });
  std::vector<Finding> findings = engine.finish(std::move(parts), c.files);
  int today_day = today();
  auto waivers =
      read_inline_waivers(inventory, c.policies, today_day, model.project.max_exception_days,
                          c.inline_waivers, c.diagnostics);
  apply_inline_waivers(waivers, findings);
  for (auto& f : findings) c.findings.push_back(std::move(f));
  sort_findings(c.findings, c.files);

  run.diagnostics = c.diagnostics.sorted(c.files);
  run.errors = run.warnings = 0;
  for (const auto& d : run.diagnostics)
    (d.severity == Severity::Error ? run.errors : run.warnings) += 1;
}

}  // namespace infrac
