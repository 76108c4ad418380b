// Regions checked per cloud: a region the cloud lacks would be written into every provider
// block and state backend and fail only at `terraform init` or apply, far from the spec line.
// The lists are stdlib/clouds/<cloud>.yaml's `regions:`; a name in the other cloud's style
// (eu-west1 on AWS, eu-west-1 on Google Cloud) is translated before suggesting.
// Tested by tests/unit/quantity_test.cpp and tests/corpus/invalid/21*.
#pragma once

#include <string>
#include <string_view>

#include "base/diagnostic.h"
#include "resolve/model.h"
#include "spec/node.h"

namespace infrac {

// "did you mean 'europe-west1'?", or the empty string.
std::string region_suggestion(std::string_view region, Cloud cloud);
// spec.region, each environment's region and the state backend's: E0163 at the value.
bool check_regions(const Node& spec, Cloud cloud, Diagnostics& diagnostics);

}  // namespace infrac
