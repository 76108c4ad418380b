#include "lower/own_terraform_body.h"

#include <cctype>
#include <set>
#include <string_view>

namespace infrac {
namespace {

// An ARN's service, its third field: arn:aws:sns:eu-west-1:... gives sns.
std::string arn_service(const std::string& arn) {
  std::size_t first = arn.find(':');
  std::size_t second = first == std::string::npos ? first : arn.find(':', first + 1);
  std::size_t third = second == std::string::npos ? second : arn.find(':', second + 1);
  return third == std::string::npos ? "" : arn.substr(second + 1, third - second - 1);
}

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

// Resource types whose attributes echo what their arguments say, whatever that names:
// terraform_data's output is its input, null_resource keeps its triggers, and the random,
// time and tls providers' resources return their keepers and inputs
// (https://developer.hashicorp.com/terraform/language/resources/terraform-data).
bool echoes_input(const std::string& type) {
  return type == "terraform_data" || type == "null_resource" || type.starts_with("random_") ||
         type.starts_with("time_") || type.starts_with("tls_");
}

// A resource or module call of the root module: what the service's files and spec create.
// Data sources, variables and locals can hold any name, another service's included, and so can
// a resource that echoes its input or an attribute that holds what was written (tags, labels):
// the reference is TYPE.NAME.ATTRIBUTE, or module.NAME.OUTPUT.
bool declared_object(const Expr& e) {
  static const std::set<std::string> not_objects = {"data",  "var",  "local",     "each",
                                                    "count", "self", "terraform", "path"};
  // The attributes that are the object's own identity. Any other attribute of a declared
  // resource can echo a free text (a log group's name, an alarm's description) that names
  // another service's object.
  static const std::set<std::string> identities = {
      "aws_s3_bucket.id",           "aws_s3_bucket.bucket",    "aws_sns_topic.arn",
      "aws_sns_topic.id",           "google_pubsub_topic.id",  "google_pubsub_topic.name",
      "google_storage_bucket.name", "google_storage_bucket.id"};
  std::vector<std::string> names = reference_names(e);
  if (names.size() != 3 || not_objects.count(names[0]) || echoes_input(names[0])) return false;
  return names[0] == "module" || identities.count(names[0] + "." + names[2]) > 0;
}

// Inline access policies: a bucket's, queue's, topic's, key's or secret's own `policy`, and the
// like of other services (access_policies of a search domain), each a grant no spec.iam check
// sees
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_identity-vs-resource.html).
bool policy_argument(const std::string& name) {
  return name == "policy" || name == "access_policy" || name == "access_policies" ||
         name == "policy_data";
}

// A CloudWatch alarm action the alarm may take: notifying an SNS topic, by its literal ARN
// (arn:PARTITION:sns:...) or a topic the module declares. The other actions act on instances
// (arn:aws:automate:REGION:ec2:stop, terminate, reboot, recover), run Systems Manager or
// Incident Manager actions, or (arn:aws:swf:...:action/actions/AWS_EC2.InstanceId.*) do the
// same by another name, whatever instance the alarm names, a node's included
// (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html);
// a local, a variable or a function can hide any of them.
bool notifies_topic(const Expr& e) {
  const Expr* literal = e.kind == Expr::Kind::Template && e.parts.size() == 1 ? &e.parts[0] : &e;
  if (literal->kind == Expr::Kind::Literal)
    return literal->text.starts_with("arn:") && arn_service(literal->text) == "sns";
  std::vector<std::string> names = reference_names(e);
  return names.size() == 3 && names[0] == "aws_sns_topic" && names[2] == "arn";
}

bool alarm_actions(const std::string& name) {
  return name == "alarm_actions" || name == "ok_actions" || name == "insufficient_data_actions";
}

bool only_topics(const Expr& e) {
  if (e.kind == Expr::Kind::Null) return true;
  if (e.kind != Expr::Kind::Tuple) return false;
  for (const auto& item : e.parts)
    if (!notifies_topic(item)) return false;
  return true;
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

  void refuse(const Block& b, std::string why, std::string instead) {
    out.push_back({b.type_span.location, "block " + b.type + " of " + block_shown, std::move(why),
                   std::move(instead)});
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
             "refer to the object itself: a bucket or topic the file declares "
             "(aws_s3_bucket.NAME.id, aws_sns_topic.NAME.arn, google_pubsub_topic.NAME.id) or "
             "a module call of the service (module.NAME.OUTPUT)");
    } else if (alarm_actions(a.name) && !only_topics(a.value)) {
      refuse(a,
             "an alarm action other than an SNS topic stops, terminates, reboots or runs "
             "commands on whatever instance the alarm names, the cluster's nodes included, and "
             "anything but a list of topic ARNs can hide one",
             "list SNS topics: literal arn:aws:sns:... ARNs or aws_sns_topic.NAME.arn");
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

// Terraform's functions that read the runner's files or name its paths
// (https://developer.hashicorp.com/terraform/language/functions, "Filesystem Functions"):
// evaluated at plan time, before anyone reviews the change, their result can reach an output,
// a check's message or a resource argument (file("/proc/self/environ") holds the runner's
// credentials). A namespaced call (core::file) is the same function.
bool reads_files(std::string_view name) {
  static const std::set<std::string, std::less<>> functions = {
      "file",    "fileexists", "fileset",    "filebase64", "filebase64sha256", "filebase64sha512",
      "filemd5", "filesha1",   "filesha256", "filesha512", "templatefile",     "pathexpand",
      "abspath"};
  std::size_t ns = name.rfind("::");
  if (ns != std::string_view::npos) name.remove_prefix(ns + 2);
  return functions.count(name) > 0;
}

// The position of the first file-reading call in `text` (a for expression or a template
// directive, which the model keeps as written), or npos.
std::size_t file_call_in(const std::string& text) {
  auto ident = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == ':';
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (!std::isalpha(static_cast<unsigned char>(text[i])) || (i > 0 && ident(text[i - 1])))
      continue;
    std::size_t end = i;
    while (end < text.size() && ident(text[end])) ++end;
    std::size_t paren = text.find_first_not_of(" \t\r\n", end);
    if (paren != std::string::npos && text[paren] == '(' && reads_files(text.substr(i, end - i)))
      return i;
    i = end;
  }
  return std::string::npos;
}

// `at` moved to the code point `offset` bytes into the expression's text.
Location advanced(Location at, const std::string& text, std::size_t offset) {
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++at.line;
      at.column = 1;
    } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      ++at.column;
    }
  }
  return at;
}

