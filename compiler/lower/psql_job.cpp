#include "lower/psql_job.h"

#include "lower/container_spec.h"

namespace infrac {
std::string psql_image(const Project& project) {
  return project.psql_image.empty() ? kDefaultPsqlImage : project.psql_image;
}

Location psql_image_location(const Project& project) {
  return project.psql_image_location;
}

std::string psql_version(const std::string& image) {
  std::string name = image.substr(0, image.find('@'));
  std::size_t colon = name.rfind(':'), slash = name.rfind('/');
  if (colon == std::string::npos || (slash != std::string::npos && colon < slash)) return "";
  return name.substr(colon + 1);
}

// psql with libpq's variables: the connection and master credentials from the secret, the
// service's database, TLS required, a short connect timeout; restricted like every pod.
KValue psql_container(const std::string& image, const std::string& secret_name,
                      const std::string& database) {
  KValue container = KValue::map();
  container.set("name", KValue::str("psql"));
  container.set("image", KValue::str(image));
  container.set("command", KValue::strings({"psql", "--no-psqlrc", "--set=ON_ERROR_STOP=1",
                                            "--file=/bootstrap/bootstrap.sql"}));
  container.set("envFrom",
                KValue::list({KValue::map(
                    {{"secretRef", KValue::map({{"name", KValue::str(secret_name)}})}})}));
  container.set(
      "env",
      KValue::list(
          {KValue::map({{"name", KValue::str("PGDATABASE")}, {"value", KValue::str(database)}}),
           KValue::map({{"name", KValue::str("PGSSLMODE")}, {"value", KValue::str("require")}}),
           KValue::map(
               {{"name", KValue::str("PGCONNECT_TIMEOUT")}, {"value", KValue::str("10")}})}));
  container.set("resources",
                KValue::map({{"requests", KValue::map({{"cpu", KValue::str("50m")},
                                                       {"memory", KValue::str("64Mi")}})},
                             {"limits", KValue::map({{"memory", KValue::str("64Mi")}})}}));
  KValue security = restricted_security_context();
  security.set("runAsUser", KValue::num(70));  // the postgres user of the Alpine image
  container.set("securityContext", std::move(security));
  container.set("volumeMounts", KValue::list({KValue::map({{"name", KValue::str("sql")},
                                                           {"mountPath", KValue::str("/bootstrap")},
                                                           {"readOnly", KValue::flag(true)}})}));
  return container;
}

// The Job's pod: runs once, no service-account token, the SQL mounted from its ConfigMap.
KValue psql_pod(KValue container, const std::string& config_map) {
  KValue pod = KValue::map();
  pod.set("restartPolicy", KValue::str("Never"));
  pod.set("terminationGracePeriodSeconds", KValue::num(30));  // psql stops at once
  pod.set("automountServiceAccountToken", KValue::flag(false));
  pod.set(
      "securityContext",
      KValue::map({{"runAsNonRoot", KValue::flag(true)},
                   {"seccompProfile", KValue::map({{"type", KValue::str("RuntimeDefault")}})}}));
  pod.set("containers", KValue::list({std::move(container)}));
  pod.set("volumes", KValue::list({KValue::map(
                         {{"name", KValue::str("sql")},
                          {"configMap", KValue::map({{"name", KValue::str(config_map)}})}})}));
  return pod;
}

// libpq's variables: PGHOST and PGPORT from the connection secret, PGUSER and PGPASSWORD
// from the master secret. The RDS-managed secret's name is chosen by RDS, so it is found by
// the tag RDS gives it; rewrite names it `master` and the template reads its JSON
// (https://external-secrets.io/latest/guides/getallsecrets/,
// https://external-secrets.io/latest/guides/templating/).
MasterSecret master_secret(const std::string& connection_key, const DatabaseBootstrap& b) {
  MasterSecret out{KValue::list(), {}, std::nullopt};
  auto property = [&](const std::string& key, const std::string& remote, const std::string& name) {
    out.data.items.push_back(KValue::map(
        {{"secretKey", KValue::str(key)},
         {"remoteRef",
          KValue::map({{"key", KValue::str(remote)}, {"property", KValue::str(name)}})}}));
  };
  property("host", connection_key, "host");
  property("port", connection_key, "port");
  const bool rds = !b.master_secret_instance_arn.empty();
  KValue credentials = KValue::map();
  if (rds) {
    credentials.set("PGUSER", KValue::str("{{ (.master | fromJson).username }}"));
    credentials.set("PGPASSWORD", KValue::str("{{ (.master | fromJson).password }}"));
  } else {
    property("username", b.master_secret_key, "username");
    property("password", b.master_secret_key, "password");
    credentials.set("PGUSER", KValue::str("{{ .username }}"));
    credentials.set("PGPASSWORD", KValue::str("{{ .password }}"));
  }
  credentials.set("PGHOST", KValue::str("{{ .host }}"));
  credentials.set("PGPORT", KValue::str("{{ .port }}"));
  out.template_ =
      KValue::map({{"engineVersion", KValue::str("v2")}, {"data", std::move(credentials)}});
  if (rds) {
    KValue tags =
        KValue::map({{"aws:rds:primaryDBInstanceArn", KValue::str(b.master_secret_instance_arn)}});
    KValue rename = KValue::map({{"regexp", KValue::map({{"source", KValue::str(".*")},
                                                         {"target", KValue::str("master")}})}});
    out.data_from = KValue::list({KValue::map({{"find", KValue::map({{"tags", std::move(tags)}})},
                                               {"rewrite", KValue::list({std::move(rename)})}})});
  }
  return out;
}

}  // namespace infrac
