#include "policy/evaluate.h"

#include <algorithm>
#include <deque>
#include <set>

#include "base/source_files.h"
#include "policy/views.h"
#include "resolve/cloud_tables.h"

namespace infrac {
namespace {

struct Match {
  PolicyValue value;
  std::string path;
};

// One evaluation: the subject, the context ($env, $project...), scratch nodes for `$key`.
struct Scope {
  PolicyValue root;
  const Node* context = nullptr;
  PolicyValue pod;  // kubernetes workloads: the pod spec, for paths under `pod`
  std::deque<Node>* scratch = nullptr;
};

void walk(const PolicyValue& at, const std::vector<std::string>& segments, std::size_t i,
          std::string path, std::vector<Match>& out) {
  if (!at.valid()) return;
  if (i == segments.size()) {
    out.push_back({at, std::move(path)});
    return;
  }
  const std::string& s = segments[i];
  std::string prefix = path.empty() ? "" : path + ".";
  if (s == "*") {
    for (auto& [key, child] : at.children()) walk(child, segments, i + 1, prefix + key, out);
  } else {
    walk(at.child(s), segments, i + 1, prefix + s, out);
  }
}

std::vector<Match> resolve(const Scope& scope, const std::vector<std::string>& segments,
                           const std::string& element_key, Location key_location) {
  std::vector<Match> out;
  if (!segments.empty() && !segments[0].empty() && segments[0][0] == '$') {
    std::string var = segments[0].substr(1);
    if (var == "key") {
      Node key;
      key.kind = NodeKind::String;
      key.text = element_key;
      key.location = key_location;
      scope.scratch->push_back(std::move(key));
      out.push_back({view_of(scope.scratch->back()), element_key});
      return out;
    }
    std::vector<std::string> rest(segments.begin() + 1, segments.end());
    rest.insert(rest.begin(), var);
    walk(view_of(*scope.context), rest, 0, "$", out);
    return out;
  }
  if (!segments.empty() && segments[0] == "pod") {
    walk(scope.pod, segments, 1, "pod", out);
    return out;
  }
  walk(scope.root, segments, 0, "", out);
  return out;
}

std::vector<int> version_parts(const std::string& v) {
  std::vector<int> out;
  int cur = -1;
  for (char c : v) {
    if (c >= '0' && c <= '9') {
      cur = (cur < 0 ? 0 : cur * 10) + (c - '0');
    } else if (c == '.') {
      out.push_back(cur < 0 ? 0 : cur);
      cur = -1;
    } else {
      break;
    }
  }
  if (cur >= 0) out.push_back(cur);
  return out;
}

bool under_domain(const std::string& host, const std::string& domain) {
  return host == domain || (host.size() > domain.size() && host.ends_with(domain) &&
                            host[host.size() - domain.size() - 1] == '.');
}

}  // namespace

namespace {

bool claims_across_services(const Rule& r) {
  return std::any_of(r.asserts.begin(), r.asserts.end(),
                     [](const Condition& c) { return c.op == Op::UniqueAcrossServices; });
}

// The first segment of every subject path the rule reads (`$` paths read the context, and
// {{item.X}} reads below for_each).
std::set<std::string> subject_fields_read(const Rule& r) {
  std::set<std::string> out;
  auto add = [&](const std::vector<std::string>& segments) {
    if (!segments.empty() && !segments[0].starts_with("$")) out.insert(segments[0]);
  };
  add(r.for_each_segments);
  for (const auto& c : r.when) add(c.segments);
  for (const auto& c : r.asserts) add(c.segments);
  return out;
}

}  // namespace

PolicyEngine::PolicyEngine(const Model& model, const PolicySet& policies)
    : model_(model), policies_(policies) {
  for (const auto& r : policies.rules) {
    has_lowered_rules_ = has_lowered_rules_ || r.subject != Subject::Service;
  }
  claim_fields_.emplace();
  for (const auto& r : policies.rules) {
    if (r.subject != Subject::Service || !claims_across_services(r)) continue;
    has_claim_rules_ = true;
    for (const auto& first : subject_fields_read(r)) {
      if (first == "*" && claim_fields_) claim_fields_.reset();
      if (claim_fields_) claim_fields_->insert(first);
    }
  }
  for (const auto& t : model.targets) {
    if (t.public_url) {
      public_hosts_[t.env][t.public_url->host].push_back(
          {t.service, t.public_url->path.empty() ? "/" : t.public_url->path});
    }
  }
}

struct RuleRun {
  const Model& model;
  const Target& t;
  const Node& context;
  const PublicHosts& hosts;  // the environment's public routes, by host
  TargetFindings& out;

