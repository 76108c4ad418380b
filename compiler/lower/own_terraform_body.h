// What the arguments of a service's own resource may say, read at every depth of its nested
// blocks (dynamic, content, template, service_account ...): an identity argument names the
// service's own (module.workload_identity.*), no inline access policy, and the argument of an
// `attaches` type names an object the root module declares; no call reads the runner's files.
// The types themselves are judged by own_terraform.cpp against the allowlist.
// Tested by tests/unit/own_terraform_test.cpp and the corpus cases 303, 305, 308, 313-317,
// 320 and 321.
#pragma once

#include <string>
#include <vector>

#include "base/location.h"
#include "hcl/model.h"
#include "resolve/own_terraform_types.h"

namespace infrac {

struct OwnRefusal {
  Location at;
  std::string shown;  // argument role of resource "aws_lambda_function" "fn"
  std::string why, instead;
};

// The refusals among the arguments of resource block `b` (whose type is allowed).
std::vector<OwnRefusal> refused_arguments(const Block& b, const OwnTerraformTypes& types);

// The calls, at any depth of block `b`'s expressions and nested blocks, to the functions that
// read the Terraform runner's file system at plan time (file, templatefile, fileset ...).
std::vector<OwnRefusal> file_reads(const Block& b);

// Whether an argument of this name takes an identity to act as: role, *_role_arn,
// iam_instance_profile, service_account, service_account_email ...
bool identity_argument(const std::string& name);

}  // namespace infrac
