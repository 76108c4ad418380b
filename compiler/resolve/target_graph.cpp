#include "resolve/target_graph.h"

#include <algorithm>
#include <tuple>

#include "resolve/model.h"

namespace infrac {

std::string_view edge_kind_name(EdgeKind kind) {
  switch (kind) {
    case EdgeKind::Calls:
      return "calls";
    case EdgeKind::Publishes:
      return "publishes";
  }
  return "calls";
}

bool target_reads_source(EdgeKind kind) {
  switch (kind) {
    case EdgeKind::Calls:
      return true;  // a callee's NetworkPolicy admits each caller by name
    case EdgeKind::Publishes:
      return false;  // the publisher's own identity holds the grant
  }
  return true;
}

bool TargetEdge::operator<(const TargetEdge& o) const {
  return std::tie(from, to, kind) < std::tie(o.from, o.to, o.kind);
}

TargetGraph::TargetGraph(std::set<std::string> targets, std::vector<TargetEdge> edges)
    : targets_(std::move(targets)) {
  std::erase_if(edges, [&](const TargetEdge& e) {
    return !targets_.count(e.from) || !targets_.count(e.to) || e.from == e.to;
  });
  std::sort(edges.begin(), edges.end());
  edges.erase(std::unique(edges.begin(), edges.end()), edges.end());
  edges_ = std::move(edges);
  for (std::size_t i = 0; i < edges_.size(); ++i) {
    out_[edges_[i].from].push_back(i);
    in_[edges_[i].to].push_back(i);
  }
}

std::vector<TargetEdge> TargetGraph::out(const std::string& id) const {
  std::vector<TargetEdge> result;
  if (auto it = out_.find(id); it != out_.end()) {
    for (std::size_t i : it->second) result.push_back(edges_[i]);
  }
  return result;
}

std::vector<TargetEdge> TargetGraph::in(const std::string& id) const {
  std::vector<TargetEdge> result;
  if (auto it = in_.find(id); it != in_.end()) {
    for (std::size_t i : it->second) result.push_back(edges_[i]);
  }
  return result;
}

std::vector<std::string> TargetGraph::sources(const std::string& id, EdgeKind kind) const {
  std::vector<std::string> result;
  for (const auto& e : in(id)) {
    if (e.kind == kind) result.push_back(e.from.substr(e.from.find('/') + 1));
  }
  std::sort(result.begin(), result.end());
  result.erase(std::unique(result.begin(), result.end()), result.end());
  return result;
}

std::vector<std::string> TargetGraph::destinations(const std::string& id, EdgeKind kind) const {
  std::vector<std::string> result;
  for (const auto& e : out(id)) {
    if (e.kind == kind) result.push_back(e.to.substr(e.to.find('/') + 1));
  }
  return result;  // edges_ is sorted by (from, to): already sorted and unique per kind
}

std::set<std::string> TargetGraph::reached_by(const std::set<std::string>& changed) const {
  auto service_of = [](const std::string& id) { return id.substr(id.find('/') + 1); };
  std::set<std::string> out;
  for (const auto& id : targets_) {
    if (changed.count(service_of(id))) out.insert(id);
  }
  for (const auto& e : edges_) {
    // The source reads what it points at; the target reads the source when its kind says so.
    if (changed.count(service_of(e.to))) out.insert(e.from);
    if (changed.count(service_of(e.from)) && target_reads_source(e.kind)) out.insert(e.to);
  }
  return out;
}

TargetGraph build_target_graph(const Model& model) {
  std::set<std::string> ids;
  std::vector<TargetEdge> edges;
  for (const auto& t : model.targets) {
    ids.insert(t.id());
    for (const auto& d : t.dependencies)
      edges.push_back({t.id(), t.env + "/" + d.service, EdgeKind::Calls});
    for (const auto& p : t.publishes)
      edges.push_back({t.id(), t.env + "/" + p.service, EdgeKind::Publishes});
  }
  return TargetGraph(std::move(ids), std::move(edges));
}

std::string edge_line(const TargetEdge& edge) {
  return edge.from + "\t" + std::string(edge_kind_name(edge.kind)) + "\t" + edge.to;
}

bool parse_edge_line(const std::string& line, TargetEdge& edge) {
  std::size_t a = line.find('\t');
  std::size_t b = a == std::string::npos ? a : line.find('\t', a + 1);
  if (b == std::string::npos) return false;
  std::string kind = line.substr(a + 1, b - a - 1);
  if (kind == "calls") {
    edge.kind = EdgeKind::Calls;
  } else if (kind == "publishes") {
    edge.kind = EdgeKind::Publishes;
  } else {
    return false;
  }
  edge.from = line.substr(0, a);
  edge.to = line.substr(b + 1);
  return true;
}

}  // namespace infrac
