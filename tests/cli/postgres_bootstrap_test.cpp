// The database-roles bootstrap (lower/postgres_bootstrap.h) on a real PostgreSQL server:
// Debian's postgresql package (scripts/setup.sh installs it), started in a temporary directory
// on a Unix socket only, stopped at the end. The master user is made like RDS's and Cloud SQL's:
// not a superuser, with CREATEROLE and CREATEDB, owning the databases it created; rds_iam
// exists as on RDS. Missing binaries fail the test: it is never skipped.
#include <catch2/catch.hpp>

#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>

#include "../unit/support.h"
#include "lower/postgres_bootstrap.h"

namespace fs = std::filesystem;
using namespace infrac::test;
using Origin = infrac::RoleOrigin;

namespace {

std::string quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// The newest server's bin directory (/usr/lib/postgresql/<major>/bin), or empty.
fs::path postgres_bin() {
  fs::path best;
  int best_major = -1;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator("/usr/lib/postgresql", ec)) {
    fs::path bin = entry.path() / "bin";
    if (!fs::exists(bin / "initdb") || !fs::exists(bin / "pg_ctl") || !fs::exists(bin / "psql"))
      continue;
    int major = std::atoi(entry.path().filename().c_str());
    if (major > best_major) best_major = major, best = bin;
  }
  return best;
}

struct Run {
  int code = -1;
  std::string out;  // standard output and error
};

// A throwaway server. PostgreSQL refuses to run as root: as root, every command runs as the
// postgres user the package creates, and the directory is that user's.
class Server {
 public:
  explicit Server(fs::path bin) : bin_(std::move(bin)), data_(dir_.path / "data") {
    if (::getuid() == 0) {
      const passwd* pw = ::getpwnam("postgres");
      REQUIRE(pw != nullptr);  // the postgresql package creates the user
      REQUIRE(::chown(dir_.path.c_str(), pw->pw_uid, pw->pw_gid) == 0);
      as_ = "runuser -u postgres -- ";
      uid_ = pw->pw_uid;
      gid_ = pw->pw_gid;
    }
    Run init = shell(tool("initdb") + " -D " + quote(data_) + " -A trust -U super --no-sync");
    INFO(init.out);
    REQUIRE(init.code == 0);
    Run start = shell(tool("pg_ctl") + " -D " + quote(data_) + " -l " +
                      quote(dir_.path / "server.log") + " -w -o " +
                      quote("-k " + dir_.path.string() + " -c listen_addresses='' -F") + " start");
    INFO(start.out);
    REQUIRE(start.code == 0);
    started_ = true;
  }
  ~Server() {
    if (started_) shell(tool("pg_ctl") + " -D " + quote(data_) + " -m fast -w stop");
  }
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // psql as `user` on `database`, stopping at the first error.
  Run psql(const std::string& user, const std::string& database, const std::string& sql) {
    return shell(tool("psql") + " -h " + quote(dir_.path) + " -U " + quote(user) + " -d " +
                 quote(database) + " -X -q -At -v ON_ERROR_STOP=1 -c " + quote(sql));
  }
  Run psql_file(const std::string& user, const std::string& database, const std::string& sql) {
    fs::path file = dir_.path / ("script-" + std::to_string(++files_) + ".sql");
    write_file(file, sql);
    if (::getuid() == 0) REQUIRE(::chown(file.c_str(), uid_, gid_) == 0);
    return shell(tool("psql") + " -h " + quote(dir_.path) + " -U " + quote(user) + " -d " +
                 quote(database) + " -X -q -v ON_ERROR_STOP=1 -f " + quote(file));
  }

 private:
  std::string tool(const std::string& name) const { return as_ + quote(bin_ / name); }
  static Run shell(const std::string& command) {
    Run r;
    FILE* pipe = ::popen(("cd / && " + command + " 2>&1").c_str(), "r");
    if (!pipe) return r;
    char buffer[4096];
    std::size_t n;
    while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) r.out.append(buffer, n);
    int status = ::pclose(pipe);
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128;
    return r;
  }

  fs::path bin_;
  TempDir dir_;
  fs::path data_;
  std::string as_;
  uid_t uid_ = 0;
  gid_t gid_ = 0;
  bool started_ = false;
  int files_ = 0;
};

