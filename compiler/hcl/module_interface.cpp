#include "hcl/module_interface.h"

#include <algorithm>
#include <filesystem>
#include <mutex>

#include "base/did_you_mean.h"
#include "base/embedded.h"
#include "base/fs.h"
#include "hcl/reader.h"

namespace infrac {
namespace {

using TK = TypeConstraint::Kind;

std::string attribute_text(const Body& body, std::string_view name) {
  const Attribute* a = body.attribute(name);
  if (!a) return {};
  HclValue v = evaluate(a->value);
  return v.kind == HclValue::Kind::String ? v.text : std::string();
}

}  // namespace

TypeConstraint parse_type(const Expr& e) {
  TypeConstraint t;
  if (e.kind == Expr::Kind::Variable) {
    if (e.text == "string") t.kind = TK::String;
    if (e.text == "number") t.kind = TK::Number;
    if (e.text == "bool") t.kind = TK::Bool;
    if (e.text == "list") t.kind = TK::List, t.elements.push_back({});
    if (e.text == "set") t.kind = TK::Set, t.elements.push_back({});
    if (e.text == "map") t.kind = TK::Map, t.elements.push_back({});
    return t;
  }
  if (e.kind == Expr::Kind::Template && e.parts.size() == 1 &&
      e.parts[0].kind == Expr::Kind::Literal) {  // legacy "string", "list", "map"
    Expr bare;
    bare.kind = Expr::Kind::Variable;
    bare.text = e.parts[0].text;
    return parse_type(bare);
  }
  if (e.kind != Expr::Kind::Call || e.parts.empty()) return t;
  const Expr& arg = e.parts[0];
  if (e.text == "list" || e.text == "set" || e.text == "map") {
    t.kind = e.text == "list" ? TK::List : e.text == "set" ? TK::Set : TK::Map;
    t.elements.push_back(parse_type(arg));
  } else if (e.text == "tuple" && arg.kind == Expr::Kind::Tuple) {
    t.kind = TK::Tuple;
    for (const auto& item : arg.parts) t.elements.push_back(parse_type(item));
  } else if (e.text == "object" && arg.kind == Expr::Kind::Object) {
    t.kind = TK::Object;
    for (std::size_t i = 0; i + 1 < arg.parts.size(); i += 2) {
      TypeConstraint::Attribute a;
      a.name = arg.parts[i].kind == Expr::Kind::Variable ? arg.parts[i].text
                                                         : evaluate(arg.parts[i]).text;
      const Expr& type = arg.parts[i + 1];
      if (type.kind == Expr::Kind::Call && type.text == "optional" && !type.parts.empty()) {
        a.optional = true;
        a.type = parse_type(type.parts[0]);
      } else {
        a.type = parse_type(type);
      }
      t.attributes.push_back(std::move(a));
    }
  }
  return t;
}

std::string describe(const TypeConstraint& t) {
  switch (t.kind) {
    case TK::Any:
      return "any";
    case TK::String:
      return "string";
    case TK::Number:
      return "number";
    case TK::Bool:
      return "bool";
    case TK::List:
      return "list(" + describe(t.elements.at(0)) + ")";
    case TK::Set:
      return "set(" + describe(t.elements.at(0)) + ")";
    case TK::Map:
      return "map(" + describe(t.elements.at(0)) + ")";
    case TK::Tuple:
      return "tuple([...])";
    case TK::Object:
      return "object({...})";
  }
  return "any";
}

std::string type_mismatch(const HclValue& v, const TypeConstraint& t) {
  using VK = HclValue::Kind;
  if (!v.known() || v.kind == VK::Null || t.kind == TK::Any) return {};
  auto wrong = [&](std::string what) {
    return what + " given where " + describe(t) + " is expected";
  };
  switch (t.kind) {
    case TK::Any:
      return {};
    case TK::String:
      return v.kind == VK::String || v.kind == VK::Number || v.kind == VK::Bool
                 ? std::string()
                 : wrong(std::string(type_name(v)));
    case TK::Number:
      if (v.kind == VK::Number) return {};
      if (v.kind == VK::String) {
        char* end = nullptr;
        std::strtod(v.text.c_str(), &end);
        if (!v.text.empty() && end && *end == '\0') return {};
        return wrong("string \"" + v.text + "\"");
      }
      return wrong(std::string(type_name(v)));
    case TK::Bool:
      if (v.kind == VK::Bool) return {};
      if (v.kind == VK::String && (v.text == "true" || v.text == "false")) return {};
      return wrong(v.kind == VK::String ? "string \"" + v.text + "\"" : std::string(type_name(v)));
    case TK::List:
    case TK::Set:
    case TK::Tuple:
      if (v.kind != VK::List) return wrong(std::string(type_name(v)));
      if (t.kind == TK::Tuple && t.elements.size() != v.items.size())
        return wrong("a list of " + std::to_string(v.items.size()));
      for (std::size_t i = 0; i < v.items.size(); ++i) {
        const TypeConstraint& element = t.kind == TK::Tuple ? t.elements[i] : t.elements.at(0);
        std::string why = type_mismatch(v.items[i], element);
        if (!why.empty()) return "element " + std::to_string(i) + ": " + why;
      }
      return {};
    case TK::Map:
      if (v.kind != VK::Map) return wrong(std::string(type_name(v)));
      for (const auto& [k, x] : v.entries) {
        std::string why = type_mismatch(x, t.elements.at(0));
        if (!why.empty()) return "\"" + k + "\": " + why;
      }
      return {};
    case TK::Object:
      if (v.kind != VK::Map) return wrong(std::string(type_name(v)));
      for (const auto& a : t.attributes) {
        const HclValue* x = v.find(a.name);
        if (!x) {
          if (!a.optional) return "attribute \"" + a.name + "\" is required";
          continue;
        }
        std::string why = type_mismatch(*x, a.type);
        if (!why.empty()) return "\"" + a.name + "\": " + why;
      }
      return {};
  }
  return {};
}

std::string suggest_variable(std::string_view argument, const ModuleInterface& module,
                             const std::vector<std::string>& already_set) {
  std::vector<std::string_view> names;
  for (const auto& v : module.variables) names.push_back(v.name);
  std::string close = did_you_mean(argument, names);
  if (!close.empty()) return close;
  auto words = [](std::string_view s) {
    std::vector<std::string_view> out;
    for (std::size_t start = 0; start <= s.size();) {
      std::size_t end = std::min(s.find('_', start), s.size());
      if (end > start) out.push_back(s.substr(start, end - start));
      start = end + 1;
    }
    return out;
  };
  auto mine = words(argument);
  const ModuleVariable* best = nullptr;
  std::size_t best_shared = 0;
  for (const auto& v : module.variables) {
    if (std::find(already_set.begin(), already_set.end(), v.name) != already_set.end()) continue;
    std::size_t shared = 0;
    for (auto w : words(v.name)) shared += std::find(mine.begin(), mine.end(), w) != mine.end();
    if (shared > best_shared) best = &v, best_shared = shared;
  }
  return best ? "did you mean '" + best->name + "'?" : std::string();
}

void check_call(const ModuleInterface& module, const std::vector<CallArgument>& arguments,
                const CallWording& wording, Diagnostics& diagnostics) {
  static const std::vector<std::string_view> meta = {"source",   "version",   "count",
                                                     "for_each", "providers", "depends_on"};
  std::vector<std::string> set;
  for (const auto& a : arguments) set.push_back(a.name);
  for (const auto& a : arguments) {
    if (std::find(meta.begin(), meta.end(), a.name) != meta.end()) continue;
    const ModuleVariable* variable = module.variable(a.name);
    if (!variable) {
      Diagnostic& d = diagnostics.add(DiagCode::kModuleInterface, a.name_at,
                                      wording.module + " has no variable '" + a.name + "'");
      d.help = suggest_variable(a.name, module, set);
      if (wording.name_directory)
        d.notes.push_back({{}, "the module's variables are read from " + module.directory});
      continue;
    }
    std::string why = type_mismatch(a.value, variable->type);
    if (!why.empty()) {
      Diagnostic& d = diagnostics.add(DiagCode::kModuleInterface, a.value_at,
                                      wording.value + ", variable '" + a.name + "': " + why);
      d.notes.push_back({variable->location, "declared with type " + variable->type_source});
    }
  }
  for (const auto& v : module.variables) {
    if (v.required() && std::find(set.begin(), set.end(), v.name) == set.end()) {
      Diagnostic& d = diagnostics.add(DiagCode::kModuleInterface, wording.call_at,
                                      wording.call + " does not set required variable '" + v.name +
                                          "'" + wording.required_suffix);
      d.notes.push_back({v.location, "declared here without a default"});
    }
  }
}

const ModuleVariable* ModuleInterface::variable(std::string_view name) const {
  for (const auto& v : variables) {
    if (v.name == name) return &v;
  }
  return nullptr;
}
const ModuleOutput* ModuleInterface::output(std::string_view name) const {
  for (const auto& o : outputs) {
    if (o.name == name) return &o;
  }
  return nullptr;
}

ModuleInterface module_interface(const std::vector<const HclFile*>& files, std::string directory) {
  ModuleInterface out;
  out.directory = std::move(directory);
  for (const HclFile* f : files) {
    for (const auto& b : f->body.blocks) {
      if (b.labels.size() != 1) continue;
      if (b.type == "variable") {
        ModuleVariable v;
        v.name = b.labels[0];
        v.location = b.label_spans[0].location;
        if (const Attribute* type = b.body.attribute("type")) {
          v.type = parse_type(type->value);
          v.type_source = describe(v.type);
        }
        v.has_default = b.body.attribute("default") != nullptr;
        v.description = attribute_text(b.body, "description");
        for (const auto& inner : b.body.blocks) v.has_validation |= inner.type == "validation";
        out.variables.push_back(std::move(v));
      } else if (b.type == "output") {
        out.outputs.push_back(
            {b.labels[0], attribute_text(b.body, "description"), b.label_spans[0].location});
      }
    }
  }
  auto by_name = [](const auto& a, const auto& b) { return a.name < b.name; };
  std::sort(out.variables.begin(), out.variables.end(), by_name);
  std::sort(out.outputs.begin(), out.outputs.end(), by_name);
  return out;
}

std::shared_ptr<const ModuleInterface> read_module_directory(const std::string& directory,
                                                             const std::string& shown,
                                                             SourceFiles& files,
                                                             Diagnostics& diagnostics,
                                                             Inputs* inputs) {
  namespace fs = std::filesystem;
  std::vector<fs::path> paths;
  for (const auto& e : list_input(inputs, directory)) {
    if (e.path.extension() == ".tf" && e.is_file) paths.push_back(e.path);
  }
  if (paths.empty()) return nullptr;
  std::vector<HclFile> parsed;
  bool ok = true;
  for (const auto& p : paths) {
    std::string display = shown + "/" + p.filename().string();
    ReadResult r = read_input(inputs, p, HclLimits{}.max_bytes);
    if (!r.text) {
      diagnostics.add(DiagCode::kHclUnreadable, {},
                      display + ": " + (r.too_large ? "too large" : r.error));
      ok = false;
      continue;
    }
    FileId id = files.add(display, std::move(*r.text));
    auto f = read_hcl(files, id, diagnostics);
    if (!f)
      ok = false;
    else
      parsed.push_back(std::move(*f));
  }
  if (!ok) return nullptr;
  std::vector<const HclFile*> views;
  for (const auto& f : parsed) views.push_back(&f);
  return std::make_shared<const ModuleInterface>(module_interface(views, shown));
}

ModuleInterfaces load_module_interfaces(const std::string& modules, const std::string& cloud,
                                        Inputs* inputs, SourceFiles& files,
                                        Diagnostics& diagnostics) {
  ModuleInterfaces out;
  bool remote =
      modules.find("::") != std::string::npos || modules.find("{module}") != std::string::npos;
  if (modules == "infrac" || remote) {
    // The modules compiled into the binary: modules/<cloud>/<name>/*.tf.
    std::map<std::string, std::vector<HclFile>> parsed;
    std::string prefix = "modules/" + cloud + "/";
    for (const auto& e : embedded_files()) {
      std::string path(e.path);
      if (path.rfind(prefix, 0) != 0 || path.size() < 3 || path.substr(path.size() - 3) != ".tf")
        continue;
      std::string name = path.substr(prefix.size(), path.find('/', prefix.size()) - prefix.size());
      FileId id = files.add("<infrac>/" + path, std::string(e.contents));
      if (auto f = read_hcl(files, id, diagnostics))
        parsed[cloud + "/" + name].push_back(std::move(*f));
    }
    for (auto& [name, list] : parsed) {
      std::vector<const HclFile*> views;
      for (const auto& f : list) views.push_back(&f);
      out[name] = std::make_shared<const ModuleInterface>(
          module_interface(views, "<infrac>/modules/" + name));
    }
    return out;
  }
  namespace fs = std::filesystem;
  fs::path base = (inputs ? inputs->root() : fs::path()) / modules / cloud;
  // Terraform reads every file of a module (templates, nested modules), so each is an input
  // of the plan's "module changed" and of the build cache, though only .tf files are parsed.
  if (inputs) inputs->read_tree(base, HclLimits{}.max_bytes);
  std::vector<fs::path> dirs;
  for (const auto& e : list_input(inputs, base)) {
    if (e.is_dir) dirs.push_back(e.path);
  }
  for (const auto& d : dirs) {
    std::string shown =
        (fs::path(modules) / cloud / d.filename()).lexically_normal().generic_string();
    if (auto iface = read_module_directory(d.string(), shown, files, diagnostics, inputs))
      out[cloud + "/" + d.filename().string()] = iface;
  }
  return out;
}

const ModuleInterfaces& builtin_module_interfaces(const std::string& cloud) {
  static std::mutex mutex;
  static std::map<std::string, ModuleInterfaces> loaded;
  static SourceFiles files;  // kept: the interfaces' locations point into them
  std::lock_guard lock(mutex);
  auto it = loaded.find(cloud);
  if (it == loaded.end()) {
    Diagnostics ignored;  // embedded modules are parsed by the test suite on every build
    it = loaded.emplace(cloud, load_module_interfaces("infrac", cloud, nullptr, files, ignored))
             .first;
  }
  return it->second;
}

}  // namespace infrac
