#include "pipeline/extras_load.h"

#include <algorithm>

#include "base/fs.h"
#include "hcl/format.h"
#include "hcl/reader.h"
#include "resolve/own_terraform_types.h"
#include "resolve/stdlib.h"

namespace infrac {
namespace {

// The regular files of `dir` ending in `extension`, by name; none when there is no such
// directory. Anything else there (a patch saved as .yml, a folder) is E0150 at the file:
// never silently skipped. Hidden files (.gitkeep) are left alone.
std::vector<std::filesystem::path> files_in(Inputs& inputs, const std::filesystem::path& dir,
                                            const std::string& extension,
                                            const std::string& display_dir, Location service_at,
                                            std::size_t max_bytes, SourceFiles& files,
                                            Diagnostics& diagnostics) {
  std::vector<std::filesystem::path> out;
  for (const auto& e : inputs.list(dir)) {
    if (e.is_file && e.path.extension() == extension) {
      out.push_back(e.path);
      continue;
    }
    if (e.name.starts_with(".")) continue;
    std::string path = display_dir + "/" + e.name;
    Location at = service_at;
    if (e.is_file) {
      ReadResult r = inputs.read(e.path, max_bytes);
      if (r.text) at = Location{files.add(path, std::move(*r.text)), 1, 1, 1};
    }
    diagnostics
        .add(DiagCode::kEscapeInvalid, at,
             path + (e.is_file ? " is not a " + extension + " file" : " is not a file") +
                 ": infrac reads only " + display_dir + "/*" + extension)
        .help = e.is_file ? "rename it to " + e.path.stem().string() + extension +
                                " if it belongs there, or move it out of " + display_dir + "/"
                          : "put the files directly in " + display_dir + "/";
  }
  return out;
}

std::optional<ExtraFile> read_extra(Inputs& inputs, const std::string& service,
                                    const std::string& folder, const std::filesystem::path& path,
                                    std::size_t max_bytes, Location service_at, SourceFiles& files,
                                    Diagnostics& diagnostics) {
  ExtraFile f;
  f.name = path.filename().string();
  f.path = "services/" + service + "/" + folder + "/" + f.name;
  ReadResult r = inputs.read(inputs.root() / f.path, max_bytes);
  if (!r.text) {
    diagnostics.add(
        DiagCode::kEscapeInvalid, service_at,
        "cannot read " + f.path + ": " +
            (r.too_large ? "larger than " + std::to_string(max_bytes) + " bytes" : r.error));
    return std::nullopt;
  }
  f.text = *r.text;
  f.file = files.add(f.path, std::move(*r.text));
  return f;
}

}  // namespace

ExtrasByService load_service_extras(Model& model, Inputs& inputs, const YamlLimits& limits,
                                    SourceFiles& files, Diagnostics& diagnostics) {
  ExtrasByService out;
  const OwnTerraformTypes types = own_terraform_types(model.project);
  for (const auto& s : model.services) {
    ServiceExtras extras;
    std::filesystem::path dir = inputs.root() / "services" / s.name;
    std::string shown = "services/" + s.name;
    for (const auto& p : files_in(inputs, dir / "terraform", ".tf", shown + "/terraform",
                                  s.name_location, limits.max_file_bytes, files, diagnostics)) {
      auto f = read_extra(inputs, s.name, "terraform", p, limits.max_file_bytes, s.name_location,
                          files, diagnostics);
      if (!f) continue;
      if (std::find(stdlib().generated_terraform_files.begin(),
                    stdlib().generated_terraform_files.end(),
                    f->name) != stdlib().generated_terraform_files.end()) {
        diagnostics
            .add(DiagCode::kReservedName, Location{f->file, 1, 1, 1},
                 f->path + " has the name of a file infrac writes in every root module")
            .help =
            "rename it after what it holds, such as dns.tf; infrac writes main.tf, "
            "backend.tf, outputs.tf, providers.tf and versions.tf";
        continue;
      }
      // Terraform merges override files into the blocks of the other files
      // (https://developer.hashicorp.com/terraform/language/files/override): one could change
      // any generated resource, grant or backend, so a service's own Terraform may only add.
      if (f->name == "override.tf" || f->name.ends_with("_override.tf")) {
        diagnostics
            .add(DiagCode::kOwnTerraformClash, Location{f->file, 1, 1, 1},
                 f->path +
                     " is a Terraform override file: it would change the resources "
                     "infrac generates instead of adding to them")
            .help =
            "rename it after what it adds, such as audit.tf, and declare resources of "
            "its own; generated resources change through the spec";
        continue;
      }
      auto hcl = read_hcl(files, f->file, diagnostics);
      if (!hcl) continue;
      f->declarations = declarations_of(*hcl, types);
      // Written in terraform fmt form, like every file infrac emits.
      if (auto formatted = format_hcl(f->text)) f->text = std::move(*formatted);
      extras.terraform.push_back(std::move(*f));
    }
    for (const auto& p : files_in(inputs, dir / "patches", ".yaml", shown + "/patches",
                                  s.name_location, limits.max_file_bytes, files, diagnostics)) {
      auto f = read_extra(inputs, s.name, "patches", p, limits.max_file_bytes, s.name_location,
                          files, diagnostics);
      if (!f) continue;
      f->root = load_yaml(f->file, *files.get(f->file), diagnostics, limits);
      if (f->root) extras.patches.push_back(std::move(*f));
    }
    if (extras.terraform.empty() && extras.patches.empty()) continue;
    for (auto& t : model.targets) {
      if (t.service != s.name) continue;
      t.extra_terraform.clear();
      t.kubernetes_patches.clear();
      for (const auto& f : extras.terraform) t.extra_terraform.push_back("terraform/" + f.name);
      for (const auto& f : extras.patches) t.kubernetes_patches.push_back("patches/" + f.name);
    }
    out.emplace(s.name, std::move(extras));
  }
  return out;
}

}  // namespace infrac