  std::vector<std::string> arg_strings(const Condition& c) const {
    if (!c.arg_variable.empty()) {
      std::vector<Match> found;
      walk(view_of(context), split_path(c.arg_variable), 0, "", found);
      std::vector<std::string> out_strings;
      for (const auto& m : found) {
        for (auto& s : m.value.strings()) out_strings.push_back(std::move(s));
      }
      return out_strings;
    }
    return view_of(c.arg).strings();
  }

  // An argument may name context values: "{{project.registry}}/".
  std::string expand(const std::string& text) const {
    std::string out;
    for (std::size_t i = 0; i < text.size();) {
      std::size_t open = text.find("{{", i);
      if (open == std::string::npos) {
        out += text.substr(i);
        break;
      }
      std::size_t close = text.find("}}", open);
      if (close == std::string::npos) {
        out += text.substr(i);
        break;
      }
      out += text.substr(i, open - i);
      std::vector<Match> found;
      walk(view_of(context), split_path(text.substr(open + 2, close - open - 2)), 0, "", found);
      if (!found.empty()) out += found.front().value.text();
      i = close + 2;
    }
    return out;
  }

  std::string arg_text(const Condition& c) const {
    auto strings = arg_strings(c);
    return strings.empty() ? std::string() : expand(strings.front());
  }

  // Another service's public URL inside a plain value: the service should declare a
  // dependency and use the internal URL instead.
  bool names_other_public_url(const std::string& value) const {
    for (std::size_t at = value.find("://"); at != std::string::npos;
         at = value.find("://", at + 3)) {
      std::size_t host_start = at + 3;
      std::size_t host_end = value.find_first_of("/:?# \"'", host_start);
      std::string host = value.substr(
          host_start, host_end == std::string::npos ? std::string::npos : host_end - host_start);
      auto it = hosts.find(host);
      if (it == hosts.end()) continue;
      std::size_t path_start = value.find('/', host_start);
      std::string path = path_start == std::string::npos ||
                                 (host_end != std::string::npos && path_start != host_end)
                             ? "/"
                             : value.substr(path_start);
      for (const auto& route : it->second) {
        if (route.service == t.service) continue;
        if (route.path == "/" || path.rfind(route.path, 0) == 0) return true;
      }
    }
    return false;
  }

  bool passes(const Condition& c, const PolicyValue& v) const {
    if (v.unknown()) return true;  // only Terraform knows it: no verdict either way
    std::string text = v.text();
    switch (c.op) {
      case Op::In:
      case Op::NotIn: {
        auto list = arg_strings(c);
        bool found = std::find(list.begin(), list.end(), text) != list.end();
        return c.op == Op::In ? found : !found;
      }
      case Op::Matches:
        return c.regex.partial_match(text);
      case Op::NotMatches:
        return c.regex.ok() && !c.regex.partial_match(text);
      case Op::Equals:
        return text == arg_text(c);
      case Op::NotEquals:
        return text != arg_text(c);
      case Op::Exists:
      case Op::Absent:
        return true;  // decided on the number of matches
      case Op::Min:
      case Op::Max: {
        long long value = v.is_int() ? v.as_int() : std::atoll(text.c_str());
        long long bound = c.arg.as_int();
        return c.op == Op::Min ? value >= bound : value <= bound;
      }
      case Op::VersionAtLeast:
        return version_parts(text) >= version_parts(arg_text(c));
      case Op::MaxLength:
        return static_cast<long long>(text.size()) <= c.arg.as_int();
      case Op::StartsWith:
        return text.rfind(arg_text(c), 0) == 0;
      case Op::UnderDomains: {
        for (const auto& d : arg_strings(c)) {
          if (under_domain(text, d)) return true;
        }
        return false;
      }
      case Op::NotContainsAny:
        if (c.arg_variable == "other_public_urls") return !names_other_public_url(text);
        for (const auto& s : arg_strings(c)) {
          if (!s.empty() && text.find(s) != std::string::npos) return false;
        }
        return true;
      case Op::Contains: {
        auto items = v.strings();
        return std::find(items.begin(), items.end(), arg_text(c)) != items.end();
      }
      case Op::UniqueAcrossServices:
        return true;  // judged across services in finish()
    }
    return true;
  }

