#include "plan/resize.h"

#include <algorithm>

#include "plan/risk_inputs.h"

#include "resolve/cloud_tables.h"

namespace infrac {
namespace {

// The weekly maintenance window the module call gets from stdlib (module_settings), or empty.
std::string maintenance_window(const std::string& kind, bool production) {
  const Node* settings = cloud_table(Cloud::Aws).module_settings(kind, production);
  const Node* window = settings ? settings->find("maintenance_window") : nullptr;
  return window ? window->text : std::string();
}

// When RDS or ElastiCache applies a modification: the apply itself with apply_immediately
// (modules/aws/postgres sets it for an opted-in major upgrade), else the next window.
std::string when(const std::string& kind, bool immediately, bool production) {
  if (immediately) return "during this apply (apply_immediately is on for the major upgrade)";
  std::string window = maintenance_window(kind, production);
  return "at the next maintenance window" + (window.empty() ? "" : " (" + window + " UTC)") +
         ", not during this apply (apply_immediately is off; until then the change is pending)";
}

}  // namespace

void resize_risk(TargetPlan& tp, const Change& c, const Target* head) {
  // A rename (moved {}) is the same instance: a resize in the same commit is still a resize.
  if (c.action != ChangeAction::Update && c.action != ChangeAction::Move) return;
  const Datastore* ds = datastore_at(head, c.address);
  bool ha = ds && ds->ha;
  bool production = head && head->production;
  for (const auto& a : c.attributes) {
    if (!a.had_before || !a.has_after || a.before == a.after) continue;
    std::string where = c.address + " in " + tp.target + ": ";
    std::string change = a.before + " → " + a.after;
    if (c.kind == "aws/postgres" && a.path == "instance_class") {
      // https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.DBInstance.Modifying.html
      // and
      // https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.MultiAZSingleStandby.html
      tp.risks.push_back(
          {ha ? RiskLevel::Warning : RiskLevel::Danger,
           where + "instance class " + change + ". RDS changes it " +
               when(c.kind, ds && ds->major_upgrade, production) + "; " +
               (ha ? "with Multi-AZ it modifies the standby first and fails over to it, so "
                     "connections drop for about a minute or two"
                   : "without Multi-AZ the instance restarts on the new class and the database "
                     "is unavailable for several minutes") +
               ". https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/"
               "Overview.DBInstance.Modifying.html",
           c.origin});
    } else if (c.kind == "aws/redis" && a.path == "node_type") {
      tp.risks.push_back(
          {RiskLevel::Warning,
           where + "node type " + change + ". ElastiCache scales the replication group " +
               when(c.kind, false, production) +
               "; scaling is online: new nodes are filled from the old ones and the endpoint "
               "switches to them, with a brief interruption of writes (and of reads without a "
               "replica). https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/"
               "Scaling.RedisReplGrps.html",
           c.origin});
    } else if (c.kind == "gcp/postgres" && (a.path == "tier" || a.path == "edition")) {
      tp.risks.push_back(
          {RiskLevel::Danger,
           where + a.path + " " + change +
               ". Cloud SQL applies it during this apply and restarts the instance: connections "
               "drop and the database is unavailable for a few minutes" +
               (ha ? " (high availability does not avoid the restart)" : "") +
               ". https://cloud.google.com/sql/docs/postgres/instance-settings#impact",
           c.origin});
    } else if (c.kind == "gcp/redis" && a.path == "memory_size_gb") {
      tp.risks.push_back(
          {ha ? RiskLevel::Warning : RiskLevel::Danger,
           where + "capacity " + change +
               " GiB. Memorystore scales the instance during this apply" +
               (ha ? ": the standard tier stays available and fails over to the resized "
                     "replica at the end, a connection reset of seconds to minutes"
                   : ": a basic-tier instance is unavailable while it scales and its data is "
                     "flushed") +
               ". https://cloud.google.com/memorystore/docs/redis/scaling-instances",
           c.origin});
    }
  }
}

}  // namespace infrac
