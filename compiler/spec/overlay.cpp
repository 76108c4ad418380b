#include "spec/overlay.h"

namespace infrac {

Node merge_override(const Node& base, const Node& override_node) {
  if (!base.is_map() || !override_node.is_map()) return override_node;
  Node merged = base;
  for (const auto& entry : override_node.entries) {
    Node* existing = merged.find(entry.key);
    if (entry.value.kind == NodeKind::Null) {
      std::erase_if(merged.entries, [&](const MapEntry& e) { return e.key == entry.key; });
      continue;
    }
    if (existing) {
      *existing = merge_override(*existing, entry.value);
    } else {
      merged.entries.push_back(entry);
    }
  }
  return merged;
}

}  // namespace infrac
