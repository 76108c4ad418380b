#include "policy/subject_shape.h"

namespace infrac {
namespace {

ShapeNode leaf(std::string name, std::string note) {
  return ShapeNode{std::move(name), std::move(note), {}};
}
ShapeNode group(std::string name, std::vector<ShapeNode> children, std::string note = {}) {
  return ShapeNode{std::move(name), std::move(note), std::move(children)};
}

ShapeNode build() {
  ShapeNode component = group(
      "*", {leaf("type", "http | grpc | worker | cron | job"),
            leaf("port", "listening port (http, grpc)"),
            group("replicas", {leaf("min", "minimum replicas"), leaf("max", "maximum replicas")}),
            group("autoscale", {leaf("cpu", "target CPU % (when max > min)")}),
            leaf("cpu", "CPU request (default from stdlib)"),
            leaf("memory", "memory request and limit (default from stdlib)"),
            leaf("cpu_millicores", "CPU request in millicores (250m: 250, 1.5: 1500)"),
            leaf("memory_mib", "memory request in MiB, rounded up (1Gi: 1024)"),
            leaf("memory_limit_mib", "memory limit in MiB, rounded up"),
            leaf("health_path", "readiness path (http), only when the spec wrote it"),
            leaf("health_check", "http | grpc | exec: how health is checked (absent: not at all)"),
            leaf("expose", "public | internal"),
            leaf("schedule", "cron schedule (cron)"),
            leaf("timezone", "time zone of the schedule (cron)"),
            leaf("timeout", "run deadline as written, e.g. 30m (cron, job)"),
            leaf("timeout_seconds", "run deadline in seconds (cron, job)"),
            group("command", {leaf("*", "an argument")}, "container command"),
            group("args", {leaf("*", "an argument")}, "container arguments"),
            group("consumes", {leaf("*", "a queue datastore")}, "queues a worker reads"),
            group("metrics", {leaf("via", "prometheus | otlp (absent: no metrics)"),
                              leaf("port", "Prometheus metrics port (via prometheus only)"),
                              leaf("path", "Prometheus metrics path (via prometheus only)")}),
            group("rollout",
                  {leaf("percent", "traffic share of this template's revision"),
                   leaf("stable",
                        "the image the stable Deployment keeps serving (Kubernetes), "
                        "registry applied")},
                  "a canary: Cloud Run traffic split, Kubernetes canary Deployment"),
            leaf("renamed_from", "the previous name, when renamed"),
            group("kubernetes",
                  {group("annotations", {leaf("*", "an annotation's value")}),
                   group("labels", {leaf("*", "a label's value")}),
                   group("node_selector", {leaf("*", "a node label's value")}),
                   group("tolerations", {leaf("*", "a toleration's key")}),
                   group("sidecars", {group("*", {leaf("image", "the sidecar's image")})})},
                  "the escape hatch, only what it sets")});
  ShapeNode datastore = group(
      "*",
      {leaf("type", "postgres | redis | bucket | queue | any other type"),
       leaf("version", "engine version (postgres, redis)"),
       leaf("size", "micro | small | medium | large | xlarge"), leaf("ha", "highly available"),
       leaf("storage_gb", "allocated storage (postgres)"),
       leaf("versioning", "object versioning (bucket)"), leaf("fifo", "first-in-first-out (queue)"),
       leaf("adopt", "the existing resource taken over, when adopted"),
       leaf("renamed_from", "the previous name, when renamed"),
       leaf("major_upgrade", "true when a major version change is allowed"),
       leaf("roles_image",
            "the image of its database-roles Job (postgres with a roles bootstrap; "
            "infrac.yaml spec.delivery.psql_image)")});
  ShapeNode env_var = group("*", {leaf("source", "literal | service_url | datastore | secret"),
                                  leaf("value", "the value (literal, service_url)")});
  ShapeNode secret =
      group("*", {leaf("key", "the key in the secret manager"),
                  leaf("property", "a property of a JSON secret"),
                  leaf("owner", "the service the key belongs to by its name ('' for none)"),
                  leaf("shared", "true when infrac.yaml shares the key with this service")});
  return group(
      "",
      {leaf("name", "the service name"), leaf("team", "the owning team"),
       leaf("tier", "critical | standard | experimental"),
       leaf("description", "one sentence, when written"), leaf("runtime", "kubernetes | cloudrun"),
       group("image", {leaf("reference", "the full reference, registry applied"),
                       leaf("repository", "without tag and digest"), leaf("tag", "the tag"),
                       leaf("digest", "the digest")}),
       group("components", {component}, "keyed by component name"),
       group("datastores", {datastore}, "keyed by datastore name"),
       group("env", {env_var}, "every variable the workloads get, keyed by name"),
       group("secrets", {secret}, "secret references, keyed by variable name"),
       group("dependencies", {leaf("*", "a service called")}, "services called"),
       group("public_url",
             {leaf("url", "the URL in this environment"), leaf("scheme", "https | http"),
              leaf("host", "the host"), leaf("path", "the path, normalised (/ when none)"),
              leaf("route", "host + path")}),
       group("slo", {leaf("component", "the measured http or grpc component"),
                     leaf("window_days", "28 or 30"),
                     group("availability", {leaf("objective", "percent, e.g. 99.9")}),
                     group("latency",
                           {leaf("objective", "percent"), leaf("threshold_ms", "milliseconds")})}),
       group("publishes", {leaf("*", "<service>.<queue>")}, "queues of other services it sends to"),
       group("iam",
             {group("*",
                    {leaf("role", "gcp: the role"), group("actions", {leaf("*", "aws: an action")}),
                     group("resources", {leaf("*", "aws: a resource ARN")}),
                     leaf("grant", "the grant in words: its actions and resources, or role"),
                     leaf("reason", "why")})},
             "extra grants (escape hatch)"),
       group("egress",
             {group("*", {leaf("host", "a DNS name, when the entry names one"),
                          leaf("cidr", "an address range, when the entry names one"),
                          leaf("port", "the TCP port"), leaf("reason", "why")})},
             "destinations outside the cluster"),
       group("files",
             {group("terraform", {leaf("*", "terraform/<file>.tf")}),
              group("patches", {leaf("*", "patches/<file>.yaml")})},
             "the service's own .tf files and Kubernetes patches"),
       group("alerts", {leaf("route",
                             "the team's alert target in this environment "
                             "(absent: none)")})});
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
  static const ShapeNode shape = group(
      "", {leaf("env", "the environment"), leaf("service", "the service"),
           leaf("team", "the owning team"), leaf("tier", "the tier"),
           leaf("production", "true in production environments"),
           leaf("env_domain", "the environment's domain"),
           leaf("registry", "the environment's container registry"),
           leaf("runtime", "kubernetes | cloudrun: where the service runs"),
           group("project", {leaf("name", "the project name"), leaf("registry", "the registry"),
                             group("domains", {leaf("*", "an approved domain")}),
                             group("teams", {leaf("*", "a team")})})});
  return shape;
}

const ShapeNode& service_subject_shape() {
  static const ShapeNode shape = build();
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
