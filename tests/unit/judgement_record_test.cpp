// A target's service-rule verdict kept with the build and read back (policy/judgement_record.h),
// and the digest that says when a replay is sound. The replay itself is checked against full
// checks by the incremental-vs-full differential test (tests/differential/).
#include <catch2/catch.hpp>

#include "policy/judgement_record.h"

using namespace infrac;

namespace {

PolicySet two_rules() {
  PolicySet p;
  p.rules.resize(2);
  p.rules[0].id = "naming.team";
  p.rules[1].id = "url.public_route";
  return p;
}

Target target(std::string env, std::string service, std::string host = "") {
  Target t;
  t.env = std::move(env);
  t.service = std::move(service);
  if (!host.empty()) t.public_url = PublicUrl{"https://" + host, "https", host, "/", {}};
  return t;
}

Model model_of(std::vector<Target> targets) {
  Model m;
  for (const auto& t : targets) {
    if (!m.service(t.service)) m.services.push_back({t.service, kNoFile, {}, {}, {}, {}});
  }
  m.targets = std::move(targets);
  return m;
}

}  // namespace

TEST_CASE("judgement record: findings and claims read back as written", "[judgement]") {
  SourceFiles files;
  FileId spec = files.add("services/a/service.yaml", "x\n");
  PolicySet policies = two_rules();
  TargetFindings verdict;
  Finding f;
  f.rule = &policies.rules[0];
  f.message = "team\tof 'a'\nis %09 unknown";  // separators and the escape itself survive
  f.location = {spec, 3, 5, 4};
  f.target = "dev/a";
  f.path = "team";
  f.help = "set metadata.team";
  verdict.findings.push_back(f);
  Finding no_place = f;
  no_place.location = {};
  no_place.address = "module.a";
  no_place.hand_written = true;
  verdict.findings.push_back(no_place);
  verdict.claims.push_back({&policies.rules[1], "dev", "api.example.com/", "a", {spec, 7, 1, 9}});

  std::string text = encode_judgement(verdict, files);
  auto back = decode_judgement(text, policies, file_ids_by_path(files));
  REQUIRE(back);
  REQUIRE(back->findings.size() == 2);
  CHECK(back->findings[0].rule == &policies.rules[0]);
  CHECK(back->findings[0].message == f.message);
  CHECK(back->findings[0].location == f.location);
  CHECK(back->findings[0].target == "dev/a");
  CHECK(back->findings[0].path == "team");
  CHECK(back->findings[0].help == f.help);
  CHECK_FALSE(back->findings[0].hand_written);
  CHECK_FALSE(back->findings[1].location.known());
  CHECK(back->findings[1].address == "module.a");
  CHECK(back->findings[1].hand_written);
  REQUIRE(back->claims.size() == 1);
  CHECK(back->claims[0].rule == &policies.rules[1]);
  CHECK(back->claims[0].value == "api.example.com/");
  CHECK(back->claims[0].location == Location{spec, 7, 1, 9});
  CHECK(encode_judgement(*back, files) == text);

  SECTION("an empty verdict is the empty text") {
    CHECK(encode_judgement({}, files).empty());
    auto none = decode_judgement("", policies, file_ids_by_path(files));
    REQUIRE(none);
    CHECK(none->findings.empty());
  }
  SECTION("a rule or file no longer known, or damaged text, is judged again") {
    PolicySet other;
    other.rules.resize(1);
    other.rules[0].id = "naming.team";
    CHECK_FALSE(decode_judgement(text, other, file_ids_by_path(files)));  // no url rule
    CHECK_FALSE(decode_judgement(text, policies, {}));                    // no such file
    CHECK_FALSE(decode_judgement(text.substr(0, text.size() - 1), policies,
                                 file_ids_by_path(files)));  // cut short
    CHECK_FALSE(decode_judgement("F\tnaming.team\n", policies, file_ids_by_path(files)));
    std::string bad_line = text;
    bad_line.replace(bad_line.find("\t3\t"), 3, "\tx\t");
    CHECK_FALSE(decode_judgement(bad_line, policies, file_ids_by_path(files)));
  }
}

TEST_CASE("judgement record: the digest follows what rules read across services", "[judgement]") {
  Model base = model_of({target("dev", "a", "a.example.com"), target("dev", "b")});
  std::string digest = cross_service_digest(base);
  CHECK(digest.size() == 16);

  Model same = model_of({target("dev", "a", "a.example.com"), target("dev", "b")});
  same.targets[1].team = "other";  // a target's own field: no other target reads it
  CHECK(cross_service_digest(same) == digest);

  Model moved = model_of({target("dev", "a", "b.example.com"), target("dev", "b")});
  CHECK(cross_service_digest(moved) != digest);  // a public host

  Model routed = base;
  routed.targets[0].public_url->path = "/v2";
  CHECK(cross_service_digest(routed) != digest);  // a public route

  Model added =
      model_of({target("dev", "a", "a.example.com"), target("dev", "b"), target("dev", "c")});
  CHECK(cross_service_digest(added) != digest);  // a service (a secret key's owner)

  Model elsewhere = model_of({target("prod", "a", "a.example.com"), target("dev", "b")});
  CHECK(cross_service_digest(elsewhere) != digest);  // the environment of a host
}

TEST_CASE("judgement record: the rules' digest follows the files they were read from",
          "[judgement]") {
  SourceFiles files;
  FileId pack = files.add("services/users/policies/p.yaml", "rules: []\n");
  FileId exceptions = files.add("policies/exceptions.yaml", "exceptions: []\n");
  PolicySet policies = two_rules();
  policies.rules[0].location = {pack, 3, 1, 1};  // rules[1] is built in: no file
  policies.exceptions.resize(1);
  policies.exceptions[0].location = {exceptions, 2, 1, 1};
  // States as the record writes them: longer than a string's inline buffer.
  auto state = [](char c) { return "f " + std::string(64, c); };
  InputRecord inputs = {{"services/users/policies/p.yaml", state('1')},
                        {"policies/exceptions.yaml", state('2')},
                        {"services/users/service.yaml", state('3')}};
  std::string digest = policy_digest(policies, files, inputs);
  InputRecord again = inputs;  // another run's record of the same files
  for (int i = 0; i < 3; ++i) CHECK(policy_digest(policies, files, again) == digest);

  InputRecord service_edited = inputs;
  service_edited["services/users/service.yaml"] = state('4');
  CHECK(policy_digest(policies, files, service_edited) == digest);

  InputRecord pack_edited = inputs;
  pack_edited["services/users/policies/p.yaml"] = state('5');
  CHECK(policy_digest(policies, files, pack_edited) != digest);

  InputRecord exceptions_edited = inputs;
  exceptions_edited["policies/exceptions.yaml"] = state('6');
  CHECK(policy_digest(policies, files, exceptions_edited) != digest);

  // A pack of configure: alone holds no rule; its folder's files count all the same.
  InputRecord configured = inputs;
  configured["services/users/policies/tuning.yaml"] = state('7');
  std::vector<std::string> folders = {"./services/users/policies"};
  std::string with_folder = policy_digest(policies, files, configured, folders);
  CHECK(policy_digest(policies, files, configured) == digest);  // unseen without the folder
  configured["services/users/policies/tuning.yaml"] = state('8');
  CHECK(policy_digest(policies, files, configured, folders) != with_folder);

  PolicySet fewer = policies;
  fewer.exceptions.clear();  // the last exception of a file removed
  CHECK(policy_digest(fewer, files, inputs) != digest);
}
