// Score workloads as service specs (examples/score, written from the score.dev/v1b1
// reference: https://docs.score.dev/docs/score-specification/score-spec-reference/): the
// example builds, its containers, ports, probes, variables and resources become the objects a
// service.yaml would give, and what infrac cannot honour is E0152 at the field.
#include <catch2/catch.hpp>

#include <regex>

#include "../unit/support.h"

namespace fs = std::filesystem;
using namespace infrac::test;

namespace {

fs::path example() {
  return source_dir() / "examples/score";
}

std::string score_error(const std::string& score) {
  TempDir dir;
  fs::copy(example(), dir.path / "repo", fs::copy_options::recursive);
  write_file(dir.path / "repo/services/orders/score.yaml", score);
  CommandResult r = run_infrac("check --root " + (dir.path / "repo").string());
  CHECK(r.exit_code == 1);
  return r.err;
}

const char* kHead =
    "apiVersion: score.dev/v1b1\nmetadata:\n  name: orders\n  annotations:\n"
    "    infrac.dev/team: checkout\n    infrac.dev/replicas: \"2\"\n";

}  // namespace

TEST_CASE("the Score example builds into what a service.yaml would give", "[cli]") {
  TempDir out;
  CommandResult r =
      run_infrac("build --root " + example().string() + " --out " + (out.path / "o").string());
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  fs::path k = out.path / "o/kubernetes/prod/orders";
  std::string deployment = read_file(k / "deployment-orders-main.yaml");
  CHECK(deployment.find(
            "image: \"123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/orders:2.4.0\"") !=
        std::string::npos);
  CHECK(deployment.find("containerPort: 8080") != std::string::npos);
  CHECK(deployment.find("path: /ready") != std::string::npos);
  CHECK(deployment.find("path: /alive") != std::string::npos);
  CHECK(deployment.find("memory: \"256Mi\"") != std::string::npos);
  std::string config = read_file(k / "configmap-orders.yaml");
  CHECK(config.find("SERVICE_NAME: orders") != std::string::npos);  // ${metadata.name}
  CHECK(config.find("EVENTS_QUEUE_URL: https://sqs.eu-west-1.amazonaws.com/210987654321/"
                    "shop-prod-orders-events") != std::string::npos);
  CHECK(read_file(k / "httproute-orders.yaml").find("value: /orders") != std::string::npos);
  CHECK(fs::exists(k / "externalsecret-orders-db.yaml"));  // DB_HOST, DB_PORT, DB_USERNAME
  CHECK(read_file(k / "horizontalpodautoscaler-orders-main.yaml").find("maxReplicas: 6") !=
        std::string::npos);
  std::string main = read_file(out.path / "o/terraform/prod/orders/main.tf");
  CHECK(main.find("source = \"../../../modules/aws/postgres\"") != std::string::npos);
  CHECK(std::regex_search(main, std::regex("\n  multi_az +=  *true\n")));
  CHECK(read_file(out.path / "o/terraform/prod/mailer/main.tf").find("aws/bucket") !=
        std::string::npos);
  // Findings point into score.yaml.
  CHECK(r.err.find("services/orders/score.yaml:") != std::string::npos);
}

TEST_CASE("what infrac cannot honour in a Score workload is an error at the field", "[cli]") {
  std::string containers = "containers:\n  main:\n    image: orders:1.0.0\n";
  CHECK(score_error(std::string(kHead) + containers + "  proxy:\n    image: proxy:1.0.0\n")
            .find("score.yaml:10:3: error[E0152]: infrac runs one container per workload") !=
        std::string::npos);
  CHECK(score_error(std::string(kHead) + containers + "    files: [{target: /etc/x, content: y}]\n")
            .find("score.yaml:10:5: error[E0152]: infrac cannot honour containers.main.files") !=
        std::string::npos);
  CHECK(score_error(std::string(kHead) + containers + "    resources: {limits: {cpu: \"1\"}}\n")
            .find("infrac sets no CPU limit") != std::string::npos);
  CHECK(score_error(std::string(kHead) + containers + "resources:\n  bus: {type: kafka-topic}\n")
            .find("infrac has no resource of Score type 'kafka-topic'") != std::string::npos);
  CHECK(score_error(std::string(kHead) + containers +
                    "    variables: {DATABASE_HOST: \"${resources.db.host}\"}\n"
                    "resources:\n  db: {type: postgres}\n")
            .find("infrac gives ${resources.db.host} to the pods as DB_HOST, not DATABASE_HOST") !=
        std::string::npos);
  CHECK(score_error("apiVersion: score.dev/v1b1\nmetadata: {name: orders}\n" + containers)
            .find("names its owning team in metadata.annotations") != std::string::npos);
  // The spec's own checks run on what the Score file says, at its lines.
  CHECK(score_error(std::string(kHead) + "containers:\n  main:\n    image: orders:latest\n")
            .find("score.yaml:9:12: error[E0113]") != std::string::npos);
}

TEST_CASE("a service folder holds service.yaml or score.yaml, not both", "[cli]") {
  TempDir dir;
  fs::copy(example(), dir.path / "repo", fs::copy_options::recursive);
  fs::copy(example() / "services/catalog/service.yaml",
           dir.path / "repo/services/orders/service.yaml");
  CommandResult r = run_infrac("check --root " + (dir.path / "repo").string());
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("services/orders has both service.yaml and score.yaml") != std::string::npos);
}

TEST_CASE("Score escapes read as score-go reads them", "[cli]") {
  TempDir dir;
  fs::copy(example(), dir.path / "repo", fs::copy_options::recursive);
  fs::path score = dir.path / "repo/services/orders/score.yaml";
  std::string text = read_file(score);
  const std::string anchor = "      LOG_FORMAT: json\n";
  REQUIRE(text.find(anchor) != std::string::npos);
  text.replace(text.find(anchor), anchor.size(),
               anchor +
                   "      TEMPLATE: \"$${metadata.name}\"\n"  // the literal ${metadata.name}
                   "      PRICE: \"costs $$5\"\n"             // $$ is one $
                   "      NESTED: \"$${a$$b}\"\n"             // $${...} keeps its inside
                   "      DOUBLE: \"$$$${x} and ${metadata.name}\"\n");
  write_file(score, text);
  TempDir out;
  CommandResult r = run_infrac("build --root " + (dir.path / "repo").string() + " --out " +
                               (out.path / "o").string());
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  std::string config = read_file(out.path / "o/kubernetes/prod/orders/configmap-orders.yaml");
  INFO(config);
  CHECK(config.find("TEMPLATE: \"${metadata.name}\"") != std::string::npos);
  CHECK(config.find("PRICE: \"costs $5\"") != std::string::npos);
  CHECK(config.find("NESTED: \"${a$$b}\"") != std::string::npos);
  CHECK(config.find("DOUBLE: \"$${x} and orders\"") != std::string::npos);
}
