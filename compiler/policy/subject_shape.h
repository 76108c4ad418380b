// The shape of the service subject: every path a rule can read in service_view(), with what it
// holds, generated from the field registry's rows (spec/field_views.h). Rule paths are checked
// against it when packs load (E0210, with did-you-mean), and docs/policy-language.md lists it
// as render_shape() prints it.
// Tested by tests/unit/subject_shape_test.cpp (every path service_view() produces for the
// examples is in the shape; the docs block equals the rendering).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace infrac {

struct ShapeNode {
  std::string name;  // a key, or "*": any key of a mapping or item of a list
  std::string note;  // what the value is (leaves)
  std::vector<ShapeNode> children;
  const ShapeNode* child(std::string_view key) const;  // exact, then "*"
};

const ShapeNode& service_subject_shape();
// `$name` paths: the target's context ($env, $project.domains, ...), for every subject.
const ShapeNode& context_shape();

// One line per path: `components.<name>.timeout  the run deadline as written (cron, job)`.
std::string render_shape(const ShapeNode& root);

struct PathProblem {
  std::size_t segment = 0;              // which segment has no place in the shape
  std::vector<std::string_view> known;  // the keys that would fit there
  bool below_leaf = false;              // the path goes on below a scalar
};
// Where `segments` leave the shape, or nothing when every segment fits; `*` in a path fits any
// node with children. Also returns, through `at`, the node the path ends on.
std::optional<PathProblem> walk_shape(const ShapeNode& root,
                                      const std::vector<std::string>& segments,
                                      const ShapeNode** at = nullptr);

}  // namespace infrac
