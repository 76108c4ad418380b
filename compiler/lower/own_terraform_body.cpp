#include "lower/own_terraform_body.h"

#include <set>

namespace infrac {
namespace {

// The names of a reference, indexes skipped: aws_s3_bucket.logs[each.key].id gives
// {aws_s3_bucket, logs, id}; "${x.y}" is x.y. Empty for anything but a reference (a literal,
// a call, a conditional).
std::vector<std::string> reference_names(const Expr& e) {
  if (e.kind == Expr::Kind::Parens && !e.parts.empty()) return reference_names(e.parts[0]);
  if (e.kind == Expr::Kind::Template && e.parts.size() == 1 &&
      e.parts[0].kind != Expr::Kind::Literal)
    return reference_names(e.parts[0]);
  if (e.kind == Expr::Kind::Variable) return {e.text};
  if ((e.kind == Expr::Kind::GetAttr || e.kind == Expr::Kind::Index) && !e.parts.empty()) {
    std::vector<std::string> names = reference_names(e.parts[0]);
    if (!names.empty() && e.kind == Expr::Kind::GetAttr) names.push_back(e.text);
    return names;
  }
  return {};
}

// The service's own identity: the generated module call's outputs (role_arn, role_name on
// AWS; email, name, member on Google Cloud).
bool own_identity(const Expr& e) {
  if (e.kind == Expr::Kind::Null) return true;
  std::vector<std::string> names = reference_names(e);
  return names.size() >= 3 && names[0] == "module" && names[1] == "workload_identity";
}

// A resource or module call of the root module: what the service's files and spec create.
// Data sources, variables and locals can hold any name, another service's included.
bool declared_object(const Expr& e) {
  static const std::set<std::string> not_objects = {"data",  "var",  "local",     "each",
                                                    "count", "self", "terraform", "path"};
  std::vector<std::string> names = reference_names(e);
  return names.size() >= 2 && !not_objects.count(names[0]);
}

// Inline access policies: a bucket's, queue's, topic's, key's or secret's own `policy`, and the
// like of other services (access_policies of a search domain), each a grant no spec.iam check
// sees
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_identity-vs-resource.html).
bool policy_argument(const std::string& name) {
  return name == "policy" || name == "access_policy" || name == "access_policies" ||
         name == "policy_data";
}

// CloudWatch alarm actions that act on instances (arn:aws:automate:REGION:ec2:stop, terminate,
// reboot, recover) or run Systems Manager actions, whatever instance the alarm's dimensions
// name, a node's included
// (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html#alarms-and-actions).
bool acts_on_instances(const Expr& e) {
  if (e.kind == Expr::Kind::Literal)
    return e.text.find(":automate:") != std::string::npos ||
           e.text.find(":ssm:") != std::string::npos ||
           e.text.find(":ssm-incidents:") != std::string::npos;
  for (const auto& p : e.parts)
    if (acts_on_instances(p)) return true;
  return false;
}

struct Walk {
  const OwnTerraformTypes& types;
  std::string block_shown;  // resource "T" "N"
  std::string attaches;     // the type's argument naming the object it changes, if any
  std::vector<OwnRefusal> out;

  void refuse(const Attribute& a, std::string why, std::string instead) {
    out.push_back({a.name_span.location, "argument " + a.name + " of " + block_shown,
                   std::move(why), std::move(instead)});
  }

  std::string own_reference() const {
    return types.cloud == "gcp" ? "module.workload_identity.email"
                                : "module.workload_identity.role_arn";
  }

  void identity(const Attribute& a) {
    if (own_identity(a.value)) return;
    refuse(a,
           "it names an identity the resource acts as, and only the service's own (" +
               own_reference() +
               ") is allowed: another role or service account would act with permissions no "
               "spec.iam check has seen",
           "refer to " + own_reference() + ", and ask for what it needs in spec.iam");
  }

  void attribute(const Attribute& a, bool in_identity_block) {
    bool names_identity =
        in_identity_block && (a.name == "email" || a.name == "name" || a.name == "arn");
    if (identity_argument(a.name) || names_identity) {
      identity(a);
    } else if (policy_argument(a.name)) {
      refuse(
          a,
          "an inline access policy grants access outside spec.iam, where every grant is "
          "checked against what the service owns",
          "remove it, and ask for the grant in spec.iam (docs/escape-hatches.md#beside-the-spec)");
    } else if (!attaches.empty() && a.name == attaches && !declared_object(a.value)) {
      refuse(a,
             "it names the object the resource changes, which must be one the root module "
             "declares: a literal, a variable or a data source can name another service's, or "
             "the Terraform state's",
             "refer to a resource of the file or a module call of the service "
             "(aws_s3_bucket.NAME.id, module.NAME.OUTPUT)");
    } else if ((a.name == "alarm_actions" || a.name == "ok_actions" ||
                a.name == "insufficient_data_actions") &&
               acts_on_instances(a.value)) {
      refuse(a,
             "an EC2 or Systems Manager alarm action stops, terminates, reboots or runs "
             "commands on whatever instance the alarm names, the cluster's nodes included",
             "notify an SNS topic instead");
    }
  }

  void body(const Body& b, bool in_identity_block) {
    for (const auto& a : b.attributes) attribute(a, in_identity_block);
    for (const auto& inner : b.blocks) {
      if (inner.type == "provisioner" || inner.type == "connection") {
        out.push_back({inner.type_span.location, inner.type + " in " + block_shown,
                       "it runs a command on the Terraform runner, or on a machine it reaches, "
                       "with the runner's credentials",
                       "describe resources with the providers' own types; infrac runs no "
                       "commands for a service"});
        continue;
      }
      // dynamic "service_account" { content { email = ... } } is the block it generates.
      const std::string& kind =
          inner.type == "dynamic" && !inner.labels.empty() ? inner.labels[0] : inner.type;
      body(inner.body, in_identity_block || identity_argument(kind));
    }
  }
};

}  // namespace

bool identity_argument(const std::string& name) {
  auto ends = [&](std::string_view suffix) { return name.ends_with(suffix); };
  return name == "role" || ends("role_arn") || ends("_role") || ends("service_account") ||
         ends("service_account_email") || ends("instance_profile") || ends("instance_profile_arn");
}

std::vector<OwnRefusal> refused_arguments(const Block& b, const OwnTerraformTypes& types) {
  Walk walk{types, "", "", {}};
  walk.block_shown = b.type;
  for (const auto& l : b.labels) walk.block_shown += " \"" + l + "\"";
  if (!b.labels.empty()) {
    auto it = types.attaches.find(b.labels[0]);
    if (it != types.attaches.end()) walk.attaches = it->second;
  }
  walk.body(b.body, false);
  return std::move(walk.out);
}

}  // namespace infrac
