// The SQL that gives a service's PostgreSQL database to the service's own role, without a
// person: run as the instance's master user, connected to the service's database, by the
// database-roles step of `infrac ci apply` (a Job in the platform namespace, wave 2, before
// migrations; docs/security.md). The one source of that SQL: the build writes exactly this
// text and tests/cli/postgres_bootstrap_test.cpp runs exactly this text on a real server.
#pragma once

#include <string>
#include <string_view>

#include "resolve/model.h"

namespace infrac {

// Whether a datastore's roles are set up by the bootstrap: PostgreSQL of a Kubernetes target on
// AWS (RDS; Cloud SQL's application user is still created by the Cloud SQL API). The one
// answer for the backend, the environment's platform and policy.
bool bootstraps_roles(const Project& project, const Target& target, const Datastore& ds);

// Idempotent: running it again changes no catalog row. Afterwards `role` exists (LOGIN, never
// SUPERUSER, CREATEDB or CREATEROLE; created only when absent, so a Cloud SQL IAM user created
// by the API is kept), is a member of rds_iam where that role exists (RDS), owns `database` and
// its schema public, and PUBLIC may neither connect to the database nor create in public.
std::string postgres_bootstrap_sql(std::string_view database, std::string_view role);

// "name" with embedded quotes doubled; 'text' with embedded quotes doubled.
std::string sql_identifier(std::string_view name);
std::string sql_literal(std::string_view text);

}  // namespace infrac