  // A `when` condition holds when it matches at least one value and every match passes.
  bool holds(const Condition& c, const Scope& scope, const std::string& key,
             Location key_at) const {
    auto matches = resolve(scope, c.segments, key, key_at);
    if (c.op == Op::Exists) return matches.empty() != (c.arg.text == "true");
    if (c.op == Op::Absent) return matches.empty() == (c.arg.text != "false");
    if (matches.empty()) return false;
    for (const auto& m : matches) {
      if (m.value.unknown()) return false;  // a rule applies only when it is known to
      if (!passes(c, m.value)) return false;
    }
    return true;
  }

  // A field of the element a for_each rule is about ({{item.name}}): a scalar's text, a list's
  // items joined with ", ". List elements are keyed by index; their fields name them.
  static std::string field_text(const PolicyValue& element, std::string_view field) {
    PolicyValue v = element.valid() ? element.child(field) : PolicyValue{};
    if (!v.valid()) return "";
    if (v.is_scalar()) return v.text();
    std::string out;
    for (const auto& item : v.strings()) out += (out.empty() ? "" : ", ") + item;
    return out;
  }

  std::string render(const Rule& r, const std::string& text, const std::string& key,
                     const std::string& path, const std::string& value,
                     const PolicyValue& element) const {
    std::string out;
    for (std::size_t i = 0; i < text.size();) {
      std::size_t end = text.compare(i, 2, "{{") == 0 ? text.find("}}", i) : std::string::npos;
      if (end == std::string::npos) {
        out += text[i++];
        continue;
      }
      std::string name = text.substr(i + 2, end - i - 2);
      name.erase(0, name.find_first_not_of(' '));
      name.erase(name.find_last_not_of(' ') + 1);
      if (name == "service")
        out += t.service;
      else if (name == "env")
        out += t.env;
      else if (name == "key")
        out += key;
      else if (name == "path")
        out += path;
      else if (name == "value")
        out += value.empty() ? "not set" : value;
      else if (name.starts_with("item."))
        out += field_text(element, std::string_view(name).substr(5));
      else if (name == "rule")
        out += r.id;
      else
        out += "{{" + name + "}}";
      i = end + 2;
    }
    return out;
  }

  void finding(const Rule& r, Location at, const std::string& key, const std::string& path,
               const std::string& value, const std::string& address,
               const PolicyValue& element = {}) {
    Finding f;
    f.rule = &r;
    f.location = at;
    f.target = t.id();
    f.address = address;
    f.path = path;
    f.message = render(r, r.message, key, path, value, element);
    if (r.help.find("{{") != std::string::npos) {
      f.help = render(r, r.help, key, path, value, element);
    }
    out.findings.push_back(std::move(f));
  }

  // A path that is absent is fixed by writing it under its deepest present parent.
  template <typename Element>
  Location nearest_parent(const Scope& scope, const std::vector<std::string>& segments,
                          const Element& e) const {
    for (std::size_t n = segments.size(); n-- > 1;) {
      std::vector<std::string> head(segments.begin(), segments.begin() + static_cast<long>(n));
      auto matches = resolve(scope, head, e.key, e.key_location);
      if (!matches.empty() && matches.front().value.location.known()) {
        return matches.front().value.location;
      }
    }
    return e.key_location;
  }

