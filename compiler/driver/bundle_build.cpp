#include "driver/bundle_build.h"

#include <fstream>
#include <set>
#include <sstream>

#include "base/process.h"
#include "driver/cli_host.h"
#include "driver/plan_run.h"
#include "ir/output_layout.h"
#include "ir/workload_labels.h"
#include "pipeline/compile.h"
#include "report/diagnostic_render.h"

namespace infrac {
namespace fs = std::filesystem;

namespace {

bool owned_by(const std::string& path, const std::string& target_id) {
  for (const auto& prefix : target_directories(target_id)) {
    if (path == prefix || (prefix.back() == '/' && path.rfind(prefix, 0) == 0)) return true;
  }
  return false;
}

std::vector<BundleObject> bundle_objects(const TargetOutput& ir) {
  std::vector<BundleObject> out;
  for (const auto& o : ir.kubernetes) {
    BundleObject b{o.api_version, o.kind, o.name, o.file_name(), "", 0};
    if (const KValue* phase = o.label(kPhaseLabel)) b.phase = phase->text;
    if (const KValue* spec = o.body.find("spec")) {
      if (const KValue* deadline = spec->find("activeDeadlineSeconds"))
        b.timeout_seconds = deadline->integer;
    }
    out.push_back(std::move(b));
  }
  return out;
}

// The head, built as CI deploys it: with the image tag, only the targets the change touches.
std::unique_ptr<Compilation> build_head(const CommonOptions& options, const fs::path& root,
                                        const std::set<std::string>& ids,
                                        const std::string& image_tag, Io io) {
  CompileOptions o;
  o.host = cli_host();
  o.root = root;
  o.jobs = options.jobs;
  o.stop_after = Stage::Emit;
  o.keep_targets = true;
  o.always_gateways = true;
  o.judge_unselected = true;
  o.lower.image_tag = image_tag;
  o.select = [&ids](const Model&, const Target& t) { return ids.count(t.id()) > 0; };
  auto c = compile(o);
  bool ok = c->model.has_value();
  for (const auto& d : c->diagnostics.sorted(c->files)) {
    if (d.severity != Severity::Error) continue;
    ok = false;
    io.err << render_text(d, c->files, TextStyle{io.color});
  }
  if (!ok) return nullptr;
  return c;
}

void add_repository_modules(const Compilation& c, BuiltBundle& out) {
  fs::path dir = repository_module_dir(c.model->project, c.root);
  if (dir.empty() || !fs::is_directory(dir)) return;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (!e.is_regular_file()) continue;
    std::ifstream in(e.path(), std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    out.files[e.path().lexically_relative(c.root).generic_string()] = text.str();
  }
}

void add_target(const TargetPlan& t, const Compilation& from, BuiltBundle& out) {
  const Project& project = from.model->project;
  BundleTarget b;
  b.id = t.target;
  b.env = t.env;
  b.service = t.service;
  b.status = t.status == TargetStatus::Added     ? BundleStatus::Added
             : t.status == TargetStatus::Removed ? BundleStatus::Removed
                                                 : BundleStatus::Changed;
  b.gateway = t.service == kGatewayService;
  b.platform = t.service == kPlatformService;
  b.calls = t.dependencies;
  std::string tf = terraform_dir(t.target) + "/", k8s = kubernetes_dir(t.target) + "/";
  for (const auto& f : from.output) {
    if (!owned_by(f.path, t.target)) continue;
    out.files[project.output + "/" + f.path] = f.contents;
    if (f.path.rfind(tf, 0) == 0) b.terraform_dir = project.output + "/" + terraform_dir(t.target);
    if (f.path.rfind(k8s, 0) == 0)
      b.kubernetes_dir = project.output + "/" + kubernetes_dir(t.target);
  }
  if (!b.kubernetes_dir.empty()) {
    const Environment* env = project.environment(t.env);
    b.context = env ? env->context : "";
    b.ns = b.platform ? kPlatformNamespace : t.service;
    b.instance = b.ns + "-" + t.env;
    auto ir = from.target_irs.find(t.target);
    if (ir != from.target_irs.end()) b.objects = bundle_objects(ir->second);
    for (const auto& p : from.platforms)
      if (b.platform && p.env == t.env) b.objects = bundle_objects(p);
  }
  out.bundle.targets.push_back(std::move(b));
}

}  // namespace

std::string git_commit(const std::string& root, const std::string& ref) {
  ProcessOptions o;
  o.capture_stdout = true;
  ProcessResult r =
      run_process({"git", "-C", root, "rev-parse", "--verify", "--quiet", ref + "^{commit}"}, o);
  return r.exit_code == 0 ? r.text() : std::string();
}

std::optional<BuiltBundle> build_bundle(const CommonOptions& options, const std::string& base_ref,
                                        const std::string& image_tag, bool& usage_error, Io io) {
  Side base, head;
  auto plan = make_plan(options, base_ref, "", base, head, usage_error, io);
  if (!plan) return std::nullopt;
  // A change the plan refuses (a major upgrade without major_upgrade: true) is never bundled.
  bool blocked = false;
  for (const auto& t : plan->targets) {
    for (const auto& r : t.risks) {
      if (r.level != RiskLevel::Blocked) continue;
      io.err << "infrac: error: " << r.message << "\n";
      blocked = true;
    }
  }
  if (blocked) return std::nullopt;
  std::set<std::string> live;
  for (const auto& t : plan->targets) {
    if (t.status == TargetStatus::Added || t.status == TargetStatus::Changed) live.insert(t.target);
  }
  auto built = build_head(options, head.root, live, image_tag, io);
  if (!built) return std::nullopt;
  BuiltBundle out;
  for (const auto& t : plan->targets) {
    if (t.status == TargetStatus::Unchanged) continue;
    add_target(t, t.status == TargetStatus::Removed ? *base.compilation : *built, out);
  }
  // Modules the root modules call by relative path: infrac's (in the output) and the
  // repository's own. A removed target's may exist only in the base.
  for (const Compilation* c : {built.get(), base.compilation.get()}) {
    for (const auto& f : c->output) {
      if (f.path.rfind("modules/", 0) == 0)
        out.files.emplace(c->model->project.output + "/" + f.path, f.contents);
    }
    add_repository_modules(*c, out);
  }
  std::string root = head.root.string();
  out.bundle.head_commit = git_commit(root, "HEAD");
  out.bundle.base_ref = base_ref;
  out.bundle.base_commit = git_commit(root, base_ref);
  out.bundle.image_tag = image_tag;
  return out;
}

}  // namespace infrac
