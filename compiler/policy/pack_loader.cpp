#include "policy/pack_loader.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <set>

#include "base/did_you_mean.h"
#include "base/embedded.h"
#include "base/fs.h"
#include "base/regex.h"
#include "policy/rule_paths.h"
#include "spec/overlay.h"
#include "spec/yaml_loader.h"

namespace infrac {
namespace fs = std::filesystem;

namespace {

// Rule ids: dotted lowercase words (pack.rule), as policy-packs.md names them.
const Regex& rule_id_pattern() {
  static const Regex pattern = builtin_regex("[a-z][a-z0-9-]*(\\.[a-z0-9][a-z0-9-]*)+");
  return pattern;
}

struct OpName {
  const char* name;
  Op op;
};
constexpr OpName kOps[] = {
    {"in", Op::In},
    {"not_in", Op::NotIn},
    {"matches", Op::Matches},
    {"not_matches", Op::NotMatches},
    {"equals", Op::Equals},
    {"not_equals", Op::NotEquals},
    {"exists", Op::Exists},
    {"absent", Op::Absent},
    {"min", Op::Min},
    {"max", Op::Max},
    {"version_at_least", Op::VersionAtLeast},
    {"max_length", Op::MaxLength},
    {"starts_with", Op::StartsWith},
    {"under_domains", Op::UnderDomains},
    {"not_contains_any", Op::NotContainsAny},
    {"contains", Op::Contains},
    {"unique_across_services", Op::UniqueAcrossServices},
};

const std::vector<std::string_view>& rule_keys() {
  static const std::vector<std::string_view> keys = {
      "id",      "category", "severity", "description", "rationale", "help", "docs",
      "subject", "kinds",    "for_each", "when",        "assert",    "deny", "message"};
  return keys;
}

const std::vector<std::string>& categories() {
  static const std::vector<std::string> c = {"datastore", "naming",      "url",
                                             "security",  "reliability", "ownership",
                                             "cost",      "escape",      "other"};
  return c;
}

class Loader {
 public:
  Loader(SourceFiles& files, Diagnostics& diagnostics, const PolicyLoadOptions& options)
      : files_(files), diagnostics_(diagnostics), options_(options) {}

  struct PackSource {
    std::string name;  // "datastore" for built-ins, metadata.name for the organisation's
    bool builtin = false;
    Node root;
  };

  std::optional<Node> parse(const std::string& display, std::string text) {
    FileId id = files_.add(display, std::move(text));
    return load_yaml(id, *files_.get(id), diagnostics_);
  }

  void check_keys(const Node& map, const std::vector<std::string_view>& allowed,
                  const std::string& where) {
    for (const auto& e : map.entries) {
      if (std::find(allowed.begin(), allowed.end(), e.key) != allowed.end()) continue;
      diagnostics_
          .add(DiagCode::kPolicyUnknownField, e.key_location,
               "unknown field '" + e.key + "' in " + where)
          .help = did_you_mean(e.key, allowed);
    }
  }

  Diagnostic& invalid(Location at, std::string message) {
    return diagnostics_.add(DiagCode::kPolicyInvalid, at, std::move(message));
  }

  // `$params.a.b` -> the parameter's value; anything else unchanged.
  bool substitute(Node& value, const Node& params, const std::string& pack) {
    if (value.kind == NodeKind::String && value.text.rfind("$params.", 0) == 0) {
      const Node* at = &params;
      std::string rest = value.text.substr(8);
      std::size_t start = 0;
      while (at && start <= rest.size()) {
        std::size_t dot = rest.find('.', start);
        std::string part =
            rest.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
        at = at->is_map() ? at->find(part) : nullptr;
        if (dot == std::string::npos) break;
        start = dot + 1;
      }
      if (!at) {
        diagnostics_.add(DiagCode::kPolicyUnknownParameter, value.location,
                         "pack " + pack + " has no parameter '" + value.text.substr(8) + "'");
        return false;
      }
      Location keep = value.location;
      value = *at;
      value.location = keep;
      return true;
    }
    for (auto& item : value.items) substitute(item, params, pack);
    for (auto& entry : value.entries) substitute(entry.value, params, pack);
    return true;
  }

