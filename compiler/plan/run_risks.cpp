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
  for (const char* field : {"image", "command", "args", "resources", "securityContext",
                            "readinessProbe", "livenessProbe", "startupProbe", "volumeMounts",
                            "volumes", "serviceAccountName", "nodeSelector", "tolerations"}) {
    std::string f = field;
    if (path.ends_with("." + f) || path.find("." + f + "[") != std::string::npos ||
        path.find("." + f + ".") != std::string::npos)
      return f == "image" ? "the image" : f == "command" || f == "args" ? "the command" : f;
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
    TemplateChanges changed = template_changes(before, item, "spec.template.");
    if (!changed.at.known()) changed = {changed.words, item.origin, Side::Head};
    std::string what = kind_of_run(item) + stem(name) + " of " + tp.target;
    std::string message =
        before ? what + " runs again " + deadline(item) + ": " +
                     (changed.words.empty() ? "its definition changed" : listed(changed.words))
               : what + " runs for the first time " + deadline(item);
    message += consequence(item) + cited(in, changed.at, changed.side, "see");
    tp.risks.push_back({before ? "danger" : "warning",
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
    tp.risks.push_back({"warning",
                        "Deployment " + name_of(address) + " of " + tp.target +
                            " rolls its pods: " + listed(changed.words) +
                            cited(in, changed.at, changed.side, "see"),
                        in.cite(changed.at, changed.side),
                        {{"restart", name_of(address), "rolls", "runs"}}});
  }
}

}  // namespace

void add_run_risks(TargetPlan& tp, const RiskInputs& in) {
  if (!in.base || !in.head) return;  // an added or removed target: its status says it all
  job_risks(tp, in);
  restart_risks(tp, in);
}

}  // namespace infrac
