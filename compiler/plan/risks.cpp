#include "plan/risks.h"

#include <cstdlib>

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
    tp.risks.push_back({"danger",
                        c.address + " in " + tp.target +
                            " starts serving on Cloud Run: traffic moves to it once its callers "
                            "or the gateway point at it",
                        c.origin});
  } else if (c.action == ChangeAction::Delete) {
    tp.risks.push_back({"danger",
                        c.address + " in " + tp.target +
                            " stops serving on Cloud Run: its traffic has nowhere to go",
                        c.origin});
  } else if (!revision.empty() && !percent_changed) {
    // A template change is a new revision; without a rollout it takes all the traffic at once.
    tp.risks.push_back({"warning",
                        c.address + " in " + tp.target + " deploys revision " + revision +
                            "; it takes the traffic its rollout gives it (all without one)",
                        c.origin});
  } else if (!percent.empty()) {
    tp.risks.push_back({"danger",
                        "traffic of " + c.address + " in " + tp.target +
                            " to the new revision moves " + percent +
                            " (the rest stays on the revision serving the most now)",
                        c.origin});
  }
}

bool grants_access(const std::string& path) {
  for (const char* list :
       {"bucket_arns", "queue_arns", "secret_arns", "database_connect_arns", "bucket_names",
        "topic_names", "subscription_names", "sql_instance_names", "secret_ids"}) {
    if (path.rfind(list, 0) == 0) return true;
  }
  return false;
}

void terraform_risks(TargetPlan& tp, const Change& c) {
  if (stateful(c.kind) && (c.action == ChangeAction::Delete || c.action == ChangeAction::Replace)) {
    tp.risks.push_back(
        {"danger",
         std::string(c.action == ChangeAction::Delete ? "deletes " : "replaces ") + c.kind + " " +
             c.address + " in " + tp.target + ": its data is lost" +
             (c.action == ChangeAction::Replace ? " (" + c.reason.substr(9) + ")" : ""),
         c.origin});
  }
  if (c.kind == "gcp/cloudrun-service") cloud_run_risks(tp, c);
  for (const auto& a : c.attributes) {
    if ((c.kind == "aws/postgres" || c.kind == "aws/redis") && a.path == "engine_version" &&
        a.had_before && a.has_after) {
      tp.risks.push_back({"danger",
                          c.address + " in " + tp.target + " changes engine version " + a.before +
                              " → " + a.after + ": plan the upgrade window",
                          c.origin});
    }
    if ((c.kind == "aws/workload-identity" || c.kind == "gcp/workload-identity") &&
        grants_access(a.path) && a.has_after != a.had_before) {
      if (a.has_after) {
        tp.risks.push_back(
            {"warning", "the IAM role of " + tp.target + " gains access: " + a.after, c.origin});
      } else {
        tp.risks.push_back({"danger",
                            "the IAM role of " + tp.target + " loses access: " + a.before +
                                " (pods that still use it get AccessDenied)",
                            c.origin});
      }
    }
  }
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
                  {"danger",
                   tp.target + " moves from Kubernetes to Cloud Run: live traffic moves; apply "
                               "the Terraform side and check the new service before the "
                               "Kubernetes workloads are deleted",
                   tp.terraform.empty() ? SourceRef{} : tp.terraform.front().origin});
}

void public_url_risk(TargetPlan& tp, const Change& c, const Items& k_before, const Items& k_after) {
  auto b = k_before.find(c.address);
  auto a = k_after.find(c.address);
  const Item* before = b == k_before.end() ? nullptr : &b->second;
  const Item* after = a == k_after.end() ? nullptr : &a->second;
  const char* path = "spec.rules[0].matches[0].path.value";
  std::string url_before =
      "https://" + first_value(before, "spec.hostnames[0]") + first_value(before, path);
  std::string url_after =
      "https://" + first_value(after, "spec.hostnames[0]") + first_value(after, path);
  if (c.action == ChangeAction::Create) {
    tp.risks.push_back({"danger", tp.target + " becomes public at " + url_after, c.origin});
  } else if (c.action == ChangeAction::Delete) {
    tp.risks.push_back({"danger", tp.target + " is no longer public at " + url_before, c.origin});
  } else if (url_before != url_after) {
    tp.risks.push_back(
        {"danger", "the public URL of " + tp.target + " changes: " + url_before + " → " + url_after,
         c.origin});
  }
}

// Egress is default-deny: a new policy, a removed rule or a new destination changes what the
// pods can reach, so each is a risk a reviewer reads.
void egress_risks(TargetPlan& tp, const Change& c) {
  if (c.kind != "NetworkPolicy" || !c.address.ends_with("-egress")) return;
  if (c.action == ChangeAction::Create) {
    tp.risks.push_back({"danger",
                        tp.target + " starts denying egress: its pods reach only DNS, their own "
                                    "namespace, their dependencies, their datastores, the "
                                    "telemetry collector and spec.egress; other connections fail",
                        c.origin});
    return;
  }
  if (c.action != ChangeAction::Update) return;
  for (const auto& a : c.attributes) {
    if (!a.path.starts_with("spec.egress")) continue;
    if (a.had_before && !a.has_after) {
      tp.risks.push_back(
          {"danger", "pods of " + tp.target + " can no longer connect to " + a.before, c.origin});
    } else if (a.has_after && !a.had_before) {
      tp.risks.push_back(
          {"warning", "pods of " + tp.target + " may now connect to " + a.after, c.origin});
    } else {
      tp.risks.push_back(
          {"warning",
           "egress of " + tp.target + " changes (" + a.path + "): " + a.before + " → " + a.after,
           c.origin});
    }
  }
}

void replica_risks(TargetPlan& tp, const Change& c) {
  if ((c.kind != "Deployment" && c.kind != "HorizontalPodAutoscaler") ||
      c.action != ChangeAction::Update)
    return;
  for (const auto& a : c.attributes) {
    if ((a.path == "spec.replicas" || a.path == "spec.minReplicas") && a.had_before &&
        a.has_after && std::atoll(a.after.c_str()) < std::atoll(a.before.c_str())) {
      tp.risks.push_back(
          {"danger",
           c.address + " in " + tp.target + " drops replicas " + a.before + " → " + a.after,
           c.origin});
    }
  }
}

}  // namespace

void add_target_risks(TargetPlan& tp, const Items& k_before, const Items& k_after,
                      bool production) {
  for (const auto& c : tp.terraform) terraform_risks(tp, c);
  runtime_move_risk(tp);
  for (const auto& c : tp.kubernetes) {
    if (c.kind == "HTTPRoute") public_url_risk(tp, c, k_before, k_after);
    egress_risks(tp, c);
    if (production) replica_risks(tp, c);
  }
}

}  // namespace infrac
