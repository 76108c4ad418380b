#include "pipeline/compile.h"

#include <algorithm>

#include "lower/gateway_lower.h"
#include "lower/platform_lower.h"

#include "base/did_you_mean.h"
#include "base/interrupt.h"
#include "base/parallel.h"
#include "emit/layout.h"
#include "pipeline/extras_load.h"
#include "pipeline/module_check.h"
#include "pipeline/openapi_load.h"
#include "policy/evaluate.h"
#include "policy/exception_checks.h"
#include "policy/judgement_record.h"
#include "policy/pack_loader.h"
#include "policy/rule_paths.h"
#include "resolve/build_model.h"
#include "resolve/resolve.h"
#include "spec/spec_cache.h"

namespace infrac {

namespace {

// --env and --service name things that exist: checked against infrac.yaml and the services/
// folders before any service is resolved, so a typo costs nothing and says what exists.
std::string check_filters(const CompileOptions& options, const Project& project,
                          const LoadedRepository& repository) {
  auto hint = [](const std::string& word, const std::vector<std::string_view>& names) {
    std::string suggestion = did_you_mean(word, names);
    return suggestion.empty() ? std::string() : " (" + suggestion + ")";
  };
  std::vector<std::string_view> envs, services;
  for (const auto& e : project.environments) envs.push_back(e.name);
  for (const auto& s : repository.services) services.push_back(s.folder);
  for (const auto& env : options.envs) {
    if (!project.environment(env))
      return "--env " + env + ": no such environment in infrac.yaml" + hint(env, envs);
  }
  for (const auto& service : options.services) {
    if (std::find(services.begin(), services.end(), service) == services.end())
      return "--service " + service + ": no services/" + service + "/service.yaml" +
             hint(service, services);
  }
  return {};
}

}  // namespace

namespace {

bool filtered_in(const CompileOptions& options, const Target& t) {
  auto has = [](const std::vector<std::string>& list, const std::string& name) {
    return list.empty() || std::find(list.begin(), list.end(), name) != list.end();
  };
  return has(options.envs, t.env) && has(options.services, t.service);
}

// Loads the packs and exceptions the project uses and checks their paths and scope.
void load_policy_set(Compilation& c, const CompileOptions& options) {
  const Model& m = *c.model;
  PolicyLoadOptions policy_options;
  policy_options.today = options.host.today();
  policy_options.max_exception_days = m.project.max_exception_days;
  c.policies = load_policies(m.project, c.inputs, c.files, c.diagnostics, policy_options);
  check_exception_scope(c.policies, m, c.diagnostics);
  std::string own_cloud(cloud_name(m.project.cloud));
  check_module_rule_paths(
      c.policies,
      // Another cloud's modules are never called here; reading them would cost 60 ms per
      // run, and `policy test` checks those kinds against infrac's modules.
      [&](const std::string& cloud) -> const ModuleInterfaces& {
        static const ModuleInterfaces none;
        return cloud == own_cloud ? c.module_interfaces : none;
      },
      c.diagnostics);
}

// Everything past the specs a later stage reads, read for the whole model before any target
// is selected: the Inputs record is then the same whatever is selected.
void load_rest(Compilation& c, const CompileOptions& options) {
  Model& m = *c.model;
  // Module calls are checked against the modules' own variables and outputs.
  c.module_interfaces =
      load_module_interfaces(m.project.terraform.modules, std::string(cloud_name(m.project.cloud)),
                             &c.inputs, c.files, c.diagnostics);
  // Before policies: the escape.* rules report each service's own files.
  c.extras = load_service_extras(m, c.inputs, options.limits, c.files, c.diagnostics);
  c.openapi = load_openapi_documents(m, c.inputs, options.limits, c.files, c.diagnostics);
  if (options.stop_after >= Stage::Policy && !c.diagnostics.has_errors())
    load_policy_set(c, options);
}

}  // namespace

std::unique_ptr<Compilation> compile_front(const CompileOptions& options) {
  auto c = std::make_unique<Compilation>();
  c->root = options.root;
  c->inputs.set_root(options.root);
  c->inputs.set_host(options.host);
  unsigned jobs = options.jobs ? options.jobs : default_jobs();
  std::optional<SpecCache> cache;
  if (options.spec_cache) cache = SpecCache::open(options.host, options.limits);
  c->repository = load_repository(c->inputs, c->files, c->diagnostics, jobs, options.limits,
                                  cache ? &*cache : nullptr);
  if (options.stop_after == Stage::Load) return c;
  // A file that did not load would make every reference to it an error of its own (a
  // dependency on a service whose spec did not parse): its own error is the one to fix first.
  if (c->diagnostics.has_errors()) return c;

  std::optional<Project> project = build_project(c->repository.project, c->diagnostics);
  if (!project) return c;
  if (options.check_filters) c->filter_error = check_filters(options, *project, c->repository);
  if (!c->filter_error.empty()) return c;
  std::vector<ServiceBuild> builds(c->repository.services.size());
  parallel_for(builds.size(), jobs, [&](std::size_t i) {
    LoadedFile& file = c->repository.services[i];
    builds[i] = build_service(file, *project, c->diagnostics);
    // The service keeps its own copy: the parsed file is not read again (5,000 specs are 80 MB).
    file.root.reset();
  });
  Model model = resolve_model(std::move(*project), std::move(builds), c->diagnostics);
  if (c->diagnostics.has_errors()) return c;
  for (auto& t : model.targets) {
    if (!filtered_in(options, t)) continue;
    c->selected.insert(t.id());
    // --image-digest goes with exactly one --service: the selected targets are its own.
    if (!options.lower.image_digest.empty()) {
      t.image.digest = options.lower.image_digest;
      t.image.tag.clear();
      t.image.reference = t.image.repository + "@" + t.image.digest;
    }
  }
  c->model = std::move(model);
  if (options.stop_after > Stage::Resolve) load_rest(*c, options);
  return c;
}

namespace {

// Lowers, judges and prints every target of the (narrowed) model, one thread per target.
// `findings` may hold the service-rule findings of targets not compiled (judge_unselected).
void lower_targets(Compilation& c, const CompileOptions& options, const LowerOptions& lower,
                   bool run_policies, const std::vector<const Target*>& targets,
                   std::vector<TargetFindings> findings) {
  const Model& m = *c.model;
  unsigned jobs = options.jobs ? options.jobs : default_jobs();
  PolicyEngine engine(m, c.policies);
  std::size_t judged = findings.size();
  findings.resize(run_policies ? judged + targets.size() : 0);
  // Each target is lowered and printed by one thread and its IR dropped unless asked for:
  // memory stays at the size of the output, not of every IR at once.
  bool keep_irs = options.keep_targets || options.stop_after == Stage::Lower;
  std::vector<TargetOutput> irs(keep_irs ? targets.size() : 0);
  std::vector<std::vector<OutputFile>> per_target(options.sink ? 0 : targets.size());
  std::vector<std::string> verdicts(options.record_judgements ? targets.size() : 0);
  parallel_for(targets.size(), jobs, [&](std::size_t i) {
    if (interrupted()) return;  // stop at a target boundary; the caller reports it
    const Target& target = *targets[i];
    TargetOutput out = lower_target(m, target, lower, c.diagnostics);
    check_module_calls(out.terraform, c.module_interfaces, c.diagnostics);
    if (run_policies) {
      TargetFindings& mine = findings[judged + i];
      mine = engine.evaluate_service(target);
      TargetFindings generated = engine.evaluate_lowered(target, out);
      for (auto& f : generated.findings) mine.findings.push_back(std::move(f));
      if (options.record_judgements) verdicts[i] = encode_judgement(mine, c.files);
    }
    if (options.stop_after >= Stage::Emit) {
      if (options.sink) {
        options.sink->add(target_files(out));
      } else {
        per_target[i] = target_files(out);
      }
    }
    if (keep_irs) irs[i] = std::move(out);
  });
  if (run_policies) {
    c.findings = engine.finish(std::move(findings), c.files);
    // A claim across services names each claimant's target; only the compiled ones are this
    // run's verdict unless the whole repository's is asked for.
    if (!options.judge_unselected) {
      std::erase_if(c.findings, [&](const Finding& f) {
        return !f.target.empty() && !c.compiled.count(f.target);
      });
    }
  }
  for (std::size_t i = 0; i < verdicts.size(); ++i)
    c.judgements[targets[i]->id()] = std::move(verdicts[i]);
  for (std::size_t i = 0; i < irs.size(); ++i) c.target_irs[targets[i]->id()] = std::move(irs[i]);
  for (auto& files : per_target) {
    for (auto& f : files) c.output.push_back(std::move(f));
  }
}

// The last build's verdicts a run may replay (CompileOptions::replay_judgements): only when
// what the service rules read across services is as it was, and only the whole verdict of a
// repository (judge_unselected) is replayed.
struct Replay {
  const std::map<std::string, std::string>* last = nullptr;
  const PolicySet* policies = nullptr;
  FileIdsByPath files;
  // The last verdict's text, when there is one to replay.
  const std::string* text(const std::string& id) const {
    if (!last) return nullptr;
    auto it = last->find(id);
    return it == last->end() ? nullptr : &it->second;
  }
};

Replay replay_of(Compilation& c, const CompileOptions& options) {
  if (options.record_judgements || options.replay_judgements)
    c.cross_digest =
        cross_service_digest(*c.model) + "/" +
        policy_digest(c.policies, c.files, c.inputs.record(), c.model->project.policies);
  Replay r;
  if (!options.replay_judgements || !options.judge_unselected ||
      options.replay_digest != c.cross_digest)
    return r;
  r.last = options.replay_judgements;
  r.policies = &c.policies;
  r.files = file_ids_by_path(c.files);
  return r;
}

// The targets this run lowers (the filters' selection, narrowed by `select`); with
// policies, the service rules' findings and claims of the others come first in the result.
// The whole verdict on a target this run does not compile: its service rules and, when the
// repository's verdict is asked for and rules judge generated objects, those rules on its
// output, lowered again but not written (it is what the last build wrote).
TargetFindings judge_unlowered(const Compilation& c, const PolicyEngine& engine,
                               const LowerOptions& lower, const Target& t, bool whole_verdict) {
  TargetFindings mine = engine.evaluate_service(t, !whole_verdict);
  if (!whole_verdict || !engine.has_lowered_rules()) return mine;
  Diagnostics reported_where_compiled;  // the last build's, for the output it wrote
  TargetOutput out = lower_target(*c.model, t, lower, reported_where_compiled);
  TargetFindings generated = engine.evaluate_lowered(t, out);
  for (auto& f : generated.findings) mine.findings.push_back(std::move(f));
  return mine;
}

std::vector<const Target*> choose_targets(Compilation& c, const CompileOptions& options,
                                          const LowerOptions& lower, bool run_policies,
                                          std::vector<TargetFindings>& others) {
  std::vector<const Target*> chosen, judged;
  for (const auto& t : c.model->targets) {
    if (c.is_selected(t) && (!options.select || options.select(*c.model, t))) {
      chosen.push_back(&t);
      c.compiled.insert(t.id());
    } else if (run_policies) {
      judged.push_back(&t);
    }
  }
  // Claims across services (unique_across_services) see every target; the findings of
  // a target not compiled count only when the run reports the whole repository's verdict.
  // An incremental build judges every other target: one thread per target, as lowering.
  PolicyEngine engine(*c.model, c.policies);
  std::size_t first = others.size();
  others.resize(first + judged.size());
  Replay replay = replay_of(c, options);
  std::vector<std::string> verdicts(options.record_judgements ? judged.size() : 0);
  std::vector<char> replayed(judged.size(), 0);
  parallel_for(judged.size(), options.jobs ? options.jobs : default_jobs(), [&](std::size_t i) {
    const std::string id = judged[i]->id();
    const std::string* last = replay.text(id);
    std::optional<TargetFindings> mine;
    if (last) mine = decode_judgement(*last, *replay.policies, replay.files);
    replayed[i] = mine.has_value();
    if (!mine) mine = judge_unlowered(c, engine, lower, *judged[i], options.judge_unselected);
    if (!options.judge_unselected) mine->findings.clear();
    // A replayed verdict is recorded as read: its text is what encoding it would give.
    if (options.record_judgements)
      verdicts[i] = replayed[i] ? *last : encode_judgement(*mine, c.files);
    others[first + i] = std::move(*mine);
  });
  for (std::size_t i = 0; i < verdicts.size(); ++i)
    c.judgements[judged[i]->id()] = std::move(verdicts[i]);
  c.replayed = static_cast<std::size_t>(std::count(replayed.begin(), replayed.end(), 1));
  return chosen;
}

}  // namespace

void compile_back(Compilation& c, const CompileOptions& options) {
  if (!c.model || options.stop_after <= Stage::Resolve || c.diagnostics.has_errors()) return;
  const Model& m = *c.model;
  c.output_dir = options.output_dir.empty() ? (options.root / m.project.output).lexically_normal()
                                            : options.output_dir;
  LowerOptions lower = options.lower;
  lower.module_source = module_source(m.project, options.root, c.output_dir);
  lower.extras = &c.extras;
  // The environments' API gateways see every public Cloud Run service: lowered from the
  // whole model; a filtered build leaves them as they are.
  bool whole = options.envs.empty() && options.services.empty() && !options.select;
  if (whole || options.always_gateways) {
    c.gateways = lower_gateways(m, lower, c.openapi, c.diagnostics);
    for (const auto& g : c.gateways)
      check_module_calls(g.terraform, c.module_interfaces, c.diagnostics);
    // Each environment's platform sees every service of it, like its gateway. It belongs to
    // no service: a --service filter leaves it out, an --env filter keeps its environment's.
    c.platforms = lower_platforms(m, lower, c.diagnostics);
    std::erase_if(c.platforms, [&](const TargetOutput& p) {
      return !options.services.empty() ||
             (!options.envs.empty() &&
              std::find(options.envs.begin(), options.envs.end(), p.env) == options.envs.end());
    });
  }
  bool run_policies = options.stop_after >= Stage::Policy;
  std::vector<TargetFindings> judged;
  std::vector<const Target*> targets = choose_targets(c, options, lower, run_policies, judged);
  if (options.sink && options.stop_after >= Stage::Emit) options.sink->open(c);
  lower_targets(c, options, lower, run_policies, targets, std::move(judged));
  // Only a run that judged every target can tell that an exception waived nothing.
  if (run_policies && (whole || options.judge_unselected) && !c.diagnostics.has_errors() &&
      !interrupted()) {
    report_unused_exceptions(c.policies, c.findings, c.diagnostics);
  }
  if (c.diagnostics.has_errors() || options.stop_after < Stage::Emit || interrupted()) return;

  std::vector<OutputFile> shared;
  if (m.project.terraform.modules == "infrac")
    shared = module_files(std::string(cloud_name(m.project.cloud)));
  for (const auto& g : c.gateways) {
    for (auto& f : gateway_files(g)) shared.push_back(std::move(f));
  }
  for (const auto& p : c.platforms) {
    for (auto& f : platform_files(p)) shared.push_back(std::move(f));
  }
  if (options.sink) {
    options.sink->add(std::move(shared));
  } else {
    for (auto& f : shared) c.output.push_back(std::move(f));
  }
  std::sort(c.output.begin(), c.output.end(),
            [](const OutputFile& a, const OutputFile& b) { return a.path < b.path; });
  if (!options.keep_targets && options.stop_after != Stage::Lower) {
    c.gateways.clear();
    c.platforms.clear();
  }
}

std::unique_ptr<Compilation> compile(const CompileOptions& options) {
  auto c = compile_front(options);
  compile_back(*c, options);
  return c;
}

std::filesystem::path repository_module_dir(const Project& project,
                                            const std::filesystem::path& root) {
  const std::string& modules = project.terraform.modules;
  if (modules == "infrac" || modules.find("::") != std::string::npos ||
      modules.find("{module}") != std::string::npos)
    return {};
  return (root / modules).lexically_normal();
}

std::string module_source(const Project& project, const std::filesystem::path& root,
                          const std::filesystem::path& output_dir) {
  const std::string& modules = project.terraform.modules;
  if (modules == "infrac") return "../../../modules/{module}";
  if (modules.find("::") != std::string::npos || modules.find("{module}") != std::string::npos) {
    return modules;  // a source address template such as git::https://...//{module}?ref=v1
  }
  // A path in the repository: relative from every root module (all at the same depth).
  std::filesystem::path target_dir = output_dir / "terraform" / "env" / "service";
  std::string rel =
      (root / modules).lexically_normal().lexically_relative(target_dir).generic_string();
  if (!rel.empty() && rel.back() == '/') rel.pop_back();
  return rel + "/{module}";
}

}  // namespace infrac
