// The types a service's own .tf files may declare (E0178 is an allowlist): stdlib's per cloud
// (`own_terraform:` in stdlib/clouds/<cloud>.yaml) and those infrac.yaml adds in
// spec.terraform.own_types, and the types that change another object through one argument,
// which must then refer to what the root module declares.
// Tested by tests/unit/own_terraform_test.cpp and the corpus cases 301-313.
#pragma once

#include <map>
#include <set>
#include <string>

#include "resolve/model.h"

namespace infrac {

struct OwnTerraformTypes {
  // Allowed types; an entry ending in `*` allows every type of that prefix (random_*).
  std::set<std::string> resources, data_sources;
  // The ones infrac.yaml added, named in messages so a reader knows where a type came from.
  std::set<std::string> platform_resources, platform_data_sources;
  // type -> the argument that names the object it changes (aws_s3_bucket_versioning: bucket).
  std::map<std::string, std::string> attaches;
  std::string cloud;  // aws | gcp: the stdlib file named in messages
};

// stdlib's list for the project's cloud, with infrac.yaml's additions.
OwnTerraformTypes own_terraform_types(const Project& project);

// Whether `type` is in `allowed`, exactly or by a `prefix*` entry.
bool type_allowed(const std::set<std::string>& allowed, const std::string& type);

}  // namespace infrac
