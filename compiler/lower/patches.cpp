#include "lower/patches.h"

#include "ir/k8s_json.h"

#include "ir/workload_labels.h"

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

struct PatchTarget {
  std::string kind, name;
  Location at;
};

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

void apply_patches(std::vector<KObject>& objects, const std::vector<ExtraFile>& patches,
                   const std::string& target_id, Diagnostics& diagnostics) {
  for (const auto& p : patches) {
    const Node& root = *p.root;
    bool json_patch = root.find("target") != nullptr;
    PatchTarget target;
    const Node* t = json_patch ? root.find("target") : root.find("metadata");
    target.kind = json_patch ? text_at(*t, "kind") : text_at(root, "kind");
    target.name = t ? text_at(*t, "name") : "";
    target.at = t && t->find("name") ? t->find("name")->location : root.location;
    if (target.kind.empty() || target.name.empty() || (json_patch && !root.find("patch"))) {
      diagnostics
          .add(DiagCode::kEscapeInvalid, root.location,
               p.path +
                   " is neither a strategic merge patch (kind, metadata.name) nor a "
                   "JSON patch (target: {kind, name}, patch: [...])")
          .help = "see docs/escape-hatches.md for both forms";
      continue;
    }
    auto object = std::find_if(objects.begin(), objects.end(), [&](const KObject& o) {
      return o.kind == target.kind && o.name == target.name;
    });
    if (object == objects.end()) {
      diagnostics
          .add(DiagCode::kEscapeInvalid, target.at,
               "patch " + p.name + " matches no object of " + target_id + ": there is no " +
                   target.kind + " " + target.name)
          .help =
          "infrac build --dry-run lists the objects; a patch must match in every "
          "environment of the service";
      continue;
    }
    std::string before = identity_of(*object);
    std::string error;
    if (json_patch) {
      try {
        json patched = json_of(object->body).patch(json_of(kvalue_of(*root.find("patch"))));
        object->body = kvalue_of_json(patched);
      } catch (const json::exception& e) {
        error = e.what();
      }
    } else {
      KValue patch = kvalue_of(root);
      remove_key(patch, "apiVersion");
      remove_key(patch, "kind");
      merge(object->body, patch, "", error);
    }
    if (error.empty() && identity_of(*object) != before)
      error = "it changes the object's kind, name, namespace or the labels infrac selects by";
    if (!error.empty()) {
      diagnostics
          .add(DiagCode::kEscapeInvalid, target.at,
               "patch " + p.name + " cannot be applied to " + target.kind + " " + target.name +
                   " of " + target_id + ": " + error)
          .help = "fix the patch; infrac's own identity and selector labels are not patchable";
    }
  }
}

}  // namespace infrac
