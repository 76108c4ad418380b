// Pieces every cloud backend of lowering shares: module calls with the project's source
// template, outputs, names checked against the cloud's name rules, and size/version lookups
// in the cloud's stdlib table, each reporting at the spec location behind it.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostic.h"
#include "ir/terraform_ir.h"
#include "resolve/cloud_tables.h"
#include "resolve/model.h"

namespace infrac {

// A datastore's name as a Terraform identifier: "user-db" -> "user_db".
std::string snake(std::string_view name);

// The name of a datastore's cloud resource: the adopted resource's (adopt:), else
// <project>-<env>-<service>-<stem> (the previous name after renamed_from).
std::string datastore_resource_name(const Model& model, const Target& owner, const Datastore& ds);
// The name of a datastore's connection secret: <project>/<env>/<service>/<stem> in Secrets
// Manager (AWS), <project>-<env>-<service>-<stem> in Secret Manager (Google Cloud).
std::string connection_secret_name(const Model& model, const Target& owner, const Datastore& ds);

// import { to = TO  id = ID }: Terraform (1.5+) takes an existing resource into state at plan
// (https://developer.hashicorp.com/terraform/language/import).
TfBlock import_block(const std::string& to, const std::string& id, Location at);
// moved { from = FROM  to = TO }: state follows a renamed address
// (https://developer.hashicorp.com/terraform/language/modules/develop/refactoring).
TfBlock moved_block(const std::string& from, const std::string& to, Location at);

// module "NAME" { source = <template with {module}> } calling `module` ("aws/postgres").
TfBlock module_call(const std::string& name, const std::string& module,
                    const std::string& source_template, Location at);

TfBlock output_block(const std::string& name, const std::string& value,
                     const std::string& description);

// The secret keys the target's `secrets:` read, sorted and unique: exactly what its identity
// may read besides its datastores' connection secrets (least privilege by construction).
std::vector<std::string> secret_keys_read(const Target& target);
// Where the spec names a secret key (the first variable reading it): what a grant of it cites.
Location secret_key_location(const Target& target, const std::string& key);

// Reports E0130 when `name` breaks the rule; returns the name either way.
std::string checked_name(const CloudTable& table, const std::string& rule_id,
                         const std::string& name, Location at, Diagnostics& diagnostics);

// table[row][key] (row: ds.type unless given, e.g. "postgres-enterprise-plus"), or E0131
// naming what the stdlib offers for that row.
std::optional<std::string> table_lookup(
    const std::map<std::string, std::map<std::string, std::string>>& table, const Datastore& ds,
    const std::string& key, const std::string& what, const std::string& cloud_name,
    Diagnostics& diagnostics, const std::string& row = {});

// Every backend calls the service's identity module workload_identity: a datastore of that
// name would collide (E0133, true). `module_kind` words the help ("IAM", "identity").
bool reserved_datastore_name(const Datastore& ds, const std::string& module_kind,
                             Diagnostics& diagnostics);
// The datastore types every cloud backend has a module for (postgres, redis, bucket, queue):
// `infrac import` moves an in-cluster datastore to a managed one only for these.
bool cloud_offers_datastore(std::string_view type);

// E0135: the cloud has no module for this datastore type.
// Sets `argument` of a module call to the list of the target's alert target (its team's SNS
// topic or notification channel in this environment, environments.<env>.alerts), when there
// is one; without, the module's alarms exist and notify no one (observability.alert-route).
void set_alert_targets(TfBlock& call, const std::string& argument, const Target& target,
                       const Environment& env);

// Sets the day-two arguments of stdlib/clouds/<cloud>.yaml module_settings for `module` in the
// target's environment class (production or other) on a module call, in stdlib order.
void set_module_settings(TfBlock& call, const CloudTable& table, const std::string& module,
                         bool production);

void no_module_for(const Datastore& ds, const std::string& cloud_name, Diagnostics& diagnostics);

}  // namespace infrac
