// The inventory of hand-written Terraform: every .tf file under the given directories parsed
// (in parallel), and each resource, data source, module call and provider block listed with
// its address, its module directory and its source range. `infrac check --terraform` runs the
// terraform policy subject on it; `infrac inventory` prints it.
// Tested by tests/cli/terraform_check_test.cpp and the corpus in tests/corpus/terraform.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "base/diagnostic.h"
#include "base/source_files.h"
#include "hcl/model.h"
#include "hcl/module_interface.h"

namespace infrac {

struct TerraformFile {
  std::string path;       // as shown: relative to the display root, '/' separated
  std::string directory;  // its module directory, same form ("." for the root itself)
  FileId id = kNoFile;
  HclFile model;
  bool parsed = false;
};

struct InventoryItem {
  std::string kind;     // resource type, "data.TYPE", "module" or "provider"
  std::string name;     // the block's name label (provider: alias or type)
  std::string address;  // aws_s3_bucket.logs, data.aws_iam_policy.x, module.vpc, provider.aws
  std::string directory;
  std::size_t file = 0;  // index into TerraformInventory::files
  const Block* block = nullptr;
};

struct TerraformInventory {
  std::vector<TerraformFile> files;  // sorted by path
  std::vector<InventoryItem> items;  // by file, then source order
  std::size_t blocks = 0;            // top-level blocks of every kind
};

// Reads every .tf file under `paths`; paths are shown relative to `display_root`.
TerraformInventory read_terraform(const std::vector<std::filesystem::path>& paths,
                                  const std::filesystem::path& display_root, SourceFiles& files,
                                  Diagnostics& diagnostics, unsigned jobs);

// Module calls with a local source ("./x", "../x") checked against the called directory's
// variables and outputs, like generated calls: unknown arguments (did-you-mean), missing
// required variables, literal values of the wrong type, references to missing outputs.
void check_local_module_calls(const TerraformInventory& inventory,
                              const std::filesystem::path& display_root, SourceFiles& files,
                              Diagnostics& diagnostics);

}  // namespace infrac