// Everything the bootstrap may touch: roles and their attributes, memberships, databases'
// owners and privileges, each database's schema public.
std::string catalog(Server& server, const std::vector<std::string>& databases) {
  Run roles = server.psql(
      "super", "postgres",
      "SELECT rolname, rolsuper, rolcreaterole, rolcreatedb, rolcanlogin, rolinherit FROM "
      "pg_roles WHERE rolname NOT LIKE 'pg\\_%' ORDER BY 1; "
      "SELECT roleid::regrole, member::regrole, admin_option FROM pg_auth_members ORDER BY 1, 2; "
      "SELECT datname, datdba::regrole, datacl FROM pg_database ORDER BY 1");
  REQUIRE(roles.code == 0);
  std::string out = roles.out;
  for (const auto& db : databases) {
    Run schema = server.psql("super", db,
                             "SELECT nspname, nspowner::regrole, nspacl FROM pg_namespace "
                             "WHERE nspname = 'public'");
    REQUIRE(schema.code == 0);
    out += db + ": " + schema.out;
  }
  return out;
}

}  // namespace

TEST_CASE("postgres bootstrap: the app role owns its database on a real server", "[cli]") {
  fs::path bin = postgres_bin();
  INFO(
      "PostgreSQL's server binaries are missing: install Debian's postgresql package "
      "(scripts/setup.sh does)");
  REQUIRE(!bin.empty());
  Server server(bin);

  for (const char* sql :
       {"CREATE ROLE app_admin LOGIN CREATEROLE CREATEDB", "CREATE ROLE rds_iam",
        "CREATE DATABASE payments OWNER app_admin", "CREATE DATABASE rides OWNER app_admin"}) {
    Run r = server.psql("super", "postgres", sql);
    INFO(r.out);
    REQUIRE(r.code == 0);
  }
  const std::vector<std::pair<std::string, std::string>> services = {{"payments", "payments_app"},
                                                                     {"rides", "rides_app"}};
  const std::vector<std::string> databases = {"payments", "rides"};
  for (const auto& [db, role] : services) {
    Run r = server.psql_file("app_admin", db,
                             infrac::postgres_bootstrap_sql(db, role, Origin::Bootstrap));
    INFO(r.out);
    REQUIRE(r.code == 0);
  }
  std::string after_first = catalog(server, databases);

  {  // running it twice changes nothing
    for (const auto& [db, role] : services) {
      Run r = server.psql_file("app_admin", db,
                               infrac::postgres_bootstrap_sql(db, role, Origin::Bootstrap));
      INFO(r.out);
      REQUIRE(r.code == 0);
      CHECK(r.out.find("ERROR") == std::string::npos);
    }
    CHECK(catalog(server, databases) == after_first);
  }

  {  // the app role creates tables in its database and its schema public
    Run r = server.psql("payments_app", "payments",
                        "CREATE TABLE orders (id bigint PRIMARY KEY); "
                        "INSERT INTO orders VALUES (1); CREATE TABLE public.ledger (id int); "
                        "CREATE SCHEMA billing; CREATE TABLE billing.invoices (id int); "
                        "SELECT count(*) FROM orders");
    INFO(r.out);
    REQUIRE(r.code == 0);
    CHECK(r.out == "1\n");
  }

  {  // the app role cannot connect to another service's database
    Run r = server.psql("payments_app", "rides", "SELECT 1");
    CHECK(r.code != 0);
    CHECK(r.out.find("permission denied for database \"rides\"") != std::string::npos);
    Run back = server.psql("rides_app", "payments", "SELECT 1");
    CHECK(back.code != 0);
  }

  {  // neither superuser nor CREATEROLE, in rds_iam, owner of its database
    Run r = server.psql("super", "postgres",
                        "SELECT rolname, rolsuper, rolcreaterole, rolcreatedb, "
                        "pg_has_role(rolname, 'rds_iam', 'MEMBER') FROM pg_roles "
                        "WHERE rolname LIKE '%\\_app' ORDER BY 1");
    INFO(r.out);
    REQUIRE(r.code == 0);
    CHECK(r.out == "payments_app|f|f|f|t\nrides_app|f|f|f|t\n");
    Run owners = server.psql("super", "postgres",
                             "SELECT datname, datdba::regrole FROM pg_database "
                             "WHERE datname IN ('payments', 'rides') ORDER BY 1");
    CHECK(owners.out == "payments|payments_app\nrides|rides_app\n");
  }
}

