// The service subject's shape (policy/subject_shape.h) against the code that builds the
// subject (policy/views.cpp) and the docs that list it: every path service_view() produces for
// the examples is in the shape, every leaf of the shape is produced by some example target,
// and docs/policy-language.md shows render_shape() verbatim.
#include <catch2/catch.hpp>

#include <set>

#include "pipeline/compile.h"
#include "policy/subject_shape.h"
#include "policy/views.h"
#include "support.h"

using namespace infrac;

namespace {

// Every path of a view, with `*` for the keys of keyed maps and list items.
void paths_of(const Node& n, const ShapeNode& shape, const std::string& prefix,
              std::set<std::string>& out) {
  if (n.is_map()) {
    for (const auto& e : n.entries) {
      const ShapeNode* child = shape.child(e.key);
      std::string seg = child && child->name == "*" ? "*" : e.key;
      std::string path = prefix.empty() ? seg : prefix + "." + seg;
      out.insert(path);
      if (child) paths_of(e.value, *child, path, out);
    }
  } else if (n.is_seq()) {
    for (const auto& i : n.items) {
      out.insert(prefix + ".*");
      if (const ShapeNode* child = shape.child("*")) paths_of(i, *child, prefix + ".*", out);
    }
  }
}

void leaves_of(const ShapeNode& n, const std::string& prefix, std::set<std::string>& out) {
  for (const auto& c : n.children) {
    std::string path = prefix.empty() ? c.name : prefix + "." + c.name;
    if (c.children.empty()) out.insert(path);
    leaves_of(c, path, out);
  }
}

}  // namespace

TEST_CASE("the service subject's shape is what service_view builds, and what the docs list") {
  std::set<std::string> produced;
  test::TempDir extra;
  for (const std::filesystem::path& root : test::every_field_projects(extra)) {
    CompileOptions options;
    options.root = root;
    options.stop_after = Stage::Policy;  // the extras pass names the services' own files
    auto c = compile(options);
    REQUIRE(c->model);
    for (const auto& t : c->model->targets) {
      paths_of(service_view(*c->model, t), service_subject_shape(), "", produced);
    }
  }
  for (const auto& p : produced) {
    INFO(p);
    std::vector<std::string> segments = split_path(p);
    CHECK(!walk_shape(service_subject_shape(), segments));
  }
  // Every leaf is produced by some example target: the shape promises nothing the code lacks.
  std::set<std::string> leaves;
  leaves_of(service_subject_shape(), "", leaves);
  for (const auto& leaf : leaves) {
    INFO(leaf);
    CHECK(produced.count(leaf) == 1);
  }
  std::string doc = test::read_file(test::source_dir() / "docs/policy-language.md");
  CHECK(doc.find("```\n" + render_shape(service_subject_shape()) + "```\n") != std::string::npos);
}

TEST_CASE("walk_shape: wildcards, keys under them, leaves, and what fits where") {
  const ShapeNode& s = service_subject_shape();
  CHECK(!walk_shape(s, {"components", "api", "replicas", "min"}));
  CHECK(!walk_shape(s, {"components", "*", "timeout"}));
  CHECK(!walk_shape(s, {"secrets", "*", "key"}));
  CHECK(!walk_shape(s, {"image", "*"}));
  auto typo = walk_shape(s, {"datastores", "*", "fifoo"});
  REQUIRE(typo);
  CHECK(typo->segment == 2);
  CHECK(std::find(typo->known.begin(), typo->known.end(), "fifo") != typo->known.end());
  auto below = walk_shape(s, {"name", "first"});
  REQUIRE(below);
  CHECK(below->below_leaf);
  CHECK(walk_shape(s, {"image", "*", "x"}));
}
