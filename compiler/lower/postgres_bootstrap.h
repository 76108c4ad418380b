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

// Whether a datastore's roles are set up by the bootstrap: every PostgreSQL datastore (RDS and
// Cloud SQL; a Cloud Run service's database too, by a Job in its environment's cluster). The
// one answer for the backends, the environment's platform and policy.
bool bootstraps_roles(const Project& project, const Target& target, const Datastore& ds);

// Who creates the application's role: the bootstrap itself (RDS, where IAM authentication is
// membership in rds_iam) or the Cloud SQL API (an IAM database user).
enum class RoleOrigin { Bootstrap, CloudSqlApi };

// Idempotent: running it again changes no catalog row. Afterwards `role` is never SUPERUSER,
// CREATEDB or CREATEROLE and creates tables in `database`'s schema public, and PUBLIC may
// neither connect to the database nor create in public.
// - Bootstrap: the role is created when absent (LOGIN), joins rds_iam where that role exists
//   (RDS) and owns `database` and its schema public.
// - CloudSqlApi: the role must exist (the SQL fails naming its creator otherwise); it gets
//   CONNECT and TEMPORARY on `database` and USAGE and CREATE on public.
std::string postgres_bootstrap_sql(std::string_view database, std::string_view role,
                                   RoleOrigin origin);

// "name" with embedded quotes doubled; 'text' with embedded quotes doubled.
std::string sql_identifier(std::string_view name);
std::string sql_literal(std::string_view text);

}  // namespace infrac
