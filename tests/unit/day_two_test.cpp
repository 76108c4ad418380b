// Day-two defaults as lowering writes them (issue 31 items 3 and 5): the datastore module
// arguments of each environment class from stdlib/clouds/<cloud>.yaml module_settings, whose
// windows never overlap; the pods' numeric user and group, memory limits and per-rollout
// spread; burn-rate alerts that page in production only.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "pipeline/compile.h"
#include "resolve/cloud_tables.h"
#include "support.h"

namespace fs = std::filesystem;
using namespace infrac;
using namespace infrac::test;

namespace {

const KValue* at(const KValue& v, std::initializer_list<std::string_view> path) {
  const KValue* cur = &v;
  for (auto key : path) cur = cur ? cur->find(key) : nullptr;
  return cur;
}

std::unique_ptr<Compilation> lower(const fs::path& root, bool expect_errors = false) {
  CompileOptions options;
  options.root = root;
  options.stop_after = Stage::Lower;
  auto c = compile(options);
  if (!expect_errors) {
    for (const auto& d : c->diagnostics.sorted(c->files)) UNSCOPED_INFO(d.message);
    REQUIRE(!c->diagnostics.has_errors());
  }
  return c;
}

const KObject* object(const Compilation& c, const std::string& target, const std::string& kind,
                      const std::string& name) {
  auto it = c.target_irs.find(target);
  REQUIRE(it != c.target_irs.end());
  // Jobs carry a hash of their definition after the name.
  for (const auto& o : it->second.kubernetes)
    if (o.kind == kind && (o.name == name || (kind == "Job" && o.name.starts_with(name + "-"))))
      return &o;
  return nullptr;
}

const TfBlock* module_call(const Compilation& c, const std::string& target,
                           const std::string& name) {
  auto it = c.target_irs.find(target);
  REQUIRE(it != c.target_irs.end());
  for (const auto& f : it->second.terraform.files)
    for (const auto& b : f.blocks)
      if (b.type == "module" && !b.labels.empty() && b.labels[0] == name) return &b;
  return nullptr;
}

std::string argument(const TfBlock& b, std::string_view name) {
  const TfAttribute* a = b.find(name);
  if (!a) return "(none)";
  if (a->value.kind == TfExpr::Kind::Number) return a->value.number_text();
  if (a->value.kind == TfExpr::Kind::Bool) return a->value.boolean ? "true" : "false";
  return a->value.text;
}

// "sun:03:00-sun:04:00" or "01:00-02:00" (daily: every day) as minute ranges of the week.
std::vector<std::pair<int, int>> week_minutes(const std::string& window) {
  static const std::vector<std::string> days = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
  auto minute = [](const std::string& hhmm) {
    return std::stoi(hhmm.substr(0, 2)) * 60 + std::stoi(hhmm.substr(3, 2));
  };
  std::vector<std::pair<int, int>> out;
  std::size_t dash = window.find('-');
  std::string from = window.substr(0, dash), to = window.substr(dash + 1);
  if (from.size() == 5) {
    for (int d = 0; d < 7; ++d) out.emplace_back(d * 1440 + minute(from), d * 1440 + minute(to));
    return out;
  }
  auto day = [&](const std::string& s) {
    return static_cast<int>(std::find(days.begin(), days.end(), s.substr(0, 3)) - days.begin());
  };
  out.emplace_back(day(from) * 1440 + minute(from.substr(4)),
                   day(to) * 1440 + minute(to.substr(4)));
  return out;
}

bool overlap(const std::string& a, const std::string& b) {
  for (auto [a0, a1] : week_minutes(a))
    for (auto [b0, b1] : week_minutes(b))
      if (a0 < b1 && b0 < a1) return true;
  return false;
}

int length_minutes(const std::string& window) {
  auto w = week_minutes(window).front();
  return w.second - w.first;
}

void corpus_with(TempDir& dir, const std::string& users_spec) {
  fs::copy(source_dir() / "tests/corpus/base", dir.path, fs::copy_options::recursive);
  write_file(dir.path / "services/users/service.yaml",
             "apiVersion: infrac/v1\n"
             "kind: Service\n"
             "metadata:\n"
             "  name: users\n"
             "  team: core\n"
             "  description: Accounts and profiles.\n"
             "spec:\n"
             "  image: \"users:1.0.0\"\n" +
                 users_spec);
}

}  // namespace

