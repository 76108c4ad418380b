#include "plan/run_risks.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "ir/workload_labels.h"

namespace infrac {
namespace {

// payments-backfill-2b18c2d5 -> payments-backfill: a run-once Job's name without its hash.
std::string stem(const std::string& name) {
  std::size_t dash = name.rfind('-');
  if (dash == std::string::npos || name.size() - dash != 9) return name;
  for (std::size_t i = dash + 1; i < name.size(); ++i)
    if (!std::isxdigit(static_cast<unsigned char>(name[i]))) return name;
  return name.substr(0, dash);
}

std::string name_of(const std::string& address) {
  return address.substr(address.rfind('/') + 1);
}

// A changed leaf of a pod template in words: "env STRIPE_KEY", "the image", "the command".
std::string leaf_words(const std::string& path) {
  std::size_t env = path.find(".env[");
  if (env != std::string::npos) {
    std::size_t end = path.find(']', env);
    return "env " + path.substr(env + 5, end - env - 5);
  }
  for (const char* field :
       {"image", "command", "args", "resources", "securityContext", "readinessProbe",
        "livenessProbe", "startupProbe", "volumeMounts", "volumes", "serviceAccountName",
        "nodeSelector", "tolerations", "topologySpreadConstraints", "affinity", "priorityClassName",
        "activeDeadlineSeconds", "terminationGracePeriodSeconds", "lifecycle"}) {
    std::string f = field;
    if (path == f || path.rfind(f + ".", 0) == 0 || path.ends_with("." + f) ||
        path.find("." + f + "[") != std::string::npos ||
        path.find("." + f + ".") != std::string::npos)
      return f == "image"                           ? "the image"
             : f == "command" || f == "args"        ? "the command"
             : f == "topologySpreadConstraints"     ? "the topology spread"
             : f == "activeDeadlineSeconds"         ? "the timeout"
             : f == "terminationGracePeriodSeconds" ? "the grace period"
                                                    : f;
  }
  // The hash of the service's ConfigMap (lower/k8s_lower.cpp) rolls pods when a value changes.
  if (path.find("config-hash") != std::string::npos) return "the configuration";
  if (path.find("metadata.annotations") != std::string::npos) return "pod annotations";
  if (path.find("metadata.labels") != std::string::npos) return "pod labels";
  return path.substr(path.rfind('.') + 1);
}

// What differs between two pod templates (leaves under `prefix`), in words ("env X removed",
// "the image changed"), and where: the first head location among them, else the first base one
// (a removed variable's line).
struct TemplateChanges {
  std::vector<std::string> words;
  Location at;
  Side side = Side::Head;
};

TemplateChanges template_changes(const Item* before, const Item& after, const std::string& prefix) {
  Location at, base_at;
  std::set<std::string> words;
  auto note = [&](const std::string& path, const Leaf* was, const Leaf* now) {
    if (path.rfind(prefix, 0) != 0 || (was && now && was->value == now->value)) return;
    std::string w = leaf_words(path.substr(prefix.size()));
    bool env = w.rfind("env ", 0) == 0;
    words.insert(w + (env && !was ? " added" : env && !now ? " removed" : " changed"));
    if (now && now->origin.known() && !at.known()) at = now->origin;
    if (!now && was && was->origin.known() && !base_at.known()) base_at = was->origin;
  };
  for (const auto& [path, leaf] : after.leaves) {
    auto was = before ? before->leaves.find(path) : after.leaves.end();
    note(path, before && was != before->leaves.end() ? &was->second : nullptr, &leaf);
  }
  if (before) {
    for (const auto& [path, leaf] : before->leaves)
      if (!after.leaves.count(path)) note(path, &leaf, nullptr);
  }
  if (at.known() || !base_at.known()) return {{words.begin(), words.end()}, at, Side::Head};
  return {{words.begin(), words.end()}, base_at, Side::Base};
}

// The keys of the service's ConfigMap that changed ("LOG_FORMAT changed"): what "the
// configuration changed" means for the pods that read it.
std::vector<std::string> config_changes(const RiskInputs& in) {
  std::vector<std::string> out;
  const Item* before = nullptr;
  const Item* after = nullptr;
  for (const auto& [address, item] : in.k_before)
    if (item.kind == "ConfigMap" && in.base && address.ends_with("/" + in.base->service))
      before = &item;
  for (const auto& [address, item] : in.k_after)
    if (item.kind == "ConfigMap" && in.head && address.ends_with("/" + in.head->service))
      after = &item;
  std::set<std::string> keys;
  for (const Item* side : {before, after}) {
    if (!side) continue;
    for (const auto& [path, _] : side->leaves)
      if (path.rfind("data.", 0) == 0) keys.insert(path.substr(5));
  }
  for (const auto& key : keys) {
    auto value = [&](const Item* side) -> const Leaf* {
      if (!side) return nullptr;
      auto it = side->leaves.find("data." + key);
      return it == side->leaves.end() ? nullptr : &it->second;
    };
    const Leaf* was = value(before);
    const Leaf* now = value(after);
    if (was && now && was->value == now->value) continue;
    out.push_back(key + (!was ? " added" : !now ? " removed" : " changed"));
  }
  return out;
}

// "the configuration changed" replaced by the keys that did.
void name_config_keys(std::vector<std::string>& words, const RiskInputs& in) {
  auto it = std::find(words.begin(), words.end(), "the configuration changed");
  if (it == words.end()) return;
  std::vector<std::string> keys = config_changes(in);
  if (keys.empty()) return;
  words.erase(it);
  for (auto& k : keys) words.push_back("config " + k);
}

std::string listed(const std::vector<std::string>& words) {
  std::string out;
  for (std::size_t i = 0; i < words.size(); ++i)
    out += (i == 0 ? "" : i + 1 == words.size() ? " and " : ", ") + words[i];
  return out;
}

std::string deadline(const Item& job) {
  auto it = job.leaves.find("spec.activeDeadlineSeconds");
  if (it == job.leaves.end()) return "with no deadline";
  long s = std::stol(it->second.value);
  return "for up to " + (s % 3600 == 0 ? std::to_string(s / 3600) + "h"
                         : s % 60 == 0 ? std::to_string(s / 60) + "m"
                                       : std::to_string(s) + "s");
}

// What a Job's run means, from its phase label (ir/workload_labels.h): a migration runs to
// completion before the pods roll out; an every-deploy Job with each deployed image.
std::string kind_of_run(const Item& job) {
  auto it = job.leaves.find(std::string("metadata.labels.") + kPhaseLabel);
  if (it == job.leaves.end()) return "Job ";
  return it->second.value == kPhaseBeforeRollout ? "migration Job " : "Job ";
}

std::string consequence(const Item& job) {
  auto it = job.leaves.find(std::string("metadata.labels.") + kPhaseLabel);
  if (it != job.leaves.end() && it->second.value == kPhaseBeforeRollout)
    return "; the pods roll out only after it succeeds";
  return "";
}

void job_risks(TargetPlan& tp, const RiskInputs& in) {
  std::map<std::string, std::string> earlier;  // stem -> the base's address
  for (const auto& [address, item] : in.k_before)
    if (item.kind == "Job") earlier[stem(name_of(address))] = address;
  for (const auto& [address, item] : in.k_after) {
    if (item.kind != "Job" || in.k_before.count(address)) continue;
    std::string name = name_of(address);
    auto previous = earlier.find(stem(name));
    const Item* before = previous == earlier.end() ? nullptr : &in.k_before.at(previous->second);
    TemplateChanges changed = template_changes(before, item, "spec.");
    name_config_keys(changed.words, in);
    if (!changed.at.known()) changed = {changed.words, item.origin, Side::Head};
    // A Job gone in the same change may be this one under a new name (a renamed component).
    std::string gone;
    for (const auto& [stem_before, address_before] : earlier) {
      bool kept = false;
      for (const auto& [a, i] : in.k_after)
        kept = kept || (i.kind == "Job" && stem(name_of(a)) == stem_before);
      if (!kept) gone = stem_before;
    }
    std::string what = kind_of_run(item) + stem(name) + " of " + tp.target;
    std::string message =
        before ? what + " runs again " + deadline(item) + ": " +
                     (changed.words.empty() ? "its definition changed" : listed(changed.words))
               : what + " runs for the first time " + deadline(item) +
                     (gone.empty() ? ""
                                   : " (Job " + gone +
                                         " goes in the same change: if this is a rename, its "
                                         "work runs again)");
    message += consequence(item) + cited(in, changed.at, changed.side, "see");
    tp.risks.push_back({before || !gone.empty() ? RiskLevel::Danger : RiskLevel::Warning,
                        std::move(message),
                        in.cite(changed.at, changed.side),
                        {{"run", name, before ? "again" : "first", "runs"}}});
  }
}

void restart_risks(TargetPlan& tp, const RiskInputs& in) {
  for (const auto& [address, item] : in.k_after) {
    if (item.kind != "Deployment") continue;
    auto before = in.k_before.find(address);
    if (before == in.k_before.end()) continue;
    TemplateChanges changed = template_changes(&before->second, item, "spec.template.");
    if (changed.words.empty()) continue;
    name_config_keys(changed.words, in);
    tp.risks.push_back({RiskLevel::Warning,
                        "Deployment " + name_of(address) + " of " + tp.target +
                            " rolls its pods: " + listed(changed.words) +
                            cited(in, changed.at, changed.side, "see"),
                        in.cite(changed.at, changed.side),
                        {{"restart", name_of(address), "pods", "rolls"}}});
  }
}

}  // namespace

// A Deployment that goes while its target stays (a component removed or renamed): its pods
// stop at once, not by a rolling update.
void removed_workload_risks(TargetPlan& tp, const RiskInputs& in) {
  for (const auto& [address, item] : in.k_before) {
    if (item.kind != "Deployment" || in.k_after.count(address)) continue;
    tp.risks.push_back({RiskLevel::Danger,
                        "Deployment " + name_of(address) + " of " + tp.target +
                            " is deleted: all its pods stop at once" +
                            cited(in, item.origin, Side::Base, "its component was at"),
                        in.cite(item.origin, Side::Base)});
  }
}

// An ExternalSecret that now reads another key changes the Secret's values, but pods read
// environment variables when they start: without a roll, running pods keep the old values.
void stale_secret_risks(TargetPlan& tp, const RiskInputs& in) {
  bool rolls = std::any_of(tp.risks.begin(), tp.risks.end(), [](const Risk& r) {
    return !r.claims.empty() && r.claims.front().kind == "restart";
  });
  if (rolls) return;
  for (const auto& [address, item] : in.k_after) {
    auto before = in.k_before.find(address);
    if (item.kind != "ExternalSecret" || before == in.k_before.end()) continue;
    bool remote_changed = false;
    Location at;
    for (const auto& [path, leaf] : item.leaves) {
      if (path.find("remoteRef") == std::string::npos) continue;
      auto was = before->second.leaves.find(path);
      if (was != before->second.leaves.end() && was->second.value == leaf.value) continue;
      remote_changed = true;
      if (!at.known()) at = leaf.origin;
    }
    if (!remote_changed) continue;
    tp.risks.push_back({RiskLevel::Warning,
                        "ExternalSecret " + name_of(address) + " of " + tp.target +
                            " reads other keys, but no pod restarts: running pods keep the "
                            "values they started with until they do" +
                            cited(in, at, Side::Head, "see"),
                        in.cite(at, Side::Head)});
  }
}

void add_run_risks(TargetPlan& tp, const RiskInputs& in) {
  if (!in.base || !in.head) return;  // an added or removed target: its status says it all
  job_risks(tp, in);
  restart_risks(tp, in);
  removed_workload_risks(tp, in);
  stale_secret_risks(tp, in);
}

}  // namespace infrac
