#include "pipeline/terraform_check.h"

#include <algorithm>

#include "base/parallel.h"
#include "hcl/inventory.h"
#include "policy/evaluate.h"
#include "policy/inline_waivers.h"
#include "policy/views.h"

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

void check_terraform(Compilation& c, const TerraformCheckOptions& options) {
  if (!c.model) return;  // the specs did not resolve; that is reported already
  unsigned jobs = options.jobs ? options.jobs : default_jobs();
  TerraformInventory inventory =
      read_terraform(options.dirs, options.root, c.files, c.diagnostics, jobs);
  check_local_module_calls(inventory, options.root, c.files, c.diagnostics);

  const Model& model = *c.model;
  PolicyEngine engine(model, c.policies);
  std::vector<TargetFindings> parts(inventory.items.size());
  parallel_for(inventory.items.size(), jobs, [&](std::size_t i) {
    const InventoryItem& item = inventory.items[i];
    Target context;
    context.env = environment_of(item.directory, model);
    const Environment* env = model.project.environment(context.env);
    context.production = env && env->production;
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
  int today_day = c.inputs.host().today();
  auto waivers =
      read_inline_waivers(inventory, c.policies, today_day, model.project.max_exception_days,
                          c.inline_waivers, c.diagnostics);
  apply_inline_waivers(waivers, findings);
  for (auto& f : findings) c.findings.push_back(std::move(f));
  sort_findings(c.findings, c.files);
}

}  // namespace infrac