  std::optional<Condition> condition(const Node& n, const Node& params, const std::string& pack,
                                     const std::string& where) {
    if (!n.is_map()) {
      invalid(n.location, where + " must be a mapping such as {path: type, in: [postgres]}");
      return std::nullopt;
    }
    Condition c;
    c.location = n.location;
    c.path = text_at(n, "path", ".");
    c.segments = split_path(c.path);
    c.path_location = location_at(n, {"path"}, n.location);
    std::vector<std::string_view> allowed = {"path"};
    int ops = 0;
    for (const auto& o : kOps) allowed.push_back(o.name);
    check_keys(n, allowed, where);
    for (const auto& o : kOps) {
      const MapEntry* e = n.find_entry(o.name);
      if (!e) continue;
      ++ops;
      c.op = o.op;
      c.arg = e->value;
      if (!substitute(c.arg, params, pack)) return std::nullopt;
      if (c.arg.kind == NodeKind::String && !c.arg.text.empty() && c.arg.text[0] == '$') {
        c.arg_variable = c.arg.text.substr(1);
      }
      if (c.op == Op::Matches || c.op == Op::NotMatches) {
        Regex regex(c.arg.text);
        if (!regex.ok()) {
          diagnostics_.add(DiagCode::kPolicyPattern, c.arg.location,
                           "invalid regular expression: " + regex.error());
          return std::nullopt;
        }
        c.regex = std::move(regex);
      }
      if ((c.op == Op::Min || c.op == Op::Max || c.op == Op::MaxLength) &&
          c.arg.kind != NodeKind::Int) {
        invalid(c.arg.location, std::string(o.name) + " takes an integer");
        return std::nullopt;
      }
    }
    if (ops != 1) {
      invalid(n.location, where +
                              " needs exactly one operator (in, not_in, matches, equals, "
                              "exists, min, max, ...); it has " +
                              std::to_string(ops));
      return std::nullopt;
    }
    return c;
  }

  // severity and subject (each one of a few words), and the kinds a rule judges.
  bool severity_and_subject(const Node& r, Rule& rule) {
    bool ok = true;
    std::string severity = text_at(r, "severity", "error");
    if (severity == "error") {
      rule.severity = Severity::Error;
    } else if (severity == "warning") {
      rule.severity = Severity::Warning;
    } else {
      invalid(r.find("severity")->location, "severity must be error or warning");
      ok = false;
    }
    std::string subject = text_at(r, "subject", "service");
    if (subject == "service") {
      rule.subject = Subject::Service;
    } else if (subject == "kubernetes") {
      rule.subject = Subject::Kubernetes;
    } else if (subject == "terraform") {
      rule.subject = Subject::Terraform;
    } else {
      invalid(r.find("subject")->location, "subject must be service, kubernetes or terraform");
      ok = false;
    }
    if (const Node* kinds = r.find("kinds")) {
      for (const auto& k : kinds->items) rule.kinds.push_back(k.text);
    }
    return ok;
  }

  // when: and assert:, each a list of conditions.
  bool conditions_of(const Node& r, const Node& params, const std::string& pack, Rule& rule) {
    bool ok = true;
    for (const char* list : {"when", "assert"}) {
      const Node* items = r.find(list);
      if (!items) continue;
      if (!items->is_seq()) {
        invalid(items->location, std::string(list) + " must be a list of conditions");
        ok = false;
        continue;
      }
      for (const auto& item : items->items) {
        auto c = condition(item, params, pack, std::string("a ") + list + " condition");
        if (!c) {
          ok = false;
          continue;
        }
        (std::string(list) == "when" ? rule.when : rule.asserts).push_back(std::move(*c));
      }
    }
    return ok;
  }

