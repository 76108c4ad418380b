// The pod of the database-roles Job (lower/k8s_lower.cpp writes the Job, its ConfigMap and
// its ExternalSecret; lower/postgres_bootstrap.h the SQL it runs): psql with libpq's variables
// from one secret, restricted like every pod, the SQL mounted read-only.
// Tested by tests/cli/postgres_bootstrap_test.cpp and the acme golden (tests/golden/acme-build).
#pragma once

#include <optional>
#include <string>

#include "ir/k8s_ir.h"
#include "lower/lower.h"
#include "resolve/model.h"

namespace infrac {

// The image psql runs from: infrac.yaml spec.delivery.psql_image, else the default below (an
// official PostgreSQL image, by tag: infrac cannot know which digest a project has vetted, so
// the security.pinned-psql-image rule asks for one). Its postgres user must be uid 70 (the
// Alpine images'), as runAsUser says.
inline constexpr const char* kDefaultPsqlImage = "docker.io/library/postgres:17-alpine";
std::string psql_image(const Project& project);
// Where the setting is written, or an unknown location when the default applies.
Location psql_image_location(const Project& project);
// The image's tag (the Job's app.kubernetes.io/version), "" when it has none.
std::string psql_version(const std::string& image);
KValue psql_container(const std::string& image, const std::string& secret_name,
                      const std::string& database);
KValue psql_pod(KValue container, const std::string& config_map);

// What the Job's master ExternalSecret reads: `data` (host and port from the connection secret
// `connection_key`, and on Google Cloud the admin's username and password), the target
// `template_` giving libpq's PGHOST, PGPORT, PGUSER and PGPASSWORD, and on AWS `data_from`,
// which finds the RDS-managed secret by its tag.
struct MasterSecret {
  KValue data, template_;
  std::optional<KValue> data_from;
};
MasterSecret master_secret(const std::string& connection_key, const DatabaseBootstrap& b);

}  // namespace infrac
