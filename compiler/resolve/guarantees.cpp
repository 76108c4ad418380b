#include "resolve/guarantees.h"

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string_view>

#include "resolve/resolve.h"
#include "resolve/stdlib.h"

namespace infrac {
namespace {

bool contains(const std::vector<std::string>& list, const std::string& s) {
  return std::find(list.begin(), list.end(), s) != list.end();
}

// The namespaces the platform runs in: stdlib's list and the ones infrac.yaml names.
std::vector<std::string> platform_namespaces(const Project& project) {
  std::vector<std::string> out = stdlib().reserved_namespaces;
  for (const std::string& ns :
       {project.kubernetes.gateway_namespace, project.kubernetes.telemetry_namespace,
        project.observability.prometheus_namespace, project.argocd.ns}) {
    if (!ns.empty() && !contains(out, ns)) out.push_back(ns);
  }
  return out;
}

void check_reserved_names(const Project& project, const ServiceBuild& b, Diagnostics& diagnostics) {
  std::vector<std::string> namespaces = platform_namespaces(project);
  if (contains(namespaces, b.service.name)) {
    diagnostics
        .add(DiagCode::kReservedName, b.service.name_location,
             "service name '" + b.service.name +
                 "' is a system or platform namespace: the service would take it over (a "
                 "restricted Namespace and default-deny NetworkPolicies)")
        .help = "name the service after what it does; reserved: " + [&] {
      std::string all;
      for (const auto& n : namespaces) all += (all.empty() ? "" : ", ") + n;
      return all;
    }();
  }
  if (b.targets.empty()) return;
  for (const auto& c : b.targets.front().components) {
    for (const auto& suffix : stdlib().reserved_component_suffixes) {
      if (c.name != suffix && !c.name.ends_with("-" + suffix)) continue;
      diagnostics
          .add(DiagCode::kReservedName, c.location,
               "component name '" + c.name + "' ends in '" + suffix +
                   "', which infrac derives (a component's rollout runs as <component>-" + suffix +
                   ")")
          .help = "name the component after what it does, without the -" + suffix + " suffix";
    }
  }
}

// The service whose resources a cloud name belongs to in one environment: infrac names them
// <project>-<env>-<service>[-<datastore>], so the longest service stem that prefixes the name.
std::string owner_of(const std::string& name, const std::string& stem_prefix,
                     const std::vector<ServiceBuild>& builds) {
  std::string owner;
  for (const auto& b : builds) {
    std::string stem = stem_prefix + b.service.name;
    bool owns = name == stem || name.starts_with(stem + "-") || name.starts_with(stem + "/");
    if (owns && b.service.name.size() > owner.size()) owner = b.service.name;
  }
  return owner;
}

// S3 and Cloud Storage: 3-63 characters of lowercase letters, digits, '.' and '-' (Cloud
// Storage also '_'), beginning and ending with a letter or a digit.
std::string bucket_name_problem(const std::string& name, Cloud cloud) {
  if (name.size() < 3 || name.size() > 63) return "a bucket name has 3 to 63 characters";
  auto alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  for (char c : name) {
    if (!alnum(c) && c != '.' && c != '-' && !(cloud == Cloud::Gcp && c == '_'))
      return "a bucket name has lowercase letters, digits, '.' and '-' only";
  }
  if (!alnum(name.front()) || !alnum(name.back()))
    return "a bucket name begins and ends with a letter or a digit";
  if (name.find("..") != std::string::npos) return "a bucket name has no two adjacent periods";
  return {};
}

void check_adoption(const Project& project, const std::vector<ServiceBuild>& builds,
                    Diagnostics& diagnostics) {
  for (std::size_t e = 0; e < project.environments.size(); ++e) {
    const std::string& env = project.environments[e].name;
    std::string prefix = project.name + "-" + env + "-";
    std::map<std::string, std::pair<std::string, Location>> adopted;  // name -> service, where
    for (const auto& b : builds) {
      if (b.targets.size() <= e) continue;
      const Target& t = b.targets[e];
      for (const auto& ds : t.datastores) {
        if (ds.adopt.empty()) continue;
        if (ds.type == "bucket") {
          if (std::string problem = bucket_name_problem(ds.adopt, project.cloud); !problem.empty())
            diagnostics
                .add(DiagCode::kAdoptionInvalid, ds.adopt_location,
                     "datastore '" + ds.name + "' adopts bucket '" + ds.adopt + "': " + problem)
                .help = "adopt names the existing bucket exactly as the cloud lists it";
        }
        std::string owner = owner_of(ds.adopt, prefix, builds);
        if (!owner.empty() && owner != t.service) {
          diagnostics
              .add(DiagCode::kAdoptionInvalid, ds.adopt_location,
                   "security: datastore '" + ds.name + "' of service '" + t.service + "' adopts '" +
                       ds.adopt + "', which service '" + owner + "' creates in " + env)
              .help =
              "a service adopts only resources no other service owns; to use another "
              "service's data, call that service or publish to its queue";
          continue;
        }
        auto [it, inserted] =
            adopted.emplace(ds.adopt, std::make_pair(t.service, ds.adopt_location));
        if (!inserted && it->second.first != t.service) {
          Diagnostic& d = diagnostics.add(DiagCode::kAdoptionInvalid, ds.adopt_location,
                                          "security: '" + ds.adopt + "' is adopted by services '" +
                                              it->second.first + "' and '" + t.service + "'");
          d.notes.push_back({it->second.second, "adopted here"});
          d.help = "one service's state owns a resource";
        }
      }
    }
  }
}

// Roles that read every secret of the project: a Google Cloud grant is on the project.
bool project_wide_secret_access(const std::string& role) {
  return role == "roles/secretmanager.secretAccessor" || role == "roles/secretmanager.admin" ||
         role == "roles/owner";
}

// A project-wide role on a Google service that holds resources reaches every service's of
// them: objects (storage), topics and subscriptions (pubsub), databases (cloudsql), the cluster
// (container), secrets, networks and firewalls (compute), Cloud Run services, builds, keys,
// images, datasets. A service's own resources come with datastores: and publishes:; a role
// for telemetry (cloudtrace.agent, monitoring.metricWriter ...) reaches no one's data.
bool project_wide_data_role(const std::string& role) {
  static const std::set<std::string> services = {"storage",
                                                 "pubsub",
                                                 "cloudsql",
                                                 "container",
                                                 "secretmanager",
                                                 "compute",
                                                 "run",
                                                 "cloudbuild",
                                                 "cloudkms",
                                                 "artifactregistry",
                                                 "bigquery",
                                                 "spanner",
                                                 "datastore",
                                                 "redis",
                                                 "memcache",
                                                 "firestore",
                                                 "bigtable",
                                                 "cloudfunctions",
                                                 "iam",
                                                 "resourcemanager",
                                                 "serviceusage",
                                                 "cloudscheduler",
                                                 "cloudtasks",
                                                 "workflows",
                                                 "dns"};
  // Single roles of other services that reach as far: Deployment Manager creates anything as
  // the project's Google APIs service agent (an editor); a log sink copies every service's
  // logs out, and the private log viewer reads data-access logs; App Engine and Composer
  // administrators deploy code that runs as the project's default service accounts; the asset
  // inventory lists every resource and IAM policy of the project
  // (https://cloud.google.com/iam/docs/understanding-roles).
  static const std::set<std::string> roles = {
      "roles/deploymentmanager.editor", "roles/logging.configWriter",
      "roles/logging.privateLogViewer", "roles/appengine.appAdmin",
      "roles/composer.admin",           "roles/cloudasset.viewer"};
  if (roles.count(role)) return true;
  if (role.rfind("roles/", 0) != 0) return false;
  std::string service = role.substr(6, role.find('.') - 6);
  return services.count(service) > 0;
}

char lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

// Whether IAM action pattern `pattern` ('*' any run, '?' one character, case-insensitive, as
// IAM matches actions:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html)
// matches `action`.
bool action_matches(std::string_view pattern, std::string_view action) {
  std::size_t p = 0, a = 0, star = std::string_view::npos, resume = 0;
  while (a < action.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || lower(pattern[p]) == lower(action[a]))) {
      ++p;
      ++a;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = a;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      a = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

bool matches_any(const std::string& pattern, std::initializer_list<std::string_view> actions) {
  return std::any_of(actions.begin(), actions.end(),
                     [&](std::string_view a) { return action_matches(pattern, a); });
}

// AWS actions that reach past the service whatever the resource: another database's login
// (infrac grants the service's own), cluster access and pod identities (a role for any
// ServiceAccount), and commands or logins on the nodes (Run Command, Session Manager, EC2
// Instance Connect's key push). A pattern is judged by the actions it matches: ssm:Send*,
// ssm:StartSess*, e*:* ...
bool reaches_past_service(const std::string& action) {
  if (action.rfind("rds-db:", 0) == 0) return true;
  if (action.rfind("eks:", 0) == 0 && action.find_first_of("*?") == std::string::npos)
    return action.rfind("eks:Describe", 0) != 0 && action.rfind("eks:List", 0) != 0;
  return matches_any(
      action,
      {"rds-db:connect", "eks:CreateAccessEntry", "eks:UpdateAccessEntry",
       "eks:AssociateAccessPolicy", "eks:CreatePodIdentityAssociation",
       "eks:UpdatePodIdentityAssociation", "ssm:SendCommand", "ssm:StartSession",
       "ssm:ResumeSession", "ssm:StartAutomationExecution", "ec2-instance-connect:SendSSHPublicKey",
       "ec2-instance-connect:SendSerialConsoleSSHPublicKey"});
}

// An ARN's resource part (after the fifth ':'), or the whole text.
std::string arn_resource(const std::string& arn) {
  std::size_t at = 0;
  for (int i = 0; i < 5 && at != std::string::npos; ++i) {
    at = arn.find(':', at);
    if (at != std::string::npos) ++at;
  }
  return at == std::string::npos ? arn : arn.substr(at);
}

// Whether a resource pattern can match what is not the service's own: a wildcard ('*' or
// '?', IAM's two) in the resource part before the service's own prefix is passed. `secret:*`,
// `secret:rds!*` (every RDS-managed master secret), `role/acme-*` and `dbuser:*/app` all
// reach other services; `secret:payments/*` and `acme-dev-payments-*` do not.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
bool wildcard_beyond_own(const std::string& arn, const std::vector<std::string>& own_prefixes) {
  if (arn == "*") return true;
  std::string res = arn_resource(arn);
  std::size_t wild = res.find_first_of("*?");
  if (wild == std::string::npos) return false;
  // An S3 ARN has no resource type: its resource part starts with the bucket's name.
  bool s3 = arn.find(":s3:::") != std::string::npos;
  std::size_t sep = s3 ? std::string::npos : res.find_first_of(":/");
  std::string literal = s3 ? res.substr(0, wild)
                        : sep != std::string::npos && sep < wild
                            ? res.substr(sep + 1, wild - sep - 1)
                            : std::string();
  for (const auto& own : own_prefixes)
    if (literal.starts_with(own)) return false;
  return true;
}

bool shared_with(const Project& project, const std::string& key, const std::string& service) {
  for (const auto& s : project.shared_secrets) {
    if ((s.key == key || key.starts_with(s.key)) && contains(s.services, service)) return true;
  }
  return false;
}

// A grant that changes identities lets the service grant itself anything: IAM actions other
// than reads (PutRolePolicy, AttachRolePolicy, CreateAccessKey, UpdateAssumeRolePolicy ...),
// and on Google Cloud the roles that administer IAM, mint tokens or own the project
// (https://cloud.google.com/iam/docs/understanding-roles#basic).
// sts:AssumeRole on a role of the project's own accounts (another service's, the platform's, the
// Terraform runner's) or on any role ("*") acts with that role's permissions; a partner
// account's role is the reason the action exists and stays allowed.
bool assumes_project_role(const Project& project, const Node& item) {
  const Node* actions = item.find("actions");
  const Node* resources = item.find("resources");
  if (!actions || !resources) return false;
  bool assume = std::any_of(actions->items.begin(), actions->items.end(), [](const Node& a) {
    return matches_any(
        a.text, {"sts:AssumeRole", "sts:AssumeRoleWithWebIdentity", "sts:AssumeRoleWithSAML"});
  });
  if (!assume) return false;
  for (const auto& r : resources->items) {
    if (r.text == "*") return true;
    for (const auto& env : project.environments)
      if (!env.account.empty() && r.text.rfind("arn:aws:iam::" + env.account + ":", 0) == 0)
        return true;
  }
  return false;
}

// A custom role (projects/P/roles/R, organizations/O/roles/R) can hold any permission, and
// changes without the spec changing: no check of spec.iam can judge it
// (https://cloud.google.com/iam/docs/understanding-custom-roles).
bool custom_role(const std::string& role) {
  return role.rfind("projects/", 0) == 0 || role.rfind("organizations/", 0) == 0;
}

void check_escalation(const Project& project, const Target& t, const Node& item,
                      Diagnostics& diagnostics) {
  auto refuse = [&](const Node& at, const std::string& what,
                    const std::string& consequence =
                        "with which it can grant itself any "
                        "permission") {
    diagnostics
        .add(DiagCode::kSecretNotOwned, at.location,
             "security: service '" + t.service + "' is granted " + what + ", " + consequence)
        .help =
        "a service's identity never administers identities; ask the platform team for "
        "the access itself, and grant that";
  };
  if (const Node* actions = item.find("actions")) {
    for (const auto& a : actions->items) {
      // A pattern over the service's name (i*:*, *:Put*) reaches IAM's writes too.
      if (a.text.rfind("iam:", 0) != 0) {
        if (matches_any(a.text, {"iam:PutRolePolicy", "iam:AttachRolePolicy",
                                 "iam:UpdateAssumeRolePolicy", "iam:CreateAccessKey"}))
          refuse(a, a.text);
        continue;
      }
      std::string verb = a.text.substr(4);
      bool read = verb.rfind("Get", 0) == 0 || verb.rfind("List", 0) == 0 ||
                  verb.rfind("Simulate", 0) == 0 || verb.rfind("Generate", 0) == 0;
      if (!read) refuse(a, a.text);
    }
  }
  static const std::set<std::string> admin_roles = {"roles/owner",
                                                    "roles/editor",
                                                    "roles/iam.securityAdmin",
                                                    "roles/iam.roleAdmin",
                                                    "roles/iam.serviceAccountAdmin",
                                                    "roles/iam.serviceAccountKeyAdmin",
                                                    "roles/iam.serviceAccountTokenCreator",
                                                    "roles/iam.workloadIdentityUser",
                                                    "roles/resourcemanager.projectIamAdmin"};
  if (const Node* role = item.find("role"); role && admin_roles.count(role->text))
    refuse(*role, role->text);
  if (const Node* role = item.find("role"); role && custom_role(role->text))
    diagnostics
        .add(DiagCode::kSecretNotOwned, role->location,
             "security: service '" + t.service + "' is granted the custom role " + role->text +
                 ", whose permissions are whatever the role holds now or later, unseen here")
        .help =
        "grant the predefined roles/... the service needs, which E0140 can judge; a custom "
        "role is the platform's to grant outside spec.iam";
  if (assumes_project_role(project, item))
    refuse(*item.find("actions"), "sts:AssumeRole on a role of the project's accounts",
           "with which it acts as another identity: another service's, the platform's or the "
           "deployer's");
}

// What no resource name can tie to a service: the actions above, the RDS-managed master
// secrets (rds!..., the platform's roles Job reads them), and the Terraform state bucket (every
// root module's state, generated passwords included).
void check_aws_reach(const Project& project, const Target& t, const Node& item,
                     Diagnostics& diagnostics) {
  auto refuse = [&](const Node& at, const std::string& what) {
    diagnostics
        .add(DiagCode::kSecretNotOwned, at.location,
             "security: service '" + t.service + "' is granted " + what +
                 ", which reaches other services' data or identities")
        .help =
        "a service's own database login, secrets and data come with its spec; ask the platform "
        "team for anything else";
  };
  if (const Node* actions = item.find("actions"))
    for (const auto& a : actions->items)
      if (reaches_past_service(a.text)) refuse(a, a.text);
  const Node* resources = item.find("resources");
  if (!resources) return;
  const std::string& state = project.terraform.bucket;
  for (const auto& r : resources->items) {
    if (r.text.find(":secret:rds!") != std::string::npos)
      refuse(r, "an RDS-managed master secret (" + r.text + ")");
    else if (!state.empty() && (r.text == "arn:aws:s3:::" + state ||
                                r.text.rfind("arn:aws:s3:::" + state + "/", 0) == 0))
      refuse(r, "the Terraform state bucket (" + r.text + ")");
  }
}

// The name in an ARN's resource part that tells whose the resource is: an S3 object's bucket
// (arn:aws:s3:::BUCKET/KEY), a DynamoDB index's or stream's table (table/NAME/index/I,
// table/NAME/stream/S); else (RDS, SQS ...) the last segment.
// https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html
// https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazondynamodb.html
std::string owned_name(const std::string& arn, const std::string& res) {
  if (arn.find(":s3:::") != std::string::npos) return res.substr(0, res.find('/'));
  if (arn.find(":dynamodb:") != std::string::npos && res.starts_with("table/")) {
    std::string table = res.substr(6);
    return table.substr(0, table.find('/'));
  }
  std::size_t cut = res.find_last_of(":/");
  std::string name = cut == std::string::npos ? res : res.substr(cut + 1);
  return name.empty() || name == "*" ? res : name;
}

void check_grants(const Project& project, const Target& t, const Node& spec,
                  const std::vector<ServiceBuild>& builds, Diagnostics& diagnostics) {
  const Node* iam = spec.find("iam");
  if (!iam) return;
  auto is_service = [&](std::string_view name) {
    return std::any_of(builds.begin(), builds.end(),
                       [&](const ServiceBuild& b) { return b.service.name == name; });
  };
  std::string share_help =
      "a service reads its own secrets (<service>/NAME); a secret another service needs is "
      "shared in infrac.yaml: spec.secrets.shared: [{key: KEY, services: [" +
      t.service + "]}]";
  for (const auto& item : iam->items) {
    check_escalation(project, t, item, diagnostics);
    std::string role = text_at(item, "role");
    if (!role.empty() && project_wide_secret_access(role)) {
      const Node* r = item.find("role");
      diagnostics
          .add(DiagCode::kSecretNotOwned, r->location,
               "security: service '" + t.service + "' is granted " + role +
                   " on the project, which reads every service's secrets")
          .help = share_help;
    }
    if (!role.empty() && !project_wide_secret_access(role) && project_wide_data_role(role)) {
      diagnostics
          .add(DiagCode::kSecretNotOwned, item.find("role")->location,
               "security: service '" + t.service + "' is granted " + role +
                   " on the project, which reaches every service's resources of that kind")
          .help =
          "a service's own buckets, topics and databases come with datastores: and publishes:; "
          "for another service's, that service shares them";
    }
    check_aws_reach(project, t, item, diagnostics);
    const Node* resources = item.find("resources");
    if (!resources) continue;
    for (const auto& r : resources->items) {
      const std::string& arn = r.text;
      if (wildcard_beyond_own(arn,
                              {t.service + "/", project.name + "/" + t.env + "/" + t.service + "/",
                               project.name + "-" + t.env + "-" + t.service + "-"})) {
        diagnostics
            .add(DiagCode::kSecretNotOwned, r.location,
                 "security: grant of service '" + t.service + "' on '" + arn +
                     "': its wildcard matches other services' resources too")
            .help =
            "name the resources the grant is for, or put the wildcard after the "
            "service's own prefix (" +
            t.service + "/*, " + project.name + "-" + t.env + "-" + t.service + "-*); " +
            share_help;
        continue;
      }
      std::string res = arn_resource(arn);
      std::string owner;
      std::string what = "resources";
      if (arn.starts_with("arn:") && arn.find(":secretsmanager:") != std::string::npos &&
          res.starts_with("secret:")) {
        std::string key = res.substr(7);
        owner = std::string(secret_key_owner_in(key, project.name, t.env, is_service));
        what = "secrets";
        if (owner == t.service || shared_with(project, key, t.service)) continue;
        if (owner.empty()) continue;
      } else {
        std::string name = owned_name(arn, res);
        owner = owner_of(name, project.name + "-" + t.env + "-", builds);
        if (owner.empty() || owner == t.service) continue;
      }
      diagnostics
          .add(DiagCode::kSecretNotOwned, r.location,
               "security: service '" + t.service + "' is granted access to '" + arn +
                   "', which names " + what + " of service '" + owner + "'")
          .help = share_help;
    }
  }
}

std::optional<std::uint32_t> ipv4(const std::string& s) {
  std::uint32_t out = 0;
  int parts = 0;
  std::size_t i = 0;
  while (parts < 4) {
    std::size_t j = i;
    while (j < s.size() && s[j] >= '0' && s[j] <= '9') ++j;
    if (j == i || j - i > 3) return std::nullopt;
    int v = std::stoi(s.substr(i, j - i));
    if (v > 255) return std::nullopt;
    out = (out << 8) | static_cast<std::uint32_t>(v);
    ++parts;
    if (parts < 4) {
      if (j >= s.size() || s[j] != '.') return std::nullopt;
      i = j + 1;
    } else if (j != s.size()) {
      return std::nullopt;
    }
  }
  return out;
}

void check_egress(const Node& spec, Diagnostics& diagnostics) {
  const Node* egress = spec.find("egress");
  if (!egress) return;
  // Link-local 169.254.0.0/16: the node's metadata server (169.254.169.254), the EKS Pod
  // Identity Agent (169.254.170.23) and the ECS credentials endpoint (169.254.170.2) all hand
  // out credentials there
  // (https://docs.aws.amazon.com/eks/latest/userguide/pod-id-agent-setup.html).
  const std::uint32_t link_local = (169u << 24) | (254u << 16);
  for (const auto& item : egress->items) {
    if (const Node* host = item.find("host"); host && ipv4(host->text)) {
      diagnostics
          .add(DiagCode::kEgressForbidden, host->location,
               "egress host '" + host->text + "' is an IP address; a host is a DNS name")
          .help = "write cidr: " + host->text +
                  "/32 for an address (a host compiles to "
                  "'any public address', which never reaches a private one)";
    }
    const Node* cidr = item.find("cidr");
    if (!cidr) continue;
    auto slash = cidr->text.find('/');
    if (slash == std::string::npos) continue;  // the schema's format refused it
    std::optional<std::uint32_t> base = ipv4(cidr->text.substr(0, slash));
    int bits = std::atoi(cidr->text.c_str() + slash + 1);
    if (!base || bits < 0 || bits > 32) continue;
    // Two ranges overlap when they agree on the shorter prefix.
    int common = std::min(bits, 16);
    std::uint32_t mask = common == 0 ? 0 : ~std::uint32_t{0} << (32 - common);
    if ((*base & mask) != (link_local & mask)) continue;
    diagnostics
        .add(DiagCode::kEgressForbidden, cidr->location,
             "egress cidr " + cidr->text +
                 " reaches link-local 169.254.0.0/16, where the node's metadata server and the "
                 "pod identity agent hand out credentials")
        .help = "name the destination by host, or a CIDR outside 169.254.0.0/16";
  }
}

}  // namespace

void check_guarantees(const Project& project, const std::vector<ServiceBuild>& builds,
                      Diagnostics& diagnostics) {
  for (const auto& b : builds) {
    check_reserved_names(project, b, diagnostics);
    for (std::size_t i = 0; i < b.targets.size() && i < b.specs.size(); ++i) {
      check_grants(project, b.targets[i], b.specs[i], builds, diagnostics);
      check_egress(b.specs[i], diagnostics);
    }
  }
  check_adoption(project, builds, diagnostics);
}

}  // namespace infrac
