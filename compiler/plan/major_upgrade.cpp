#include "plan/major_upgrade.h"

#include <algorithm>

#include <cctype>
#include "plan/risk_inputs.h"

namespace infrac {

std::string major_of(const std::string& version) {
  auto first = std::find_if(version.begin(), version.end(),
                            [](unsigned char ch) { return std::isdigit(ch); });
  auto last =
      std::find_if(first, version.end(), [](unsigned char ch) { return !std::isdigit(ch); });
  return std::string(first, last);
}

namespace {

// The argument carrying the engine version in each module (stdlib/clouds/*.yaml maps the
// spec's version to it).
std::string version_argument(const std::string& kind) {
  if (kind == "aws/postgres" || kind == "aws/redis") return "engine_version";
  if (kind == "gcp/postgres") return "database_version";
  if (kind == "gcp/redis") return "redis_version";
  return {};
}

std::string what_happens(const std::string& kind, const std::string& from, const std::string& to) {
  std::string engine = kind.ends_with("postgres") ? "PostgreSQL" : "Redis";
  std::string head = engine + " " + from + " → " + to + " in place. ";
  if (kind == "aws/postgres")
    return head +
           "Terraform modifies aws_db_instance with allow_major_version_upgrade and "
           "apply_immediately, so RDS upgrades during this apply, not at the maintenance window; "
           "the database is unavailable while it upgrades, Multi-AZ included, RDS snapshots it "
           "before and after when backups are on, and in-Region read replicas upgrade with it. "
           "Prepare: run the application and its extensions against " +
           to +
           " on a restored snapshot first, and ANALYZE after the upgrade (pg_upgrade does not "
           "carry planner statistics). "
           "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/"
           "USER_UpgradeDBInstance.PostgreSQL.html";
  if (kind == "gcp/postgres")
    return head +
           "Terraform updates google_sql_database_instance's database_version; Cloud SQL runs "
           "pg_upgrade during this apply and the instance is unavailable until it finishes (it "
           "keeps its name, IP address and settings). Prepare: run the application and its "
           "extensions against " +
           to +
           " on a clone first, and ANALYZE after the upgrade. "
           "https://cloud.google.com/sql/docs/postgres/upgrade-major-db-version-inplace";
  if (kind == "aws/redis")
    return head +
           "Terraform modifies aws_elasticache_replication_group's engine_version; ElastiCache "
           "upgrades the cluster during this apply. Prepare: check the client library against " +
           to + ". https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/VersionManagement.html";
  return head +
         "Terraform updates google_redis_instance's redis_version; Memorystore upgrades the "
         "instance during this apply, keeping its data, IP address and connection string, with "
         "a connection reset of a few minutes, and cannot be downgraded afterwards. Prepare: "
         "export the data, give clients retry logic, check the client library against " +
         to + ". https://cloud.google.com/memorystore/docs/redis/about-upgrading-version";
}

}  // namespace

void major_upgrade_risk(TargetPlan& tp, const Change& c, const Target* head) {
  std::string argument = version_argument(c.kind);
  // A rename (renamed_from:, a moved {} block) is the same instance under a new address: its
  // version before is the old address's, so a rename and an upgrade in one commit are judged
  // as an upgrade.
  bool in_place = c.action == ChangeAction::Update || c.action == ChangeAction::Move;
  if (argument.empty() || !in_place) return;
  for (const auto& a : c.attributes) {
    if (a.path != argument || !a.had_before || !a.has_after) continue;
    std::string from = major_of(a.before), to = major_of(a.after);
    std::string where = c.address + " in " + tp.target + ": ";
    if (from == to) {
      tp.risks.push_back({RiskLevel::Warning,
                          where + "engine version " + a.before + " → " + a.after +
                              " (a minor upgrade, applied in place; RDS and Cloud SQL restart "
                              "the instance)",
                          c.origin});
      continue;
    }
    const Datastore* ds = datastore_at(head, c.address);
    if (!from.empty() && !to.empty() && std::stoi(to) < std::stoi(from)) {
      tp.risks.push_back({RiskLevel::Blocked,
                          where + "engine version " + a.before + " → " + a.after +
                              " is a downgrade, which no managed database does in place: "
                              "restore a dump into a new datastore instead",
                          c.origin});
      continue;
    }
    if (ds && ds->major_upgrade) {
      tp.risks.push_back(
          {RiskLevel::Danger, where + "upgrades " + what_happens(c.kind, from, to), c.origin});
      continue;
    }
    tp.risks.push_back(
        {RiskLevel::Blocked,
         where + "engine version " + a.before + " → " + a.after +
             " is a major upgrade, which needs major_upgrade: true on datastore " +
             (ds ? ds->name : c.address.substr(7)) + " to go ahead" +
             (c.kind == "aws/postgres" ? " (without it RDS refuses the change and the apply fails)"
              : c.kind == "gcp/postgres"
                  ? " (without it infrac refuses: the Google provider would upgrade in "
                    "place with no further question)"
                  : ""),
         c.origin});
  }
}

}  // namespace infrac
