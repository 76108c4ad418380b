// What a pull request's review approved, as the merge job applies it: `infrac ci bundle`
// writes the rendered output of every target the change touches (the head's, or the base's for
// a target it removes), Terraform's saved plan per target, and bundle.json, this file's format.
// `infrac ci apply` rebuilds the merged commit, refuses unless it renders the same bytes, and
// runs deliver/apply_steps.h. Kubernetes objects are listed by kind, name, file and phase, so
// no step reads YAML back.
// Tested by tests/unit/delivery_test.cpp and tests/cli/delivery_cli_test.cpp (end to end).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace infrac {

struct BundleObject {
  std::string api_version, kind, name, file;  // file: inside the target's kubernetes dir
  std::string phase;                          // infrac.dev/phase, or empty
  std::int64_t timeout_seconds = 0;           // a Job's activeDeadlineSeconds, or 0
};

enum class BundleStatus { Added, Changed, Removed };

struct BundleTarget {
  std::string id, env, service;  // id: env/service (env/_gateway for an API gateway)
  BundleStatus status = BundleStatus::Changed;
  bool gateway = false;
  // An environment's platform (env/_platform): applied before every service of the bundle,
  // its objects in the platform namespace (lower/platform_lower.h).
  bool platform = false;
  // The services this target calls (its dependencies, same environment): wave 1 applies a
  // callee's Terraform before its callers', so a Cloud Run caller's run.invoker grant on the
  // callee never precedes the callee's service.
  std::vector<std::string> calls;
  std::string terraform_dir;          // relative to the bundle's output/; empty: none
  std::string kubernetes_dir;         // relative to the bundle's output/; empty: none
  std::string context, ns, instance;  // Kubernetes targets: kube context, namespace, instance label
  std::vector<BundleObject> objects;  // Kubernetes targets, in kustomization order
};

struct Bundle {
  static constexpr int kVersion = 1;
  std::string head_commit;  // `git rev-parse HEAD` when the bundle was made (informational)
  std::string base_ref, base_commit;
  std::string image_tag;              // --image-tag the head was built with
  std::int64_t created_unix = 0;      // when the bundle was made
  bool terraform_planned = false;     // each terraform_dir holds infrac.tfplan
  std::vector<BundleTarget> targets;  // by id
};

inline constexpr const char* kBundleFile = "bundle.json";
inline constexpr const char* kBundleOutput = "output";  // the rendered files
inline constexpr const char* kSavedPlanFile = "infrac.tfplan";
inline constexpr const char* kPlanJsonFile = "plan.json";  // terraform show -json of it

std::string bundle_json(const Bundle& bundle);
// Nothing on a malformed or other-version file (error says what).
std::optional<Bundle> parse_bundle(const std::string& text, std::string& error);
std::string bundle_status_name(BundleStatus status);

}  // namespace infrac
