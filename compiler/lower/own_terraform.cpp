#include "lower/own_terraform.h"

#include <map>

namespace infrac {
namespace {

// Terraform keys a provider configuration by its name and `alias`
// (https://developer.hashicorp.com/terraform/language/providers/configuration#alias-multiple-provider-configurations);
// two without an alias, or with one alias, are "Duplicate provider configuration".
std::string provider_key(const std::string& name, const std::string& alias) {
  return "provider." + name + (alias.empty() ? "" : "." + alias);
}

std::string quoted_labels(const std::vector<std::string>& labels) {
  std::string out;
  for (const auto& l : labels) out += " \"" + l + "\"";
  return out;
}

// The blocks whose type and labels name one object of the module: Terraform refuses a second
// one (https://developer.hashicorp.com/terraform/language/syntax/configuration).
// What a block inside `terraform {}` declares once per module: the backend (a `cloud` block
// is the other way to name it,
// https://developer.hashicorp.com/terraform/language/terraform#terraform-cloud), and the
// provider requirements ("A module may have only one required providers configuration");
// empty for what may repeat (required_version).
std::string terraform_key(const std::string& inner_type) {
  if (inner_type == "backend" || inner_type == "cloud") return "backend";
  if (inner_type == "required_providers") return "required_providers";
  return {};
}

bool named_block(const std::string& type) {
  return type == "resource" || type == "data" || type == "module" || type == "output" ||
         type == "variable";
}

std::vector<TfDeclaration> generated_declarations(const TfModule& module) {
  std::vector<TfDeclaration> out;
  for (const auto& f : module.files) {
    for (const auto& b : f.blocks) {
      if (named_block(b.type)) {
        out.push_back({b.address(), f.name + ": " + b.type + quoted_labels(b.labels), b.origin});
      } else if (b.type == "provider" && !b.labels.empty()) {
        const TfAttribute* alias = b.find("alias");
        out.push_back({provider_key(b.labels[0], alias ? alias->value.text : ""),
                       f.name + ": provider" + quoted_labels(b.labels), b.origin});
      } else if (b.type == "locals") {
        for (const auto& a : b.attributes)
          out.push_back({"local." + a.name, f.name + ": local " + a.name, b.origin});
      } else if (b.type == "terraform") {
        for (const auto& inner : b.blocks) {
          std::string key = terraform_key(inner.type);
          if (!key.empty())
            out.push_back(
                {key, f.name + ": terraform { " + inner.type + quoted_labels(inner.labels) + " }",
                 b.origin});
        }
      }
    }
  }
  return out;
}

}  // namespace

std::vector<TfDeclaration> declarations_of(const HclFile& file) {
  std::vector<TfDeclaration> out;
  for (const auto& b : file.body.blocks) {
    Location at = b.type_span.location;
    if (named_block(b.type)) {
      std::string key = b.type;
      for (const auto& l : b.labels) key += "." + l;
      out.push_back({key, b.type + quoted_labels(b.labels), at});
    } else if (b.type == "provider" && !b.labels.empty()) {
      const Attribute* alias = b.body.attribute("alias");
      std::string name = alias ? alias->value.text : "";
      if (name.size() >= 2 && name.front() == '"') name = name.substr(1, name.size() - 2);
      out.push_back({provider_key(b.labels[0], name), "provider" + quoted_labels(b.labels), at});
    } else if (b.type == "locals") {
      for (const auto& a : b.body.attributes)
        out.push_back({"local." + a.name, "local " + a.name, a.name_span.location});
    } else if (b.type == "terraform") {
      for (const auto& inner : b.body.blocks) {
        std::string key = terraform_key(inner.type);
        if (!key.empty())
          out.push_back({key, "terraform { " + inner.type + quoted_labels(inner.labels) + " }",
                         inner.type_span.location});
      }
    }
  }
  return out;
}

std::vector<TfDeclaration> declarations_of(const TfModule& module) {
  std::vector<TfDeclaration> out = generated_declarations(module);
  for (auto& d : out) d.generated = true;
  return out;
}

void check_own_declarations(const std::vector<TfDeclaration>& generated,
                            const std::vector<TfDeclaration>& own, const std::string& target,
                            Diagnostics& diagnostics) {
  std::map<std::string, const TfDeclaration*> seen;
  for (const auto& g : generated) seen.emplace(g.key, &g);
  for (const auto& d : own) {
    auto [it, inserted] = seen.emplace(d.key, &d);
    if (inserted) continue;
    const TfDeclaration& first = *it->second;
    bool infrac_writes = first.generated;
    Diagnostic& diag =
        diagnostics.add(DiagCode::kOwnTerraformClash, d.at,
                        d.shown + " is declared twice in the root module of " + target +
                            (infrac_writes ? ": infrac writes " + first.shown : ""));
    if (!infrac_writes && first.at.known()) diag.notes.push_back({first.at, "declared here first"});
    diag.help = d.key == "backend"
                    ? "remove it: infrac writes the one backend of each root module (backend.tf, "
                      "from spec.terraform in infrac.yaml)"
                : d.key == "required_providers"
                    ? "remove it: infrac declares the module's providers in versions.tf, and a "
                      "module has one required_providers; ask for a provider the module lacks"
                    : "rename it: a service's own .tf files share the module with the files "
                      "infrac writes, and Terraform refuses two declarations of one name";
  }
}

}  // namespace infrac
