#include "hcl/inventory.h"

#include <algorithm>

#include "base/did_you_mean.h"
#include "base/fs.h"
#include "base/parallel.h"
#include "hcl/discover.h"
#include "hcl/reader.h"
#include "hcl/value.h"

namespace infrac {
namespace {

namespace fs = std::filesystem;

std::string shown(const fs::path& p, const fs::path& root) {
  std::string s = display_path(p, root);
  return s.empty() ? "." : s;
}

void list_items(TerraformInventory& inv, std::size_t index) {
  const TerraformFile& f = inv.files[index];
  for (const auto& b : f.model.body.blocks) {
    ++inv.blocks;
    InventoryItem item;
    item.directory = f.directory;
    item.file = index;
    item.block = &b;
    if (b.type == "resource" && b.labels.size() == 2) {
      item.kind = b.labels[0];
      item.name = b.labels[1];
      item.address = b.labels[0] + "." + b.labels[1];
    } else if (b.type == "data" && b.labels.size() == 2) {
      item.kind = "data." + b.labels[0];
      item.name = b.labels[1];
      item.address = "data." + b.labels[0] + "." + b.labels[1];
    } else if (b.type == "module" && b.labels.size() == 1) {
      item.kind = "module";
      item.name = b.labels[0];
      item.address = "module." + b.labels[0];
    } else if (b.type == "provider" && b.labels.size() == 1) {
      item.kind = "provider";
      item.name = b.labels[0];
      item.address = "provider." + b.labels[0];
      if (const Attribute* alias = b.body.attribute("alias")) {
        HclValue v = evaluate(alias->value);
        if (v.kind == HclValue::Kind::String) item.address += "." + v.text;
      }
    } else {
      continue;
    }
    inv.items.push_back(std::move(item));
  }
}

// module.NAME.OUTPUT references anywhere in an expression.
void module_references(const Expr& e, std::vector<const Expr*>& out) {
  if (e.kind == Expr::Kind::GetAttr && !e.parts.empty() && e.parts[0].kind == Expr::Kind::GetAttr &&
      !e.parts[0].parts.empty() && e.parts[0].parts[0].kind == Expr::Kind::Variable &&
      e.parts[0].parts[0].text == "module") {
    out.push_back(&e);
  }
  for (const auto& p : e.parts) module_references(p, out);
}

void body_references(const Body& body, std::vector<const Expr*>& out) {
  for (const auto& a : body.attributes) module_references(a.value, out);
  for (const auto& b : body.blocks) body_references(b.body, out);
}

}  // namespace

TerraformInventory read_terraform(const std::vector<fs::path>& paths, const fs::path& display_root,
                                  SourceFiles& files, Diagnostics& diagnostics, unsigned jobs) {
  TerraformInventory inv;
  Discovered found = find_tf_files(paths);
  for (const auto& e : found.errors) diagnostics.add(DiagCode::kHclUnreadable, {}, e);
  HclLimits limits;
  // Files get ids in sorted order before any parsing, so diagnostics sort the same every run.
  for (const auto& p : found.files) {
    TerraformFile f;
    f.path = shown(p, display_root);
    f.directory = shown(p.parent_path().empty() ? fs::path(".") : p.parent_path(), display_root);
    ReadResult r = read_text_file(p, limits.max_bytes);
    if (!r.text) {
      diagnostics.add(DiagCode::kHclUnreadable, {},
                      f.path + ": " + (r.too_large ? "larger than 4 MiB" : r.error));
      continue;
    }
    f.id = files.add(f.path, std::move(*r.text));
    inv.files.push_back(std::move(f));
  }
  parallel_for(inv.files.size(), jobs, [&](std::size_t i) {
    auto model = read_hcl(files, inv.files[i].id, diagnostics, limits);
    if (model) {
      inv.files[i].model = std::move(*model);
      inv.files[i].parsed = true;
    }
  });
  for (std::size_t i = 0; i < inv.files.size(); ++i) {
    if (inv.files[i].parsed) list_items(inv, i);
  }
  return inv;
}

void check_local_module_calls(const TerraformInventory& inv, const fs::path& display_root,
                              SourceFiles& files, Diagnostics& diagnostics) {
  std::map<std::string, std::shared_ptr<const ModuleInterface>> cache;
  // directory -> module name -> called interface
  std::map<std::string, std::map<std::string, std::shared_ptr<const ModuleInterface>>> called;
  for (const auto& item : inv.items) {
    if (item.kind != "module") continue;
    const Block& b = *item.block;
    const Attribute* source = b.body.attribute("source");
    if (!source) continue;
    HclValue s = evaluate(source->value);
    if (s.kind != HclValue::Kind::String) continue;
    if (s.text.rfind("./", 0) != 0 && s.text.rfind("../", 0) != 0) continue;  // remote: not here
    fs::path dir = (display_root / item.directory / s.text).lexically_normal();
    std::string key = dir.generic_string();
    auto it = cache.find(key);
    if (it == cache.end()) {
      auto iface = read_module_directory(key, shown(dir, display_root), files, diagnostics);
      if (!iface) {
        diagnostics.add(DiagCode::kModuleUnreadable, source->value.span.location,
                        "module " + item.name + ": no .tf files in " + s.text);
      }
      it = cache.emplace(key, iface).first;
    }
    if (!it->second) continue;
    const ModuleInterface& iface = *it->second;
    called[item.directory][item.name] = it->second;
    std::vector<CallArgument> arguments;
    for (const auto& a : b.body.attributes) {
      arguments.push_back({a.name, evaluate(a.value), a.name_span.location, a.value.span.location});
    }
    check_call(iface, arguments,
               {"module " + item.name + " (" + s.text + ")", "module " + item.name,
                "module " + item.name, "", b.type_span.location, false},
               diagnostics);
  }
  // References to outputs of those calls, from the same module directory.
  for (const auto& f : inv.files) {
    auto calls = called.find(f.directory);
    if (!f.parsed || calls == called.end()) continue;
    std::vector<const Expr*> refs;
    body_references(f.model.body, refs);
    for (const Expr* r : refs) {
      const std::string& module = r->parts[0].text;
      auto call = calls->second.find(module);
      if (call == calls->second.end() || call->second->output(r->text)) continue;
      std::vector<std::string_view> names;
      for (const auto& o : call->second->outputs) names.push_back(o.name);
      Diagnostic& d = diagnostics.add(DiagCode::kModuleInterface, r->span.location,
                                      "module " + module + " has no output '" + r->text + "'");
      d.help = did_you_mean(r->text, names);
    }
  }
}

}  // namespace infrac
