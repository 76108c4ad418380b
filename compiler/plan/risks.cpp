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

}  // namespace

void add_target_risks(TargetPlan& tp, const Items& k_before, const Items& k_after,
                      bool production) {
  for (const auto& c : tp.terraform) {
    if (stateful(c.kind) &&
        (c.action == ChangeAction::Delete || c.action == ChangeAction::Replace)) {
      tp.risks.push_back(
          {"danger",
           std::string(c.action == ChangeAction::Delete ? "deletes " : "replaces ") + c.kind + " " +
               c.address + " in " + tp.target + ": its data is lost" +
               (c.action == ChangeAction::Replace ? " (" + c.reason.substr(9) + ")" : ""),
           c.origin});
    }
    if (c.kind == "gcp/cloudrun-service") {
      // Traffic moves: a new service takes requests, one stops, or the split changes.
      std::string percent, stable;
      for (const auto& a : c.attributes) {
        if (a.path == "traffic_percent" && (a.had_before || a.has_after))
          percent = a.had_before && a.has_after ? a.before + "% → " + a.after + "%" : "";
        if (a.path == "stable_revision") stable = a.has_after ? a.after : a.before;
      }
      if (c.action == ChangeAction::Create) {
        tp.risks.push_back(
            {"danger",
             c.address + " in " + tp.target +
                 " starts serving on Cloud Run: traffic moves to it once its callers "
                 "or the gateway point at it",
             c.origin});
      } else if (c.action == ChangeAction::Delete) {
        tp.risks.push_back({"danger",
                            c.address + " in " + tp.target +
                                " stops serving on Cloud Run: its traffic has nowhere to go",
                            c.origin});
      } else if (!percent.empty()) {
        tp.risks.push_back({"danger",
                            "traffic of " + c.address + " in " + tp.target +
                                " to the new revision moves " + percent +
                                (stable.empty() ? "" : " (the rest stays on " + stable + ")"),
                            c.origin});
      }
    }
    if (c.kind == "aws/postgres" || c.kind == "aws/redis") {
      for (const auto& a : c.attributes) {
        if (a.path == "engine_version" && a.had_before && a.has_after) {
          tp.risks.push_back({"danger",
                              c.address + " in " + tp.target + " changes engine version " +
                                  a.before + " → " + a.after + ": plan the upgrade window",
                              c.origin});
        }
      }
    }
    if (c.kind == "aws/workload-identity" || c.kind == "gcp/workload-identity") {
      for (const auto& a : c.attributes) {
        if ((a.path.rfind("bucket_arns", 0) == 0 || a.path.rfind("queue_arns", 0) == 0 ||
             a.path.rfind("bucket_names", 0) == 0 || a.path.rfind("topic_names", 0) == 0 ||
             a.path.rfind("subscription_names", 0) == 0 ||
             a.path.rfind("sql_instance_names", 0) == 0) &&
            a.has_after && !a.had_before) {
          tp.risks.push_back(
              {"warning", "the IAM role of " + tp.target + " gains access: " + a.after, c.origin});
        }
      }
    }
  }
  bool workloads_deleted = false, run_created = false;
  for (const auto& c : tp.kubernetes)
    workloads_deleted |= c.kind == "Deployment" && c.action == ChangeAction::Delete;
  for (const auto& c : tp.terraform)
    run_created |= c.kind == "gcp/cloudrun-service" && c.action == ChangeAction::Create;
  if (workloads_deleted && run_created) {
    tp.risks.insert(tp.risks.begin(),
                    {"danger",
                     tp.target + " moves from Kubernetes to Cloud Run: live traffic moves; apply "
                                 "the Terraform side and check the new service before the "
                                 "Kubernetes workloads are deleted",
                     tp.terraform.empty() ? SourceRef{} : tp.terraform.front().origin});
  }
  for (const auto& c : tp.kubernetes) {
    if (c.kind == "HTTPRoute") {
      auto b = k_before.find(c.address);
      auto a = k_after.find(c.address);
      std::string host_before =
          first_value(b == k_before.end() ? nullptr : &b->second, "spec.hostnames[0]");
      std::string host_after =
          first_value(a == k_after.end() ? nullptr : &a->second, "spec.hostnames[0]");
      std::string path_before = first_value(b == k_before.end() ? nullptr : &b->second,
                                            "spec.rules[0].matches[0].path.value");
      std::string path_after = first_value(a == k_after.end() ? nullptr : &a->second,
                                           "spec.rules[0].matches[0].path.value");
      if (c.action == ChangeAction::Create) {
        tp.risks.push_back({"danger",
                            tp.target + " becomes public at https://" + host_after + path_after,
                            c.origin});
      } else if (c.action == ChangeAction::Delete) {
        tp.risks.push_back(
            {"danger", tp.target + " is no longer public at https://" + host_before + path_before,
             c.origin});
      } else if (host_before != host_after || path_before != path_after) {
        tp.risks.push_back({"danger",
                            "the public URL of " + tp.target + " changes: https://" + host_before +
                                path_before + " → https://" + host_after + path_after,
                            c.origin});
      }
    }
    if (production && (c.kind == "Deployment" || c.kind == "HorizontalPodAutoscaler") &&
        c.action == ChangeAction::Update) {
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
  }
}

}  // namespace infrac
