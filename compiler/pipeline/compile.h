// The compiler as a library: compile() runs the stages of stages.h over a repository and
// returns everything later steps read (diagnostics, the model, findings, target IRs keyed by
// target id, the printed files). Nothing here prints or writes; driver/ is a CLI over it.
// Tested by tests/unit/golden_test.cpp (--dump resolve), tests/unit/stage_corpus_test.cpp,
// tests/cli/commands_test.cpp (--stop-after, --env/--service) and the differential test.
#pragma once

#include <deque>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostic.h"
#include "base/host.h"
#include "base/inputs.h"
#include "base/source_files.h"
#include "hcl/module_interface.h"
#include "ir/target_output.h"
#include "lower/lower.h"
#include "pipeline/openapi_load.h"
#include "pipeline/stages.h"
#include "policy/policy.h"
#include "resolve/model.h"
#include "spec/repository.h"

namespace infrac {

struct Compilation;

// Where emit hands each target's files when the whole output need not stay in memory (a build
// streams them to the output tree's staging area). open() is called once, before any add().
struct OutputSink {
  virtual ~OutputSink() = default;
  virtual void open(const Compilation& c) = 0;          // c.output_dir and the selected model
  virtual void add(std::vector<OutputFile> files) = 0;  // from many threads
};

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
  // Emit into this sink instead of Compilation::output (memory stays flat in the number of
  // targets); null: every file is kept in `output`.
  OutputSink* sink = nullptr;
  // After resolve (which always sees every service): which targets go on to lower and emit,
  // within the --env/--service filters. Selection is a view: the model keeps every target,
  // so facts across services (public hosts, unique claims, queue owners) see them all.
  std::function<bool(const Model&, const Target&)> select;
  // The environments' API gateways see every public Cloud Run service, so by default only a
  // build of the whole repository lowers them; a plan asks for them on every run.
  bool always_gateways = false;
  // Findings of the targets not compiled are kept too (an incremental build reports the
  // verdict of the whole repository); otherwise only their claims across services count.
  bool judge_unselected = false;
  // Keep every target's service-rule verdict in Compilation::judgements (a build records them,
  // policy/judgement_record.h); and the last build's, replayed for the targets not compiled
  // when Compilation::cross_digest equals replay_digest (an incremental build).
  bool record_judgements = false;
  const std::map<std::string, std::string>* replay_judgements = nullptr;
  std::string replay_digest;
  // The world the compile reads (base/host.h): its files through Inputs, today's date for
  // exceptions' expiry, the cache folder from its environment. The driver passes its own
  // (driver/cli_host.h); the default, the real machine, serves callers that compile in-process.
  Host host = real_host();
  // --env/--service must name what exists; a plan checks them against both sides instead
  // (a service added by the change is not in the base).
  bool check_filters = true;
  // Specs parsed before are read back from infrac's cache folder (spec/spec_cache.h): the
  // command line's compiles; tests that compile in-process parse every file.
  bool spec_cache = false;
};

struct Compilation {
  std::filesystem::path root;  // the repository compiled (absolute)
  // Every file and folder the run read (base/inputs.h): the build cache and the plan's
  // changed inputs are exactly this. Reads through CompileOptions::host, kept as inputs.host().
  Inputs inputs;
  SourceFiles files;
  ModuleInterfaces module_interfaces;  // of the modules generated calls use
  Diagnostics diagnostics;
  LoadedRepository repository;
  std::optional<Model> model;  // set when resolve ran without errors; every target, always
  // Target ids (env/service) the --env/--service filters select, and of those the ones lowered
  // and emitted (`select`). Nothing outside them is printed as this run's output.
  std::set<std::string> selected, compiled;
  ExtrasByService extras;    // each service's own .tf files and patches
  OpenApiDocuments openapi;  // Cloud Run services' OpenAPI documents, by path
  bool is_selected(const Target& t) const { return selected.count(t.id()) > 0; }
  // keep_targets (or --stop-after lower): each compiled target's IR by target id (env/service),
  // and the gateways' by environment. Never indexed in parallel with the model's targets.
  std::map<std::string, TargetOutput> target_irs;
  std::vector<GatewayOutput> gateways;
  // Each environment's platform (lower/platform_lower.h), lowered when the gateways are, by
  // environment; its service is kPlatformService.
  std::vector<TargetOutput> platforms;
  PolicySet policies;             // the packs and exceptions the project uses
  std::vector<Finding> findings;  // policy: sorted; waived ones included, marked
  // record_judgements: each target's service-rule verdict (encode_judgement), by target id, and
  // the digest of what those rules read across services; `replayed`: verdicts taken from the
  // last build instead of judged.
  std::map<std::string, std::string> judgements;
  std::string cross_digest;
  std::size_t replayed = 0;
  std::deque<PolicyException> inline_waivers;  // check --terraform: waivers in .tf comments
  std::vector<OutputFile> output;    // emit without a sink: every file of the build, in path order
  std::filesystem::path output_dir;  // where the build writes (absolute)
  // --env/--service naming an environment or service that does not exist: nothing was
  // resolved (usage error, exit 2).
  std::string filter_error;
};

std::unique_ptr<Compilation> compile(const CompileOptions& options);

// compile() in two halves, for callers that choose the targets from resolved models (plan
// resolves base and head, then compiles the union of what the change reaches on either side).
// compile_front loads and resolves, and reads every other input (modules, service extras,
// OpenAPI documents, policy packs), so its Inputs record is complete before anything is
// selected. compile_back lowers and emits the targets `options.select` picks.
std::unique_ptr<Compilation> compile_front(const CompileOptions& options);
void compile_back(Compilation& c, const CompileOptions& options);

// How generated module calls name their source, from the project's terraform.modules:
// infrac's own modules (copied into the output), a path in the repository, or a template.
std::string module_source(const Project& project, const std::filesystem::path& root,
                          const std::filesystem::path& output_dir);
// The repository folder of the project's own modules (terraform.modules is a path), or empty.
std::filesystem::path repository_module_dir(const Project& project,
                                            const std::filesystem::path& root);

}  // namespace infrac
