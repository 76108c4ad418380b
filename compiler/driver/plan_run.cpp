#include "driver/plan_run.h"

#include <sstream>

#include "driver/cli_host.h"
#include "pipeline/plan_sides.h"
#include "report/diagnostic_render.h"
#include "spec/repository.h"

namespace infrac {
namespace {

bool report_errors(const Side& side, const std::string& label, Io io) {
  auto diagnostics = side.compilation->diagnostics.sorted(side.compilation->files);
  bool errors = false;
  for (const auto& d : diagnostics) {
    if (d.severity != Severity::Error) continue;
    errors = true;
    io.err << label << ": " << render_text(d, side.compilation->files, TextStyle{io.color});
  }
  return !errors && side.compilation->model;
}

bool export_side(const std::filesystem::path& root, const std::string& flag, const std::string& ref,
                 Side& side, Io io) {
  side.exported = export_ref(cli_host(), root, ref);
  if (!side.exported.error.empty()) {
    io.err << "infrac: error: " << flag << " " << ref << ": " << side.exported.error << "\n";
    return false;
  }
  side.root = side.exported.directory;
  return true;
}

}  // namespace

std::optional<std::filesystem::path> require_root(const CommonOptions& options, Io io) {
  auto root = repository_root(options.root);
  if (!root) {
    io.err << "infrac: error[E0016]: no infrac.yaml found\nhelp: run infrac inside a repository, "
              "or pass --root DIR\n";
    return std::nullopt;
  }
  return root;
}

std::optional<Plan> make_plan(const CommonOptions& options, const std::string& base_ref,
                              const std::string& head_ref, Side& base, Side& head,
                              bool& usage_error, Io io) {
  auto root = require_root(options, io);
  if (!root || !export_side(*root, "--base", base_ref, base, io)) return std::nullopt;
  head.root = *root;
  if (!head_ref.empty() && !export_side(*root, "--head", head_ref, head, io)) return std::nullopt;
  PlanSidesOptions sides_options{base.root,        head.root,    options.envs,
                                 options.services, options.jobs, cli_host()};
  PlanSides sides = compile_plan_sides(sides_options);
  base.compilation = std::move(sides.base);
  head.compilation = std::move(sides.head);
  if (!sides.filter_error.empty()) {
    io.err << "infrac: error: " << sides.filter_error << "\n";
    usage_error = true;
    return std::nullopt;
  }
  std::ostringstream base_err, head_err;
  bool base_ok =
      report_errors(base, "base " + base_ref, Io{io.out, base_err, io.color, io.out_color});
  bool head_ok = report_errors(head, head_ref.empty() ? "head" : "head " + head_ref,
                               Io{io.out, head_err, io.color, io.out_color});
  io.err << base_err.str() << head_err.str();
  if (!base_ok) {
    io.err << "infrac: error: the base (" << base_ref << ") does not compile; fix it there first\n";
    return std::nullopt;
  }
  if (!head_ok) return std::nullopt;
  return diff_sides({plan_side(*base.compilation), plan_side(*head.compilation),
                     std::move(sides.changed_inputs)});
}

}  // namespace infrac
