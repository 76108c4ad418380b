// Cross-service resolution: every dependency names an existing, callable service; injected
// URL variables get their values; the model is assembled in a deterministic order.
// Tested by tests/unit/golden_test.cpp (the reviewed acme model).
#pragma once

#include <functional>

#include <string_view>
#include <vector>

#include "base/diagnostic.h"
#include "resolve/build_model.h"
#include "resolve/model.h"

namespace infrac {

Model resolve_model(Project project, std::vector<ServiceBuild> builds, Diagnostics& diagnostics);

// The service a secret key belongs to: the one with the longest name the key starts with,
// followed by '/' (AWS Secrets Manager paths) or '-' (GCP Secret Manager ids have no '/').
// The longest wins, so `users-admin-token` belongs to users-admin, not to users. Empty when
// no service's name starts the key. Each '/' or '-' of the key is one lookup, longest first,
// so the cost does not grow with the number of services.
std::string_view secret_key_owner(std::string_view key,
                                  const std::function<bool(std::string_view)>& is_service);
// `services` sorted by name.
std::string_view secret_key_owner(std::string_view key,
                                  const std::vector<std::string_view>& services);

}  // namespace infrac