  // One rule, or nothing after its problems were reported.
  std::optional<Rule> rule_of(const Node& r, const Node& params, const std::string& pack) {
    check_keys(r, rule_keys(), "a rule");
    Rule rule;
    rule.pack = pack;
    rule.location = r.location;
    rule.id = text_at(r, "id");
    rule.category = text_at(r, "category", "other");
    rule.description = text_at(r, "description");
    rule.rationale = text_at(r, "rationale");
    rule.help = text_at(r, "help");
    rule.docs = text_at(r, "docs");
    rule.message = text_at(r, "message");
    rule.for_each = text_at(r, "for_each");
    rule.for_each_segments = split_path(rule.for_each);
    rule.for_each_location = location_at(r, {"for_each"}, r.location);
    rule.deny = bool_at(r, "deny", false);
    bool ok = true;
    for (const char* required : {"id", "description", "rationale", "help", "message"}) {
      if (text_at(r, required).empty()) {
        invalid(r.location, std::string("a rule needs ") + required);
        ok = false;
      }
    }
    if (!rule.id.empty() && !rule_id_pattern().full_match(rule.id)) {
      invalid(r.find("id")->location,
              "rule id '" + rule.id + "' is not <pack>.<name> in lowercase");
      ok = false;
    }
    if (std::find(categories().begin(), categories().end(), rule.category) == categories().end()) {
      invalid(r.find("category") ? r.find("category")->location : r.location,
              "unknown category '" + rule.category + "'")
          .help = "one of datastore, naming, url, security, reliability, ownership, cost, other";
      ok = false;
    }
    ok = severity_and_subject(r, rule) && ok;
    ok = conditions_of(r, params, pack, rule) && ok;
    ok = check_rule_paths(rule, diagnostics_) && ok;
    if (rule.asserts.empty() == !rule.deny) {
      invalid(r.location, "a rule has either assert: [...] or deny: true");
      ok = false;
    }
    if (!ok) return std::nullopt;
    return rule;
  }

  void rules_of(const Node& pack_root, const Node& params, const std::string& pack, PolicySet& out,
                std::map<std::string, Location>& seen) {
    const Node* rules = pack_root.find("rules");
    if (!rules) return;
    if (!rules->is_seq()) {
      invalid(rules->location, "rules must be a list");
      return;
    }
    for (const auto& r : rules->items) {
      if (!r.is_map()) {
        invalid(r.location, "a rule must be a mapping");
        continue;
      }
      std::optional<Rule> rule = rule_of(r, params, pack);
      if (!rule) continue;
      auto [it, inserted] = seen.emplace(rule->id, rule->location);
      if (!inserted) {
        Diagnostic& d = diagnostics_.add(DiagCode::kPolicyDuplicateRule, rule->location,
                                         "rule " + rule->id + " is defined twice");
        d.notes.push_back({it->second, "first defined here"});
        continue;
      }
      out.rules.push_back(std::move(*rule));
    }
  }

  void tests_of(const Node& pack_root, const std::string& pack, PolicySet& out) {
    const Node* tests = pack_root.find("tests");
    if (!tests) return;
    for (const auto& t : tests->items) {
      check_keys(
          t, {"name", "expect", "env", "project", "service", "kubernetes", "terraform", "files"},
          "a test");
      PackTest test;
      test.pack = pack;
      test.name = text_at(t, "name");
      test.env = text_at(t, "env", "prod");
      test.location = t.location;
      if (const Node* e = t.find("expect")) {
        for (const auto& id : e->items) test.expect.push_back(id.text);
      }
      if (const Node* s = t.find("service")) test.service = *s;
      if (const Node* p = t.find("project")) test.project = *p;
      if (const Node* k = t.find("kubernetes")) test.kubernetes = *k;
      if (const Node* f = t.find("terraform")) test.terraform = *f;
      if (const Node* files = t.find("files")) {
        for (const auto& [field, into] :
             {std::pair{"terraform", &test.terraform_files}, {"patches", &test.patch_files}}) {
          if (const Node* l = files->find(field))
            for (const auto& i : l->items) into->push_back(std::string(field) + "/" + i.text);
        }
      }
      out.tests.push_back(std::move(test));
    }
  }

