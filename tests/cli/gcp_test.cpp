// Google Cloud end to end on examples/shop-gcp (three services on GKE, three on Cloud Run):
// the reviewed output, module calls against the gcp modules' own variables, the API gateway
// with a service's OpenAPI file merged, Cloud Run rules (rollout, runtime, cross-runtime
// calls), and plans for a move from GKE to Cloud Run and for a canary.
#include <catch2/catch.hpp>

#include <cstdlib>

#include "../unit/support.h"

namespace fs = std::filesystem;
using namespace infrac::test;

namespace {

fs::path shop() {
  return source_dir() / "examples/shop-gcp";
}

std::map<std::string, std::string> tree_of(const fs::path& root) {
  std::map<std::string, std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    if (e.is_regular_file())
      out[e.path().lexically_relative(root).generic_string()] = read_file(e.path());
  }
  return out;
}

// A git repository holding a copy of the example, committed once.
fs::path shop_repo(const TempDir& dir) {
  fs::path repo = dir.path / "repo";
  fs::copy(shop(), repo, fs::copy_options::recursive);
  fs::remove_all(repo / "out");
  std::string git = "git -C " + repo.string() + " -c user.email=t@example -c user.name=t ";
  REQUIRE(std::system((git + "init -q -b main && " + git + "add -A && " + git +
                       "commit -q -m base >/dev/null")
                          .c_str()) == 0);
  return repo;
}

void replace_in(const fs::path& file, const std::string& from, const std::string& to) {
  std::string text = read_file(file);
  auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  text.replace(at, from.size(), to);
  write_file(file, text);
}

}  // namespace

TEST_CASE("examples/shop-gcp builds to the reviewed output", "[cli]") {
  TempDir dir;
  CommandResult r =
      run_infrac("build --root " + shop().string() + " --out " + (dir.path / "out").string(),
                 "XDG_CACHE_HOME=" + (dir.path / "cache").string());
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  auto tree = tree_of(dir.path / "out");
  std::string listing;
  for (const auto& [path, contents] : tree) listing += path + "\n";
  CHECK(matches_golden(source_dir() / "tests/golden/shop-gcp-build/paths.txt", listing));
  for (const char* target : {"prod/orders", "prod/storefront", "prod/notifier", "prod/_gateway",
                             "prod/_platform", "dev/reviews"}) {
    std::string txtar;
    for (const auto& [path, contents] : tree) {
      bool dashboard = path == std::string("dashboards/") + target + ".json";
      if (!dashboard && path.find(std::string("/") + target + "/") == std::string::npos) continue;
      txtar += "-- " + path + " --\n" + contents;
    }
    std::string name = target;
    std::replace(name.begin(), name.end(), '/', '-');
    CHECK(matches_golden(source_dir() / ("tests/golden/shop-gcp-build/" + name + ".txtar"), txtar));
  }
  // Cloud Run targets have no Kubernetes output; GKE ones carry GKE's identity annotation.
  CHECK_FALSE(fs::exists(dir.path / "out/kubernetes/prod/storefront"));
  CHECK(tree["kubernetes/prod/orders/serviceaccount-orders.yaml"].find(
            "iam.gke.io/gcp-service-account: "
            "shop-prod-orders@shop-prod-4821.iam.gserviceaccount.com") != std::string::npos);
  if (external_tool("terraform", "terraform version",
                    "shop-gcp's Terraform passes terraform fmt -check")) {
    CHECK(std::system(("terraform fmt -check -recursive " + (dir.path / "out").string() +
                       " >/dev/null 2>&1")
                          .c_str()) == 0);
  }
}

TEST_CASE("gcp: module calls are checked against the gcp modules' own variables", "[cli]") {
  TempDir dir;
  fs::path repo = dir.path / "repo";
  fs::copy(shop(), repo, fs::copy_options::recursive);
  fs::create_directories(repo / "platform");
  fs::copy(source_dir() / "modules", repo / "platform/modules", fs::copy_options::recursive);
  replace_in(repo / "infrac.yaml", "modules: infrac", "modules: ./platform/modules");
  for (const char* f : {"variables.tf", "main.tf"}) {
    fs::path p = repo / "platform/modules/gcp/cloudrun-service" / f;
    std::string text = read_file(p);
    for (auto at = text.find("var.traffic_percent"); at != std::string::npos;
         at = text.find("var.traffic_percent"))
      text.replace(at, 19, "var.traffic_share");
    auto decl = text.find("variable \"traffic_percent\"");
    if (decl != std::string::npos) text.replace(decl, 26, "variable \"traffic_share\"");
    write_file(p, text);
  }
  CommandResult r = run_infrac("check --root " + repo.string());
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("services/storefront/service.yaml:20:7: error[E0132]: module "
                   "gcp/cloudrun-service has no variable 'traffic_percent'") != std::string::npos);
  CHECK(r.err.find("help: did you mean 'traffic_share'?") != std::string::npos);
}