TEST_CASE("day two: AWS windows per environment class never overlap and meet AWS's minimums") {
  const CloudTable& aws = cloud_table(Cloud::Aws);
  for (bool production : {true, false}) {
    INFO((production ? "production" : "other"));
    const Node* pg = aws.module_settings("aws/postgres", production);
    const Node* cache = aws.module_settings("aws/redis", production);
    REQUIRE(pg);
    REQUIRE(cache);
    std::string backup = pg->find("backup_window")->text;
    std::string pg_maintenance = pg->find("maintenance_window")->text;
    std::string snapshot = cache->find("snapshot_window")->text;
    std::string cache_maintenance = cache->find("maintenance_window")->text;
    // RDS: 30 minutes at least, backup and maintenance apart; ElastiCache: 60 minutes at
    // least, snapshot and maintenance apart.
    CHECK(length_minutes(backup) >= 30);
    CHECK(length_minutes(pg_maintenance) >= 30);
    CHECK(length_minutes(snapshot) >= 60);
    CHECK(length_minutes(cache_maintenance) >= 60);
    CHECK(!overlap(backup, pg_maintenance));
    CHECK(!overlap(snapshot, cache_maintenance));
    // One service's database and cache are never in maintenance at once.
    CHECK(!overlap(pg_maintenance, cache_maintenance));
  }
  CHECK(overlap("01:00-02:00", "tue:01:30-tue:02:30"));
  CHECK(!overlap("01:00-02:00", "tue:02:00-tue:03:00"));
}

TEST_CASE("day two: Cloud SQL backups end before its maintenance hour, Memorystore's after") {
  const CloudTable& gcp = cloud_table(Cloud::Gcp);
  for (bool production : {true, false}) {
    INFO((production ? "production" : "other"));
    const Node* sql = gcp.module_settings("gcp/postgres", production);
    const Node* redis = gcp.module_settings("gcp/redis", production);
    REQUIRE(sql);
    REQUIRE(redis);
    int backup_start = std::stoi(sql->find("backup_start_time")->text.substr(0, 2));
    int sql_hour = std::stoi(sql->find("maintenance_window")->find("hour")->text);
    int redis_hour = std::stoi(redis->find("maintenance_window")->find("hour")->text);
    // Backups start within a 4-hour window from start_time (Cloud SQL's backups page).
    CHECK((sql_hour >= backup_start + 4 || sql_hour + 1 <= backup_start));
    CHECK(redis_hour != sql_hour);
    CHECK(sql->find("maintenance_window")->find("update_track")->text ==
          (production ? "stable" : "canary"));
  }
}

TEST_CASE("day two: datastore calls carry their environment class's settings") {
  TempDir dir;
  corpus_with(dir,
              "  components:\n"
              "    api:\n"
              "      type: http\n"
              "      health: {path: /healthz}\n"
              "  datastores:\n"
              "    db: {type: postgres}\n"
              "    cache: {type: redis}\n"
              "    files: {type: bucket, versioning: true}\n");
  auto c = lower(dir.path);
  const TfBlock* prod_db = module_call(*c, "prod/users", "db");
  const TfBlock* dev_db = module_call(*c, "dev/users", "db");
  REQUIRE(prod_db);
  REQUIRE(dev_db);
  CHECK(argument(*prod_db, "backup_retention_days") == "14");
  CHECK(argument(*dev_db, "backup_retention_days") == "1");
  CHECK(argument(*prod_db, "maintenance_window") == "sun:03:00-sun:04:00");
  CHECK(argument(*dev_db, "maintenance_window") == "tue:03:00-tue:04:00");
  CHECK(argument(*prod_db, "secret_recovery_window_days") == "30");
  CHECK(argument(*dev_db, "secret_recovery_window_days") == "0");
  const TfAttribute* parameters = prod_db->find("parameters");
  REQUIRE(parameters);
  REQUIRE(parameters->value.entries.size() == 2);
  CHECK(parameters->value.entries[1].key == "rds.force_ssl");
  const TfAttribute* exports = prod_db->find("log_exports");
  REQUIRE(exports);
  CHECK(exports->value.items.size() == 2);

  const TfBlock* prod_cache = module_call(*c, "prod/users", "cache");
  const TfBlock* dev_cache = module_call(*c, "dev/users", "cache");
  REQUIRE(prod_cache);
  REQUIRE(dev_cache);
  CHECK(argument(*prod_cache, "final_snapshot") == "true");
  CHECK(argument(*dev_cache, "final_snapshot") == "false");
  CHECK(argument(*prod_cache, "snapshot_retention_days") == "7");
  CHECK(argument(*dev_cache, "snapshot_retention_days") == "0");
  CHECK(argument(*prod_cache, "secret_recovery_window_days") == "30");

  const TfBlock* prod_files = module_call(*c, "prod/users", "files");
  REQUIRE(prod_files);
  CHECK(argument(*prod_files, "noncurrent_version_expiration_days") == "30");
  CHECK(argument(*prod_files, "abort_incomplete_upload_days") == "7");
}

