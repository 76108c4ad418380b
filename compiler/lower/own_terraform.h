// A service's own .tf files (services/<name>/terraform/) are copied into every root module of
// the service beside the files infrac writes, so Terraform reads them as one module: a second
// backend (or a cloud block) or required_providers, an output, provider, module, resource,
// data source, variable or local of a name infrac already declares would make `terraform init`
// or `plan` fail later, far from the file. Each such declaration is E0156 at its own line,
// found by `check`. What the files may declare at all is an allowlist (E0178): the types of
// stdlib's own_terraform list and infrac.yaml's spec.terraform.own_types, every nested block
// read, with arguments judged by own_terraform_body.h.
// Tested by tests/corpus/invalid/175-own-terraform-backend.txtar, 176, 178, 186, 289-298 and
// 301-314, and tests/cli/escape_test.cpp.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "base/diagnostic.h"
#include "base/location.h"
#include "hcl/model.h"
#include "ir/terraform_ir.h"
#include "resolve/own_terraform_types.h"

namespace infrac {

// One name a .tf file declares in its module: "backend" for terraform { backend/cloud },
// "required_providers" for terraform { required_providers },
// "output.x", "provider.aws" or "provider.aws.<alias>", "module.x", "resource.T.N", "data.T.N",
// "variable.x", "local.x"; `at` is the line that declares it.
struct TfDeclaration {
  std::string key;
  std::string shown;  // as Terraform writes it: output "x", terraform { backend "s3" }
  Location at;
  bool generated = false;  // declared by a file infrac writes
  // Set for a block or argument a service's own file may not hold, saying why and what to do
  // instead (E0178): a type outside the allowlist, grants outside spec.iam's checks, secret
  // values read or written with the Terraform runner's credentials, network rules on groups the
  // service does not own, state surgery on infrac's resources, another identity, an inline
  // policy.
  std::string forbidden = {};
  std::string instead = {};
  // What the module must provide for the block to be allowed, judged against the generated
  // module: the provider of a resource, data or provider block ("aws", "google", "random" ...;
  // empty for Terraform's own), and a module block's source.
  std::string provider = {};
  std::string module_source = {};
};

// What a service's own blocks may use: the providers the generated module declares and the
// module sources infrac's own calls use (the repository's or infrac's modules folder).
struct OwnTerraformScope {
  std::set<std::string> providers;
  std::string module_source_prefix;  // e.g. "../../../modules/"
};

// What `file` declares, and a refused declaration (`forbidden` set) for each block or argument
// E0178 refuses: a type outside `types`, one refused by its nature, an argument that names
// another identity, an inline policy or an object the module does not declare, at any depth.
std::vector<TfDeclaration> declarations_of(const HclFile& file, const OwnTerraformTypes& types);
std::vector<TfDeclaration> declarations_of(const TfModule& module);

// E0156 for each of `own` (the service's files, in order) that `generated` or an earlier own
// file already declares; E0178 for each forbidden one.
void check_own_declarations(const std::vector<TfDeclaration>& generated,
                            const std::vector<TfDeclaration>& own, const OwnTerraformScope& scope,
                            const std::string& target, Diagnostics& diagnostics);
OwnTerraformScope own_terraform_scope(const TfModule& module, const std::string& module_source);

}  // namespace infrac
