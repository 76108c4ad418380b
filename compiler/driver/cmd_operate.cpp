// `infrac logs ENV SERVICE [COMPONENT]`, `infrac exec ENV SERVICE [COMPONENT] -- CMD` and
// `infrac status ENV [SERVICE]`: kubectl with the environment's context, the service's
// namespace and label selectors (deliver/operator_commands.h). logs and status only read;
// exec in a production environment runs only with --confirm ENV. kubectl's exit code is ours.
#include <unistd.h>

#include <algorithm>
#include <sstream>

#include "base/did_you_mean.h"
#include "base/process.h"
#include "deliver/operator_commands.h"
#include "driver/commands.h"

namespace infrac {
namespace {

// "help: did you mean 'users'?\n", or nothing.
std::string suggestion(std::string_view word, const std::vector<std::string_view>& names) {
  std::string mean = did_you_mean(word, names);
  return mean.empty() ? "" : "help: " + mean + "\n";
}

struct Resolved {
  CompileRun run;
  const Environment* env = nullptr;
  const Target* target = nullptr;  // when a service was named
};

std::optional<Resolved> resolve(const CommonOptions& options, const OperatorOptions& op, Io io) {
  CommonOptions quiet = options;
  quiet.quiet = true;
  auto run = run_compile(quiet, Stage::Resolve, io);
  if (!run) return std::nullopt;
  if (run->errors || !run->compilation->model) {
    print_diagnostics_text(*run, quiet, io);
    return std::nullopt;
  }
  Resolved r{std::move(*run), nullptr, nullptr};
  const Model& m = *r.run.compilation->model;
  r.env = m.project.environment(op.env);
  if (!r.env) {
    std::vector<std::string_view> envs;
    for (const auto& e : m.project.environments) envs.push_back(e.name);
    io.err << "infrac: error: no environment '" << op.env << "' in infrac.yaml\n"
           << suggestion(op.env, envs);
    return std::nullopt;
  }
  if (op.service.empty()) return r;
  std::vector<std::string_view> services;
  for (const auto& t : m.targets) {
    if (t.env == op.env && t.service == op.service) r.target = &t;
    if (t.env == op.env) services.push_back(t.service);
  }
  if (!r.target) {
    io.err << "infrac: error: no service '" << op.service << "' in " << op.env << "\n"
           << suggestion(op.service, services);
    return std::nullopt;
  }
  if (r.target->runtime == Runtime::CloudRun) {
    io.err << "infrac: error: " << op.service
           << " runs on Cloud Run, not in a cluster\nhelp: gcloud run "
           << "services logs read " << op.service << "-" << op.env << " --project "
           << r.env->gcp_project << "\n";
    return std::nullopt;
  }
  return r;
}

OperatorTarget operator_target(const Resolved& r) {
  OperatorTarget t;
  t.context = r.env->context;
  t.project = r.run.compilation->model->project.name;
  if (r.target) {
    t.ns = r.target->service;
    t.instance = r.target->service + "-" + r.target->env;
  }
  return t;
}

// The command that writes the environment's context into the kubeconfig. EKS:
// `aws eks update-kubeconfig --alias` names the context
// (https://docs.aws.amazon.com/cli/latest/reference/eks/update-kubeconfig.html); GKE:
// `gcloud container clusters get-credentials` names it gke_PROJECT_LOCATION_CLUSTER
// (https://cloud.google.com/sdk/gcloud/reference/container/clusters/get-credentials), renamed
// when infrac.yaml names another.
std::string context_command(const Project& p, const Environment& env) {
  if (p.cloud == Cloud::Aws) {
    return "aws eks update-kubeconfig --name " + env.cluster + " --region " + env.region +
           " --alias " + env.context;
  }
  std::string gke = "gke_" + env.gcp_project + "_" + env.region + "_" + env.cluster;
  std::string out = "gcloud container clusters get-credentials " + env.cluster + " --region " +
                    env.region + " --project " + env.gcp_project;
  if (env.context != gke) out += " && kubectl config rename-context " + gke + " " + env.context;
  return out;
}

// After kubectl failed: when the kubeconfig has no context of the environment's name, says
// which command creates it (kubectl's own message names the context only).
void explain_missing_context(const Resolved& r, Io io) {
  ProcessOptions capture;
  capture.capture_stdout = true;
  capture.discard_stderr = true;
  ProcessResult contexts =
      run_process({"kubectl", "config", "get-contexts", "--output", "name"}, capture);
  if (contexts.exit_code != 0) return;
  std::istringstream lines(contexts.out);
  for (std::string line; std::getline(lines, line);) {
    if (line == r.env->context) return;
  }
  io.err << "infrac: error: your kubeconfig has no context '" << r.env->context << "' (environment "
         << r.env->name << ")\nhelp: create it with: "
         << context_command(r.run.compilation->model->project, *r.env) << "\n";
}

int run_kubectl(const std::vector<std::string>& argv, const Resolved& resolved, Io io) {
  io.out.flush();
  ProcessResult r = run_process(argv);
  if (r.exit_code < 0) {
    io.err << "infrac: error: " << r.error << "\nhelp: install kubectl and put it on PATH\n";
    return kExitFailure;
  }
  if (r.exit_code != 0) explain_missing_context(resolved, io);
  return r.exit_code;
}

const Component* find_component(const Target& t, const std::string& name, Io io) {
  auto it = std::find_if(t.components.begin(), t.components.end(),
                         [&](const Component& c) { return c.name == name; });
  if (it != t.components.end()) return &*it;
  std::string names;
  std::vector<std::string_view> candidates;
  for (const auto& c : t.components) {
    names += (names.empty() ? "" : ", ") + c.name;
    candidates.push_back(c.name);
  }
  std::string mean = did_you_mean(name, candidates);
  io.err << "infrac: error: " << t.service << " has no component '" << name
         << "'\nhelp: " << (mean.empty() ? "" : mean + " ") << "its components: " << names << "\n";
  return nullptr;
}

}  // namespace

int cmd_logs(const CommonOptions& options, const OperatorOptions& op, Io io) {
  auto r = resolve(options, op, io);
  if (!r) return kExitFailure;
  if (!op.component.empty() && !find_component(*r->target, op.component, io)) return kExitUsage;
  LogsRequest request{op.component, op.follow, op.since, op.tail};
  return run_kubectl(logs_argv(operator_target(*r), request), *r, io);
}

int cmd_exec(const CommonOptions& options, const OperatorOptions& op, Io io) {
  if (op.command.empty()) {
    io.err << "infrac: error: exec runs the command after --\nhelp: infrac exec " << op.env << " "
           << op.service << " -- sh\n";
    return kExitUsage;
  }
  auto r = resolve(options, op, io);
  if (!r) return kExitFailure;
  const Target& t = *r->target;
  const Component* c = nullptr;
  if (op.component.empty()) {
    for (const auto& comp : t.components) {
      if (!c && comp.type != ComponentType::Cron && comp.type != ComponentType::Job) c = &comp;
    }
  } else {
    c = find_component(t, op.component, io);
    if (!c) return kExitUsage;
  }
  if (!c || c->type == ComponentType::Cron || c->type == ComponentType::Job) {
    io.err << "infrac: error: "
           << (c ? "component '" + c->name + "' runs to completion"
                 : t.service + " has no long-running component")
           << ": there is no pod to exec into\nhelp: infrac logs " << op.env << " " << op.service
           << " shows its runs\n";
    return kExitUsage;
  }
  // Production is reached on purpose only: the environment's name, typed again.
  if (r->env->production && op.confirm != op.env) {
    io.err << "infrac: error: " << op.env
           << " is a production environment\nhelp: run it again with --confirm " << op.env
           << " to exec into " << op.service << "/" << c->name << "\n";
    return kExitUsage;
  }
  if (r->env->production)
    io.err << "infrac: exec in production: " << op.env << "/" << op.service << "/" << c->name
           << ": " << shell_line(op.command) << "\n";
  return run_kubectl(exec_argv(operator_target(*r), t.service + "-" + c->name, c->name, op.command,
                               ::isatty(STDIN_FILENO) != 0),
                     *r, io);
}

int cmd_status(const CommonOptions& options, const OperatorOptions& op, Io io) {
  auto r = resolve(options, op, io);
  if (!r) return kExitFailure;
  return run_kubectl(status_argv(operator_target(*r)), *r, io);
}

}  // namespace infrac
