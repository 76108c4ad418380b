// The import report as text and JSON (adopt/import_report.h): behaviour changes first, then
// the proof's paths, then bookkeeping by kind, then each draft's objects.
#include <algorithm>

#include "adopt/import_report.h"
#include "policy/reachability_json.h"

namespace infrac {
namespace {

using Json = nlohmann::ordered_json;

bool is_probe(const std::string& path) {
  return path.find("Probe") != std::string::npos;
}

// Bookkeeping: fields and differences that change no behaviour, counted by reason, most first.
std::vector<std::pair<std::string, std::size_t>> bookkeeping(const ImportReport& r) {
  std::map<std::string, std::size_t> counts;
  for (const auto& n : r.result.not_carried)
    if (!is_probe(n.path))
      ++counts[(n.rewritten ? "written differently: " : "not carried: ") + n.reason];
  std::vector<std::pair<std::string, std::size_t>> out(counts.begin(), counts.end());
  std::stable_sort(out.begin(), out.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  return out;
}

Json calls_json(const ImportReport& r) {
  Json out = Json::array();
  for (std::size_t i = 0; i < r.result.calls.size(); ++i) {
    const Call& c = r.result.calls[i];
    const CallCheck& k = r.proof.calls[i];
    out.push_back({{"caller", c.caller},
                   {"object", c.object},
                   {"path", c.path},
                   {"variable", c.variable},
                   {"value", c.value},
                   {"target", c.target},
                   {"callee", c.callee},
                   {"datastore", c.datastore},
                   {"port", c.port},
                   {"form", c.form},
                   {"recovered", c.recovered},
                   {"status", k.status},
                   {"rebuilt", k.rebuilt},
                   {"rebuilt_port", k.rebuilt_port},
                   {"why", k.why}});
  }
  return out;
}

Json services_json(const ImportReport& r) {
  Json services = Json::array();
  for (const auto& s : r.result.services) {
    Json sj = {
        {"name", s.name}, {"file", "services/" + s.name + "/service.yaml"}, {"objects", s.objects}};
    auto& objects = sj["comparison"] = Json::array();
    for (const auto& c : r.comparisons.at(s.name)) {
      Json cj = {{"object", c.object}, {"status", c.status}};
      if (!c.explanation.empty()) cj["explanation"] = c.explanation;
      auto& diffs = cj["differences"] = Json::array();
      for (const auto& d : c.differences)
        diffs.push_back({{"path", d.path}, {"explanation", d.explanation}});
      objects.push_back(std::move(cj));
    }
    services.push_back(std::move(sj));
  }
  return services;
}

}  // namespace

nlohmann::ordered_json import_report_json(const ImportReport& r) {
  Json j;
  j["version"] = 1;
  auto& changes = j["behaviour_changes"] = Json::array();
  for (const auto& c : behaviour_changes(r))
    changes.push_back({{"kind", c.kind}, {"subject", c.subject}, {"change", c.change}});
  j["proof"] = {{"calls", r.proof.service_calls},
                {"recovered", r.proof.recovered},
                {"allowed", r.proof.allowed},
                {"blocked_needs", paths_json(r.proof.blocked)},
                {"other_paths", paths_json(r.proof.extra)},
                {"platform_paths", r.proof.platform_paths}};
  j["calls"] = calls_json(r);
  auto& book = j["bookkeeping"] = Json::array();
  for (const auto& [reason, count] : bookkeeping(r))
    book.push_back({{"reason", reason}, {"count", count}});
  j["services"] = services_json(r);
  auto& notes = j["not_carried"] = Json::array();
  for (const auto& n : r.result.not_carried) {
    auto owner = r.result.owner.find(n.object);
    notes.push_back({{"object", n.object},
                     {"service", owner == r.result.owner.end() ? "" : owner->second},
                     {"path", n.path},
                     {"reason", n.reason},
                     {"rewritten", n.rewritten}});
  }
  return j;
}

void import_report_text(const ImportReport& r, std::ostream& out) {
  const CallProof& p = r.proof;
  out << "behaviour changes\n  calls: " << p.service_calls
      << " between the imported services in the input, " << p.recovered
      << " recovered as dependencies, " << p.allowed << " allowed by the rebuilt NetworkPolicies; "
      << p.extra.size() << " other path(s) open; " << p.platform_paths
      << " platform path(s) (gateway, scraper)\n";
  std::string kind;
  for (const auto& c : behaviour_changes(r)) {
    if (c.kind != kind) out << "  " << (kind = c.kind) << ":\n";
    out << "    " << c.subject << ": " << c.change << "\n";
  }
  if (!p.extra.empty()) out << "  paths open that no call of the input asks for:\n";
  for (const auto& x : p.extra)
    out << "    " << x.from << " -> " << x.to << " " << x.port << "/" << x.protocol << " (" << x.why
        << ")\n";
  if (!p.blocked.empty()) out << "  needs the rebuilt policies block:\n";
  for (const auto& x : p.blocked)
    out << "    " << x.from << " -> " << x.to << " " << x.port << "/" << x.protocol << " (" << x.why
        << ")\n";
  out << "bookkeeping, by kind (each field in --format json)\n";
  for (const auto& [reason, count] : bookkeeping(r)) out << "  " << count << "  " << reason << "\n";
  for (const auto& s : r.result.services) {
    std::map<std::string, std::size_t> statuses;
    for (const auto& c : r.comparisons.at(s.name)) ++statuses[c.status];
    out << "services/" << s.name << "/service.yaml:";
    for (const auto& [status, count] : statuses) out << " " << count << " " << status << ";";
    out << "\n";
    for (const auto& c : r.comparisons.at(s.name)) {
      if (!c.unexplained()) continue;
      out << "  unexplained: " << c.object << "\n";
      for (const auto& d : c.differences)
        if (d.explanation == "unexplained") out << "      " << d.path << "\n";
    }
  }
  for (const auto& n : r.result.not_carried) {
    auto owner = r.result.owner.find(n.object);
    if (owner != r.result.owner.end() && !owner->second.empty()) continue;
    out << "not imported: " << n.object << ": " << n.reason << "\n";
  }
}

}  // namespace infrac