TEST_CASE("gcp: Cloud Run rules for rollouts, runtimes and calls across runtimes", "[cli]") {
  TempDir dir;
  fs::path repo = dir.path / "repo";
  fs::copy(shop(), repo, fs::copy_options::recursive);
  replace_in(repo / "services/storefront/service.yaml", "rollout: {percent: 10}",
             "rollout: {percent: 10, stable: \"3.0.2\"}");
  replace_in(repo / "services/orders/service.yaml", "    - catalog",
             "    - catalog\n    - reviews");
  replace_in(repo / "services/search/service.yaml", "      port: 9200",
             "      port: 9200\n      rollout: {percent: 5}");
  CommandResult r = run_infrac("check --root " + repo.string());
  INFO(r.err);
  CHECK(r.exit_code == 1);
  // Cloud Run reads the stable revision from the live service: a stable image is refused there.
  CHECK(r.err.find("services/storefront/service.yaml:20:38: error[E0138]: Cloud Run keeps the "
                   "revision serving now; rollout.stable is for Kubernetes") != std::string::npos);
  CHECK(r.err.find("error[E0137]: service 'orders' runs on Kubernetes but 'reviews' runs on Cloud "
                   "Run") != std::string::npos);
  // On Kubernetes the split is the public route's: an internal component has none.
  CHECK(r.err.find("services/search/service.yaml:13:7: error[E0138]: a Kubernetes rollout splits "
                   "the traffic of the public route; component 'api' is internal") !=
        std::string::npos);
}

TEST_CASE("gcp: Cloud Run jobs stop after 24 hours", "[cli]") {
  TempDir dir;
  fs::path repo = dir.path / "repo";
  fs::copy(shop(), repo, fs::copy_options::recursive);
  replace_in(repo / "services/notifier/service.yaml", "timeout: 1h", "timeout: 30h");
  CommandResult r = run_infrac("check --root " + repo.string());
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("services/notifier/service.yaml:16:5: error[E0136]: component 'resend' runs up "
                   "to 30h; a Cloud Run job task stops after 24h") != std::string::npos);
}

TEST_CASE("gcp: Cloud SQL names its edition, and an edition's missing sizes fail at compile time",
          "[cli]") {
  TempDir dir;
  fs::path repo = dir.path / "repo";
  fs::copy(shop(), repo, fs::copy_options::recursive);
  std::string out = (dir.path / "out").string();
  REQUIRE(run_infrac("build -q --root " + repo.string() + " --out " + out).exit_code == 0);
  // Left out, the API would pick ENTERPRISE_PLUS for POSTGRES_16, which refuses these tiers.
  std::string main = read_file(dir.path / "out/terraform/prod/catalog/main.tf");
  CHECK(main.find("edition               = \"ENTERPRISE\"") != std::string::npos);
  CHECK(main.find("tier                  = \"db-custom-2-7680\"") != std::string::npos);

  replace_in(repo / "services/catalog/service.yaml", "size: medium, ha: true}",
             "size: medium, ha: true, edition: enterprise_plus}");
  REQUIRE(run_infrac("build -q --env prod --root " + repo.string() + " --out " + out).exit_code ==
          0);
  CHECK(read_file(dir.path / "out/terraform/prod/catalog/main.tf").find("db-perf-optimized-N-2") !=
        std::string::npos);
  // dev overrides the size to micro, a shared-core tier Enterprise Plus does not have.
  CommandResult dev = run_infrac("check --env dev --root " + repo.string());
  CHECK(dev.exit_code == 1);
  CHECK(dev.err.find("error[E0131]: postgres-enterprise-plus size 'micro' is not offered on "
                     "Google Cloud") != std::string::npos);
  CHECK(dev.err.find("help: infrac's stdlib offers large, medium, xlarge") != std::string::npos);
}

