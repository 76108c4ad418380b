// A stable JSON dump of the meaning model (`--dump resolve`), for golden tests and for
// people who want to see what infrac understood.
#pragma once

#include <nlohmann/json.hpp>

#include <set>
#include <string>

#include "base/source_files.h"
#include "resolve/model.h"

namespace infrac {

// The targets in `selected` (ids), with the project.
nlohmann::ordered_json dump_model(const Model& model, const std::set<std::string>& selected,
                                  const SourceFiles& files);

}  // namespace infrac