TEST_CASE(
    "pods: a numeric user and group from stdlib, the service's security, or the component's") {
  TempDir dir;
  corpus_with(dir,
              "  security: {run_as_user: 1000, run_as_group: 1000}\n"
              "  components:\n"
              "    api:\n"
              "      type: http\n"
              "      health: {path: /healthz}\n"
              "    sync:\n"
              "      type: worker\n"
              "      security: {run_as_user: 2000}\n");
  auto c = lower(dir.path);
  auto context = [&](const std::string& target, const std::string& deployment) {
    const KObject* d = object(*c, target, "Deployment", deployment);
    REQUIRE(d);
    const KValue* sc = at(d->body, {"spec", "template", "spec", "securityContext"});
    REQUIRE(sc);
    CHECK(sc->find("runAsNonRoot")->boolean);
    return std::make_pair(sc->find("runAsUser")->integer, sc->find("runAsGroup")->integer);
  };
  CHECK(context("dev/users", "users-api") ==
        std::make_pair<std::int64_t, std::int64_t>(1000, 1000));
  CHECK(context("dev/users", "users-sync") ==
        std::make_pair<std::int64_t, std::int64_t>(2000, 1000));
  CHECK(context("dev/web", "web-site") == std::make_pair<std::int64_t, std::int64_t>(65532, 65532));
}

TEST_CASE("pods: the memory limit is the request unless memory_limit raises it") {
  TempDir dir;
  corpus_with(dir,
              "  components:\n"
              "    api:\n"
              "      type: http\n"
              "      health: {path: /healthz}\n"
              "      resources: {memory: 256Mi}\n"
              "    backfill:\n"
              "      type: job\n"
              "      resources: {memory: 128Mi, memory_limit: 1Gi}\n");
  auto c = lower(dir.path);
  auto limit = [&](const std::string& kind, const std::string& name) {
    const KObject* o = object(*c, "dev/users", kind, name);
    REQUIRE(o);
    const KValue* containers = at(o->body, {"spec", "template", "spec", "containers"});
    REQUIRE(containers);
    return at(containers->items[0], {"resources", "limits", "memory"})->text;
  };
  CHECK(limit("Deployment", "users-api") == "256Mi");
  CHECK(limit("Job", "users-backfill") == "1Gi");

  TempDir below;
  corpus_with(below,
              "  components:\n"
              "    api:\n"
              "      type: http\n"
              "      health: {path: /healthz}\n"
              "      resources: {memory: 1Gi, memory_limit: 1000Mi}\n");
  auto refused = lower(below.path, true);
  bool reported = false;
  for (const auto& d : refused->diagnostics.sorted(refused->files))
    reported |=
        d.code == DiagCode::kOutOfRange && d.message.find("memory_limit") != std::string::npos;
  CHECK(reported);
}

TEST_CASE("pods: zone and node spread count each rollout's own pods") {
  auto c = lower(source_dir() / "tests/corpus/base");
  const KObject* d = object(*c, "prod/users", "Deployment", "users-api");
  REQUIRE(d);
  const KValue* spread = at(d->body, {"spec", "template", "spec", "topologySpreadConstraints"});
  REQUIRE(spread);
  REQUIRE(spread->items.size() == 2);
  for (const auto& constraint : spread->items) {
    const KValue* keys = constraint.find("matchLabelKeys");
    REQUIRE(keys);
    REQUIRE(keys->items.size() == 1);
    CHECK(keys->items[0].text == "pod-template-hash");
  }
}

TEST_CASE("alerts: only production environments page") {
  auto c = lower(source_dir() / "tests/corpus/base");
  auto severities = [&](const std::string& target) {
    std::vector<std::string> out;
    const KObject* rule = object(*c, target, "PrometheusRule", "web");
    REQUIRE(rule);
    for (const auto& group : at(rule->body, {"spec", "groups"})->items)
      for (const auto& r : group.find("rules")->items)
        if (const KValue* s = at(r, {"labels", "severity"})) out.push_back(s->text);
    return out;
  };
  std::vector<std::string> dev = severities("dev/web"), prod = severities("prod/web");
  CHECK(std::count(dev.begin(), dev.end(), "page") == 0);
  // The fast burn, and the three alerts on the measured component's missing metrics (without
  // them the fast burn cannot fire).
  CHECK(std::count(prod.begin(), prod.end(), "page") == 4);
  CHECK(dev.size() == prod.size());
}
