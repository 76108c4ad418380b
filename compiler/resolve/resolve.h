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
// The owner of a key read in environment `env` of project `project`: a key under the
// environment's own prefix (`<project>/<env>/` on AWS, `<project>-<env>-` on Google Cloud,
// where infrac writes datastore connection secrets) is judged by what follows it, so
// `acme/prod/payments/db` belongs to payments.
std::string_view secret_key_owner_in(std::string_view key, std::string_view project,
                                     std::string_view env,
                                     const std::function<bool(std::string_view)>& is_service);

}  // namespace infrac
