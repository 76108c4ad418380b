#include "lower/own_terraform.h"

#include <map>
#include <set>

#include "lower/own_terraform_body.h"

namespace infrac {
namespace {

// Terraform keys a provider configuration by its name and `alias`
// (https://developer.hashicorp.com/terraform/language/providers/configuration#alias-multiple-provider-configurations);
// two without an alias, or with one alias, are "Duplicate provider configuration".
std::string provider_key(const std::string& name, const std::string& alias) {
  return "provider." + name + (alias.empty() ? "" : "." + alias);
}

std::string unquoted(const std::string& text) {
  return text.size() >= 2 && text.front() == '"' ? text.substr(1, text.size() - 2) : text;
}

// The provider a resource or data source belongs to: its `provider` argument's name, else its
// type's prefix (https://developer.hashicorp.com/terraform/language/resources/behavior);
// Terraform's own types (terraform_data, terraform_remote_state) have none.
std::string provider_of(const std::string& type, const Body& body) {
  if (const Attribute* p = body.attribute("provider")) {
    const Expr* root = &p->value;  // aws.us_east_1: GetAttr over the Variable aws
    while (root->kind == Expr::Kind::GetAttr && !root->parts.empty()) root = &root->parts[0];
    return root->text;
  }
  if (type.rfind("terraform_", 0) == 0) return {};
  return type.substr(0, type.find('_'));
}

std::string quoted_labels(const std::vector<std::string>& labels) {
  std::string out;
  for (const auto& l : labels) out += " \"" + l + "\"";
  return out;
}

// The blocks whose type and labels name one object of the module: Terraform refuses a second
// one (https://developer.hashicorp.com/terraform/language/syntax/configuration).
// What a block inside `terraform {}` declares once per module: the backend (a `cloud` block
// is the other way to name it,
// https://developer.hashicorp.com/terraform/language/terraform#terraform-cloud), and the
// provider requirements ("A module may have only one required providers configuration");
// empty for what may repeat (required_version).
std::string terraform_key(const std::string& inner_type) {
  if (inner_type == "backend" || inner_type == "cloud") return "backend";
  if (inner_type == "required_providers") return "required_providers";
  return {};
}

bool named_block(const std::string& type) {
  return type == "resource" || type == "data" || type == "module" || type == "output" ||
         type == "variable";
}

std::vector<TfDeclaration> generated_declarations(const TfModule& module) {
  std::vector<TfDeclaration> out;
  for (const auto& f : module.files) {
    for (const auto& b : f.blocks) {
      if (named_block(b.type)) {
        out.push_back({b.address(), f.name + ": " + b.type + quoted_labels(b.labels), b.origin});
      } else if (b.type == "provider" && !b.labels.empty()) {
        const TfAttribute* alias = b.find("alias");
        out.push_back({provider_key(b.labels[0], alias ? alias->value.text : ""),
                       f.name + ": provider" + quoted_labels(b.labels), b.origin});
      } else if (b.type == "locals") {
        for (const auto& a : b.attributes)
          out.push_back({"local." + a.name, f.name + ": local " + a.name, b.origin});
      } else if (b.type == "terraform") {
        for (const auto& inner : b.blocks) {
          std::string key = terraform_key(inner.type);
          if (!key.empty())
            out.push_back(
                {key, f.name + ": terraform { " + inner.type + quoted_labels(inner.labels) + " }",
                 b.origin});
        }
      }
    }
  }
  return out;
}

}  // namespace

// Why a service's own file may not hold block `b`, and what to do instead; empty if it may.
// - IAM grants and bindings would bypass spec.iam's checks (another service's secrets and
//   data, wildcards, self-escalation: E0140).
// - A secret's value, read by a data source or written as a version, goes through the
//   Terraform runner's credentials, which reach every service's secrets: a service reads its
//   own secrets in its pods (secrets:), where its identity allows exactly those.
// - A standalone security-group or firewall rule attaches to any group or network by id, a
//   database's included; rules inline in a group the file creates stay with that group.
// - removed/import/moved blocks would destroy, adopt or move what infrac manages outside
//   adopt: and renamed_from:, which are checked against ownership.
namespace {

struct Forbidden {
  std::string why, instead;
};

// A provisioner (or its connection) runs a command on the Terraform runner, or on a machine
// it reaches, with the runner's credentials.
bool runs_commands(const Body& body) {
  for (const auto& inner : body.blocks)
    if (inner.type == "provisioner" || inner.type == "connection") return true;
  return false;
}

// A provider block may pick a region or an alias; credentials, roles and endpoints would act
// as another identity than the runner's reviewed one.
bool configures_identity(const Block& b) {
  // No `project`: a service's resources live in the environment's project.
  static const std::set<std::string> allowed = {"alias", "region", "zone", "default_labels"};
  for (const auto& a : b.body.attributes)
    if (!allowed.count(a.name)) return true;
  for (const auto& inner : b.body.blocks)
    if (inner.type != "default_tags") return true;
  return false;
}

Forbidden forbidden_block(const Block& b) {
  if (b.type == "ephemeral")
    return {
        "an ephemeral block opens a secret or a credential with the Terraform runner's "
        "credentials, which reach every service's",
        "read the service's own secrets in its pods with secrets: (docs/spec-language.md)"};
  if (b.type == "provider" && configures_identity(b))
    return {
        "a provider block that sets credentials, a role, an endpoint or a project acts as "
        "another identity than the reviewed runner's, or in another project than the "
        "environment's",
        "keep own provider blocks to alias, region, zone and default tags or labels"};
  if (runs_commands(b.body) || (b.type == "data" && !b.labels.empty() && b.labels[0] == "external"))
    return {
        "it runs a command on the Terraform runner (at plan time for a data source, before "
        "anyone reviews the change), with the runner's credentials",
        "describe resources with the providers' own types; infrac runs no commands for a "
        "service"};
  if (b.type == "data" && !b.labels.empty() && b.labels[0] == "terraform_remote_state")
    return {
        "terraform_remote_state reads another root module's state, where other services' "
        "generated passwords are",
        "refer to what the service's own root module creates"};
  if (b.type == "removed" || b.type == "import" || b.type == "moved")
    return {"a " + b.type +
                " block changes the state of resources infrac manages; use adopt: or "
                "renamed_from: in the spec, which are checked against ownership",
            "adopt resources with adopt: and move them with renamed_from: "
            "(docs/escape-hatches.md#beside-the-spec)"};
  if ((b.type != "resource" && b.type != "data") || b.labels.empty()) return {};
  const std::string& type = b.labels[0];
  static const std::set<std::string> secret_values = {
      "aws_secretsmanager_secret_version",
      "aws_ssm_parameter",
      "aws_ssm_parameters_by_path",
      "google_secret_manager_secret_version",
      "google_secret_manager_secret_version_access",
      "google_secret_manager_regional_secret_version"};
  if (secret_values.count(type))
    return {b.type + " \"" + type +
                "\" reads or writes a secret's value with the Terraform runner's credentials, "
                "which reach every service's secrets",
            "read the service's own secrets in its pods with secrets: (docs/spec-language.md)"};
  if (b.type != "resource") return {};
  static const std::set<std::string> network_rules = {
      "aws_security_group_rule",
      "aws_vpc_security_group_ingress_rule",
      "aws_vpc_security_group_egress_rule",
      "aws_network_acl_rule",
      "google_compute_firewall",
      "google_compute_firewall_policy_rule",
      "google_compute_network_firewall_policy_rule"};
  if (network_rules.count(type))
    return {"resource \"" + type +
                "\" opens a network path on a group or network the service does not own, a "
                "database's included",
            "write the rules inline in a security group the file creates, or ask the platform "
            "(docs/platform.md)"};
  static const std::set<std::string> resource_policies = {"aws_s3_bucket_policy",
                                                          "aws_sqs_queue_policy",
                                                          "aws_sns_topic_policy",
                                                          "aws_kms_key_policy",
                                                          "aws_kms_grant",
                                                          "aws_ecr_repository_policy",
                                                          "aws_lambda_permission",
                                                          "aws_secretsmanager_secret_policy",
                                                          "aws_lakeformation_permissions"};
  // Access granted by other means than IAM policies: cluster access entries and Pod Identity
  // associations (a role for any ServiceAccount), database users on any instance, and keys of
  // any service account.
  static const std::set<std::string> other_grants = {
      "aws_eks_access_entry", "aws_eks_access_policy_association",
      "aws_eks_pod_identity_association", "google_sql_user", "google_service_account_key"};
  bool aws_grant =
      type.rfind("aws_iam_", 0) == 0 || resource_policies.count(type) || other_grants.count(type);
  bool gcp_grant = type.rfind("google_", 0) == 0 && type.find("_iam_") != std::string::npos;
  if (aws_grant || gcp_grant)
    return {"resource \"" + type +
                "\" grants access outside spec.iam, where every grant is "
                "checked against what the service owns",
            "ask for the grant in spec.iam (docs/escape-hatches.md#beside-the-spec)"};
  return {};
}

}  // namespace

namespace {

TfDeclaration refused(const std::string& shown, Location at, std::string why, std::string instead) {
  TfDeclaration d{"forbidden." + shown, shown, at};
  d.forbidden = std::move(why);
  d.instead = std::move(instead);
  return d;
}

// A resource or data source type outside the allowlist: stdlib's for the cloud and what
// infrac.yaml adds.
Forbidden not_allowed(const Block& b, const OwnTerraformTypes& types) {
  bool resource = b.type == "resource";
  const std::string& type = b.labels[0];
  if (type_allowed(resource ? types.resources : types.data_sources, type)) return {};
  std::string kind = resource ? "resource" : "data source";
  std::string list = resource ? "resources" : "data_sources";
  return {type + " is not among the " + kind +
              " types a service's own files may declare: what it can do (run code as an "
              "identity, copy data, open a network path, read secrets) has not been reviewed "
              "(stdlib/clouds/" +
              types.cloud + ".yaml own_terraform." + list +
              ", and infrac.yaml spec.terraform.own_types." + list + ")",
          "describe it in the spec if it can say it; if the platform team has reviewed " + type +
              ", allow it in infrac.yaml: spec.terraform.own_types." + list + ": [" + type +
              "] (docs/escape-hatches.md#beside-the-spec)"};
}

// The blocks a module file may hold
// (https://developer.hashicorp.com/terraform/language/syntax/configuration); ephemeral,
// import, moved and removed are refused by forbidden_block with their own reasons.
bool known_top_level(const std::string& type) {
  return named_block(type) || type == "provider" || type == "locals" || type == "terraform" ||
         type == "check";
}

// Refusals of block `b` and of the blocks nested in it (a `check` holds scoped data sources),
// appended to `out`; returns whether `b` itself was refused.
bool judge(const Block& b, const OwnTerraformTypes& types, std::vector<TfDeclaration>& out) {
  Location at = b.type_span.location;
  std::string shown = b.type + quoted_labels(b.labels);
  Forbidden f = forbidden_block(b);
  if (f.why.empty() && (b.type == "resource" || b.type == "data") && !b.labels.empty())
    f = not_allowed(b, types);
  if (f.why.empty() && !known_top_level(b.type))
    f = {"a " + b.type + " block is not one a service's own file may hold",
         "keep own files to resources, data sources, outputs, variables, locals, checks and "
         "provider aliases"};
  if (!f.why.empty()) {
    out.push_back(refused(shown, at, std::move(f.why), std::move(f.instead)));
    return true;
  }
  if (b.type == "resource" || b.type == "module")
    for (auto& r : refused_arguments(b, types))
      out.push_back(refused(r.shown, r.at, std::move(r.why), std::move(r.instead)));
  if (b.type == "check")
    for (const auto& inner : b.body.blocks)
      if (inner.type == "resource" || inner.type == "data") judge(inner, types, out);
  return false;
}

}  // namespace

std::vector<TfDeclaration> declarations_of(const HclFile& file, const OwnTerraformTypes& types) {
  std::vector<TfDeclaration> out;
  for (const auto& b : file.body.blocks) {
    Location at = b.type_span.location;
    if (judge(b, types, out)) continue;
    for (auto& r : file_reads(b))
      out.push_back(refused(r.shown, r.at, std::move(r.why), std::move(r.instead)));
    if (named_block(b.type)) {
      std::string key = b.type;
      for (const auto& l : b.labels) key += "." + l;
      TfDeclaration d{key, b.type + quoted_labels(b.labels), at};
      if ((b.type == "resource" || b.type == "data") && !b.labels.empty())
        d.provider = provider_of(b.labels[0], b.body);
      if (b.type == "module") {
        const Attribute* source = b.body.attribute("source");
        d.module_source = source ? unquoted(source->value.text) : "";
      }
      out.push_back(std::move(d));
    } else if (b.type == "provider" && !b.labels.empty()) {
      const Attribute* alias = b.body.attribute("alias");
      std::string name = alias ? unquoted(alias->value.text) : "";
      TfDeclaration d{provider_key(b.labels[0], name), "provider" + quoted_labels(b.labels), at};
      d.provider = b.labels[0];
      out.push_back(std::move(d));
    } else if (b.type == "locals") {
      for (const auto& a : b.body.attributes)
        out.push_back({"local." + a.name, "local " + a.name, a.name_span.location});
    } else if (b.type == "terraform") {
      for (const auto& inner : b.body.blocks) {
        std::string key = terraform_key(inner.type);
        if (!key.empty())
          out.push_back({key, "terraform { " + inner.type + quoted_labels(inner.labels) + " }",
                         inner.type_span.location});
      }
    }
  }
  return out;
}

std::vector<TfDeclaration> declarations_of(const TfModule& module) {
  std::vector<TfDeclaration> out = generated_declarations(module);
  for (auto& d : out) d.generated = true;
  return out;
}

OwnTerraformScope own_terraform_scope(const TfModule& module, const std::string& module_source) {
  OwnTerraformScope scope;
  for (const auto& f : module.files)
    for (const auto& b : f.blocks)
      if (b.type == "terraform")
        for (const auto& inner : b.blocks)
          if (inner.type == "required_providers")
            for (const auto& a : inner.attributes) scope.providers.insert(a.name);
  scope.module_source_prefix = module_source.substr(0, module_source.find("{module}"));
  return scope;
}

namespace {

// What the generated module does not provide: a provider it does not declare (kubernetes,
// helm, null, local, http, external ... would act with credentials or run code nobody
// reviewed in a spec), or a module whose contents infrac never sees.
Forbidden outside_scope(const TfDeclaration& d, const OwnTerraformScope& scope) {
  // Providers that compute values on the runner and hold no credentials, read no files and
  // fetch nothing (https://registry.terraform.io/namespaces/hashicorp): Terraform installs them
  // from the resource types alone.
  static const std::set<std::string> utilities = {"random", "time", "tls", "null"};
  if (!d.provider.empty() && !scope.providers.count(d.provider) && !utilities.count(d.provider))
    return {"it needs provider \"" + d.provider + "\", which the root module does not declare (" +
                [&] {
                  std::string list;
                  for (const auto& p : scope.providers) list += (list.empty() ? "" : ", ") + p;
                  return list;
                }() +
                ")",
            "use the declared providers' types (and random, time, null); a platform module "
            "can wrap what needs another provider (docs/escape-hatches.md#beside-the-spec)"};
  if (d.key.rfind("module.", 0) == 0 &&
      (scope.module_source_prefix.empty() ||
       d.module_source.rfind(scope.module_source_prefix, 0) != 0 ||
       d.module_source.find("..", scope.module_source_prefix.size()) != std::string::npos))
    return {"module source \"" + d.module_source +
                "\" is outside the project's modules, whose contents are reviewed with the "
                "platform; infrac does not check what another module declares",
            "call a module of the project's modules folder (" + scope.module_source_prefix +
                "NAME), or write the resources in the file"};
  // The module that makes the service's identity, called again, would make another role or
  // service account with whatever grants its arguments say, none of them checked by E0140.
  if (d.key.rfind("module.", 0) == 0 && d.module_source.ends_with("workload-identity"))
    return {"module source \"" + d.module_source +
                "\" makes an identity with grants of its own, outside spec.iam",
            "the service has one identity (module.workload_identity); ask for its grants in "
            "spec.iam"};
  return {};
}

}  // namespace

void check_own_declarations(const std::vector<TfDeclaration>& generated,
                            const std::vector<TfDeclaration>& own, const OwnTerraformScope& scope,
                            const std::string& target, Diagnostics& diagnostics) {
  std::map<std::string, const TfDeclaration*> seen;
  for (const auto& g : generated) seen.emplace(g.key, &g);
  for (const auto& d : own) {
    Forbidden f = d.forbidden.empty() ? outside_scope(d, scope) : Forbidden{d.forbidden, d.instead};
    if (!f.why.empty()) {
      Diagnostic& diag = diagnostics.add(DiagCode::kOwnTerraformForbidden, d.at,
                                         d.shown + " in a service's own .tf file: " + f.why);
      diag.help = f.instead;
      continue;
    }
    auto [it, inserted] = seen.emplace(d.key, &d);
    if (inserted) continue;
    const TfDeclaration& first = *it->second;
    bool infrac_writes = first.generated;
    Diagnostic& diag =
        diagnostics.add(DiagCode::kOwnTerraformClash, d.at,
                        d.shown + " is declared twice in the root module of " + target +
                            (infrac_writes ? ": infrac writes " + first.shown : ""));
    if (!infrac_writes && first.at.known()) diag.notes.push_back({first.at, "declared here first"});
    diag.help = d.key == "backend"
                    ? "remove it: infrac writes the one backend of each root module (backend.tf, "
                      "from spec.terraform in infrac.yaml)"
                : d.key == "required_providers"
                    ? "remove it: infrac declares the module's providers in versions.tf, and a "
                      "module has one required_providers; ask for a provider the module lacks"
                    : "rename it: a service's own .tf files share the module with the files "
                      "infrac writes, and Terraform refuses two declarations of one name";
  }
}

}  // namespace infrac