TEST_CASE("gcp: a Cloud Run caller may invoke exactly what it declares, through its VPC", "[cli]") {
  TempDir dir;
  std::string out = (dir.path / "out").string();
  REQUIRE(run_infrac("build -q --root " + shop().string() + " --out " + out).exit_code == 0);
  // storefront calls reviews (internal only): it grants itself run.invoker on reviews, in its
  // own root module, and sends its requests through the VPC so they count as internal.
  std::string caller = read_file(dir.path / "out/terraform/prod/storefront/main.tf");
  CHECK(caller.find("resource \"google_cloud_run_v2_service_iam_member\" \"invoke_reviews\"") !=
        std::string::npos);
  CHECK(caller.find("member   = module.workload_identity.member") != std::string::npos);
  std::size_t egress = caller.find("vpc_egress ");
  REQUIRE(egress != std::string::npos);
  CHECK(caller.substr(egress, caller.find('\n', egress) - egress).ends_with("= \"ALL_TRAFFIC\""));
  // reviews calls no one: no grant, private ranges only.
  std::string callee = read_file(dir.path / "out/terraform/prod/reviews/main.tf");
  CHECK(callee.find("google_cloud_run_v2_service_iam_member") == std::string::npos);
  CHECK(callee.find("vpc_egress") == std::string::npos);
}

TEST_CASE("gcp: no root module reads a Cloud Run service, so an empty project plans", "[cli]") {
  // google_cloud_run_v2_service as a data source fails with "not found" until the service
  // exists: a caller, a new callee and the gateway must plan before any of them is applied.
  // tests/tooling/provider_schema.test.mjs classifies every data source of every root module.
  TempDir dir;
  fs::path out = dir.path / "out";
  REQUIRE(run_infrac("build -q --root " + shop().string() + " --out " + out.string()).exit_code ==
          0);
  for (const auto& entry : fs::recursive_directory_iterator(out / "terraform")) {
    if (entry.path().extension() != ".tf") continue;
    INFO(entry.path());
    CHECK(read_file(entry.path()).find("data \"google_cloud_run_v2_service\"") ==
          std::string::npos);
  }
  // The callee's deterministic URL, from the project's number (a project the platform provides).
  std::string caller = read_file(out / "terraform/prod/storefront/main.tf");
  CHECK(caller.find(
            "REVIEWS_URL              = "
            "\"https://reviews-${data.google_project.environment.number}.europe-west1.run.app\"") !=
        std::string::npos);
  CHECK(caller.find("data \"google_project\" \"environment\"") != std::string::npos);
  CHECK(caller.find("  name     = \"reviews\"\n") != std::string::npos);
  std::string gateway = read_file(out / "terraform/prod/_gateway/main.tf");
  CHECK(
      gateway.find("storefront = "
                   "\"https://"
                   "storefront-${data.google_project.environment.number}.europe-west1.run.app\"") !=
      std::string::npos);
  // The service's own read during a rollout waits for the asset search to list it: a first
  // deploy takes all the traffic.
  std::string module = read_file(out / "modules/gcp/cloudrun-service/main.tf");
  CHECK(module.find("data \"google_cloud_asset_search_all_resources\" \"service\"") !=
        std::string::npos);
  CHECK(module.find("count    = local.exists ? 1 : 0") != std::string::npos);
}

namespace {
// The revision argument of storefront's web service in an environment.
std::string web_revision(const fs::path& out, const std::string& env = "prod") {
  std::string main = read_file(out / "terraform" / env / "storefront/main.tf");
  auto at = main.find("revision        = \"");
  REQUIRE(at != std::string::npos);
  at += std::string("revision        = \"").size();
  return main.substr(at, main.find('"', at) - at);
}
}  // namespace

TEST_CASE("gcp: a Cloud Run revision is named after its whole template", "[cli]") {
  // Cloud Run refuses a second revision of one name (409), so any template change needs a new
  // name and a traffic-only change must keep it.
  TempDir dir;
  fs::path repo = dir.path / "repo";
  fs::copy(shop(), repo, fs::copy_options::recursive);
  fs::path out = dir.path / "out";
  auto build = [&](const std::string& extra = "") {
    REQUIRE(
        run_infrac("build -q --env prod --root " + repo.string() + " --out " + out.string() + extra)
            .exit_code == 0);
    return web_revision(out);
  };
  std::string first = build();
  CHECK(first.starts_with("storefront-"));
  // A config-only change (an env value): a new revision.
  replace_in(repo / "services/storefront/service.yaml", "LOG_FORMAT: json", "LOG_FORMAT: text");
  std::string config = build();
  CHECK(config != first);
  // Traffic only: the same template, the same revision.
  replace_in(repo / "services/storefront/service.yaml", "rollout: {percent: 10}",
             "rollout: {percent: 50}");
  CHECK(build() == config);
  // A new image is a new revision: production deploys by digest (--image-digest), dev by tag
  // (--image-tag). The rest of a rollout's traffic stays on the revision serving the most now,
  // which the module reads from the live service.
  CHECK(build(" --service storefront --image-digest sha256:" + std::string(64, 'd')) != config);
  auto dev = [&](const std::string& extra) {
    REQUIRE(
        run_infrac("build -q --env dev --root " + repo.string() + " --out " + out.string() + extra)
            .exit_code == 0);
    return web_revision(out, "dev");
  };
  CHECK(dev(" --image-tag 9f1c2ab") != dev(""));
  std::string module = read_file(out / "modules/gcp/cloudrun-service/main.tf");
  CHECK(module.find("data \"google_cloud_run_v2_service\" \"serving\"") != std::string::npos);
  CHECK(module.find("t.revision != var.revision && t.percent > 0") != std::string::npos);
}

