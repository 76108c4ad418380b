#include "policy/subject_shape.h"

#include <algorithm>

#include "spec/field_views.h"

namespace infrac {
namespace {

// The node at `path` below `root` ("a.*.b"), made on first use: children keep the order in
// which the rows first name them.
ShapeNode& node_at(ShapeNode& root, std::string_view path) {
  ShapeNode* node = &root;
  while (!path.empty()) {
    std::size_t dot = path.find('.');
    std::string_view segment = path.substr(0, dot);
    path = dot == std::string_view::npos ? std::string_view{} : path.substr(dot + 1);
    auto it = std::find_if(node->children.begin(), node->children.end(),
                           [&](const ShapeNode& c) { return c.name == segment; });
    if (it == node->children.end()) {
      node->children.push_back(ShapeNode{std::string(segment), {}, {}});
      it = std::prev(node->children.end());
    }
    node = &*it;
  }
  return *node;
}

// The subject's shape (context: the `$` rows) from the field registry (spec/field_views.h); a
// path's note is its first row's.
ShapeNode build(bool context) {
  ShapeNode root;
  for (const FieldView& row : field_views()) {
    if (row.subject.empty() || (row.subject.front() == '$') != context) continue;
    ShapeNode& node = node_at(root, context ? row.subject.substr(1) : row.subject);
    if (node.note.empty()) node.note = std::string(row.note);
  }
  return root;
}

void render(const ShapeNode& node, const std::string& prefix, std::string& out) {
  for (const auto& c : node.children) {
    std::string name = c.name;
    if (name == "*") {
      name = node.name == "components" || node.name == "datastores" ? "<name>"
             : node.name == "env" || node.name == "secrets"         ? "<NAME>"
                                                                    : "*";
    }
    std::string path = prefix.empty() ? name : prefix + "." + name;
    if (c.children.empty()) {
      out += path + std::string(path.size() < 36 ? 36 - path.size() : 1, ' ') + c.note + "\n";
    } else {
      render(c, path, out);
    }
  }
}

}  // namespace

const ShapeNode* ShapeNode::child(std::string_view key) const {
  const ShapeNode* any = nullptr;
  for (const auto& c : children) {
    if (c.name == key) return &c;
    if (c.name == "*") any = &c;
  }
  return any;
}

const ShapeNode& context_shape() {
  static const ShapeNode shape = build(true);
  return shape;
}

const ShapeNode& service_subject_shape() {
  static const ShapeNode shape = build(false);
  return shape;
}

std::string render_shape(const ShapeNode& root) {
  std::string out;
  render(root, "", out);
  return out;
}

std::optional<PathProblem> walk_shape(const ShapeNode& root,
                                      const std::vector<std::string>& segments,
                                      const ShapeNode** at) {
  const ShapeNode* node = &root;
  for (std::size_t i = 0; i < segments.size(); ++i) {
    if (node->children.empty()) return PathProblem{i, {}, true};
    const ShapeNode* next = node->child(segments[i]);
    if (segments[i] == "*") {
      // Every key of a mapping with fixed keys: fine at the end, ambiguous below it.
      bool wildcard = node->children.size() == 1 && node->children[0].name == "*";
      if (!wildcard && i + 1 == segments.size()) return std::nullopt;
      next = wildcard ? &node->children[0] : nullptr;
    }
    if (!next) {
      PathProblem p{i, {}, false};
      for (const auto& c : node->children) p.known.push_back(c.name);
      return p;
    }
    node = next;
  }
  if (at) *at = node;
  return std::nullopt;
}

}  // namespace infrac
