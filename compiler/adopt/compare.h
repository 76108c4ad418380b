// After `infrac import` has drafted specs, it builds them and compares, object by object,
// what it built with what it read: each difference is explained by a field the import listed
// as not carried, or by what infrac derives itself (derived_reason), or it is unexplained.
// Objects are matched by kind and name (namespaces differ by design: infrac puts a service in
// its own). Tested by tests/cli/import_test.cpp.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "adopt/import_specs.h"
#include "adopt/manifests.h"
#include "ir/k8s_ir.h"

namespace infrac {

struct Difference {
  std::string path;
  // "not carried: ...", "written differently: ...", "infrac derives: ...", or "unexplained"
  std::string explanation;
};

struct ObjectComparison {
  std::string object;                   // Kind/name
  std::string status;                   // same | differs | not built | added by infrac
  std::string explanation;              // for not built and added by infrac
  std::vector<Difference> differences;  // differs: by path
  bool unexplained() const;
};

// `built_as`: the Kind/name infrac builds an input object under, when that is not its own
// (a workload is named <service>-<component>).
std::vector<ObjectComparison> compare_objects(const std::vector<const Manifest*>& inputs,
                                              const std::vector<KObject>& built,
                                              const std::vector<NotCarried>& not_carried,
                                              const std::vector<Rename>& renames,
                                              const std::map<std::string, std::string>& built_as);

}  // namespace infrac