TEST_CASE("gcp: the public URL is served by a load balancer with a certificate per host", "[cli]") {
  TempDir dir;
  fs::path repo = dir.path / "repo";
  fs::copy(shop(), repo, fs::copy_options::recursive);
  // A Cloud Armor policy for production only.
  replace_in(repo / "infrac.yaml", "      cluster: prod-gke\n",
             "      cluster: prod-gke\n      security_policy: shop-edge\n");
  fs::path out = dir.path / "out";
  REQUIRE(run_infrac("build -q --root " + repo.string() + " --out " + out.string()).exit_code == 0);
  std::string prod = read_file(out / "terraform/prod/_gateway/main.tf");
  CHECK(prod.find("module \"load_balancer\"") != std::string::npos);
  CHECK(prod.find("\"api.shop.example\" = [\"/store\"]") != std::string::npos);
  CHECK(prod.find("gateway_id = module.gateway.gateway_id") != std::string::npos);
  CHECK(prod.find("security_policy = \"shop-edge\"") != std::string::npos);
  std::string dev = read_file(out / "terraform/dev/_gateway/main.tf");
  CHECK(dev.find("\"api.dev.shop.example\" = [\"/store\"]") != std::string::npos);
  CHECK(dev.find("security_policy") == std::string::npos);
  CHECK(read_file(out / "terraform/prod/_gateway/outputs.tf")
            .find("module.load_balancer.ip_address") != std::string::npos);
}

TEST_CASE("gcp: a service's OpenAPI paths must lie under its public path", "[cli]") {
  TempDir dir;
  fs::path repo = dir.path / "repo";
  fs::copy(shop(), repo, fs::copy_options::recursive);
  replace_in(repo / "services/storefront/openapi.yaml", "  /store/cart:", "  /cart:");
  CommandResult r = run_infrac("check --root " + repo.string());
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("services/storefront/openapi.yaml:23:3: error[E0139]: path /cart is outside "
                   "storefront's public path /store") != std::string::npos);
}

TEST_CASE("plan: moving a service from GKE to Cloud Run shows both sides and the danger", "[cli]") {
  TempDir dir;
  fs::path repo = shop_repo(dir);
  replace_in(repo / "services/search/service.yaml", "spec:\n", "spec:\n  runtime: cloudrun\n");
  CommandResult r = run_infrac("plan --base main --root " + repo.string(), "INFRAC_NOW=2026-11-22");
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("danger: prod/search moves from Kubernetes to Cloud Run: live traffic moves") !=
        std::string::npos);
  CHECK(r.out.find("    + module.api  # new in the spec (services/search/service.yaml:11:5)") !=
        std::string::npos);
  CHECK(r.out.find("    - apps/v1/Deployment/search/search-api") != std::string::npos);
  CHECK(r.out.find("    - core/v1/Namespace//search") != std::string::npos);
}

TEST_CASE("plan: a canary is a one-line change with a traffic danger", "[cli]") {
  TempDir dir;
  fs::path repo = shop_repo(dir);
  replace_in(repo / "services/storefront/service.yaml", "rollout: {percent: 10}",
             "rollout: {percent: 50}");
  CommandResult r = run_infrac("plan --base main --root " + repo.string(), "INFRAC_NOW=2026-11-22");
  INFO(r.out << r.err);
  CHECK(r.out.find("danger: traffic of module.web in prod/storefront to the new revision moves "
                   "10% → 50%") != std::string::npos);
  CHECK(r.out.find("traffic_percent: \"10\" → \"50\"") != std::string::npos);
}
