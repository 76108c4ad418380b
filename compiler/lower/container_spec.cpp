#include "lower/container_spec.h"

#include <algorithm>

namespace infrac {
namespace {

KValue probe(const KValue& action, int period, int failures) {
  KValue p = action;
  p.set("periodSeconds", KValue::num(period));
  p.set("failureThreshold", KValue::num(failures));
  return p;
}

KValue single(const char* key, KValue value) {
  KValue m = KValue::map();
  m.set(key, std::move(value));
  return m;
}

std::string serving_port_name(const Component& c) {
  return c.type == ComponentType::Grpc ? "grpc" : "http";
}

KValue http_get(const std::string& path, const std::string& port_name, Location at) {
  KValue get = KValue::map();
  get.set("path", KValue::str(path, at));
  get.set("port", KValue::str(port_name));
  KValue action = KValue::map();
  action.set("httpGet", std::move(get));
  return action;
}

// Readiness asks "may I get traffic?" and may check what the pod needs; liveness asks "is
// the process stuck?" and must not, or a downstream outage restarts every pod. Liveness is a
// TCP check of the serving port unless the spec names a cheap path; the startup probe holds
// liveness off for startup_seconds
// (https://kubernetes.io/docs/concepts/configuration/liveness-readiness-startup-probes/).
void add_probes(const Component& c, const std::string& port_name, KValue& k) {
  KValue readiness, liveness;
  if (c.type == ComponentType::Http && !c.health_path.empty()) {
    readiness = http_get(c.health_path, port_name, c.location);
    liveness = c.liveness_path.empty() ? single("tcpSocket", single("port", KValue::str(port_name)))
                                       : http_get(c.liveness_path, port_name, c.location);
  } else if (c.type == ComponentType::Grpc) {
    readiness = single("grpc", single("port", KValue::num(c.port, c.location)));
    liveness = single("tcpSocket", single("port", KValue::str(port_name)));
  } else if (c.type == ComponentType::Worker && c.health_port > 0) {
    liveness = http_get(c.health_path, "health", c.location);
  } else if (c.type == ComponentType::Worker && !c.health_command.empty()) {
    liveness = single("exec", single("command", KValue::strings(c.health_command, c.location)));
  } else {
    return;
  }
  int startup_failures = std::max(1, (c.startup_seconds + 4) / 5);
  k.set("startupProbe", probe(liveness, 5, startup_failures));
  if (!readiness.entries.empty()) k.set("readinessProbe", probe(readiness, 10, 3));
  k.set("livenessProbe", probe(liveness, 10, 3));
}

// Serving pods keep serving while their endpoint is removed everywhere, then get SIGTERM.
// The sleep action needs no binary in the image (Kubernetes 1.30+, PodLifecycleSleepAction:
// https://kubernetes.io/docs/concepts/containers/container-lifecycle-hooks/).
KValue pre_stop_sleep(int seconds) {
  return KValue::map(
      {{"preStop", KValue::map({{"sleep", KValue::map({{"seconds", KValue::num(seconds)}})}})}});
}

}  // namespace

KValue restricted_security_context() {
  return KValue::map({{"allowPrivilegeEscalation", KValue::flag(false)},
                      {"capabilities", KValue::map({{"drop", KValue::strings({"ALL"})}})},
                      {"readOnlyRootFilesystem", KValue::flag(true)},
                      {"runAsNonRoot", KValue::flag(true)},
                      {"seccompProfile", KValue::map({{"type", KValue::str("RuntimeDefault")}})}});
}

KValue container_ports(const Component& c, bool own_metrics_port) {
  auto port = [](const std::string& name, int number, Location at) {
    return KValue::map({{"name", KValue::str(name)},
                        {"containerPort", KValue::num(number, at)},
                        {"protocol", KValue::str("TCP")}});
  };
  KValue ports = KValue::list();
  if (serves_traffic(c.type)) {
    ports.items.push_back(port(serving_port_name(c), c.port, c.location));
  } else if (c.health_port > 0) {
    ports.items.push_back(port("health", c.health_port, c.location));
  }
  if (own_metrics_port) ports.items.push_back(port("metrics", c.metrics_port, c.metrics_location));
  return ports;
}

KValue container_resources(const Component& c, Location cpu_at, Location memory_at,
                           Location limit_at) {
  return KValue::map(
      {{"requests", KValue::map({{"cpu", KValue::str(c.cpu, cpu_at)},
                                 {"memory", KValue::str(c.memory, memory_at)}})},
       {"limits", KValue::map({{"memory", KValue::str(c.memory_limit, limit_at)}})}});
}

KValue pod_security_context(const Component& c) {
  return KValue::map({{"runAsNonRoot", KValue::flag(true)},
                      {"runAsUser", KValue::num(c.run_as_user, c.security_location)},
                      {"runAsGroup", KValue::num(c.run_as_group, c.security_location)},
                      {"seccompProfile", KValue::map({{"type", KValue::str("RuntimeDefault")}})}});
}

void add_runtime_settings(const Component& c, KValue& container) {
  add_probes(c, serving_port_name(c), container);
  if (c.pre_stop_seconds > 0) container.set("lifecycle", pre_stop_sleep(c.pre_stop_seconds));
  container.set("securityContext", restricted_security_context());
  container.set("volumeMounts", KValue::list({KValue::map({{"name", KValue::str("tmp")},
                                                           {"mountPath", KValue::str("/tmp")}})}));
}

}  // namespace infrac
