// The kubectl command lines behind `infrac logs`, `infrac exec` and `infrac status`: the
// cluster context and namespace come from infrac.yaml and the service's name, pods are found
// by the labels infrac put on them (ir/workload_labels.h), never by pod name. Pure functions;
// driver/cmd_operate.cpp decides what is allowed (production needs --confirm) and runs them.
// Tested by tests/unit/delivery_test.cpp and tests/cli/delivery_cli_test.cpp (a fake kubectl
// records the arguments).
#pragma once

#include <string>
#include <vector>

namespace infrac {

struct OperatorTarget {
  std::string kubectl = "kubectl";
  std::string context, ns, instance;  // instance: <service>-<env>
  std::string project;                // app.kubernetes.io/part-of
};

struct LogsRequest {
  std::string component;  // empty: every component
  bool follow = false;
  std::string since;
  int tail = 100;
};

std::vector<std::string> logs_argv(const OperatorTarget& t, const LogsRequest& r);
// `deployment`: the component's Deployment; `container`: its container (the component name).
std::vector<std::string> exec_argv(const OperatorTarget& t, const std::string& deployment,
                                   const std::string& container,
                                   const std::vector<std::string>& command, bool tty);
// Without a namespace: every service of the project in the cluster.
std::vector<std::string> status_argv(const OperatorTarget& t);

}  // namespace infrac
