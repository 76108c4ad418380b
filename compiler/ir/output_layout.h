// Where a build's files go (spec-v1 "Outputs"), decided here and nowhere else:
// terraform/<env>/<service>/, kubernetes/<env>/<service>/, an environment's API gateway in
// terraform/<env>/_gateway/ (a name no service can take) and modules/<cloud>/.
// Tested by tests/unit/printers_test.cpp (layout) and tests/cli/build_test.cpp.
#pragma once

#include <string>
#include <vector>

namespace infrac {

// The service folder name the gateway targets use (env/_gateway).
inline constexpr const char* kGatewayService = "_gateway";
// The folder name of an environment's platform target (env/_platform): what the services of
// the environment rely on and no service owns (lower/platform_lower.h).
inline constexpr const char* kPlatformService = "_platform";

// Directories relative to the output root, without a trailing '/'. `target_id` is env/service.
std::string terraform_dir(const std::string& target_id);
std::string kubernetes_dir(const std::string& target_id);
// dashboards/<env>/<service>.json: the target's Grafana dashboard, for file provisioning
// (one file, not a folder: a first build's cost is mostly creating files and directories).
std::string dashboard_file(const std::string& target_id);
// argocd/<env>/<service>.yaml: the target's Argo CD Application (with spec.delivery.argocd);
// an app-of-apps reads argocd/<env>/.
std::string argocd_file(const std::string& target_id);
std::string gateway_dir(const std::string& env);
std::string modules_dir(const std::string& cloud);

// What a target owns: its kubernetes/ and terraform/ folders (ending in '/'), its dashboard
// file and its Argo CD Application.
std::vector<std::string> target_directories(const std::string& target_id);

}  // namespace infrac
