#include "lower/patches.h"

#include <map>
#include <tuple>

#include "ir/k8s_json.h"
#include "ir/workload_labels.h"
#include "lower/patch_guard.h"

namespace infrac {
namespace {

using json = nlohmann::ordered_json;

// The merge key of a list by its field name (Kubernetes' patchMergeKey); empty: replace.
std::string merge_key(const std::string& field) {
  if (field == "containers" || field == "initContainers" || field == "ephemeralContainers" ||
      field == "volumes" || field == "env" || field == "imagePullSecrets")
    return "name";
  if (field == "ports") return "containerPort";
  if (field == "volumeMounts") return "mountPath";
  return {};
}

const KValue* field(const KValue& map, const std::string& key) {
  return map.find(key);
}

bool same_key(const KValue& a, const KValue& b, const std::string& key) {
  const KValue* x = field(a, key);
  const KValue* y = field(b, key);
  if (!x || !y || x->kind != y->kind) return false;
  return x->kind == KValue::Kind::Int ? x->integer == y->integer : x->text == y->text;
}

void remove_key(KValue& map, const std::string& key) {
  std::erase_if(map.entries, [&](const KEntry& e) { return e.key == key; });
}

void merge(KValue& into, const KValue& patch, const std::string& field_name, std::string& error);

void merge_list(KValue& into, const KValue& patch, const std::string& field_name,
                std::string& error) {
  std::string key = merge_key(field_name);
  if (key.empty()) {
    into = patch;
    return;
  }
  for (const auto& element : patch.items) {
    const KValue* directive = element.kind == KValue::Kind::Map ? element.find("$patch") : nullptr;
    if (directive && directive->text != "delete") {
      error = "$patch: " + directive->text + " is not supported (only delete)";
      return;
    }
    auto match = std::find_if(into.items.begin(), into.items.end(),
                              [&](const KValue& x) { return same_key(x, element, key); });
    if (directive) {
      if (match != into.items.end()) into.items.erase(match);
      continue;
    }
    if (match == into.items.end()) {
      into.items.push_back(element);
    } else {
      merge(*match, element, "", error);
    }
  }
}

void merge(KValue& into, const KValue& patch, const std::string& field_name, std::string& error) {
  if (patch.kind == KValue::Kind::List && into.kind == KValue::Kind::List) {
    merge_list(into, patch, field_name, error);
    return;
  }
  if (patch.kind != KValue::Kind::Map || into.kind != KValue::Kind::Map) {
    into = patch;
    return;
  }
  for (const auto& e : patch.entries) {
    if (e.key == "$patch") continue;
    if (e.value.kind == KValue::Kind::Null) {
      remove_key(into, e.key);
      continue;
    }
    if (KValue* existing = into.find(e.key)) {
      merge(*existing, e.value, e.key, error);
    } else {
      into.set(e.key, e.value);
    }
    if (!error.empty()) return;
  }
}

// What a patch may not change: how infrac and kubectl find and select the object.
std::string identity_of(const KObject& o) {
  std::string id = o.body.find("apiVersion") ? o.body.find("apiVersion")->text : "";
  id += "/" + (o.body.find("kind") ? o.body.find("kind")->text : "");
  const KValue* md = o.body.find("metadata");
  if (!md) return id;
  for (const char* k : {"name", "namespace"}) {
    if (const KValue* v = md->find(k)) id += "/" + v->text;
  }
  if (const KValue* labels = md->find("labels")) {
    for (const auto& e : labels->entries) {
      if (e.key.rfind("app.kubernetes.io/", 0) == 0 || e.key.rfind("infrac.dev/", 0) == 0)
        id += "|" + e.key + "=" + e.value.text;
    }
  }
  return id;
}

// Where a patch applies: the fields it names, each of which must match (kustomize's patch
// target). A strategic merge patch names apiVersion, kind and metadata.name / namespace.
struct PatchTarget {
  std::string kind, name;
  std::vector<std::pair<std::string, const Node*>> fields;  // the other fields named
  Location at;
};

// A label selector of equality requirements: `k=v`, `k==v`, `k!=v`, `k`, `!k`, joined by
// commas. Set-based requirements (`k in (a,b)`) are refused by the caller.
bool selector_matches(const std::string& selector, const KValue* labels) {
  std::size_t start = 0;
  while (start <= selector.size()) {
    std::size_t comma = selector.find(',', start);
    std::string req =
        selector.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    start = comma == std::string::npos ? selector.size() + 1 : comma + 1;
    auto trim = [](std::string s) {
      s.erase(0, s.find_first_not_of(' '));
      s.erase(s.find_last_not_of(' ') + 1);
      return s;
    };
    req = trim(req);
    if (req.empty()) continue;
    auto label = [&](const std::string& key) -> const KValue* {
      return labels ? labels->find(key) : nullptr;
    };
    if (auto ne = req.find("!="); ne != std::string::npos) {
      const KValue* l = label(trim(req.substr(0, ne)));
      if (l && l->text == trim(req.substr(ne + 2))) return false;
    } else if (auto eq = req.find('='); eq != std::string::npos) {
      std::size_t skip = req.compare(eq, 2, "==") == 0 ? 2 : 1;
      const KValue* l = label(trim(req.substr(0, eq)));
      if (!l || l->text != trim(req.substr(eq + skip))) return false;
    } else if (req[0] == '!') {
      if (label(trim(req.substr(1)))) return false;
    } else if (!label(req)) {
      return false;
    }
  }
  return true;
}

bool set_based(const std::string& selector) {
  return selector.find('(') != std::string::npos || selector.find(" in ") != std::string::npos ||
         selector.find(" notin ") != std::string::npos;
}

// Whether `o` has the value the target names for `field`; the apiVersion's group and version
// are compared apart (the core group is "").
bool field_matches(const KObject& o, const std::string& field, const std::string& value) {
  auto slash = o.api_version.find('/');
  std::string group = slash == std::string::npos ? "" : o.api_version.substr(0, slash);
  std::string version =
      slash == std::string::npos ? o.api_version : o.api_version.substr(slash + 1);
  const KValue* md = o.body.find("metadata");
  if (field == "namespace") return value == o.ns;
  if (field == "apiVersion") return value == o.api_version;
  if (field == "group") return value == group;
  if (field == "version") return value == version;
  if (field == "labelSelector") return selector_matches(value, md ? md->find("labels") : nullptr);
  if (field == "annotationSelector")
    return selector_matches(value, md ? md->find("annotations") : nullptr);
  return false;
}

// The first value under `v` whose origin lies in `file`: where a patch put it.
const KValue* placed_by(const KValue* v, FileId file) {
  if (!v) return nullptr;
  if (v->origin.file == file && v->origin.known()) return v;
  for (const auto& e : v->entries) {
    if (const KValue* found = placed_by(&e.value, file)) return found;
  }
  for (const auto& i : v->items) {
    if (const KValue* found = placed_by(&i, file)) return found;
  }
  return nullptr;
}

}  // namespace

KValue kvalue_of(const Node& n) {
  switch (n.kind) {
    case NodeKind::Map: {
      KValue m = KValue::map();
      for (const auto& e : n.entries) m.set(e.key, kvalue_of(e.value));
      m.origin = n.location;
      return m;
    }
    case NodeKind::Seq: {
      KValue l = KValue::list();
      for (const auto& i : n.items) l.items.push_back(kvalue_of(i));
      l.origin = n.location;
      return l;
    }
    case NodeKind::Int:
      return KValue::num(n.as_int(), n.location);
    case NodeKind::Bool:
      return KValue::flag(n.as_bool(), n.location);
    case NodeKind::Null:
      return KValue{};
    default:
      return KValue::str(n.text, n.location);
  }
}

namespace {

const char* const kTargetFields[] = {"kind",    "name",          "namespace",         "group",
                                     "version", "labelSelector", "annotationSelector"};

// Reads what a patch names; false (after a diagnostic) when it cannot be applied anywhere.
bool read_target(const ExtraFile& p, bool json_patch, PatchTarget& target,
                 Diagnostics& diagnostics) {
  const Node& root = *p.root;
  const Node* t = json_patch ? root.find("target") : root.find("metadata");
  target.kind = json_patch ? (t ? text_at(*t, "kind") : "") : text_at(root, "kind");
  target.name = t ? text_at(*t, "name") : "";
  target.at = t && t->find("name") ? t->find("name")->location : root.location;
  if (target.kind.empty() || target.name.empty() || (json_patch && !root.find("patch"))) {
    diagnostics
        .add(DiagCode::kEscapeInvalid, root.location,
             p.path +
                 " is neither a strategic merge patch (kind, metadata.name) nor a "
                 "JSON patch (target: {kind, name}, patch: [...])")
        .help = "see docs/escape-hatches.md for both forms";
    return false;
  }
  if (!json_patch) {
    if (const Node* v = root.find("apiVersion")) target.fields.emplace_back("apiVersion", v);
    if (const Node* v = t->find("namespace")) target.fields.emplace_back("namespace", v);
    return true;
  }
  bool ok = true;
  for (const auto& e : t->entries) {
    if (e.key == "kind" || e.key == "name") continue;
    bool known = std::find(std::begin(kTargetFields), std::end(kTargetFields), e.key) !=
                 std::end(kTargetFields);
    if (!known) {
      diagnostics
          .add(DiagCode::kEscapeInvalid, e.key_location,
               "patch " + p.name + ": target." + e.key + " is not a field of a patch target")
          .help =
          "a target names kind and name, and may name namespace, group, version, "
          "labelSelector and annotationSelector";
      ok = false;
      continue;
    }
    if ((e.key == "labelSelector" || e.key == "annotationSelector") && set_based(e.value.text)) {
      diagnostics
          .add(DiagCode::kEscapeInvalid, e.value.location,
               "patch " + p.name + ": target." + e.key +
                   " uses a set-based requirement, which infrac does not read")
          .help = "write equality requirements: key=value, key!=value, key, !key";
      ok = false;
      continue;
    }
    target.fields.emplace_back(e.key, &e.value);
  }
  return ok;
}

// The object a patch applies to: kind, name and every other field it names must match.
std::vector<KObject>::iterator find_target(std::vector<KObject>& objects, const ExtraFile& p,
                                           const PatchTarget& target, const std::string& target_id,
                                           Diagnostics& diagnostics) {
  auto named = std::find_if(objects.begin(), objects.end(), [&](const KObject& o) {
    return o.kind == target.kind && o.name == target.name;
  });
  if (named == objects.end()) {
    diagnostics
        .add(DiagCode::kEscapeInvalid, target.at,
             "patch " + p.name + " matches no object of " + target_id + ": there is no " +
                 target.kind + " " + target.name)
        .help =
        "infrac build --dry-run lists the objects; a patch must match in every "
        "environment of the service";
    return objects.end();
  }
  for (const auto& [field, node] : target.fields) {
    if (field_matches(*named, field, node->text)) continue;
    diagnostics
        .add(DiagCode::kEscapeInvalid, node->location,
             "patch " + p.name + " matches no object of " + target_id + ": " + target.kind + " " +
                 target.name + " does not match " + field + " '" + node->text + "'")
        .help = "every field a patch target names must match (namespace " + named->ns +
                ", apiVersion " + named->api_version + ")";
    return objects.end();
  }
  return named;
}

}  // namespace

void apply_patches(std::vector<KObject>& objects, const std::vector<ExtraFile>& patches,
                   const std::string& target_id, Diagnostics& diagnostics) {
  for (const auto& p : patches) {
    const Node& root = *p.root;
    bool json_patch = root.find("target") != nullptr;
    PatchTarget target;
    if (!read_target(p, json_patch, target, diagnostics)) continue;
    auto object = find_target(objects, p, target, target_id, diagnostics);
    if (object == objects.end()) continue;
    const KObject before = *object;
    std::string error;
    // Where each weakening first appeared: the operation of a JSON patch that made it.
    std::map<std::string, Location> made_at;
    if (json_patch) {
      const Node& ops = *root.find("patch");
      try {
        json doc = json_of(object->body);
        if (ops.is_seq()) {
          for (const auto& op : ops.items) {
            doc = doc.patch(json::array({json_of(kvalue_of(op))}));
            for (const auto& w : weakenings(before, kvalue_of_json(doc)))
              made_at.emplace(w.what, op.location);
          }
        } else {
          doc = doc.patch(json_of(kvalue_of(ops)));
        }
        object->body = kvalue_of_json(doc);
      } catch (const json::exception& e) {
        error = e.what();
      }
    } else {
      KValue patch = kvalue_of(root);
      remove_key(patch, "apiVersion");
      remove_key(patch, "kind");
      merge(object->body, patch, "", error);
    }
    if (error.empty() && identity_of(*object) != identity_of(before))
      error = "it changes the object's kind, name, namespace or the labels infrac selects by";
    if (!error.empty()) {
      diagnostics
          .add(DiagCode::kEscapeInvalid, target.at,
               "patch " + p.name + " cannot be applied to " + target.kind + " " + target.name +
                   " of " + target_id + ": " + error)
          .help = "fix the patch; infrac's own identity and selector labels are not patchable";
      continue;
    }
    // The guarantees the object carried before the patch, judged on the patched object; one
    // diagnostic per place in the patch.
    std::map<std::tuple<std::uint32_t, std::uint32_t>, std::pair<Location, std::string>> by_place;
    for (const auto& w : weakenings(before, object->body)) {
      Location at = target.at;
      if (auto it = made_at.find(w.what); it != made_at.end()) {
        at = it->second;
      } else if (const KValue* v = placed_by(w.value, p.file)) {
        at = v->origin;
      }
      auto& [where, what] = by_place[{at.line, at.column}];
      where = at;
      what += (what.empty() ? "" : "; ") + w.what;
    }
    for (const auto& [place, entry] : by_place) {
      diagnostics
          .add(DiagCode::kPatchWeakens, entry.first,
               "patch " + p.name + " weakens " + target.kind + " " + target.name + " of " +
                   target_id + ": " + entry.second)
          .help =
          "a patch may add to infrac's objects but not take a guarantee away: pod security, "
          "host namespaces, NetworkPolicies, Namespace labels, selectors, the service's "
          "identity and secrets stay as infrac made them (docs/escape-hatches.md)";
    }
  }
}

}  // namespace infrac
