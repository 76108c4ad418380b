#include "pipeline/plan_sides.h"

#include <algorithm>
#include <functional>
#include <thread>

#include "base/parallel.h"
#include "plan/reach.h"

namespace infrac {
namespace {

CompileOptions side_options(const std::filesystem::path& root, const PlanSidesOptions& options,
                            unsigned jobs) {
  CompileOptions c;
  c.root = root;
  c.host = options.host;
  c.jobs = jobs;
  c.stop_after = Stage::Emit;
  c.keep_targets = true;
  c.always_gateways = true;
  c.envs = options.envs;
  c.services = options.services;
  c.check_filters = false;  // checked against both sides below
  c.spec_cache = true;      // the sides share every spec the change did not touch
  return c;
}

// An environment or service the filters name must exist on at least one side.
std::string check_filters(const PlanSidesOptions& options, const Model& base, const Model& head) {
  for (const auto& env : options.envs) {
    if (!base.project.environment(env) && !head.project.environment(env))
      return "--env " + env + ": no such environment in infrac.yaml on either side";
  }
  auto has = [](const Model& m, const std::string& name) {
    return std::any_of(m.services.begin(), m.services.end(),
                       [&](const Service& s) { return s.name == name; });
  };
  for (const auto& service : options.services) {
    if (!has(base, service) && !has(head, service))
      return "--service " + service + ": no services/" + service + "/service.yaml on either side";
  }
  return {};
}

}  // namespace

PlanSides compile_plan_sides(const PlanSidesOptions& options) {
  PlanSides sides;
  unsigned half = std::max(1u, (options.jobs ? options.jobs : default_jobs()) / 2);
  std::thread base_thread(
      [&] { sides.base = compile_front(side_options(options.base_root, options, half)); });
  sides.head = compile_front(side_options(options.head_root, options, half));
  base_thread.join();
  // Exactly what the two compiles read, compared: a pack folder spec.policies names is an
  // input like services/ (base/inputs.h).
  sides.changed_inputs =
      changed_input_paths(sides.base->inputs.record(), sides.head->inputs.record());
  // compile_front keeps a model only when resolve found no errors.
  if (!sides.base->model || !sides.head->model) return sides;
  sides.filter_error = check_filters(options, *sides.base->model, *sides.head->model);
  if (!sides.filter_error.empty()) return sides;
  std::function<bool(const Model&, const Target&)>
      select;  // unset: a shared input reaches everything
  if (auto services = changed_services(sides.changed_inputs)) {
    auto reached = reached_targets(*services, &sides.base->model->graph, &sides.head->model->graph);
    select = [reached = std::move(reached)](const Model&, const Target& t) {
      return reached.count(t.id()) > 0;
    };
  }
  auto back = [&](const std::filesystem::path& root, Compilation& c) {
    CompileOptions o = side_options(root, options, half);
    o.select = select;
    compile_back(c, o);
  };
  std::thread base_back([&] { back(options.base_root, *sides.base); });
  back(options.head_root, *sides.head);
  base_back.join();
  return sides;
}

PlanSide plan_side(const Compilation& c) {
  PlanSide s;
  s.model = c.model ? &*c.model : nullptr;
  s.targets = &c.target_irs;
  s.gateways = &c.gateways;
  s.platforms = &c.platforms;
  s.output = &c.output;
  s.files = &c.files;
  s.exceptions = &c.policies.exceptions;
  s.findings = &c.findings;
  return s;
}

}  // namespace infrac
