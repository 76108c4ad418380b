#include "deliver/bundle.h"

#include <nlohmann/json.hpp>

namespace infrac {

std::string bundle_status_name(BundleStatus status) {
  switch (status) {
    case BundleStatus::Added:
      return "added";
    case BundleStatus::Changed:
      return "changed";
    case BundleStatus::Removed:
      return "removed";
  }
  return "changed";
}

std::string bundle_json(const Bundle& b) {
  nlohmann::ordered_json j;
  j["version"] = Bundle::kVersion;
  j["head_commit"] = b.head_commit;
  j["base"] = {{"ref", b.base_ref}, {"commit", b.base_commit}};
  j["image_tag"] = b.image_tag;
  j["created_unix"] = b.created_unix;
  j["terraform_planned"] = b.terraform_planned;
  auto targets = nlohmann::ordered_json::array();
  for (const auto& t : b.targets) {
    nlohmann::ordered_json o;
    o["target"] = t.id;
    o["env"] = t.env;
    o["service"] = t.service;
    o["status"] = bundle_status_name(t.status);
    o["gateway"] = t.gateway;
    if (t.platform) o["platform"] = true;
    if (!t.calls.empty()) o["calls"] = t.calls;
    o["terraform_dir"] = t.terraform_dir;
    o["kubernetes_dir"] = t.kubernetes_dir;
    if (!t.kubernetes_dir.empty()) {
      o["context"] = t.context;
      o["namespace"] = t.ns;
      o["instance"] = t.instance;
      auto objects = nlohmann::ordered_json::array();
      for (const auto& k : t.objects) {
        nlohmann::ordered_json x = {
            {"apiVersion", k.api_version}, {"kind", k.kind}, {"name", k.name}, {"file", k.file}};
        if (!k.phase.empty()) x["phase"] = k.phase;
        if (k.timeout_seconds > 0) x["timeout_seconds"] = k.timeout_seconds;
        objects.push_back(std::move(x));
      }
      o["objects"] = std::move(objects);
    }
    targets.push_back(std::move(o));
  }
  j["targets"] = std::move(targets);
  return j.dump(2) + "\n";
}

namespace {

std::string text(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::optional<BundleStatus> status_of(const std::string& s) {
  if (s == "added") return BundleStatus::Added;
  if (s == "changed") return BundleStatus::Changed;
  if (s == "removed") return BundleStatus::Removed;
  return std::nullopt;
}

BundleObject object_of(const nlohmann::json& x) {
  BundleObject k;
  k.api_version = text(x, "apiVersion");
  k.kind = text(x, "kind");
  k.name = text(x, "name");
  k.file = text(x, "file");
  k.phase = text(x, "phase");
  k.timeout_seconds = x.value("timeout_seconds", std::int64_t{0});
  return k;
}

// A bundle comes from a CI artifact: its paths stay inside the bundle and no value can pass
// for a command-line option.
bool safe_path(const std::string& p) {
  if (p.empty()) return true;
  if (p.front() == '/' || p.front() == '-') return false;
  std::size_t start = 0;
  while (start <= p.size()) {
    std::size_t end = p.find('/', start);
    std::string part = p.substr(start, end == std::string::npos ? std::string::npos : end - start);
    if (part.empty() || part == "." || part == "..") return false;
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return p.find_first_not_of(
             "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._/-") ==
         std::string::npos;
}

bool safe_name(const std::string& s) {
  return s.empty() || (s.front() != '-' &&
                       s.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                           "0123456789._:/@-") == std::string::npos);
}

bool safe_target(const BundleTarget& t) {
  if (!safe_path(t.terraform_dir) || !safe_path(t.kubernetes_dir)) return false;
  for (const auto* s : {&t.id, &t.env, &t.service, &t.context, &t.ns, &t.instance})
    if (!safe_name(*s)) return false;
  for (const auto& s : t.calls)
    if (!safe_name(s)) return false;
  for (const auto& k : t.objects) {
    if (!safe_path(k.file) || k.file.find('/') != std::string::npos) return false;
    for (const auto* s : {&k.api_version, &k.kind, &k.name, &k.phase})
      if (!safe_name(*s)) return false;
  }
  return true;
}

}  // namespace

std::optional<Bundle> parse_bundle(const std::string& input, std::string& error) {
  nlohmann::json j = nlohmann::json::parse(input, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    error = "not JSON: a bundle.json written by infrac ci bundle is expected";
    return std::nullopt;
  }
  if (j.value("version", 0) != Bundle::kVersion) {
    error = "bundle version " + j.value("version", nlohmann::json()).dump() +
            ", this infrac reads " + std::to_string(Bundle::kVersion) +
            ": make the bundle with the same infrac";
    return std::nullopt;
  }
  Bundle b;
  b.head_commit = text(j, "head_commit");
  if (j.contains("base") && j["base"].is_object()) {
    b.base_ref = text(j["base"], "ref");
    b.base_commit = text(j["base"], "commit");
  }
  b.image_tag = text(j, "image_tag");
  b.created_unix = j.value("created_unix", std::int64_t{0});
  b.terraform_planned = j.value("terraform_planned", false);
  if (!j.contains("targets") || !j["targets"].is_array()) {
    error = "no targets list";
    return std::nullopt;
  }
  for (const auto& o : j["targets"]) {
    BundleTarget t;
    t.id = text(o, "target");
    t.env = text(o, "env");
    t.service = text(o, "service");
    auto status = status_of(text(o, "status"));
    if (t.id.empty() || !status) {
      error = "a target without an id or a known status";
      return std::nullopt;
    }
    t.status = *status;
    t.gateway = o.value("gateway", false);
    t.platform = o.value("platform", false);
    if (o.contains("calls") && o["calls"].is_array()) {
      for (const auto& c : o["calls"])
        if (c.is_string()) t.calls.push_back(c.get<std::string>());
    }
    t.terraform_dir = text(o, "terraform_dir");
    t.kubernetes_dir = text(o, "kubernetes_dir");
    t.context = text(o, "context");
    t.ns = text(o, "namespace");
    t.instance = text(o, "instance");
    if (o.contains("objects") && o["objects"].is_array()) {
      for (const auto& x : o["objects"]) t.objects.push_back(object_of(x));
    }
    if (!safe_target(t)) {
      error = "target " + t.id + ": a path outside the bundle or a name that is not one";
      return std::nullopt;
    }
    b.targets.push_back(std::move(t));
  }
  return b;
}

}  // namespace infrac