struct FileReads {
  std::string block_shown;
  std::vector<OwnRefusal> out;

  void refuse(Location at, const std::string& name) {
    out.push_back({at, "call " + name + "(...) in " + block_shown,
                   "it reads the Terraform runner's file system at plan time, whose files hold "
                   "the runner's credentials and other services' configuration",
                   "write the value in the file, or pass it through the spec; a service's own "
                   "files read nothing from the runner"});
  }

  void expr(const Expr& e) {
    bool raw = e.kind == Expr::Kind::For || e.kind == Expr::Kind::Directive ||
               e.kind == Expr::Kind::Invalid;
    if (e.kind == Expr::Kind::Call && reads_files(e.text)) {
      refuse(e.span.location, e.text);
    } else if (raw) {
      std::size_t at = file_call_in(e.text);
      if (at != std::string::npos) {
        std::string name = e.text.substr(at, e.text.find_first_of(" \t\r\n(", at) - at);
        Location where = advanced(e.span.location, e.text, at);
        where.length = static_cast<std::uint32_t>(name.size());
        refuse(where, name);
      }
    }
    for (const auto& p : e.parts) expr(p);
  }

  void body(const Body& b) {
    for (const auto& a : b.attributes) expr(a.value);
    for (const auto& inner : b.blocks) body(inner.body);
  }
};

}  // namespace

std::vector<OwnRefusal> file_reads(const Block& b) {
  FileReads walk;
  walk.block_shown = b.type;
  for (const auto& l : b.labels) walk.block_shown += " \"" + l + "\"";
  walk.body(b.body);
  return std::move(walk.out);
}

