// The string formats of spec-v1 (part of the field registry, spec/schema.h): each a pattern
// that is also the JSON Schema's, a length cap and, where a pattern cannot say it, a check.
// Read by the schema tables (spec/tables_*.cpp); all_formats() lists them for the JSON Schema.
// Tested by tests/unit/validate_test.cpp and tests/unit/value_checks_test.cpp.
#pragma once

#include "spec/schema.h"

namespace infrac::formats {

extern const Format kDnsLabel;
extern const Format kEnvName;
extern const Format kDuration;
extern const Format kCron;
extern const Format kTimezone;
extern const Format kCpu;
extern const Format kMemory;
extern const Format kHttpPath;
extern const Format kUrl;
extern const Format kImage;
extern const Format kSecretKey;
extern const Format kDomain;
extern const Format kRegion;
extern const Format kRegistry;
extern const Format kCloudId;
extern const Format kRelPath;
extern const Format kPolicyRef;
extern const Format kModulesSource;
extern const Format kVersionConstraint;
extern const Format kBucketName;
extern const Format kDatastoreType;
extern const Format kIpv4;
extern const Format kCidr;
extern const Format kObjective;
extern const Format kLatency;
extern const Format kOtlpEndpoint;
extern const Format kKubeContext;
extern const Format kGitRepoUrl;
extern const Format kGitRevision;
extern const Format kAlertTarget;
extern const Format kPlainName;
extern const Format kLabelKey;
extern const Format kLabelValue;
extern const Format kQueueRef;
extern const Format kIamAction;
extern const Format kArn;
extern const Format kGcpRole;
extern const Format kTerraformType;

}  // namespace infrac::formats
