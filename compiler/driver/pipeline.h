// The pipeline as one ordered table of stages (load -> resolve -> ...). Commands run it up to
// the stage they need; `--stop-after STAGE` and `--dump STAGE` come from the same table.
// Tested by tests/unit/pipeline_test.cpp and the golden tests.
#pragma once

#include <deque>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostic.h"
#include "base/source_files.h"
#include "emit/layout.h"
#include "lower/lower.h"
#include "policy/policy.h"
#include "resolve/model.h"
#include "spec/repository.h"

namespace infrac {

enum class Stage { Load, Resolve, Lower, Policy, Emit };

struct StageInfo {
  Stage stage;
  std::string_view name;
  std::string_view does;
};
const std::vector<StageInfo>& stages();
std::optional<Stage> stage_named(std::string_view name);

struct CompileOptions {
  std::filesystem::path root;
  unsigned jobs = 0;  // 0: one per core
  Stage stop_after = Stage::Resolve;
  std::vector<std::string> envs;      // empty: every environment
  std::vector<std::string> services;  // empty: every service
  YamlLimits limits;
  LowerOptions lower;
  std::filesystem::path output_dir;  // absolute; empty: <root>/<project output>
  bool keep_targets = false;         // keep the target IRs after emit (plan diffs them)
  // After resolve (which always sees every service): which targets go on to lower and emit.
  std::function<bool(const Target&)> select;
  int today = 0;  // for exceptions' expiry; 0: the system clock (INFRAC_NOW)
};

struct Compilation {
  SourceFiles files;
  ModuleInterfaces module_interfaces;  // of the modules generated calls use
  Diagnostics diagnostics;
  LoadedRepository repository;
  std::optional<Model> model;         // set when resolve ran without errors
  std::vector<TargetOutput> targets;  // lower (or keep_targets): one per target, model order
  PolicySet policies;                 // the packs and exceptions the project uses
  std::vector<Finding> findings;      // policy: sorted; waived ones included, marked
  std::deque<PolicyException> inline_waivers;  // check --terraform: waivers in .tf comments
  std::vector<OutputFile> output;     // emit: every file of the build, in path order
  std::filesystem::path output_dir;   // where the build writes (absolute)
};

std::unique_ptr<Compilation> compile(const CompileOptions& options);

// How generated module calls name their source, from the project's terraform.modules:
// infrac's own modules (copied into the output), a path in the repository, or a template.
std::string module_source(const Project& project, const std::filesystem::path& root,
                          const std::filesystem::path& output_dir);

}  // namespace infrac
