// The policy model: packs of rules (kind: PolicyPack) and exceptions (kind: Exceptions), as
// loaded and checked by pack_loader.cpp, evaluated by evaluate.cpp on the subjects of
// views.cpp, and reported through report/findings_render.cpp. Findings point at spec lines.
// The language is documented in docs/policy-language.md.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/diagnostic.h"
#include "base/regex.h"
#include "spec/node.h"

namespace infrac {

enum class Subject { Service, Kubernetes, Terraform };

enum class Op {
  In,
  NotIn,
  Matches,
  NotMatches,
  Equals,
  NotEquals,
  Exists,
  Absent,
  Min,
  Max,
  VersionAtLeast,
  MaxLength,
  StartsWith,
  UnderDomains,
  NotContainsAny,
  Contains,
  UniqueAcrossServices
};

struct Condition {
  std::string path;                   // dotted, `*` for any key or item; `$name` reads the context
  std::vector<std::string> segments;  // the path, split once at load
  Op op = Op::Exists;
  Node arg;                  // the operator's argument, parameters already substituted
  std::string arg_variable;  // or a context variable (`$project.domains`), read per target
  Regex regex;               // Matches / NotMatches
  Location location;
  Location path_location;
};

struct Rule {
  std::string id, category, description, rationale, help, docs, message, pack;
  Severity severity = Severity::Error;
  Subject subject = Subject::Service;
  std::string for_each;  // evaluate once per element at this path; empty: once
  std::vector<std::string> for_each_segments;
  Location for_each_location;
  std::vector<std::string> kinds;  // kubernetes: object kinds; terraform: module or "provider"
  std::vector<Condition> when;     // all must hold for the rule to apply
  std::vector<Condition> asserts;  // each failing assertion is a finding
  bool deny = false;               // applies at all -> finding
  Location location;
};

struct PolicyException {
  std::string rule, reason, owner, expires;  // expires: YYYY-MM-DD
  std::vector<std::string> services, targets;
  int expires_day = 0;  // days since 1970-01-01
  Location location;
  Location rule_location, owner_location;
  std::vector<Location> service_locations, target_locations;  // parallel to services, targets
  bool expired = false;
};

struct PackTest {
  std::string pack, name;
  std::vector<std::string> expect;
  std::string env = "prod";
  std::optional<Node> project;     // overlay on the test base project
  std::optional<Node> service;     // overlay on the test base service
  std::optional<Node> kubernetes;  // an object
  std::optional<Node> terraform;   // a module call or provider: {kind, args...}
  // The users service's own files (files: {terraform: [a.tf], patches: [b.yaml]}), by name.
  std::vector<std::string> terraform_files, patch_files;
  Location location;
};

struct PolicySet {
  std::vector<Rule> rules;  // by id
  std::vector<PolicyException> exceptions;
  std::vector<PackTest> tests;
  std::vector<std::string> packs;  // names loaded, in order
  const Rule* rule(std::string_view id) const;
};

struct Finding {
  const Rule* rule = nullptr;
  std::string message;
  Location location;          // in the spec
  std::string target;         // env/service
  std::string address;        // generated object or block, for kubernetes/terraform subjects
  bool hand_written = false;  // the address is a block of hand-written Terraform
  std::string path;           // the value's path in its subject
  std::string help;           // the rule's help with its {{...}} filled, when it has any
  bool waived = false;
  const PolicyException* exception = nullptr;
};

// "a.*.b" -> {"a", "*", "b"}; "." -> {}.
std::vector<std::string> split_path(std::string_view path);

// Days since 1970-01-01 of a YYYY-MM-DD date; nothing when it is not a date. (Today is the
// host's, base/host.h.)
std::optional<int> parse_day(std::string_view text);

}  // namespace infrac
