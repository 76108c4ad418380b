#include "resolve/environment_clusters.h"

#include <map>
#include <string>
#include <vector>

namespace infrac {
namespace {

std::vector<std::string> split(const std::string& text, char sep) {
  std::vector<std::string> out(1);
  for (char ch : text) {
    if (ch == sep)
      out.emplace_back();
    else
      out.back() += ch;
  }
  return out;
}

// What a context names outright, when it is one a cloud's CLI writes: `aws eks
// update-kubeconfig` names the context by the cluster's ARN,
// arn:aws:eks:REGION:ACCOUNT:cluster/NAME
// (https://docs.aws.amazon.com/cli/latest/reference/eks/update-kubeconfig.html), and `gcloud
// container clusters get-credentials` gke_PROJECT_LOCATION_NAME
// (https://cloud.google.com/kubernetes-engine/docs/how-to/cluster-access-for-kubectl).
// The empty string when the context names its cluster differently, or matches.
std::string context_problem(const Environment& env, Cloud cloud) {
  const std::string& c = env.context;
  if (c.rfind("arn:aws:eks:", 0) == 0) {
    auto parts = split(c, ':');  // arn aws eks REGION ACCOUNT cluster/NAME
    if (parts.size() != 6 || parts[5].rfind("cluster/", 0) != 0) return {};
    std::string region = parts[3], account = parts[4], name = parts[5].substr(8);
    if (account != env.account) return "names a cluster of account " + account;
    if (region != env.region) return "names a cluster in region " + region;
    if (name != env.cluster) return "names cluster " + name + ", not " + env.cluster;
    return {};
  }
  if (c.rfind("gke_", 0) == 0 && cloud == Cloud::Gcp) {
    auto parts = split(c, '_');  // gke PROJECT LOCATION NAME
    if (parts.size() != 4) return {};
    if (parts[1] != env.gcp_project) return "names a cluster of project " + parts[1];
    if (parts[2].rfind(env.region, 0) != 0) return "names a cluster in " + parts[2];
    if (parts[3] != env.cluster) return "names cluster " + parts[3] + ", not " + env.cluster;
  }
  return {};
}

Location at(const Node& spec, const std::string& env, const char* field, Location fallback) {
  const Node* n = find_path(spec, {"environments", env, field});
  return n ? n->location : fallback;
}

}  // namespace

bool check_environment_clusters(const Node& spec, const Project& p, Diagnostics& diagnostics) {
  bool ok = true;
  std::map<std::string, const Environment*> clusters, contexts;
  for (const auto& env : p.environments) {
    bool own_context = find_path(spec, {"environments", env.name, "context"}) != nullptr;
    Location context_at = at(spec, env.name, own_context ? "context" : "cluster", env.location);
    if (std::string problem = context_problem(env, p.cloud); !problem.empty()) {
      diagnostics
          .add(DiagCode::kClusterShared, context_at,
               "environment '" + env.name + "': context " + env.context + " " + problem)
          .help = "name the context of environment " + env.name + "'s own cluster " + env.cluster;
      ok = false;
      continue;
    }
    std::string owner = p.cloud == Cloud::Gcp ? env.gcp_project : env.account;
    std::string cluster = owner + "/" + env.region + "/" + env.cluster;
    if (auto [it, fresh] = clusters.emplace(cluster, &env); !fresh) {
      Diagnostic& d = diagnostics.add(
          DiagCode::kClusterShared, at(spec, env.name, "cluster", env.location),
          "environments '" + it->second->name + "' and '" + env.name + "' share cluster " +
              env.cluster + ": each service's namespace would hold both environments' objects");
      d.notes.push_back({at(spec, it->second->name, "cluster", it->second->location),
                         "environment " + it->second->name + "'s cluster"});
      d.help = "give environment " + env.name + " a cluster of its own";
      ok = false;
      continue;
    }
    if (auto [it, fresh] = contexts.emplace(env.context, &env); !fresh) {
      Diagnostic& d = diagnostics.add(
          DiagCode::kClusterShared, context_at,
          "environment '" + env.name + "' uses kubeconfig context " + env.context +
              ", which is environment '" + it->second->name +
              "''s: infrac ci apply, logs and exec would act on " + it->second->name);
      bool other_own = find_path(spec, {"environments", it->second->name, "context"}) != nullptr;
      d.notes.push_back(
          {at(spec, it->second->name, other_own ? "context" : "cluster", it->second->location),
           "environment " + it->second->name + "'s context"});
      d.help = "name the context of environment " + env.name + "'s own cluster " + env.cluster;
      ok = false;
    }
  }
  return ok;
}

}  // namespace infrac