  void exceptions_of(const Node& root, PolicySet& out) {
    check_keys(root, {"apiVersion", "kind", "metadata", "exceptions"}, "an Exceptions file");
    const Node* list = root.find("exceptions");
    if (!list) return;
    for (const auto& e : list->items) {
      check_keys(e, {"rule", "services", "targets", "reason", "owner", "expires"}, "an exception");
      PolicyException x;
      x.location = e.location;
      x.rule = text_at(e, "rule");
      x.reason = text_at(e, "reason");
      x.owner = text_at(e, "owner");
      x.expires = text_at(e, "expires");
      x.rule_location = location_at(e, {"rule"}, e.location);
      x.owner_location = location_at(e, {"owner"}, e.location);
      if (const Node* s = e.find("services")) {
        for (const auto& i : s->items) {
          x.services.push_back(i.text);
          x.service_locations.push_back(i.location);
        }
      }
      if (const Node* s = e.find("targets")) {
        for (const auto& i : s->items) {
          x.targets.push_back(i.text);
          x.target_locations.push_back(i.location);
        }
      }
      bool ok = true;
      for (const auto& [field, value] : {std::pair{"rule", x.rule},
                                         {"reason", x.reason},
                                         {"owner", x.owner},
                                         {"expires", x.expires}}) {
        if (value.empty()) {
          diagnostics_
              .add(DiagCode::kExceptionInvalid, e.location,
                   std::string("an exception needs ") + field)
              .help = "every exception names its rule, a reason, an owner team and an expiry date";
          ok = false;
        }
      }
      if (x.services.empty() && x.targets.empty()) {
        diagnostics_.add(DiagCode::kExceptionInvalid, e.location,
                         "an exception needs the services or targets it covers");
        ok = false;
      }
      if (!x.expires.empty()) {
        auto day = parse_day(x.expires);
        const Node* at = e.find("expires");
        if (!day) {
          diagnostics_.add(DiagCode::kExceptionInvalid, at->location,
                           "expires must be a date YYYY-MM-DD, not '" + x.expires + "'");
          ok = false;
        } else {
          x.expires_day = *day;
          if (*day - options_.today > options_.max_exception_days) {
            diagnostics_
                .add(DiagCode::kExceptionTooLong, at->location,
                     "exception for " + x.rule + " expires " + x.expires + ", " +
                         std::to_string(*day - options_.today) +
                         " days from today; the project allows at most " +
                         std::to_string(options_.max_exception_days))
                .help = "choose an earlier date and renew the exception when it is reviewed";
            ok = false;
          } else if (*day < options_.today) {
            x.expired = true;
            diagnostics_
                .add(DiagCode::kExceptionExpired, at->location,
                     "exception for " + x.rule + " expired on " + x.expires +
                         "; it no longer waives anything")
                .help = "fix the finding, or renew the exception with a new date and review";
          }
        }
      }
      if (ok) out.exceptions.push_back(std::move(x));
    }
  }