  void run(const Rule& r, const Scope& scope, const std::string& address) {
    // The elements the rule is about: each entry at for_each, or the whole subject.
    struct Element {
      PolicyValue value;
      std::string key, path;
      Location key_location;
    };
    std::vector<Element> elements;
    if (r.for_each_segments.empty()) {
      elements.push_back({scope.root, "", "", scope.root.location});
    } else {
      for (auto& m : resolve(scope, r.for_each_segments, "", {})) {
        std::string key =
            m.path.substr(m.path.rfind('.') == std::string::npos ? 0 : m.path.rfind('.') + 1);
        Location key_at = m.value.location;
        if (m.value.node && scope.root.node) {
          // Map keys of the service view carry their own location (the component's key).
        }
        elements.push_back({m.value, key, m.path, key_at});
      }
    }
    for (const auto& e : elements) {
      Scope inner = scope;
      inner.root = e.value;
      bool applies = true;
      for (const auto& c : r.when) {
        if (!holds(c, inner, e.key, e.key_location)) {
          applies = false;
          break;
        }
      }
      if (!applies) continue;
      if (r.deny) {
        finding(r, e.key_location, e.key, e.path, e.value.is_scalar() ? e.value.text() : e.key,
                address, e.value);
        continue;
      }
      for (const auto& c : r.asserts) {
        auto matches = resolve(inner, c.segments, e.key, e.key_location);
        std::string base = e.path.empty() ? "" : e.path + ".";
        if (c.op == Op::Exists || c.op == Op::Absent) {
          bool want = c.op == Op::Exists ? c.arg.text != "false" : c.arg.text == "false";
          if (matches.empty() == want) {
            Location at = matches.empty() ? nearest_parent(inner, c.segments, e)
                                          : matches.front().value.location;
            finding(r, at, e.key, base + c.path,
                    matches.empty() ? "" : matches.front().value.text(), address, e.value);
          }
          continue;
        }
        for (const auto& m : matches) {
          if (c.op == Op::UniqueAcrossServices) {
            out.claims.push_back({&r, t.env, m.value.text(), t.service, m.value.location});
            continue;
          }
          if (!passes(c, m.value)) {
            finding(r, m.value.location, e.key, base + m.path, m.value.text(), address, e.value);
          }
        }
      }
    }
  }
};

namespace {

Node context_of(const Model& model, const Target& t) {
  auto s = [](std::string text) {
    Node n;
    n.kind = NodeKind::String;
    n.text = std::move(text);
    return n;
  };
  auto list = [&](const std::vector<std::string>& items) {
    Node n;
    n.kind = NodeKind::Seq;
    for (const auto& i : items) n.items.push_back(s(i));
    return n;
  };
  Node c;
  c.kind = NodeKind::Map;
  const Environment* env = model.project.environment(t.env);
  c.entries.push_back({"env", {}, s(t.env)});
  c.entries.push_back({"service", {}, s(t.service)});
  c.entries.push_back({"team", {}, s(t.team)});
  c.entries.push_back({"tier", {}, s(t.tier)});
  Node production = s(t.production ? "true" : "false");
  production.kind = NodeKind::Bool;
  c.entries.push_back({"production", {}, production});
  c.entries.push_back({"env_domain", {}, s(env ? env->domain : "")});
  c.entries.push_back({"registry", {}, s(env ? env->registry : model.project.registry)});
  c.entries.push_back(
      {"runtime", {}, s(t.runtime == Runtime::CloudRun ? "cloudrun" : "kubernetes")});
  Node project;
  project.kind = NodeKind::Map;
  project.entries.push_back({"name", {}, s(model.project.name)});
  project.entries.push_back({"registry", {}, s(model.project.registry)});
  project.entries.push_back({"domains", {}, list(model.project.domains)});
  project.entries.push_back({"teams", {}, list(model.project.teams)});
  c.entries.push_back({"project", {}, std::move(project)});
  return c;
}

// The pod spec of a workload, wherever its kind keeps it.
PolicyValue pod_of(const PolicyValue& object, const std::string& kind) {
  PolicyValue spec = object.child("spec");
  if (kind == "CronJob") spec = spec.child("jobTemplate").child("spec");
  if (kind == "Deployment" || kind == "CronJob" || kind == "Job" || kind == "StatefulSet" ||
      kind == "DaemonSet") {
    return spec.child("template").child("spec");
  }
  return {};
}

bool kind_selected(const Rule& r, const std::string& kind) {
  return r.kinds.empty() || std::find(r.kinds.begin(), r.kinds.end(), kind) != r.kinds.end();
}

}  // namespace

TargetFindings PolicyEngine::evaluate_service(const Target& t, bool claims_only) const {
  TargetFindings out;
  if (claims_only && !has_claim_rules_) return out;
  Node view = service_view(model_, t, claims_only && claim_fields_ ? &*claim_fields_ : nullptr);
  Node context = context_of(model_, t);
  static const PublicHosts no_hosts;
  auto env = public_hosts_.find(t.env);
  std::deque<Node> scratch;
  RuleRun run{model_, t, context, env != public_hosts_.end() ? env->second : no_hosts, out};
  Scope scope{view_of(view), &context, {}, &scratch};
  for (const auto& r : policies_.rules) {
    if (r.subject != Subject::Service) continue;
    if (claims_only && !claims_across_services(r)) continue;
    run.run(r, scope, "");
  }
  return out;
}

TargetFindings PolicyEngine::evaluate_lowered(const Target& t, const TargetOutput& lowered) const {
  TargetFindings out;
  if (!has_lowered_rules_) return out;
  Node context = context_of(model_, t);
  static const PublicHosts no_hosts;
  std::deque<Node> scratch;
  RuleRun run{model_, t, context, no_hosts, out};
  for (const auto& o : lowered.kubernetes) {
    PolicyValue root = view_of(o.body, o.origin);
    Scope scope{root, &context, pod_of(root, o.kind), &scratch};
    for (const auto& r : policies_.rules) {
      if (r.subject == Subject::Kubernetes && kind_selected(r, o.kind))
        run.run(r, scope, o.address());
    }
  }
  Location fallback{t.file, 1, 1, 1};
  std::vector<Node> blocks = terraform_view(lowered.terraform, fallback);
  for (const auto& b : blocks) {
    std::string kind = text_at(b, "kind");
    std::string address = (kind == "provider" ? "provider." : "module.") + text_at(b, "name");
    Scope scope{view_of(b), &context, {}, &scratch};
    for (const auto& r : policies_.rules) {
      if (r.subject == Subject::Terraform && kind_selected(r, kind)) run.run(r, scope, address);
    }
  }
  return out;
}

TargetFindings PolicyEngine::evaluate_object(const Target& t, const Node& object,
                                             Subject subject) const {
  TargetFindings out;
  Node context = context_of(model_, t);
  static const PublicHosts no_hosts;
  std::deque<Node> scratch;
  RuleRun run{model_, t, context, no_hosts, out};
  PolicyValue root = view_of(object);
  std::string kind = text_at(object, "kind");
  Scope scope{root, &context, subject == Subject::Kubernetes ? pod_of(root, kind) : PolicyValue{},
              &scratch};
  for (const auto& r : policies_.rules) {
    if (r.subject == subject && kind_selected(r, kind))
      run.run(r, scope, kind + "/" + text_at(object, "name"));
  }
  return out;
}

std::vector<Finding> PolicyEngine::finish(std::vector<TargetFindings> parts,
                                          const SourceFiles& files) const {
  std::vector<Finding> out;
  std::map<std::tuple<std::string, std::string, std::string>, std::vector<UniqueClaim>> claims;
  for (auto& p : parts) {
    for (auto& f : p.findings) out.push_back(std::move(f));
    for (auto& c : p.claims) claims[{c.rule->id, c.env, c.value}].push_back(std::move(c));
  }
  for (auto& [key, list] : claims) {
    std::sort(list.begin(), list.end(),
              [](const UniqueClaim& a, const UniqueClaim& b) { return a.service < b.service; });
    for (std::size_t i = 1; i < list.size(); ++i) {
      if (list[i].service == list[0].service) continue;
      Finding f;
      f.rule = list[i].rule;
      f.location = list[i].location;
      f.target = list[i].env + "/" + list[i].service;
      f.path = std::get<2>(key);
      f.message = list[i].rule->message;
      // The template's {{value}} and the other claimant, filled here.
      std::string m = f.message;
      for (const auto& [from, to] :
           {std::pair<std::string, std::string>{"{{value}}", list[i].value},
            {"{{service}}", list[i].service},
            {"{{env}}", list[i].env},
            {"{{other}}", list[0].service}}) {
        for (std::size_t at = m.find(from); at != std::string::npos;
             at = m.find(from, at + to.size())) {
          m.replace(at, from.size(), to);
        }
      }
      f.message = m;
      out.push_back(std::move(f));
    }
  }
  // Exceptions: a valid, unexpired exception for the rule and the service (or target) waives.
  for (auto& f : out) {
    std::string service = f.target.substr(f.target.find('/') + 1);
    for (const auto& x : policies_.exceptions) {
      if (x.expired || x.rule != f.rule->id) continue;
      bool covers = std::find(x.services.begin(), x.services.end(), service) != x.services.end() ||
                    std::find(x.targets.begin(), x.targets.end(), f.target) != x.targets.end();
      if (covers) {
        f.waived = true;
        f.exception = &x;
        break;
      }
    }
  }
  sort_findings(out, files);
  return out;
}

void sort_findings(std::vector<Finding>& findings, const SourceFiles& files) {
  auto key = [&files](const Finding& f) {
    return std::make_tuple(std::string(files.path(f.location.file)), f.location.line,
                           f.location.column, f.rule->id, f.target, f.address, f.message);
  };
  std::stable_sort(findings.begin(), findings.end(),
                   [&](const Finding& a, const Finding& b) { return key(a) < key(b); });
}

}  // namespace infrac
