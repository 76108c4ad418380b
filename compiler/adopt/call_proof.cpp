#include "adopt/call_proof.h"

#include <set>

namespace infrac {
namespace {

// Pods by "namespace/workload", for the evaluator's paths.
std::map<std::string, const PodView*> pods_by_place(const AccessReport& report) {
  std::map<std::string, const PodView*> out;
  for (const auto& p : report.pods) out[p.ns + "/" + p.workload] = &p;
  return out;
}

std::string service_at(const std::map<std::string, const PodView*>& pods, const std::string& at) {
  auto p = pods.find(at);
  return p == pods.end() || p->second->platform ? "" : p->second->service;
}

// Is the call open from every pod of the caller to the callee's port? Why not, when it is not.
std::string blocked_why(const Call& c, int port, const AccessReport& report,
                        const std::map<std::string, const PodView*>& pods) {
  std::size_t callers = 0;
  for (const auto& pod : report.pods) {
    if (pod.platform || pod.service != c.caller) continue;
    ++callers;
    std::string from = pod.ns + "/" + pod.workload;
    bool open = false;
    for (const auto& p : report.open)
      open = open || (p.from == from && p.port == port && service_at(pods, p.to) == c.callee);
    if (!open)
      return "the rebuilt NetworkPolicies block " + from + " -> " + c.callee + " port " +
             std::to_string(port);
  }
  if (callers == 0) return "the rebuilt output has no pod of " + c.caller;
  return {};
}

// A call of the form host picks its port itself: the one the caller writes after the
// variable, or its own default, which reached one of the old Service's ports. The rebuilt
// Service listens on the component's port only, so another port is refused although the
// NetworkPolicies allow the path. Why, or "" when the port is served.
std::string port_refused(const Call& c, int rebuilt) {
  if (c.form != "host" || !rebuilt) return {};
  std::string now =
      "; the rebuilt " + c.callee + " listens on " + std::to_string(rebuilt) + " only";
  if (c.port)
    return c.port == rebuilt ? ""
                             : "the caller writes port " + std::to_string(c.port) + " after $(" +
                                   c.variable + ")" + now;
  std::string old;
  for (int p : c.service_ports) {
    if (p == rebuilt) return {};
    old += (old.empty() ? "" : ", ") + std::to_string(p);
  }
  return c.variable + " names no port: the caller connects to its own default, which reached " +
         c.target + " on " + old + now;
}

CallCheck check_service_call(const Call& c, const Model& model, const std::string& env,
                             const AccessReport& report,
                             const std::map<std::string, const PodView*>& pods) {
  CallCheck k;
  const Target* caller = model.target(env, c.caller);
  const Target* callee = model.target(env, c.callee);
  if (!c.recovered) {
    // The address fails whatever the policies say; whether they open the path tells the
    // reader if declaring the call is all that is missing.
    bool open = callee && blocked_why(c, callee->internal_port, report, pods).empty();
    k.status = "blocked";
    k.why = "not recovered (" + c.why + "): the value still names the old address" +
            (open ? ", and that is what fails: the rebuilt NetworkPolicies open the path to " +
                        c.callee + " port " + std::to_string(callee->internal_port) +
                        " (its dependency)"
                  : ", and no dependency opens the path");
    return k;
  }
  for (const auto& v : caller ? caller->env_vars : std::vector<EnvVar>{})
    if (v.name == c.variable) k.rebuilt = v.value;
  k.rebuilt_port = callee ? callee->internal_port : 0;
  k.why = blocked_why(c, k.rebuilt_port, report, pods);
  k.status = k.why.empty() ? "allowed" : "blocked";
  if (k.status == "allowed" && !(k.why = port_refused(c, k.rebuilt_port)).empty())
    k.status = "broken";
  return k;
}

CallCheck check_datastore_call(const Call& c, const Model& model, const std::string& env) {
  CallCheck k;
  if (!c.recovered) {
    k.status = "blocked";
    k.why = c.why;
    return k;
  }
  k.status = "moved";
  const Target* caller = model.target(env, c.caller);
  for (const auto& v : caller ? caller->env_vars : std::vector<EnvVar>{}) {
    if (v.source != EnvSource::DatastoreOutput || v.datastore != c.datastore) continue;
    k.rebuilt += (k.rebuilt.empty() ? "" : ", ") + v.name;
  }
  k.why =
      "a managed datastore outside the cluster: the caller's egress policy opens its port; "
      "the application reads " +
      k.rebuilt + " instead of " + c.variable;
  return k;
}

}  // namespace

CallProof prove_calls(const ImportResult& result, const Model& model, const std::string& env,
                      const std::map<std::string, TargetOutput>& outputs) {
  AccessReport report = evaluate_access(model, env, outputs);
  auto pods = pods_by_place(report);
  CallProof proof;
  std::set<std::pair<std::string, std::string>> asked;  // (caller, callee) of the input
  for (const auto& c : result.calls) {
    CallCheck k;
    if (!c.datastore.empty()) {
      k = check_datastore_call(c, model, env);
    } else if (c.callee.empty()) {
      k.status = "unresolved";
      k.why = c.why;
    } else {
      k = check_service_call(c, model, env, report, pods);
      asked.insert({c.caller, c.callee});
      ++proof.service_calls;
      proof.recovered += c.recovered;
      proof.allowed += k.status == "allowed";
    }
    proof.calls.push_back(std::move(k));
  }
  std::set<std::tuple<std::string, std::string, int>> listed;
  auto extra = [&](const Path& p) {
    if (listed.insert({p.from, p.to, p.port}).second) proof.extra.push_back(p);
  };
  for (const auto& p : report.to_non_dependencies) extra(p);
  for (const auto& p : report.open) {
    std::string from = service_at(pods, p.from), to = service_at(pods, p.to);
    if (from.empty()) {
      proof.platform_paths += !listed.count({p.from, p.to, p.port});
    } else if (!asked.count({from, to})) {
      extra(p);
    }
  }
  proof.blocked = report.blocked_needs;
  return proof;
}

}  // namespace infrac
