#include "driver/pipeline.h"

#include <algorithm>

#include "base/parallel.h"
#include "resolve/build_model.h"
#include "resolve/resolve.h"

namespace infrac {

const std::vector<StageInfo>& stages() {
  static const std::vector<StageInfo> table = {
      {Stage::Load, "load", "read infrac.yaml and services/*/service.yaml into source trees"},
      {Stage::Resolve, "resolve",
       "validate spec-v1, apply environment overrides and stdlib defaults, resolve dependencies"},
  };
  return table;
}

std::optional<Stage> stage_named(std::string_view name) {
  for (const auto& s : stages()) {
    if (s.name == name) return s.stage;
  }
  return std::nullopt;
}

std::unique_ptr<Compilation> compile(const CompileOptions& options) {
  auto c = std::make_unique<Compilation>();
  unsigned jobs = options.jobs ? options.jobs : default_jobs();
  c->repository = load_repository(options.root, c->files, c->diagnostics, jobs, options.limits);
  if (options.stop_after == Stage::Load) return c;

  std::optional<Project> project = build_project(c->repository.project, c->diagnostics);
  if (!project) return c;
  std::vector<ServiceBuild> builds(c->repository.services.size());
  parallel_for(builds.size(), jobs, [&](std::size_t i) {
    builds[i] = build_service(c->repository.services[i], *project, c->diagnostics);
  });
  Model model = resolve_model(std::move(*project), std::move(builds), c->diagnostics);
  if (c->diagnostics.has_errors()) return c;
  auto keep = [&](const Target& t) {
    bool env_ok = options.envs.empty() ||
                  std::find(options.envs.begin(), options.envs.end(), t.env) != options.envs.end();
    bool svc_ok = options.services.empty() ||
                  std::find(options.services.begin(), options.services.end(), t.service) !=
                      options.services.end();
    return env_ok && svc_ok;
  };
  std::erase_if(model.targets, [&](const Target& t) { return !keep(t); });
  c->model = std::move(model);
  return c;
}

}  // namespace infrac
