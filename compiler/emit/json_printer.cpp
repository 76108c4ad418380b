#include "emit/json_printer.h"

#include "ir/k8s_json.h"

namespace infrac {

std::string print_json(const KValue& value) {
  // Compact: a dashboard is read by Grafana, and reviewed through the plan's field-level
  // diff of its ConfigMap; indentation would double the bytes of every build.
  return json_of(value).dump() + "\n";
}

}  // namespace infrac
