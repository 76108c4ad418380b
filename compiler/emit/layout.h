// Where a build's files go (spec-v1 "Outputs"): terraform/E/S/*.tf, kubernetes/E/S/*.yaml
// with a kustomization.yaml, and modules/<cloud>/<name>/ when the project uses infrac's own
// modules. Produces the bytes of every file; nothing here touches the disk.
// Tested by tests/cli/build_test.cpp and the acme and shop-gcp golden files.
#pragma once

#include <string>
#include <vector>

#include "lower/gateway_lower.h"
#include "lower/lower.h"

namespace infrac {

struct OutputFile {
  std::string path;  // relative to the output directory, '/'-separated
  std::string contents;
};

// The files of one target, in path order.
std::vector<OutputFile> target_files(const TargetOutput& target);

// An environment's API gateway: terraform/<env>/_gateway/ (a name no service can take).
std::vector<OutputFile> gateway_files(const GatewayOutput& gateway);

// infrac's own modules for `cloud` (e.g. "aws"), from the copies embedded in the binary.
std::vector<OutputFile> module_files(const std::string& cloud);

// The directories a target owns: "terraform/E/S/" and "kubernetes/E/S/".
std::vector<std::string> target_directories(const std::string& env, const std::string& service);

}  // namespace infrac
