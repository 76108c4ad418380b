// The pod of the database-roles Job (lower/k8s_lower.cpp writes the Job, its ConfigMap and
// its ExternalSecret; lower/postgres_bootstrap.h the SQL it runs): psql with libpq's variables
// from one secret, restricted like every pod, the SQL mounted read-only.
// Tested by tests/cli/postgres_bootstrap_test.cpp and the acme golden (tests/golden/acme-build).
#pragma once

#include <string>

#include "ir/k8s_ir.h"

namespace infrac {

// The psql image's tag (the Job's app.kubernetes.io/version).
std::string psql_version();
KValue psql_container(const std::string& secret_name, const std::string& database);
KValue psql_pod(KValue container, const std::string& config_map);

}  // namespace infrac
