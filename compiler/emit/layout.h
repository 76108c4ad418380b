// The files of a build (spec-v1 "Outputs"): terraform/E/S/*.tf, kubernetes/E/S/*.yaml with a
// kustomization.yaml, and modules/<cloud>/<name>/ when the project uses infrac's own modules,
// in the folders of ir/output_layout.h. Produces the bytes of every file; nothing here touches
// the disk.
// Tested by tests/cli/build_test.cpp and the acme and shop-gcp golden files.
#pragma once

#include <string>
#include <vector>

#include "ir/target_output.h"

namespace infrac {

// The files of one target, in path order.
std::vector<OutputFile> target_files(const TargetOutput& target);

// An environment's platform (lower/platform_lower.h): terraform/<env>/_platform/,
// kubernetes/<env>/_platform/ and, with Argo CD, argocd/<env>/_platform.yaml.
std::vector<OutputFile> platform_files(const TargetOutput& platform);

// An environment's API gateway: terraform/<env>/_gateway/ (a name no service can take).
std::vector<OutputFile> gateway_files(const GatewayOutput& gateway);

// infrac's own modules for `cloud` (e.g. "aws"), from the copies embedded in the binary.
std::vector<OutputFile> module_files(const std::string& cloud);

}  // namespace infrac