namespace {

// The block a nested block stands for: dynamic "grant" { content { ... } } generates grants.
const std::string& kind_of(const Block& inner) {
  return inner.type == "dynamic" && !inner.labels.empty() ? inner.labels[0] : inner.type;
}

// The object a DynamoDB table is filled from: another table's backup or point in time (any
// table of the account, another service's included) or an S3 import (any bucket the runner
// reads); the copy would be the service's to read
// (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/dynamodb_table#restore_source_name).
void refuse_table_copies(const Block& b, Walk& walk) {
  for (const auto& a : b.body.attributes)
    if (a.name.starts_with("restore_"))
      walk.refuse(a,
                  "a table restored from a backup or a point in time copies another table's data, "
                  "another service's included",
                  "create the table empty; ask the owner of the data for a copy");
  for (const auto& inner : b.body.blocks)
    if (kind_of(inner) == "import_table")
      walk.refuse(inner,
                  "a table imported from S3 copies whatever bucket the Terraform runner reads, "
                  "another service's or the state's",
                  "create the table empty; ask the owner of the data for a copy");
}

// Pub/Sub's ways of moving messages across the project's edge: a topic that ingests from
// another source (Kinesis, Cloud Storage, Azure Event Hubs ... with the runner's or a
// service agent's access), and a push subscription that posts every message to any URL
// (https://cloud.google.com/pubsub/docs/push).
void refuse_pubsub_exports(const Block& b, Walk& walk) {
  const std::string& type = b.labels[0];
  for (const auto& inner : b.body.blocks) {
    if (type == "google_pubsub_topic" && kind_of(inner) == "ingestion_data_source_settings")
      walk.refuse(inner,
                  "a topic that ingests from another source reads data the service does not own "
                  "with the project's service agent",
                  "publish to the topic from the service's pods");
    // dynamic "push_config" says its endpoint in a content block: refused as a whole.
    if (type == "google_pubsub_subscription" && kind_of(inner) == "push_config" &&
        (inner.type == "dynamic" || inner.body.attribute("push_endpoint")))
      walk.refuse(inner, "a push subscription posts every message to any URL, outside the project",
                  "pull the messages in the service's pods");
  }
}

// Whether every reference in `e` (at any depth) to an object is TYPE.NAME.arn of `type`; false
// when `e` holds none, or a literal ARN.
bool refers_only_to(const Expr& e, const std::string& type, bool& any) {
  std::vector<std::string> names = reference_names(e);
  if (!names.empty()) {
    any = true;
    return names.size() == 3 && names[0] == type;
  }
  if (e.kind == Expr::Kind::Literal) return !e.text.starts_with("arn:");
  if (e.kind == Expr::Kind::Template && e.parts.size() == 1 &&
      e.parts[0].kind == Expr::Kind::Literal)
    return !e.parts[0].text.starts_with("arn:");
  if (e.kind == Expr::Kind::For || e.kind == Expr::Kind::Directive ||
      e.kind == Expr::Kind::Invalid || e.kind == Expr::Kind::Splat)
    return false;
  // An object's keys (parts 0, 2 ...) are names, not references: only its values are read.
  bool object = e.kind == Expr::Kind::Object;
  for (std::size_t i = object ? 1 : 0; i < e.parts.size(); i += object ? 2 : 1)
    if (!refers_only_to(e.parts[i], type, any)) return false;
  return true;
}

bool references_declared(const Expr& e, const std::string& type) {
  bool any = false;
  return refers_only_to(e, type, any) && any;
}

// Arguments that name an object the resource reads or sends to: a dead-letter queue (or the
// queues allowed to use this one as theirs), and the log group a metric filter reads. Another
// service's queue would receive the service's messages, another's log group would be measured
// (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html).
void refuse_foreign_links(const Block& b, Walk& walk) {
  const std::string& type = b.labels[0];
  for (const auto& a : b.body.attributes) {
    bool queue =
        type == "aws_sqs_queue" && (a.name == "redrive_policy" || a.name == "redrive_allow_policy");
    bool log_group = type == "aws_cloudwatch_log_metric_filter" && a.name == "log_group_name";
    if (queue && !references_declared(a.value, "aws_sqs_queue"))
      walk.refuse(a,
                  "it names queues by ARN, which must be queues the module declares: a literal, a "
                  "variable or a data source can name another service's",
                  "refer to aws_sqs_queue.NAME.arn of the file");
    if (log_group && !references_declared(a.value, "aws_cloudwatch_log_group"))
      walk.refuse(a,
                  "it names the log group the filter reads, which must be one the module declares: "
                  "another service's logs are its own",
                  "refer to aws_cloudwatch_log_group.NAME.name of the file");
  }
  // An ACL grant gives any account or group (AllUsers included) access to the bucket,
  // outside spec.iam
  // (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_bucket#grant).
  if (type == "aws_s3_bucket")
    for (const auto& inner : b.body.blocks)
      if (kind_of(inner) == "grant")
        walk.refuse(
            inner,
            "an ACL grant gives another account or everyone access to the bucket, outside spec.iam",
            "ask for the grant in spec.iam (docs/escape-hatches.md#beside-the-spec)");
}

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
  if (b.type == "resource" && !b.labels.empty()) {
    if (b.labels[0] == "aws_dynamodb_table") refuse_table_copies(b, walk);
    refuse_pubsub_exports(b, walk);
    refuse_foreign_links(b, walk);
  }
  // A Google resource's own `project` creates it, or changes it, in another project than the
  // environment's, where nothing the spec says applies
  // (https://registry.terraform.io/providers/hashicorp/google/latest/docs/guides/provider_reference#project-1).
  const Attribute* project = b.body.attribute("project");
  if (b.type == "resource" && project && !b.labels.empty() && b.labels[0].starts_with("google_"))
    walk.refuse(*project,
                "a resource lives in the environment's project; another project is outside "
                "what the service owns",
                "remove it: the provider's project is the environment's");
  return std::move(walk.out);
}

}  // namespace infrac
