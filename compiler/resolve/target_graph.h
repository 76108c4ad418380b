// The one target graph: which target's output reads which other target, with typed edges,
// built once after resolve from the whole model. Everything that asks "who else does this
// change reach?" or "who may call this workload?" reads it: the plan's reach, incremental
// builds (which persist it), `ci targets`, NetworkPolicies' ingress (Target::callers is
// filled from it) and the needs of each workload. Nothing else computes edges (an
// architecture test holds to that).
//
// Edges are between targets of one environment, by id (env/service), never by position.
// Each kind says which ends' outputs read the other's spec:
//   calls      A depends on B: A's env and egress read B's URL and port; B's ingress names A.
//   publishes  A sends to B's queue: A's grants and env read B's queue; B reads nothing of A.
// Tested by tests/unit/target_graph_test.cpp and the differential tests (tests/differential/).
#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace infrac {

struct Model;

enum class EdgeKind { Calls, Publishes };
std::string_view edge_kind_name(EdgeKind kind);  // calls, publishes

struct TargetEdge {
  std::string from, to;  // target ids, same environment
  EdgeKind kind = EdgeKind::Calls;
  bool operator<(const TargetEdge& o) const;
  bool operator==(const TargetEdge& o) const = default;
};

// Whether the target an edge points at reads the spec of the one it starts from.
bool target_reads_source(EdgeKind kind);

class TargetGraph {
 public:
  TargetGraph() = default;
  // `targets`: every target id (an edge to an id not listed is dropped, as resolve reported
  // it); the edges in any order (deduplicated).
  TargetGraph(std::set<std::string> targets, std::vector<TargetEdge> edges);

  const std::set<std::string>& targets() const { return targets_; }
  const std::vector<TargetEdge>& edges() const { return edges_; }  // sorted
  std::vector<TargetEdge> out(const std::string& id) const;
  std::vector<TargetEdge> in(const std::string& id) const;
  // The services of the target's environment with an edge of `kind` to it, by name, sorted.
  std::vector<std::string> sources(const std::string& id, EdgeKind kind) const;
  // The services its edges of `kind` point at, by name, sorted.
  std::vector<std::string> destinations(const std::string& id, EdgeKind kind) const;

  // The targets whose output a change to the given services' specs can alter: their own, the
  // targets that read theirs (an edge from the reader to them), and those their edges point
  // at when that end reads its source (a callee's ingress).
  std::set<std::string> reached_by(const std::set<std::string>& changed_services) const;

 private:
  std::set<std::string> targets_;
  std::vector<TargetEdge> edges_;
  std::map<std::string, std::vector<std::size_t>> out_, in_;  // id -> indexes into edges_
};

// The graph of a resolved model: every dependency and every publish of every target.
TargetGraph build_target_graph(const Model& model);

// One edge as a line of the build cache ("from\tkind\tto"), and back.
std::string edge_line(const TargetEdge& edge);
bool parse_edge_line(const std::string& line, TargetEdge& edge);

}  // namespace infrac
