#include "plan/access_risks.h"

#include <array>
#include <string_view>

namespace infrac {
namespace {

// The workload-identity modules' arguments that grant something (modules/*/workload-identity).
constexpr auto kGrantLists = std::to_array<std::string_view>(
    {"bucket_arns", "queue_arns", "secret_arns", "database_connect_arns", "publish_queue_arns",
     "extra_statements", "bucket_names", "topic_names", "subscription_names", "sql_instance_names",
     "secret_ids", "extra_project_roles"});

struct Grant {
  std::string list, value;
  Location origin;
};

bool grant_list(std::string_view list) {
  for (auto g : kGrantLists)
    if (g == list) return true;
  return false;
}

// A base reference through the head's moved {} blocks: module.database.arn -> module.db.arn.
std::string moved(const std::string& value, const std::map<std::string, std::string>& moves) {
  for (const auto& [from, to] : moves) {
    if (value.rfind(from + ".", 0) == 0) return to + value.substr(from.size());
  }
  return value;
}

// The top-level elements of the grant lists, by list and value (list identity: by value).
std::map<std::string, Grant> grants_of(const Item& item,
                                       const std::map<std::string, std::string>& moves = {}) {
  std::map<std::string, Grant> out;
  for (const auto& [path, value] : item.elements) {
    std::size_t open = path.find('[');
    if (open == std::string::npos || path.find(']') != path.size() - 1) continue;
    std::string list = path.substr(0, open);
    if (!grant_list(list)) continue;
    Location at;
    for (auto leaf = item.leaves.lower_bound(path);
         leaf != item.leaves.end() && leaf->first.rfind(path, 0) == 0 && !at.known(); ++leaf)
      at = leaf->second.origin;
    std::string now = moved(value, moves);
    out[list + "[" + now + "]"] = {list, now, at};
  }
  return out;
}

// module.cache.secret_arn -> cache
std::string module_name(const std::string& value) {
  std::size_t dot = value.find('.', 7);
  return value.substr(7, dot == std::string::npos ? std::string::npos : dot - 7);
}

std::string granted_thing(const Grant& g) {
  bool module = g.value.rfind("module.", 0) == 0;
  std::string name = module ? module_name(g.value) : g.value;
  if (g.list == "secret_arns") {
    if (module) return "the connection secret of datastore " + name;
    std::size_t at = g.value.find(":secret:");
    std::string key = at == std::string::npos ? g.value : g.value.substr(at + 8);
    if (key.ends_with("-??????")) key.resize(key.size() - 7);
    return "secret " + key;
  }
  if (g.list == "secret_ids") return "secret " + name;
  if (g.list == "bucket_arns" || g.list == "bucket_names") return "bucket " + name;
  if (g.list == "queue_arns") return "queue " + name;
  if (g.list == "publish_queue_arns") return "sending to queue " + name.substr(name.rfind(':') + 1);
  if (g.list == "database_connect_arns") return "IAM login to database " + name;
  if (g.list == "topic_names") return "topic " + name;
  if (g.list == "subscription_names") return "subscription " + name;
  if (g.list == "sql_instance_names") return "Cloud SQL instance " + name;
  if (g.list == "extra_project_roles") return "project role " + name;
  return "the spec.iam grant " + g.value;
}

// The claim's object: the list and the element's value, as the module call writes it.
RiskClaim claim(const std::string& address, const Grant& g, const char* change) {
  return {"access", address, g.list + "[" + g.value + "]", change};
}

void identity_risks(TargetPlan& tp, const RiskInputs& in, const std::string& address,
                    const Item& before, const Item& after) {
  auto was = grants_of(before, in.moves), now = grants_of(after);
  for (const auto& [path, g] : was) {
    if (now.count(path)) continue;
    tp.risks.push_back({RiskLevel::Danger,
                        "the identity of " + tp.target + " loses access to " + granted_thing(g) +
                            cited(in, g.origin, Side::Base, "asked for at") +
                            ": pods that still use it are denied",
                        in.cite(g.origin, Side::Base),
                        {claim(address, g, "lost")}});
  }
  for (const auto& [path, g] : now) {
    if (was.count(path)) continue;
    tp.risks.push_back({RiskLevel::Warning,
                        "the identity of " + tp.target + " gains access to " + granted_thing(g) +
                            cited(in, g.origin, Side::Head, "asked for at"),
                        in.cite(g.origin, Side::Head),
                        {claim(address, g, "gained")}});
  }
}

// Cloud Run: a caller's right to invoke a callee is an IAM member on the callee's service
// (roles/run.invoker), not an argument of the identity module.
void invoker_risks(TargetPlan& tp, const RiskInputs& in) {
  auto invokers = [](const Items& items) {
    std::map<std::string, const Item*> out;
    for (const auto& [address, item] : items)
      if (item.kind == "google_cloud_run_v2_service_iam_member") out[address] = &item;
    return out;
  };
  auto was = invokers(in.tf_before), now = invokers(in.tf_after);
  auto callee = [](const Item* item) {
    auto it = item->leaves.find("name");
    return it == item->leaves.end() ? std::string("a service") : it->second.value;
  };
  for (const auto& [address, item] : was) {
    if (now.count(address)) continue;
    tp.risks.push_back({RiskLevel::Danger,
                        "the identity of " + tp.target +
                            " may no longer invoke Cloud Run service " + callee(item) +
                            cited(in, item->origin, Side::Base, "asked for at") +
                            ": its calls get 403",
                        in.cite(item->origin, Side::Base),
                        {{"access", address, "roles/run.invoker", "lost"}}});
  }
  for (const auto& [address, item] : now) {
    if (was.count(address)) continue;
    tp.risks.push_back({RiskLevel::Warning,
                        "the identity of " + tp.target + " may now invoke Cloud Run service " +
                            callee(item) + cited(in, item->origin, Side::Head, "asked for at"),
                        in.cite(item->origin, Side::Head),
                        {{"access", address, "roles/run.invoker", "gained"}}});
  }
}

}  // namespace

void add_access_risks(TargetPlan& tp, const RiskInputs& in) {
  if (in.base && in.head) invoker_risks(tp, in);
  for (const auto& [address, after] : in.tf_after) {
    if (!after.kind.ends_with("/workload-identity")) continue;
    auto before = in.tf_before.find(address);
    if (before == in.tf_before.end()) continue;
    identity_risks(tp, in, address, before->second, after);
  }
}

}  // namespace infrac
