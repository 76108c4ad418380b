// Tests spec/validate.cpp against the spec-v1 tables, spec/overlay.cpp and resolve/values.cpp.
#include <catch2/catch.hpp>

#include "resolve/values.h"
#include "spec/overlay.h"
#include "spec/validate.h"
#include "spec/yaml_loader.h"

using namespace infrac;

namespace {

std::vector<Diagnostic> validate_spec(const std::string& yaml, bool partial = false) {
  SourceFile file("s.yaml", yaml);
  Diagnostics sink;
  auto root = load_yaml(0, file, sink);
  REQUIRE(root);
  validate_node(*root, service_spec_schema(), "spec", Location{}, ValidateOptions{partial}, sink);
  return sink.take();
}

}  // namespace

TEST_CASE("a minimal spec is valid; required fields are enforced only outside overrides") {
  CHECK(validate_spec("image: a:1\ncomponents: {api: {type: http}}\n").empty());
  auto missing = validate_spec("components: {api: {type: http}}\n");
  REQUIRE(missing.size() == 1);
  CHECK(missing[0].code == DiagCode::kMissingField);
  CHECK(validate_spec("components: {api: {replicas: 2}}\n", true).empty());
  CHECK(validate_spec("image: null\n", true).empty());  // null removes in an override
}

TEST_CASE("replicas take an integer or {min, max}; dependencies a name or {service, env}") {
  CHECK(validate_spec("image: a:1\ncomponents: {api: {type: http, replicas: 3}}\n").empty());
  CHECK(validate_spec("image: a:1\ncomponents: {api: {type: http, replicas: {min: 1, max: 4}}}\n")
            .empty());
  auto bad = validate_spec("image: a:1\ncomponents: {api: {type: http, replicas: [1]}}\n");
  REQUIRE(bad.size() == 1);
  CHECK(bad[0].message ==
        "spec.components.api.replicas must be an integer or a mapping, not a list");
  CHECK(validate_spec("image: a:1\ncomponents: {a: {type: http}}\ndependencies: [b, {service: c, "
                      "env: C_API}]\n")
            .empty());
}

TEST_CASE("a 1 MB string in a field with a format is 'too long', checked before the pattern") {
  std::string huge(60000, 'a');
  auto d =
      validate_spec("image: a:1\ncomponents: {api: {type: http, health: {path: /" + huge + "}}}\n");
  REQUIRE(d.size() == 1);
  CHECK(d[0].code == DiagCode::kInvalidFormat);
  CHECK(d[0].message.find("characters long; the limit is 1024") != std::string::npos);
  CHECK(!matches_format(dns_label_format(), std::string(64, 'a')));
  CHECK(matches_format(dns_label_format(), std::string(63, 'a')));
  CHECK(!matches_format(dns_label_format(), "-a"));
  CHECK(!matches_format(dns_label_format(), "a-"));
  CHECK(!matches_format(env_name_format(), "lower"));
}

TEST_CASE("overrides: maps merge, lists and scalars replace, null removes") {
  SourceFile base_file("b.yaml", "a: {x: 1, y: 2}\nl: [1, 2]\ns: 1\nr: 5\n");
  SourceFile over_file("o.yaml", "a: {y: 3, z: 4}\nl: [9]\ns: two\nr: null\n");
  Diagnostics sink;
  Node base = *load_yaml(0, base_file, sink);
  Node over = *load_yaml(1, over_file, sink);
  Node merged = merge_override(base, over);
  CHECK(merged.find("a")->find("x")->text == "1");
  CHECK(merged.find("a")->find("y")->text == "3");
  CHECK(merged.find("a")->find("y")->location.file == 1);
  CHECK(merged.find("a")->find("z")->text == "4");
  CHECK(merged.find("l")->items.size() == 1);
  CHECK(merged.find("s")->text == "two");
  CHECK(merged.find("r") == nullptr);
}

TEST_CASE("values: images, durations, URLs") {
  ParsedImage a = parse_image("payments:1.4.2");
  CHECK(a.repository == "payments");
  CHECK(a.tag == "1.4.2");
  CHECK(!a.has_registry);
  ParsedImage b = parse_image("localhost:5000/team/app@sha256:abc");
  CHECK(b.repository == "localhost:5000/team/app");
  CHECK(b.tag.empty());
  CHECK(b.digest == "sha256:abc");
  CHECK(b.has_registry);
  CHECK(parse_image("ghcr.io/org/app").tag.empty());
  CHECK(env_var_stem("ledger-api") == "LEDGER_API");
}

TEST_CASE("a format with a check of meaning is decided by the check, not by its pattern") {
  // Zones of tzdata outside the JSON Schema's pattern, and a schedule separated by a tab.
  for (const char* zone : {"EST5EDT", "GMT+0", "NZ-CHAT"}) {
    INFO(zone);
    CHECK(validate_spec("image: a:1\ncomponents: {n: {type: cron, schedule: \"0 3 * * *\", "
                        "timezone: \"" +
                        std::string(zone) + "\"}}\n")
              .empty());
  }
  CHECK(validate_spec("image: a:1\ncomponents: {n: {type: cron, schedule: \"0\\t3 * * *\"}}\n")
            .empty());
}

TEST_CASE("an empty value is reported at its key, with what to write") {
  auto empty = validate_spec("image: a:1\ncomponents: {api: {type: http}}\nenv:\n  FEATURE_X:\n");
  REQUIRE(empty.size() == 1);
  CHECK(empty[0].message == "spec.env.FEATURE_X must be a string or number, not empty");
  CHECK(empty[0].location.line == 4);
  CHECK(empty[0].location.column == 12);
  CHECK(empty[0].help ==
        "nothing follows the ':': write the value on the same line (\"\" is an empty string)");
}
