// The list identity table covers every list infrac generates: each example project and the
// test corpus compiled in process, every list of every Terraform block and Kubernetes object
// looked up (a list no row covers would be compared by position, the way a plan once said a
// still-granted secret was lost). And each identity gives the element paths it promises.
#include <catch2/catch.hpp>

#include <set>

#include "pipeline/compile.h"
#include "plan/items.h"
#include "plan/list_identity.h"
#include "support.h"

using namespace infrac;

namespace {

using Unknown = std::set<std::string>;

void walk(const KValue& v, const std::string& kind, const std::string& pattern, Unknown& out) {
  if (v.kind == KValue::Kind::Map) {
    for (const auto& e : v.entries)
      walk(e.value, kind, pattern.empty() ? e.key : pattern + "." + e.key, out);
  } else if (v.kind == KValue::Kind::List) {
    if (!list_rule(kind, pattern).known) out.insert(kind + " " + pattern);
    for (const auto& i : v.items) walk(i, kind, pattern + "[]", out);
  }
}

void walk(const TfExpr& v, const std::string& kind, const std::string& pattern, Unknown& out) {
  if (v.kind == TfExpr::Kind::Object) {
    for (const auto& e : v.entries) walk(e.value, kind, pattern + "." + e.key, out);
  } else if (v.kind == TfExpr::Kind::List) {
    if (!list_rule(kind, pattern).known) out.insert(kind + " " + pattern);
    for (const auto& i : v.items) walk(i, kind, pattern + "[]", out);
  }
}

void walk(const TfBlock& b, const std::string& kind, const std::string& path, Unknown& out) {
  for (const auto& a : b.attributes)
    walk(a.value, kind, path.empty() ? a.name : path + "." + a.name, out);
  for (const auto& inner : b.blocks)
    walk(inner, kind, path.empty() ? inner.type : path + "." + inner.type, out);
}

Unknown unclassified_lists(const std::string& project) {
  CompileOptions options;
  options.root = test::source_dir() / project;
  options.stop_after = Stage::Lower;
  auto c = compile(options);
  REQUIRE(c->model);
  Unknown out;
  auto module = [&](const TfModule& m) {
    for (const auto& f : m.files) {
      for (const auto& b : f.blocks) {
        std::string kind = b.type == "module" ? b.called_module
                           : b.labels.empty() ? b.type
                                              : b.labels[0];
        walk(b, kind, "", out);
      }
    }
  };
  for (const auto& [id, ir] : c->target_irs) {
    for (const auto& o : ir.kubernetes) walk(o.body, o.kind, "", out);
    module(ir.terraform);
  }
  for (const auto& g : c->gateways) module(g.terraform);
  return out;
}

}  // namespace

TEST_CASE("every list the examples generate has a row in the list identity table",
          "[plan][lists]") {
  for (const char* project :
       {"examples/acme", "examples/shop-gcp", "examples/score", "tests/corpus/base"}) {
    INFO(project);
    Unknown unknown = unclassified_lists(project);
    std::string text;
    for (const auto& u : unknown) text += u + "\n";
    CHECK(text == "");
  }
}

namespace {

TfModule identity_module(const std::vector<std::string>& arns,
                         const std::vector<std::string>& command) {
  TfBlock b;
  b.type = "module";
  b.labels = {"workload_identity"};
  b.called_module = "aws/workload-identity";
  b.set("secret_arns", TfExpr::strings(arns));
  b.set("command", TfExpr::strings(command));
  TfModule m;
  m.files.push_back(TfFile{"main.tf", "", {b}});
  return m;
}

std::set<std::string> element_paths(const Item& item) {
  std::set<std::string> out;
  for (const auto& [p, _] : item.elements) out.insert(p);
  return out;
}

}  // namespace

TEST_CASE("a set's elements are named by value, an ordered list's by position", "[plan][lists]") {
  Items before = terraform_items(identity_module({"a", "b", "c", "d"}, {"run", "--x"}));
  Items after = terraform_items(identity_module({"a", "c", "d"}, {"--x", "run"}));
  const Item& b = before.at("module.workload_identity");
  const Item& a = after.at("module.workload_identity");
  // Removing b is one element gone; c and d keep their paths.
  CHECK(element_paths(b) == std::set<std::string>{"secret_arns[a]", "secret_arns[b]",
                                                  "secret_arns[c]", "secret_arns[d]"});
  CHECK(element_paths(a) ==
        std::set<std::string>{"secret_arns[a]", "secret_arns[c]", "secret_arns[d]"});
  // Arguments run in order: swapping them changes both positions.
  CHECK(b.leaves.at("command[0]").value == "run");
  CHECK(a.leaves.at("command[0]").value == "--x");
}

TEST_CASE("a NetworkPolicy rule is the same rule whatever order its ports are listed in",
          "[plan][lists]") {
  auto policy = [](std::vector<int> ports) {
    KValue list = KValue::list();
    for (int p : ports) list.items.push_back(KValue::map({{"port", KValue::num(p)}}));
    KObject o;
    o.api_version = "networking.k8s.io/v1";
    o.kind = "NetworkPolicy";
    o.name = "x-egress";
    o.ns = "x";
    o.body = KValue::map(
        {{"spec", KValue::map({{"egress", KValue::list({KValue::map({{"ports", list}})})}})}});
    return kubernetes_items({o});
  };
  Items one = policy({6379, 5432}), other = policy({5432, 6379}), fewer = policy({5432});
  const auto& first = one.begin()->second;
  CHECK(element_paths(first) == element_paths(other.begin()->second));
  CHECK(element_paths(first) != element_paths(fewer.begin()->second));
}