// Cloud SQL's form: the API creates the IAM database user (a CLOUD_IAM_SERVICE_ACCOUNT user is
// named after its service account's email without ".gserviceaccount.com", a member of
// cloudsqliamserviceaccount with no privileges,
// https://cloud.google.com/sql/docs/postgres/iam-logins), the databases (owned by
// cloudsqlsuperuser) and the admin user `app_admin` (like every user the API creates: CREATEROLE,
// CREATEDB, a member of cloudsqlsuperuser, no superuser,
// https://cloud.google.com/sql/docs/postgres/users); there is no rds_iam. Here the server's
// superuser stands in for the API. The admin never needs to SET ROLE to the IAM user (which
// PostgreSQL 16 refuses without ADMIN OPTION): it only grants, as a member of the owner.
TEST_CASE("postgres bootstrap: a Cloud SQL IAM user gets its database on a real server", "[cli]") {
  fs::path bin = postgres_bin();
  INFO("PostgreSQL's server binaries are missing: install Debian's postgresql package");
  REQUIRE(!bin.empty());
  Server server(bin);
  const std::string orders = "shop-prod-orders@shop-prod-4821.iam";
  const std::string reviews = "shop-prod-reviews@shop-prod-4821.iam";
  for (const std::string& sql :
       {std::string("CREATE ROLE cloudsqlsuperuser CREATEROLE CREATEDB"),
        std::string("CREATE ROLE cloudsqliamserviceaccount"),
        std::string("CREATE ROLE app_admin LOGIN CREATEROLE CREATEDB IN ROLE cloudsqlsuperuser"),
        "CREATE ROLE " + infrac::sql_identifier(orders) +
            " LOGIN IN ROLE cloudsqliamserviceaccount",
        "CREATE ROLE " + infrac::sql_identifier(reviews) +
            " LOGIN IN ROLE cloudsqliamserviceaccount",
        std::string("CREATE DATABASE app OWNER cloudsqlsuperuser"),
        std::string("CREATE DATABASE reviews OWNER cloudsqlsuperuser")}) {
    Run r = server.psql("super", "postgres", sql);
    INFO(r.out);
    REQUIRE(r.code == 0);
  }
  const std::vector<std::pair<std::string, std::string>> services = {{"app", orders},
                                                                     {"reviews", reviews}};
  for (const auto& [db, role] : services) {
    Run r = server.psql_file("app_admin", db,
                             infrac::postgres_bootstrap_sql(db, role, Origin::CloudSqlApi));
    INFO(r.out);
    REQUIRE(r.code == 0);
  }
  std::string after_first = catalog(server, {"app", "reviews"});
  for (const auto& [db, role] : services) {  // a second run changes nothing
    Run r = server.psql_file("app_admin", db,
                             infrac::postgres_bootstrap_sql(db, role, Origin::CloudSqlApi));
    INFO(r.out);
    REQUIRE(r.code == 0);
    CHECK(r.out.find("ERROR") == std::string::npos);
  }
  CHECK(catalog(server, {"app", "reviews"}) == after_first);

  Run create = server.psql(orders, "app",
                           "CREATE TABLE orders (id bigint PRIMARY KEY); "
                           "CREATE TABLE public.lines (id int); INSERT INTO orders VALUES (1); "
                           "ALTER TABLE orders ADD COLUMN total numeric; "
                           "SELECT count(*) FROM orders");
  INFO(create.out);
  CHECK(create.code == 0);
  CHECK(create.out == "1\n");
  Run other = server.psql(orders, "reviews", "SELECT 1");
  CHECK(other.code != 0);
  CHECK(other.out.find("permission denied for database \"reviews\"") != std::string::npos);
  Run back = server.psql(reviews, "app", "SELECT 1");
  CHECK(back.code != 0);
  Run roles = server.psql("super", "postgres",
                          "SELECT rolname, rolsuper, rolcreaterole, rolcreatedb, "
                          "pg_has_role(rolname, 'cloudsqlsuperuser', 'MEMBER') FROM pg_roles "
                          "WHERE rolname LIKE '%.iam' ORDER BY 1");
  CHECK(roles.out == orders + "|f|f|f|f\n" + reviews + "|f|f|f|f\n");

  {  // a role the API has not created yet is an error naming its creator, never a plain role
    Run r =
        server.psql_file("app_admin", "app",
                         infrac::postgres_bootstrap_sql("app", "late@p.iam", Origin::CloudSqlApi));
    CHECK(r.code != 0);
    CHECK(r.out.find("the Cloud SQL API creates it") != std::string::npos);
    Run none = server.psql("super", "postgres",
                           "SELECT count(*) FROM pg_roles WHERE rolname = 'late@p.iam'");
    CHECK(none.out == "0\n");
  }
}

TEST_CASE("postgres bootstrap: names are quoted", "[postgres]") {
  std::string sql = infrac::postgres_bootstrap_sql("app", "svc@proj.iam", Origin::Bootstrap);
  CHECK(sql.find("CREATE ROLE \"svc@proj.iam\" LOGIN") != std::string::npos);
  CHECK(sql.find("rolname = 'svc@proj.iam'") != std::string::npos);
  CHECK(infrac::sql_identifier("a\"b") == "\"a\"\"b\"");
  CHECK(infrac::sql_literal("it's") == "'it''s'");
}
