#include "lower/escape_hatches.h"

#include "lower/container_spec.h"

namespace infrac {

KValue sidecar_container(const Sidecar& s) {
  KValue k = KValue::map();
  k.set("name", KValue::str(s.name, s.location));
  k.set("image", KValue::str(s.image.reference, s.image.location));
  // A native sidecar: an init container that runs for the pod's whole life.
  k.set("restartPolicy", KValue::str("Always", s.location));
  if (!s.command.empty()) k.set("command", KValue::strings(s.command, s.location));
  if (!s.args.empty()) k.set("args", KValue::strings(s.args, s.location));
  if (s.port > 0) {
    k.set("ports", KValue::list({KValue::map({{"containerPort", KValue::num(s.port, s.location)},
                                              {"protocol", KValue::str("TCP")}})}));
  }
  k.set("resources",
        KValue::map({{"requests", KValue::map({{"cpu", KValue::str(s.cpu, s.location)},
                                               {"memory", KValue::str(s.memory, s.location)}})},
                     {"limits", KValue::map({{"memory", KValue::str(s.memory, s.location)}})}}));
  k.set("securityContext", restricted_security_context());
  k.set("volumeMounts", KValue::list({KValue::map(
                            {{"name", KValue::str("tmp")}, {"mountPath", KValue::str("/tmp")}})}));
  return k;
}

void add_scheduling(const KubernetesEscape& escape, KValue& pod_spec) {
  if (!escape.node_selector.empty()) {
    KValue selector = KValue::map();
    for (const auto& [k, v] : escape.node_selector)
      selector.set(k, KValue::str(v, escape.location));
    pod_spec.set("nodeSelector", std::move(selector));
  }
  if (escape.tolerations.empty()) return;
  KValue list = KValue::list();
  for (const auto& t : escape.tolerations) {
    KValue item = KValue::map();
    if (!t.key.empty()) item.set("key", KValue::str(t.key, escape.location));
    item.set("operator", KValue::str(t.op, escape.location));
    if (!t.value.empty()) item.set("value", KValue::str(t.value, escape.location));
    if (!t.effect.empty()) item.set("effect", KValue::str(t.effect, escape.location));
    if (t.seconds >= 0) item.set("tolerationSeconds", KValue::num(t.seconds, escape.location));
    list.items.push_back(std::move(item));
  }
  pod_spec.set("tolerations", std::move(list));
}

}  // namespace infrac
