#include "lower/own_terraform.h"

#include <map>
#include <set>

namespace infrac {
namespace {

// Terraform keys a provider configuration by its name and `alias`
// (https://developer.hashicorp.com/terraform/language/providers/configuration#alias-multiple-provider-configurations);
// two without an alias, or with one alias, are "Duplicate provider configuration".
std::string provider_key(const std::string& name, const std::string& alias) {
  return "provider." + name + (alias.empty() ? "" : "." + alias);
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

Forbidden forbidden_block(const Block& b) {
  if (b.type == "removed" || b.type == "import" || b.type == "moved")
    return {"a " + b.type +
                " block changes the state of resources infrac manages; use adopt: or "
                "renamed_from: in the spec, which are checked against ownership",
            "adopt resources with adopt: and move them with renamed_from: "
            "(docs/escape-hatches.md#terraform-files)"};
  if ((b.type != "resource" && b.type != "data") || b.labels.empty()) return {};
  const std::string& type = b.labels[0];
  static const std::set<std::string> secret_values = {
      "aws_secretsmanager_secret_version", "aws_ssm_parameter",
      "google_secret_manager_secret_version", "google_secret_manager_secret_version_access",
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
  bool aws_grant = type.rfind("aws_iam_", 0) == 0 || resource_policies.count(type);
  bool gcp_grant = type.rfind("google_", 0) == 0 && type.find("_iam_") != std::string::npos;
  if (aws_grant || gcp_grant)
    return {"resource \"" + type +
                "\" grants access outside spec.iam, where every grant is "
                "checked against what the service owns",
            "ask for the grant in spec.iam (docs/escape-hatches.md#terraform-files)"};
  return {};
}

}  // namespace

std::vector<TfDeclaration> declarations_of(const HclFile& file) {
  std::vector<TfDeclaration> out;
  for (const auto& b : file.body.blocks) {
    Location at = b.type_span.location;
    if (Forbidden f = forbidden_block(b); !f.why.empty()) {
      TfDeclaration d{"forbidden." + b.type + quoted_labels(b.labels),
                      b.type + quoted_labels(b.labels), at};
      d.forbidden = std::move(f.why);
      d.instead = std::move(f.instead);
      out.push_back(std::move(d));
      continue;
    }
    if (named_block(b.type)) {
      std::string key = b.type;
      for (const auto& l : b.labels) key += "." + l;
      out.push_back({key, b.type + quoted_labels(b.labels), at});
    } else if (b.type == "provider" && !b.labels.empty()) {
      const Attribute* alias = b.body.attribute("alias");
      std::string name = alias ? alias->value.text : "";
      if (name.size() >= 2 && name.front() == '"') name = name.substr(1, name.size() - 2);
      out.push_back({provider_key(b.labels[0], name), "provider" + quoted_labels(b.labels), at});
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

void check_own_declarations(const std::vector<TfDeclaration>& generated,
                            const std::vector<TfDeclaration>& own, const std::string& target,
                            Diagnostics& diagnostics) {
  std::map<std::string, const TfDeclaration*> seen;
  for (const auto& g : generated) seen.emplace(g.key, &g);
  for (const auto& d : own) {
    if (!d.forbidden.empty()) {
      Diagnostic& diag = diagnostics.add(DiagCode::kOwnTerraformForbidden, d.at,
                                         d.shown + " in a service's own .tf file: " + d.forbidden);
      diag.help = d.instead;
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
