#include "deliver/operator_commands.h"

#include "ir/workload_labels.h"

namespace infrac {
namespace {

std::vector<std::string> base(const OperatorTarget& t) {
  std::vector<std::string> argv = {t.kubectl, "--context", t.context};
  if (!t.ns.empty()) argv.insert(argv.end(), {"--namespace", t.ns});
  return argv;
}

}  // namespace

std::vector<std::string> logs_argv(const OperatorTarget& t, const LogsRequest& r) {
  std::vector<std::string> argv = base(t);
  std::string selector = std::string(kInstanceLabel) + "=" + t.instance;
  if (!r.component.empty()) selector += std::string(",") + kComponentNameLabel + "=" + r.component;
  // Every pod the selector finds, each line prefixed with its pod and container.
  argv.insert(argv.end(), {"logs", "--selector", selector, "--all-containers", "--prefix",
                           "--max-log-requests=20", "--tail=" + std::to_string(r.tail)});
  if (!r.since.empty()) argv.push_back("--since=" + r.since);
  if (r.follow) argv.push_back("--follow");
  return argv;
}

std::vector<std::string> exec_argv(const OperatorTarget& t, const std::string& deployment,
                                   const std::string& container,
                                   const std::vector<std::string>& command, bool tty) {
  std::vector<std::string> argv = base(t);
  // kubectl picks one running pod of the Deployment itself.
  argv.insert(argv.end(), {"exec", "--stdin"});
  if (tty) argv.push_back("--tty");
  argv.insert(argv.end(), {"deployment/" + deployment, "--container", container, "--"});
  argv.insert(argv.end(), command.begin(), command.end());
  return argv;
}

std::vector<std::string> status_argv(const OperatorTarget& t) {
  std::vector<std::string> argv = base(t);
  argv.insert(argv.end(), {"get", "deployments,cronjobs,jobs,pods", "--output", "wide"});
  if (t.ns.empty()) {
    argv.insert(argv.end(), {"--all-namespaces", "--selector",
                             std::string("app.kubernetes.io/part-of=") + t.project + "," +
                                 kManagedByLabel + "=infrac"});
  } else {
    argv.insert(argv.end(), {"--selector", std::string(kInstanceLabel) + "=" + t.instance});
  }
  return argv;
}

}  // namespace infrac
