// service.yaml: a component, its security and its kubernetes: escape hatch, as data
// (spec/schema_builder.h). To add a field: see tables.cpp.
#include "spec/schema_builder.h"

namespace infrac {

using namespace formats;

// service.yaml: spec.security and a component's security
const Schema* SchemaBuilder::security_schema() {
  return object(
      {{"run_as_user", integer(1, 2147483647, "a numeric user id other than root", "65532"), false,
        "numeric user id the containers run as (runAsUser; default from stdlib: 65532)"},
       {"run_as_group", integer(1, 2147483647, "a numeric group id other than root", "65532"),
        false,
        "numeric primary group id of the containers (runAsGroup; default from stdlib: 65532)"}},
      "the pods' numeric user and group: restricted pods must not run as root, and an image "
      "whose USER is a name cannot prove it is not");
}

// service.yaml: one component
const Schema* SchemaBuilder::component_schema() {
  const Schema* replicas_object =
      object({{"min", integer(0, 1000, "minimum replicas"), true, "minimum replicas"},
              {"max", integer(1, 1000, "maximum replicas; autoscaling when max > min"), false,
               "maximum replicas; autoscaling when greater than min"}});
  const Schema* replicas = one_of({integer(0, 1000, "a fixed replica count"), replicas_object},
                                  "a fixed count, or {min, max} for autoscaling");
  return object(
      {{"type", enumeration({"http", "grpc", "worker", "cron", "job"}, "what the component is"),
        true, "http | grpc | worker | cron | job"},
       {"port", integer(1, 65535, "listening port", "8080"), false,
        "listening port (http and grpc only; default 8080)"},
       {"command", list_of(text(), "the container command", false), false, "container command"},
       {"args", list_of(text(), "the container arguments", false), false, "container arguments"},
       {"replicas", replicas, false, "replica count or {min, max} (default 1)"},
       {"autoscale",
        object({{"cpu", integer(1, 100, "target CPU utilisation in percent", "70"), false,
                 "target CPU %"}}),
        false, "autoscaling target (when replicas.max > replicas.min)"},
       {"resources",
        object({{"cpu", str(&kCpu), false, "CPU request (default from stdlib)"},
                {"memory", str(&kMemory), false,
                 "memory request, and limit unless memory_limit says otherwise (default from "
                 "stdlib)"},
                {"memory_limit", str(&kMemory), false,
                 "memory limit, at least the request (default: the request; on Cloud Run, the "
                 "instance's memory)"}}),
        false, "resource requests and the memory limit"},
       {"security", security_schema(), false,
        "the numeric user and group the pods run as (default: spec.security, else stdlib)"},
       {"health",
        object({{"path", str(&kHttpPath), false,
                 "http: readiness path (default /healthz); worker: the health endpoint's path "
                 "(with port)"},
                {"liveness", str(&kHttpPath), false,
                 "http: a cheap liveness path that never checks downstreams (default: a TCP "
                 "check of the port)"},
                {"port", integer(1, 65535, "worker: port of an HTTP health endpoint"), false,
                 "worker: port of an HTTP health endpoint"},
                {"command", list_of(text(), "worker: a health command", false), false,
                 "worker: a command that exits 0 while the worker is healthy"},
                {"startup", str(&kDuration), false,
                 "time a start may take before liveness applies (default 60s)"}}),
        false,
        "health checks (http: readiness path, default /healthz; grpc: gRPC health protocol; "
        "worker: port and path, or command)"},
       {"metrics",
        one_of({boolean("false: the component exports no metrics"),
                object({{"via", enumeration({"prometheus", "otlp"}), false,
                         "prometheus: the pod serves them and is scraped; otlp: the SDK pushes "
                         "them to the collector (default: spec.observability.metrics.via)"},
                        {"port", integer(1, 65535, "metrics port", "9090"), false,
                         "via prometheus: port of the Prometheus metrics endpoint (default 9090)"},
                        {"path", str(&kHttpPath), false,
                         "via prometheus: path of the endpoint (default /metrics)"}})},
               "how metrics reach Prometheus: {via, port, path}, or false"),
        false,
        "how the component's metrics reach Prometheus {via, port, path} (http, grpc, worker; "
        "default: via the project's choice, 9090 /metrics), or false for none"},
       {"expose", enumeration({"public", "internal"}, "", "internal"), false,
        "public (through the project gateway) or internal (default)"},
       {"consumes", list_of(str(&kDnsLabel), "queue datastores this worker reads"), false,
        "names of this service's queue datastores (worker only)"},
       {"schedule", str(&kCron), false, "cron schedule (cron only, required there)"},
       {"timezone", str(&kTimezone), false, "time zone of the schedule (cron only)"},
       {"timeout", str(&kDuration), false, "deadline of one run (cron and job only)"},
       {"run", enumeration({"once", "every-deploy", "before-rollout"}, "", "once"), false,
        "job only: once (per change of its definition; a new image tag alone does not re-run "
        "it), every-deploy (per deployed image), or before-rollout (a migration: per deployed "
        "image, to completion before the service's pods roll out)"},
       {"rollout",
        object({{"percent", integer(0, 100, "share of traffic for this template's revision"), true,
                 "percent of traffic to the revision of this spec (0: deployed, tagged, no "
                 "traffic); the rest stays on the revision serving now"},
                {"stable", str(&kImage), false,
                 "Kubernetes (required there): the image the stable Deployment keeps serving, "
                 "the one running now; Cloud Run reads it from the live service"}}),
        false,
        "public http components: a canary (Cloud Run: a traffic split between revisions; "
        "Kubernetes: a canary Deployment behind weighted HTTPRoute backends); promote by "
        "removing rollout"},
       {"renamed_from", str(&kDnsLabel), false,
        "the component's previous name: Terraform state moves to the new name and Cloud Run "
        "keeps its service or job (Kubernetes objects are renamed)"},
       {"kubernetes", kubernetes_escape_schema(), false,
        "escape hatch (Kubernetes runtime): pod annotations, labels, node selector, "
        "tolerations and sidecars, each reported by the escape.* policy rules"}},
      "a deployable part of the service");
}

// service.yaml: a component's kubernetes: escape hatch
const Schema* SchemaBuilder::kubernetes_escape_schema() {
  const Schema* toleration = object(
      {{"key", str(&kLabelKey), false, "the taint key (none with operator Exists: every taint)"},
       {"operator", enumeration({"Equal", "Exists"}, "", "Equal"), false, "Equal | Exists"},
       {"value", text(&kLabelValue, "the taint value"), false, "the taint value (operator Equal)"},
       {"effect", enumeration({"NoSchedule", "PreferNoSchedule", "NoExecute"}), false,
        "the taint effect (none: every effect)"},
       {"seconds", integer(0, 86400, "NoExecute: seconds the pod stays"), false,
        "NoExecute: how long the pod stays bound after the taint appears"}},
      "a pod toleration");
  const Schema* sidecar = object(
      {{"image", str(&kImage), true, "container image (from the project registry)"},
       {"command", list_of(text(), "the container command", false), false, "container command"},
       {"args", list_of(text(), "the container arguments", false), false, "container arguments"},
       {"port", integer(1, 65535, "a port the sidecar listens on"), false,
        "a port the sidecar listens on (pod-local)"},
       {"resources",
        object(
            {{"cpu", str(&kCpu), false, "CPU request (default from stdlib)"},
             {"memory", str(&kMemory), false, "memory request and limit (default from stdlib)"}}),
        false, "requests and memory limit"}},
      "an extra container in the component's pods, restricted like the main one");
  return object(
      {{"annotations", map_of(&kLabelKey, text(), "pod annotations"), false,
        "pod template annotations"},
       {"labels", map_of(&kLabelKey, text(&kLabelValue, "a label value"), "pod labels"), false,
        "pod template labels (infrac's own app.kubernetes.io/* and infrac.dev/* are refused)"},
       {"node_selector",
        map_of(&kLabelKey, text(&kLabelValue, "a node label value"), "node labels"), false,
        "nodes the pods may run on"},
       {"tolerations", list_of(toleration, "taints the pods tolerate"), false,
        "taints the pods tolerate"},
       {"sidecars", map_of(&kDnsLabel, sidecar, "extra containers"), false,
        "extra containers, keyed by name"}},
      "Kubernetes settings infrac does not derive");
}

}  // namespace infrac
