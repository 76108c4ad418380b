#include "adopt/import_report.h"

#include <algorithm>
#include <set>

namespace infrac {
namespace {

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : ", ") + i;
  return out;
}

// The part of a path from the probe on: "...containers[web].readinessProbe.httpGet.path" ->
// "readinessProbe.httpGet.path"; "" when the path is no probe's.
std::string probe_part(const std::string& path) {
  auto at = path.find("Probe");
  if (at == std::string::npos) return {};
  auto start = path.rfind('.', at);
  return path.substr(start == std::string::npos ? 0 : start + 1);
}

void call_changes(const ImportReport& r, std::vector<BehaviourChange>& out) {
  for (std::size_t i = 0; i < r.result.calls.size(); ++i) {
    const Call& c = r.result.calls[i];
    const CallCheck& k = r.proof.calls[i];
    std::string to = c.datastore.empty() ? c.callee : c.caller + "." + c.datastore;
    std::string subject = c.caller + " -> " + (to.empty() ? c.value : to);
    std::string what = c.variable + " " + c.value;
    if (k.status == "allowed") {
      out.push_back({"calls", subject, "allowed: " + what + " -> " + k.rebuilt});
    } else if (k.status == "moved") {
      out.push_back({"calls", subject, "moved to a managed datastore: " + what + ": " + k.why});
    } else if (k.status == "blocked") {
      out.push_back({"calls", subject, "blocked: " + what + ": " + k.why});
    } else if (k.status == "broken") {
      out.push_back({"calls", subject, "broken: " + what + " -> " + k.rebuilt + ": " + k.why});
    } else {
      out.push_back({"addresses", c.caller + " " + c.variable, c.value + ": " + k.why});
    }
  }
}

void namespace_changes(const ImportReport& r, std::vector<BehaviourChange>& out) {
  std::map<std::string, std::vector<std::string>> by_namespace;
  for (const auto& [service, ns] : r.result.source_namespace)
    if (ns != service) by_namespace[ns].push_back(service);
  for (const auto& [ns, services] : by_namespace) {
    out.push_back(
        {"namespaces", ns.empty() ? "the namespace the input was applied to" : ns,
         std::to_string(services.size()) +
             " service(s) move to a namespace of their own, named after each: " + joined(services) +
             "; short names no longer resolve between them, and each namespace "
             "denies what its policies do not allow"});
  }
}

void port_changes(const ImportReport& r, std::vector<BehaviourChange>& out) {
  // The Service itself: the imported callers are rewritten (below), others still use the port.
  for (const auto& p : r.result.service_ports) {
    out.push_back(
        {"ports", p.object,
         "port " + std::to_string(p.before) + " becomes " + std::to_string(p.after) +
             ": infrac's Service for " + p.service +
             " listens on the component's port, so a caller outside this import that still uses " +
             std::to_string(p.before) + " breaks"});
  }
  for (std::size_t i = 0; i < r.result.calls.size(); ++i) {
    const Call& c = r.result.calls[i];
    const CallCheck& k = r.proof.calls[i];
    if (c.callee.empty() || k.status != "allowed" || !k.rebuilt_port) continue;
    int before = c.port ? c.port : (c.form == "url" ? 80 : 0);
    if (before == k.rebuilt_port) continue;
    std::string subject = c.caller + " -> " + c.callee;
    if (before == 0) {
      out.push_back({"ports", subject,
                     c.variable + " names no port (the caller's own default); " + c.callee +
                         " now listens on " + std::to_string(k.rebuilt_port) + " only"});
    } else {
      out.push_back({"ports", subject,
                     "port " + std::to_string(before) + " becomes " +
                         std::to_string(k.rebuilt_port) + ": infrac's Service listens on the " +
                         "component's port, and " + c.variable + " carries it"});
    }
  }
}

// How an added probe asks (httpGet, tcpSocket, grpc or exec), from its fields.
std::string handler(const std::set<std::string>& fields) {
  for (const char* h : {"httpGet", "grpc", "tcpSocket", "exec"})
    for (const auto& f : fields)
      if (f.rfind(h, 0) == 0) return h;
  return "timing only";
}

// By probe, the fields that differ (handler and timing), e.g.
// "livenessProbe (grpc.port, periodSeconds, tcpSocket.port)".
void probe_changes(const ImportReport& r, std::vector<BehaviourChange>& out) {
  for (const auto& [service, comparisons] : r.comparisons) {
    for (const auto& c : comparisons) {
      std::map<std::string, std::set<std::string>> probes;
      for (const auto& d : c.differences) {
        std::string p = probe_part(d.path);
        auto dot = p.find('.');
        if (!p.empty()) probes[p.substr(0, dot)].insert(dot == p.npos ? "" : p.substr(dot + 1));
      }
      if (probes.empty()) continue;
      auto had = r.result.input_probes.find(c.object);
      std::vector<std::string> added, differ;
      for (const auto& [probe, fields] : probes) {
        if (had == r.result.input_probes.end() || !had->second.count(probe))
          added.push_back(probe + " (" + handler(fields) + ")");
        else
          differ.push_back(probe + " (" + joined({fields.begin(), fields.end()}) + ")");
      }
      std::string change = "infrac probes per component type; ";
      if (!added.empty())
        change += "added (the input had none): " + joined(added) + ": the app must answer them";
      if (!differ.empty()) change += (added.empty() ? "" : "; ") + std::string("these differ: ") +
                                     joined(differ);
      out.push_back({"probes", c.object, change});
    }
  }
}

void datastore_changes(const ImportReport& r, std::vector<BehaviourChange>& out) {
  for (const auto& d : r.result.datastores) {
    std::string what = "an in-cluster " + d.type + " (" + d.image + ")";
    if (d.kept) {
      out.push_back({"datastores", d.object,
                     what + " kept as a service (--keep-datastores): its state lives in its "
                            "pods, and infrac probes and secures it like any component"});
    } else if (!d.managed) {
      out.push_back({"datastores", d.object,
                     what + " not imported: no managed equivalent: keep it outside infrac, or "
                            "import it with --keep-datastores"});
    } else if (d.users.empty()) {
      out.push_back({"datastores", d.object,
                     what + " not imported, and no imported service names it: declare a " + d.type +
                         " datastore in the service that uses it"});
    } else {
      out.push_back({"datastores", d.object,
                     what + " not imported: " + joined(d.users) + " replace" +
                         (d.users.size() == 1 ? "s" : "") + " it with a managed " + d.type +
                         " of infrac's default size and version (review both); its data is "
                         "not moved"});
    }
  }
}

}  // namespace

std::vector<BehaviourChange> behaviour_changes(const ImportReport& r) {
  std::vector<BehaviourChange> out;
  call_changes(r, out);
  namespace_changes(r, out);
  port_changes(r, out);
  probe_changes(r, out);
  datastore_changes(r, out);
  for (const auto& e : r.result.exposed) {
    out.push_back({"exposure", e,
                   "traffic from outside the cluster no longer arrives: give the component "
                   "expose: public and urls.public to route it through the gateway"});
  }
  static const std::vector<std::string> order = {"calls",  "addresses",  "namespaces", "ports",
                                                 "probes", "datastores", "exposure"};
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return std::find(order.begin(), order.end(), a.kind) <
           std::find(order.begin(), order.end(), b.kind);
  });
  return out;
}

}  // namespace infrac
