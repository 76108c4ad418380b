// A Terraform module's interface read from its own .tf files: variables (type constraint,
// default, validation, description) and outputs. infrac checks every module call against it:
// generated calls at compile time (lower/module_check.cpp) and calls in hand-written
// Terraform (inventory.cpp), so a renamed variable is caught where the call is written.
// Tested by tests/unit/hcl_test.cpp and tests/cli/build_test.cpp (renamed variables).
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "base/diagnostic.h"
#include "base/inputs.h"
#include "base/source_files.h"
#include "hcl/model.h"
#include "hcl/value.h"

namespace infrac {

// A variable's `type`: any, string, number, bool, list/set/map(T), tuple([...]), object({...}).
struct TypeConstraint {
  enum class Kind : std::uint8_t { Any, String, Number, Bool, List, Set, Map, Tuple, Object };
  Kind kind = Kind::Any;
  std::vector<TypeConstraint> elements;  // List/Set/Map: one; Tuple: each
  struct Attribute;
  std::vector<Attribute> attributes;  // Object
};
struct TypeConstraint::Attribute {
  std::string name;
  TypeConstraint type;
  bool optional = false;  // optional(T) or optional(T, default)
};

// The constraint an expression such as `list(object({ name = string }))` spells.
TypeConstraint parse_type(const Expr& type);
std::string describe(const TypeConstraint& type);
// Why a known value cannot convert to the type (Terraform's conversions: numbers and bools
// become strings, numeric strings numbers...), or empty. Unknown parts are not judged.
std::string type_mismatch(const HclValue& value, const TypeConstraint& type);

struct ModuleVariable {
  std::string name;
  TypeConstraint type;
  std::string type_source;  // as written; empty when the variable has no type
  bool has_default = false;
  bool has_validation = false;
  std::string description;
  Location location;
  bool required() const { return !has_default; }
};

struct ModuleOutput {
  std::string name, description;
  Location location;
};

struct ModuleInterface {
  std::string directory;                  // as shown in messages
  std::vector<ModuleVariable> variables;  // sorted by name
  std::vector<ModuleOutput> outputs;      // sorted by name
  const ModuleVariable* variable(std::string_view name) const;
  const ModuleOutput* output(std::string_view name) const;
};

// "did you mean 'X'?" for an argument the module does not declare: the closest name by edit
// distance, else the unset variable sharing the most `_`-separated words with it (a renamed
// variable: instance_class -> instance_type, cidr -> cidr_block). Empty when nothing fits.
std::string suggest_variable(std::string_view argument, const ModuleInterface& module,
                             const std::vector<std::string>& already_set);

// One argument of a module call, as generated or as written.
struct CallArgument {
  std::string name;
  HclValue value;
  Location name_at, value_at;
};

// How diagnostics about one call name it; generated and hand-written calls say it differently.
struct CallWording {
  std::string module;  // "module gcp/postgres" / "module vpc (../../modules/vpc)": no variable
  std::string value;   // "module gcp/postgres" / "module vpc": a value of the wrong type
  std::string call;    // "module db" / "module vpc": who does not set a variable
  std::string required_suffix;  // " of gcp/postgres", or empty
  Location call_at;             // where missing variables are reported
  bool name_directory = false;  // add a note naming where the variables were read
};

// Checks a call against the interface: only declared variables (with a suggestion), literal
// values of the declared type, every required variable set. Meta-arguments (source, count,
// for_each, ...) are not variables.
void check_call(const ModuleInterface& module, const std::vector<CallArgument>& arguments,
                const CallWording& wording, Diagnostics& diagnostics);

// From parsed files of one module directory.
ModuleInterface module_interface(const std::vector<const HclFile*>& files, std::string directory);

// Reads every .tf file directly in `directory` (not below it), adding them to `files`.
// Nothing when the directory has no .tf file or one does not parse (reported). A compile
// passes its Inputs, which records the reads.
std::shared_ptr<const ModuleInterface> read_module_directory(const std::string& directory,
                                                             const std::string& shown,
                                                             SourceFiles& files,
                                                             Diagnostics& diagnostics,
                                                             Inputs* inputs = nullptr);

// The interfaces of the modules a project's generated calls use: "aws/postgres" -> interface.
// `modules` is the project's terraform.modules: "infrac" reads the modules compiled into the
// binary; a repository path reads that directory; a remote source template cannot be read
// offline, so calls are checked against infrac's own modules of the same names.
using ModuleInterfaces = std::map<std::string, std::shared_ptr<const ModuleInterface>>;
// A repository path is read through `inputs` (relative to its root).
ModuleInterfaces load_module_interfaces(const std::string& modules, const std::string& cloud,
                                        Inputs* inputs, SourceFiles& files,
                                        Diagnostics& diagnostics);

// infrac's own modules for `cloud`, read once per process (tests and policy test cases).
const ModuleInterfaces& builtin_module_interfaces(const std::string& cloud);

}  // namespace infrac
