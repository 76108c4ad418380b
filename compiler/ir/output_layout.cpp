#include "ir/output_layout.h"

namespace infrac {

std::string terraform_dir(const std::string& target_id) {
  return "terraform/" + target_id;
}

std::string kubernetes_dir(const std::string& target_id) {
  return "kubernetes/" + target_id;
}

std::string dashboard_file(const std::string& target_id) {
  return "dashboards/" + target_id + ".json";
}

std::string argocd_file(const std::string& target_id) {
  return "argocd/" + target_id + ".yaml";
}

std::string gateway_dir(const std::string& env) {
  return terraform_dir(env + "/" + kGatewayService);
}

std::string modules_dir(const std::string& cloud) {
  return "modules/" + cloud;
}

std::vector<std::string> target_directories(const std::string& target_id) {
  return {argocd_file(target_id), dashboard_file(target_id), kubernetes_dir(target_id) + "/",
          terraform_dir(target_id) + "/"};
}

}  // namespace infrac
