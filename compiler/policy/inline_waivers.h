// Waivers written next to hand-written Terraform, in the style of the project's exceptions:
//
//   # infrac:waive terraform.bucket-public-acl owner=web reason="public assets" expires=2027-03-31
//   resource "aws_s3_bucket_acl" "site" { ... }
//
// A waiver covers the block it sits in, or else the block that follows it, for one rule.
// Rule, owner, reason and expiry are required and the expiry obeys the project's maximum
// lifetime; a waiver that breaks these is itself an error (E0304), an expired one a warning
// (E0305) that waives nothing.
// Tested by tests/cli/terraform_check_test.cpp.
#pragma once

#include <deque>
#include <string>
#include <vector>

#include "base/diagnostic.h"
#include "hcl/inventory.h"
#include "policy/policy.h"

namespace infrac {

struct InlineWaiver {
  const PolicyException* exception = nullptr;  // owned by the caller's deque
  FileId file = kNoFile;
  std::string address;  // the block it covers
};

std::vector<InlineWaiver> read_inline_waivers(const TerraformInventory& inventory,
                                              const PolicySet& policies, int today, int max_days,
                                              std::deque<PolicyException>& storage,
                                              Diagnostics& diagnostics);

// Marks findings covered by a valid waiver as waived.
void apply_inline_waivers(const std::vector<InlineWaiver>& waivers, std::vector<Finding>& findings);

}  // namespace infrac
