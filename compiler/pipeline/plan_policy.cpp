#include "pipeline/plan_policy.h"

#include "policy/evaluate.h"

namespace infrac {

std::unique_ptr<Compilation> judge_planned_resources(const Host& host,
                                                     const std::filesystem::path& root,
                                                     const std::string& env, Plan& plan) {
  CompileOptions c;
  c.host = host;
  c.root = root;
  c.stop_after = Stage::Policy;
  c.select = [](const Model&, const Target&) {
    return false;
  };  // the packs and the project, no targets
  std::unique_ptr<Compilation> compilation = compile(c);
  if (!compilation->model) return compilation;
  PolicyEngine engine(*compilation->model, compilation->policies);
  for (auto& tp : plan.targets) {
    Target context;
    context.env = env.empty() ? "plan" : env;
    const Environment* environment = compilation->model->project.environment(context.env);
    context.production = environment && environment->production;
    context.service = tp.target;
    std::vector<TargetFindings> parts;
    for (const auto& resource : tp.planned) {
      parts.push_back(engine.evaluate_object(context, resource, Subject::Terraform));
    }
    for (auto& f : engine.finish(std::move(parts), compilation->files))
      tp.violations.push_back(std::move(f));
  }
  return compilation;
}

}  // namespace infrac