  SourceFiles& files_;
  Diagnostics& diagnostics_;
  const PolicyLoadOptions& options_;
};

}  // namespace

std::vector<std::string> builtin_pack_names() {
  std::vector<std::string> names;
  for (const auto& f : embedded_files()) {
    std::string_view p = f.path;
    if (p.rfind("policies/", 0) == 0 && p.ends_with(".yaml")) {
      names.emplace_back(p.substr(9, p.size() - 9 - 5));
    }
  }
  std::sort(names.begin(), names.end());
  return names;
}

namespace {

struct PackRefs {
  std::vector<std::string> builtins;  // sorted, unique
  std::vector<fs::path> org_dirs;     // policies/ and the project's other pack folders
  struct Named {
    fs::path dir;
    Location at;
    std::string ref;
  };
  std::vector<Named> named_dirs;  // the folders spec.policies names: they must exist
};

// Where spec.policies names `ref` (the list item), for errors about that one item.
Location policies_item(const Project& project, const std::string& ref) {
  if (!project.policies_location.known()) return project.location;
  for (std::size_t i = 0; i < project.policies.size(); ++i) {
    if (project.policies[i] == ref) return project.policy_locations[i];
  }
  return project.policies_location;
}

// spec.policies: infrac/baseline (every built-in pack), infrac/<pack>, or a folder.
PackRefs pack_refs(const Project& project, const fs::path& root, Diagnostics& diagnostics) {
  PackRefs out;
  out.org_dirs = {root / "policies"};
  std::vector<std::string> refs = project.policies;
  if (refs.empty()) refs.push_back("infrac/baseline");
  auto all = builtin_pack_names();
  for (const auto& ref : refs) {
    if (ref == "infrac/baseline") {
      out.builtins.insert(out.builtins.end(), all.begin(), all.end());
    } else if (ref.rfind("infrac/", 0) == 0) {
      std::string name = ref.substr(7);
      if (std::find(all.begin(), all.end(), name) != all.end()) {
        out.builtins.push_back(name);
        continue;
      }
      std::vector<std::string_view> candidates(all.begin(), all.end());
      diagnostics
          .add(DiagCode::kPolicyUnknownPack, policies_item(project, ref),
               "no built-in policy pack '" + ref + "'")
          .help = did_you_mean(name, candidates).empty()
                      ? "built-in packs: infrac/baseline (all), infrac/" + all.front() + ", ..."
                      : did_you_mean(name, candidates);
    } else {
      // spec validation (E0111) admits only ./paths that stay inside the repository.
      fs::path dir = (root / ref).lexically_normal();
      out.org_dirs.push_back(dir);
      out.named_dirs.push_back({dir, policies_item(project, ref), ref});
    }
  }
  std::sort(out.builtins.begin(), out.builtins.end());
  out.builtins.erase(std::unique(out.builtins.begin(), out.builtins.end()), out.builtins.end());
  std::sort(out.org_dirs.begin(), out.org_dirs.end());
  out.org_dirs.erase(std::unique(out.org_dirs.begin(), out.org_dirs.end()), out.org_dirs.end());
  return out;
}

// "did you mean './policies'?" when a folder beside the missing one is spelt nearly alike.
std::string folder_suggestion(const std::string& ref, const fs::path& dir, Inputs& inputs) {
  fs::path missing = dir.has_filename() ? dir : dir.parent_path();
  std::vector<std::string> names;
  for (const auto& e : inputs.list(missing.parent_path())) {
    if (e.is_dir) names.push_back(e.name);
  }
  std::vector<std::string_view> candidates(names.begin(), names.end());
  std::optional<std::string> match = closest_match(missing.filename().string(), candidates);
  if (!match) return "create the folder, or remove it from spec.policies";
  std::string trimmed = ref.ends_with('/') ? ref.substr(0, ref.size() - 1) : ref;
  std::size_t slash = trimmed.rfind('/');
  return "did you mean '" + trimmed.substr(0, slash == std::string::npos ? 0 : slash + 1) + *match +
         "'?";
}

// The organisation's files in `dir`: packs join `packs`, exception files `exception_files`.
void read_org_dir(const fs::path& dir, Inputs& inputs, Loader& loader,
                  std::vector<Loader::PackSource>& packs, std::vector<Node>& exception_files,
                  Diagnostics& diagnostics) {
  const fs::path& root = inputs.root();
  std::vector<fs::path> yamls;
  for (const auto& e : inputs.list(dir)) {
    if (e.is_file && (e.path.extension() == ".yaml" || e.path.extension() == ".yml"))
      yamls.push_back(e.path);
  }
  for (const auto& f : yamls) {
    ReadResult r = inputs.read(f, 1u << 20);
    if (!r.text) {
      diagnostics.add(DiagCode::kFileUnreadable, {}, display_path(f, root) + ": " + r.error);
      continue;
    }
    auto node = loader.parse(display_path(f, root), std::move(*r.text));
    if (!node || !node->is_map()) continue;
    std::string kind = text_at(*node, "kind");
    if (kind == "Exceptions") {
      exception_files.push_back(std::move(*node));
    } else if (kind == "PolicyPack") {
      const Node* md = node->find("metadata");
      std::string name = md ? text_at(*md, "name") : "";
      if (name.empty()) {
        loader.invalid(node->location, "a PolicyPack needs metadata.name");
        continue;
      }
      packs.push_back({name, false, std::move(*node)});
    } else {
      diagnostics.add(
          DiagCode::kWrongKind, node->find("kind") ? node->find("kind")->location : node->location,
          "files under policies/ have kind PolicyPack or Exceptions, not '" + kind + "'");
    }
  }
}

// Organisation packs tune built-in packs' parameters: configure: {infrac/datastore: {...}}.
std::map<std::string, Node> configured_parameters(const std::vector<Loader::PackSource>& packs,
                                                  const std::vector<std::string>& builtins,
                                                  Loader& loader, bool shipped_parameters,
                                                  Diagnostics& diagnostics) {
  std::map<std::string, Node> configured;
  for (const auto& p : packs) {
    if (p.builtin) continue;
    loader.check_keys(
        p.root, {"apiVersion", "kind", "metadata", "parameters", "configure", "rules", "tests"},
        "a PolicyPack");
    const Node* configure = p.root.find("configure");
    if (!configure || shipped_parameters) continue;
    for (const auto& e : configure->entries) {
      std::string name = e.key.rfind("infrac/", 0) == 0 ? e.key.substr(7) : e.key;
      if (std::find(builtins.begin(), builtins.end(), name) == builtins.end()) {
        diagnostics.add(DiagCode::kPolicyUnknownPack, e.key_location,
                        "configure names '" + e.key + "', which this project does not use");
        continue;
      }
      configured[name] =
          configured.count(name) ? merge_override(configured[name], e.value) : e.value;
    }
  }
  return configured;
}

// A pack's declared parameters with the organisation's configuration over them.
Node pack_parameters(const Loader::PackSource& p, const std::map<std::string, Node>& configured,
                     Diagnostics& diagnostics) {
  Node params;
  params.kind = NodeKind::Map;
  if (const Node* declared = p.root.find("parameters")) params = *declared;
  auto config = configured.find(p.name);
  if (config == configured.end()) return params;
  for (const auto& e : config->second.entries) {
    if (!params.find(e.key)) {
      diagnostics.add(DiagCode::kPolicyUnknownParameter, e.key_location,
                      "pack infrac/" + p.name + " has no parameter '" + e.key + "'");
    }
  }
  return merge_override(params, config->second);
}

void check_exception_rules(const PolicySet& set, Diagnostics& diagnostics) {
  for (const auto& x : set.exceptions) {
    if (set.rule(x.rule)) continue;
    std::vector<std::string_view> ids;
    for (const auto& r : set.rules) ids.push_back(r.id);
    diagnostics
        .add(DiagCode::kExceptionInvalid, x.rule_location,
             "exception for unknown rule '" + x.rule + "'")
        .help = did_you_mean(x.rule, ids);
  }
}

}  // namespace

PolicySet load_policies(const Project& project, Inputs& inputs, SourceFiles& files,
                        Diagnostics& diagnostics, const PolicyLoadOptions& options) {
  Loader loader(files, diagnostics, options);
  PolicySet out;
  PackRefs refs = pack_refs(project, inputs.root(), diagnostics);
  std::vector<Loader::PackSource> packs;
  for (const auto& name : refs.builtins) {
    std::string path = "policies/" + name + ".yaml";
    auto node = loader.parse("infrac:" + path, std::string(embedded_file(path)));
    if (node) packs.push_back({name, true, std::move(*node)});
  }
  std::vector<Node> exception_files;
  for (const auto& dir : refs.org_dirs)
    read_org_dir(dir, inputs, loader, packs, exception_files, diagnostics);
  for (const auto& named : refs.named_dirs) {
    // A misspelt folder would otherwise apply no rule and say nothing. (read_org_dir recorded
    // its listing; this asks the host again without recording it twice.)
    if (!inputs.host().list_dir(named.dir)) {
      diagnostics
          .add(DiagCode::kPolicyUnknownPack, named.at,
               "spec.policies names '" + named.ref + "', which is not a folder of the repository")
          .help = folder_suggestion(named.ref, named.dir, inputs);
    }
  }
  std::map<std::string, Node> configured =
      configured_parameters(packs, refs.builtins, loader, options.shipped_parameters, diagnostics);
  std::map<std::string, Location> seen;
  for (auto& p : packs) {
    Node params = pack_parameters(p, configured, diagnostics);
    std::string pack_name = p.builtin ? "infrac/" + p.name : p.name;
    loader.rules_of(p.root, params, pack_name, out, seen);
    loader.tests_of(p.root, pack_name, out);
    out.packs.push_back(pack_name);
  }
  std::sort(out.rules.begin(), out.rules.end(),
            [](const Rule& a, const Rule& b) { return a.id < b.id; });
  for (const auto& f : exception_files) loader.exceptions_of(f, out);
  check_exception_rules(out, diagnostics);
  return out;
}

const Rule* PolicySet::rule(std::string_view id) const {
  auto it = std::lower_bound(rules.begin(), rules.end(), id,
                             [](const Rule& r, std::string_view v) { return r.id < v; });
  return it != rules.end() && it->id == id ? &*it : nullptr;
}

std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> out;
  if (path.empty() || path == ".") return out;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t dot = path.find('.', start);
    if (dot == std::string_view::npos) dot = path.size();
    out.emplace_back(path.substr(start, dot - start));
    start = dot + 1;
  }
  return out;
}

std::optional<int> parse_day(std::string_view text) {
  int y = 0, m = 0, d = 0;
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u}) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
  }
  y = std::atoi(std::string(text.substr(0, 4)).c_str());
  m = std::atoi(std::string(text.substr(5, 2)).c_str());
  d = std::atoi(std::string(text.substr(8, 2)).c_str());
  std::chrono::year_month_day ymd{std::chrono::year(y),
                                  std::chrono::month(static_cast<unsigned>(m)),
                                  std::chrono::day(static_cast<unsigned>(d))};
  if (!ymd.ok()) return std::nullopt;
  return static_cast<int>(std::chrono::sys_days(ymd).time_since_epoch().count());
}

}  // namespace infrac
