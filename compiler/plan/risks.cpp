#include "plan/risks.h"

#include <algorithm>
#include <cstdlib>
#include <optional>
#include <set>

#include "plan/access_risks.h"
#include "plan/major_upgrade.h"
#include "plan/network_risks.h"
#include "plan/resize.h"
#include "plan/run_risks.h"
#include "spec/slo_values.h"

namespace infrac {
namespace {

bool stateful(const std::string& kind) {
  return kind == "aws/postgres" || kind == "aws/redis" || kind == "aws/bucket" ||
         kind == "aws/queue" || kind == "gcp/postgres" || kind == "gcp/redis" ||
         kind == "gcp/bucket" || kind == "gcp/queue";
}

std::string first_value(const Item* item, const std::string& path) {
  if (!item) return {};
  auto it = item->leaves.find(path);
  return it == item->leaves.end() ? std::string() : it->second.value;
}

// Traffic moves: a new Cloud Run service takes requests, one stops, or the split changes.
void cloud_run_risks(TargetPlan& tp, const Change& c) {
  std::string percent, revision;
  bool percent_changed = false;
  for (const auto& a : c.attributes) {
    if (a.path == "traffic_percent" && (a.had_before || a.has_after)) {
      percent_changed = true;
      percent = a.had_before && a.has_after ? a.before + "% → " + a.after + "%" : "";
    }
    if (a.path == "revision" && a.had_before && a.has_after) revision = a.after;
  }
  if (c.action == ChangeAction::Create) {
    tp.risks.push_back({RiskLevel::Danger,
                        c.address + " in " + tp.target +
                            " starts serving on Cloud Run: traffic moves to it once its callers "
                            "or the gateway point at it",
                        c.origin});
  } else if (c.action == ChangeAction::Delete) {
    tp.risks.push_back({RiskLevel::Danger,
                        c.address + " in " + tp.target +
                            " stops serving on Cloud Run: its traffic has nowhere to go",
                        c.origin});
  } else if (!revision.empty() && !percent_changed) {
    // A template change is a new revision; without a rollout it takes all the traffic at once.
    tp.risks.push_back({RiskLevel::Warning,
                        c.address + " in " + tp.target + " deploys revision " + revision +
                            "; it takes the traffic its rollout gives it (all without one)",
                        c.origin});
  } else if (!percent.empty()) {
    tp.risks.push_back({RiskLevel::Danger,
                        "traffic of " + c.address + " in " + tp.target +
                            " to the new revision moves " + percent +
                            " (the rest stays on the revision serving the most now)",
                        c.origin});
  }
}

void terraform_risks(TargetPlan& tp, const Change& c) {
  if (stateful(c.kind) && (c.action == ChangeAction::Delete || c.action == ChangeAction::Replace)) {
    tp.risks.push_back(
        {RiskLevel::Danger,
         std::string(c.action == ChangeAction::Delete ? "deletes " : "replaces ") + c.kind + " " +
             c.address + " in " + tp.target + ": its data is lost" +
             (c.action == ChangeAction::Replace ? " (" + c.reason.substr(9) + ")" : ""),
         c.origin});
  }
  if (c.kind == "gcp/cloudrun-service") cloud_run_risks(tp, c);
}

// Deployments deleted while Cloud Run services are created: the target changes runtime.
void runtime_move_risk(TargetPlan& tp) {
  bool workloads_deleted = false, run_created = false;
  for (const auto& c : tp.kubernetes)
    workloads_deleted |= c.kind == "Deployment" && c.action == ChangeAction::Delete;
  for (const auto& c : tp.terraform)
    run_created |= c.kind == "gcp/cloudrun-service" && c.action == ChangeAction::Create;
  if (!workloads_deleted || !run_created) return;
  tp.risks.insert(tp.risks.begin(),
                  {RiskLevel::Danger,
                   tp.target + " moves from Kubernetes to Cloud Run: live traffic moves; apply "
                               "the Terraform side and check the new service before the "
                               "Kubernetes workloads are deleted",
                   tp.terraform.empty() ? SourceRef{} : tp.terraform.front().origin});
}

// The URLs an HTTPRoute serves: each hostname (a set, plan/list_identity.h) with the first
// rule's path.
std::set<std::string> route_urls(const Item* route) {
  std::set<std::string> out;
  if (!route) return out;
  std::string path = first_value(route, "spec.rules[0].matches[0].path.value");
  for (auto it = route->leaves.lower_bound("spec.hostnames[");
       it != route->leaves.end() && it->first.rfind("spec.hostnames[", 0) == 0; ++it)
    out.insert("https://" + it->second.value + path);
  return out;
}

std::string urls_text(const std::set<std::string>& urls) {
  std::string out;
  for (const auto& u : urls) out += (out.empty() ? "" : ", ") + u;
  return out;
}

void public_url_risk(TargetPlan& tp, const Change& c, const Items& k_before, const Items& k_after) {
  auto b = k_before.find(c.address);
  auto a = k_after.find(c.address);
  auto before = route_urls(b == k_before.end() ? nullptr : &b->second);
  auto after = route_urls(a == k_after.end() ? nullptr : &a->second);
  if (c.action == ChangeAction::Create) {
    tp.risks.push_back(
        {RiskLevel::Danger, tp.target + " becomes public at " + urls_text(after), c.origin});
  } else if (c.action == ChangeAction::Delete) {
    tp.risks.push_back(
        {RiskLevel::Danger, tp.target + " is no longer public at " + urls_text(before), c.origin});
  } else if (before != after) {
    tp.risks.push_back({RiskLevel::Danger,
                        "the public URL of " + tp.target + " changes: " + urls_text(before) +
                            " → " + urls_text(after) +
                            "; clients of the old URL get 404 once this is applied",
                        c.origin});
  }
  // The Gateway that serves the route: another one serves it only once it listens for the host.
  if (c.action != ChangeAction::Update) return;
  for (const auto& a : c.attributes) {
    if (!a.path.starts_with("spec.parentRefs")) continue;
    tp.risks.push_back({RiskLevel::Danger,
                        "the public route of " + tp.target + " moves to another Gateway (" +
                            (a.had_before ? a.before : "none") + " → " +
                            (a.has_after ? a.after : "none") +
                            "): it serves only once that Gateway accepts the route and its host",
                        c.origin});
    break;
  }
}

// A Kubernetes canary's share of the public route: the weight of the backendRef whose
// Service ends in -canary (lower/k8s_lower.cpp), or nothing without one.
std::optional<std::string> canary_weight(const Items& items, const std::string& address) {
  auto it = items.find(address);
  if (it == items.end()) return std::nullopt;
  for (const auto& [path, leaf] : it->second.leaves) {
    if (path.find("backendRefs[") != std::string::npos && path.ends_with("-canary].weight"))
      return leaf.value;
  }
  return std::nullopt;
}

// Traffic moves on Kubernetes: a canary starts, its share changes, or it ends (promoted or
// rolled back: the stable Deployment's image says which). The weight is the canary's share of
// requests because each track's Service selects only its own pods, and calls from inside the
// cluster use the stable Service (lower/k8s_lower.cpp, track_selector).
void canary_risk(TargetPlan& tp, const Change& c, const Items& k_before, const Items& k_after) {
  auto before = canary_weight(k_before, c.address), after = canary_weight(k_after, c.address);
  if (before == after) return;
  if (!before && after) {
    tp.risks.push_back({RiskLevel::Danger,
                        "a canary of " + tp.target + " takes " + *after +
                            "% of the public route; the stable Deployment serves the rest and "
                            "every call from inside the cluster",
                        c.origin});
  } else if (before && !after) {
    tp.risks.push_back({RiskLevel::Danger,
                        "the canary of " + tp.target + " ends: its " + *before +
                            "% of the public route returns to the stable Deployment, which now "
                            "runs the spec's image (promote) or kept it (roll back)",
                        c.origin});
  } else {
    tp.risks.push_back({RiskLevel::Danger,
                        "traffic of the public route of " + tp.target + " to its canary moves " +
                            *before + "% → " + *after + "%",
                        c.origin});
  }
}

// A namespace that had no egress policy gets one: everything not listed is refused from now
// on (what changes for a namespace that had one is network_risks.h's).
void egress_start_risk(TargetPlan& tp, const Change& c) {
  if (c.kind != "NetworkPolicy" || !c.address.ends_with("-egress") ||
      c.action != ChangeAction::Create || tp.status == TargetStatus::Added)
    return;
  tp.risks.push_back({RiskLevel::Danger,
                      tp.target + " starts denying egress: its pods reach only DNS, their own "
                                  "namespace, their dependencies, their datastores, the "
                                  "telemetry collector and spec.egress; other connections fail",
                      c.origin});
}

// Production capacity that drops: fewer replicas, a lower autoscaling floor or ceiling, or
// the autoscaler gone (the Deployment then runs its fixed replicas).
void replica_risks(TargetPlan& tp, const Change& c) {
  std::string name = c.address.substr(c.address.rfind('/') + 1);
  if (c.kind == "HorizontalPodAutoscaler" && c.action == ChangeAction::Delete) {
    tp.risks.push_back({RiskLevel::Danger,
                        "the autoscaler of " + name + " in " + tp.target +
                            " is removed: it runs a fixed number of replicas from now on",
                        c.origin});
    return;
  }
  if ((c.kind != "Deployment" && c.kind != "HorizontalPodAutoscaler") ||
      c.action != ChangeAction::Update)
    return;
  for (const auto& a : c.attributes) {
    const char* what = a.path == "spec.replicas"      ? "replicas"
                       : a.path == "spec.minReplicas" ? "minimum replicas"
                       : a.path == "spec.maxReplicas" ? "maximum replicas"
                                                      : nullptr;
    if (what && a.had_before && a.has_after &&
        std::atoll(a.after.c_str()) < std::atoll(a.before.c_str())) {
      tp.risks.push_back({RiskLevel::Danger,
                          c.kind + " " + name + " in " + tp.target + " drops its " + what + " " +
                              a.before + " → " + a.after,
                          c.origin});
    }
  }
}

// "99.9% over 28d" or "0.999": the objective in thousandths of a percent, and the window.
std::optional<std::int64_t> objective_of(const std::string& text, std::string* window) {
  std::size_t percent = text.find('%');
  if (percent != std::string::npos) {
    if (window && text.find(" over ") != std::string::npos)
      *window = text.substr(text.find(" over ") + 6);
    return objective_thousandths(text.substr(0, percent));
  }
  // A ratio ("0.9995") has up to five decimals; in thousandths of a percent it is ratio x 1e5.
  std::string digits = text.rfind("0.", 0) == 0 ? text.substr(2) : "";
  if (digits.empty() || digits.size() > 5 ||
      digits.find_first_not_of("0123456789") != std::string::npos)
    return std::nullopt;
  digits.resize(5, '0');
  return std::stoll(digits);
}

std::string budget_text(std::int64_t objective) {
  return exact_decimal(kObjectiveScale - objective, 1000) + "%";
}

// What an objective's change means for the error budget: 99.9 -> 99.5 lets five times as many
// requests fail before the budget is gone; burn-rate alerts fire relative to it.
std::string objective_meaning(std::int64_t before, std::int64_t after) {
  std::int64_t b = kObjectiveScale - before, a = kObjectiveScale - after;
  std::string factor =
      a % b == 0 ? std::to_string(a / b)
      : b % a == 0
          ? std::to_string(b / a)
          : exact_decimal((std::max(a, b) * 100 + std::min(a, b) / 2) / std::min(a, b), 100);
  std::string size = a > b ? factor + "× larger: " + budget_text(after) +
                                 " of requests may now fail before the budget is spent, and "
                                 "the burn-rate alerts wait for that many"
                           : factor + "× smaller: only " + budget_text(after) +
                                 " of requests may fail, and the burn-rate alerts fire " + factor +
                                 "× sooner";
  return "the error budget is " + size;
}

void objective_risk(TargetPlan& tp, const std::string& what, const AttributeChange& a,
                    SourceRef origin) {
  std::string window;
  std::optional<std::int64_t> before, after;
  if (a.had_before) before = objective_of(a.before, &window);
  if (a.has_after) after = objective_of(a.after, &window);
  std::string over = window.empty() ? "" : " over " + window;
  if (before && after && *before != *after) {
    tp.risks.push_back({RiskLevel::Warning,
                        what + " of " + tp.target + " changes " + exact_decimal(*before, 1000) +
                            "% → " + exact_decimal(*after, 1000) + "%" + over + ": " +
                            objective_meaning(*before, *after),
                        origin});
  } else if (before && !after) {
    tp.risks.push_back({RiskLevel::Danger,
                        what + " of " + tp.target + " (" + exact_decimal(*before, 1000) +
                            "%) is removed: its burn-rate alerts stop",
                        origin});
  } else if (after && !before) {
    tp.risks.push_back({RiskLevel::Warning,
                        what + " of " + tp.target + " starts: " + exact_decimal(*after, 1000) +
                            "%" + over + ", an error budget of " + budget_text(*after) +
                            " of requests; burn-rate alerts page on fast burn",
                        origin});
  }
}

// SLOs and alert routing: the PrometheusRule's objective annotations, Cloud Run's
// slos.<name>.goal, and where the modules' alarms notify.
void observability_risks(TargetPlan& tp, const Change& c, const Items* after = nullptr) {
  static const std::string annotation = "metadata.annotations.infrac.dev/slo-";
  // A created rule has no attribute changes: its objectives are read from the new object.
  if (c.kind == "PrometheusRule" && c.action == ChangeAction::Create && after) {
    auto item = after->find(c.address);
    if (item == after->end()) return;
    for (const auto& [path, leaf] : item->second.leaves) {
      if (!path.starts_with(annotation)) continue;
      AttributeChange a;
      a.path = path;
      a.after = leaf.value;
      a.has_after = true;
      objective_risk(tp, "the " + path.substr(annotation.size()) + " SLO", a, c.origin);
    }
    return;
  }
  for (const auto& a : c.attributes) {
    if (c.kind == "PrometheusRule" && a.path.starts_with(annotation)) {
      objective_risk(tp, "the " + a.path.substr(annotation.size()) + " SLO", a, c.origin);
    } else if (a.path.starts_with("slos.") && a.path.ends_with(".goal")) {
      objective_risk(tp, "the " + a.path.substr(5, a.path.size() - 10) + " SLO", a, c.origin);
    } else if (a.path.starts_with("alarm_actions") || a.path.starts_with("notification_channels")) {
      if (a.had_before && !a.has_after) {
        tp.risks.push_back(
            {RiskLevel::Danger,
             "alarms of " + c.address + " in " + tp.target + " no longer notify " + a.before,
             c.origin});
      } else if (a.has_after) {
        tp.risks.push_back(
            {RiskLevel::Warning,
             "alarms of " + c.address + " in " + tp.target + " now notify " + a.after, c.origin});
      }
    }
  }
  if (c.kind == "PrometheusRule" && c.action == ChangeAction::Delete) {
    tp.risks.push_back({RiskLevel::Danger,
                        "every alert of " + tp.target + " stops (its PrometheusRule is deleted)",
                        c.origin});
  }
}

}  // namespace

void cite_spec_lines(std::vector<Risk>& risks) {
  for (auto& r : risks) {
    if (!r.origin.known()) continue;
    std::string line = r.origin.path + ":" + std::to_string(r.origin.line);
    if (r.message.find(line) == std::string::npos)
      r.message += " (" + line + (r.origin.on_base ? " on the base)" : ")");
  }
}

void add_target_risks(TargetPlan& tp, const RiskInputs& in) {
  const Items& k_before = in.k_before;
  const Items& k_after = in.k_after;
  const Target* head = in.head;
  for (const auto& c : tp.terraform) {
    terraform_risks(tp, c);
    major_upgrade_risk(tp, c, head);
    resize_risk(tp, c, head);
    observability_risks(tp, c);
  }
  runtime_move_risk(tp);
  for (const auto& c : tp.kubernetes) {
    if (c.kind == "HTTPRoute") {
      public_url_risk(tp, c, k_before, k_after);
      canary_risk(tp, c, k_before, k_after);
    }
    egress_start_risk(tp, c);
    observability_risks(tp, c, &k_after);
    if (in.production) replica_risks(tp, c);
  }
  add_access_risks(tp, in);
  add_network_risks(tp, in);
  add_run_risks(tp, in);
  cite_spec_lines(tp.risks);
}

}  // namespace infrac
