// What lowering hands to every later stage: one target's IRs (a Terraform root module and
// Kubernetes objects), an environment's API gateway, and the printed files of a build.
// Keyed by target id (env/service, Target::id()) wherever several are kept, never by position.
// Tested by tests/unit/stage_corpus_test.cpp (target IR out of txtar in) and the goldens.
#pragma once

#include <string>
#include <vector>

#include "ir/k8s_ir.h"
#include "ir/terraform_ir.h"

namespace infrac {

struct TargetOutput {
  std::string env, service;
  TfModule terraform;
  std::vector<KObject> kubernetes;  // in kustomize's legacy order, then by name
  KValue argocd_application;        // argocd/<env>/<service>.yaml; null without delivery.argocd
};

struct GatewayOutput {
  std::string env;
  TfModule terraform;
  KValue openapi;  // written as openapi.yaml.tftpl; ${service} marks a backend address
};

struct OutputFile {
  std::string path;  // relative to the output directory, '/'-separated
  std::string contents;
};

}  // namespace infrac
