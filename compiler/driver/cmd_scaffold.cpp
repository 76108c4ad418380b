// `infrac init` and `infrac new service`: files from the templates in stdlib/templates/.
#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>

#include "base/did_you_mean.h"
#include "base/embedded.h"
#include "base/fs.h"
#include "driver/commands.h"
#include "spec/json_schema.h"
#include "spec/validate.h"
#include "spec/yaml_loader.h"

namespace fs = std::filesystem;

namespace infrac {
namespace {

std::string fill(std::string_view tmpl,
                 const std::vector<std::pair<std::string, std::string>>& vars) {
  std::string out(tmpl);
  for (const auto& [key, value] : vars) {
    std::string marker = "{{" + key + "}}";
    for (std::size_t at = out.find(marker); at != std::string::npos; at = out.find(marker, at)) {
      out.replace(at, marker.size(), value);
      at += value.size();
    }
  }
  return out;
}

// What was created is progress (stderr, hidden by -q): the files are the result.
bool write_new(const fs::path& path, const std::string& contents, bool quiet, Io io) {
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  std::string error = write_file_atomically(path, contents);
  if (!error.empty()) {
    io.err << "infrac: error: " << error << "\n";
    return false;
  }
  if (!quiet) io.err << "created " << path.generic_string() << "\n";
  return true;
}

std::string editor_schema() {
  return json_schema("", SchemaDraft::Draft7).dump(2) + "\n";
}

// infrac.yaml as written (not validated: `check` reports its problems), or nothing.
std::optional<Node> read_project(const fs::path& root) {
  SourceFiles files;
  Diagnostics ignored;
  ReadResult read = read_text_file(root / "infrac.yaml", 1 << 20);
  if (!read.text) return std::nullopt;
  FileId id = files.add("infrac.yaml", std::move(*read.text));
  return load_yaml(id, *files.get(id), ignored);
}

// The domain the template's public URL example sits under: the project's first domain, so
// the example passes url.approved-domain when uncommented.
std::string example_domain(const std::optional<Node>& project) {
  const Node* domains = project ? find_path(*project, {"spec", "domains"}) : nullptr;
  if (domains && domains->is_seq() && !domains->items.empty()) return domains->items[0].text;
  return "example.com";
}

// The template's dependency example names a service that exists (a missing one is E0102, the
// service itself E0124), or is left out when there is none to call.
std::string dependency_example(const fs::path& root, const std::string& name) {
  std::vector<std::string> others;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(root / "services", ec)) {
    std::string folder = e.path().filename().string();
    if (folder != name && fs::is_regular_file(e.path() / "service.yaml", ec))
      others.push_back(folder);
  }
  if (others.empty()) return "";
  std::string peer = *std::min_element(others.begin(), others.end());
  std::string var;
  for (char ch : peer)
    var += ch == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  return "  # dependencies: [" + peer + "]   # gives " + var + "_URL, the internal URL of " + peer +
         "\n";
}

}  // namespace

// The owner of a new service must pass `check`: a DNS label, and one of spec.teams when the
// project lists teams. infrac.yaml is read, not validated: `check` reports its problems.
static int check_team(const fs::path& root, const std::string& team, bool defaulted, Io io) {
  if (!matches_format(dns_label_format(), team)) {
    io.err << "infrac: error: team '" << team << "' is not a DNS-1123 label\n";
    return kExitUsage;
  }
  std::optional<Node> project = read_project(root);
  const Node* teams = project ? find_path(*project, {"spec", "teams"}) : nullptr;
  if (!teams || !teams->is_seq()) return kExitOk;
  std::vector<std::string_view> names;
  for (const auto& t : teams->items) {
    if (t.text == team) return kExitOk;
    names.push_back(t.text);
  }
  io.err << "infrac: error: team '" << team << "' is not in spec.teams of infrac.yaml\n";
  std::string hint = did_you_mean(team, names);
  std::string known;
  for (auto n : names) known += (known.empty() ? "" : ", ") + std::string(n);
  io.err << "help: " << (hint.empty() ? "" : hint + " ") << (defaulted ? "pass --team TEAM; " : "")
         << "teams: " << known << "\n";
  return kExitUsage;
}

int cmd_init(const CommonOptions& options, const std::string& directory,
             const std::string& project_name, Io io) {
  fs::path dir = directory.empty() ? fs::current_path() : fs::path(directory);
  std::string name = project_name.empty() ? dir.filename().string() : project_name;
  if (!matches_format(dns_label_format(), name)) {
    io.err << "infrac: error: project name '" << name
           << "' is not a DNS label; pass --name with lowercase letters, digits and '-'\n";
    return kExitUsage;
  }
  std::error_code ec;
  if (fs::exists(dir / "infrac.yaml", ec)) {
    io.err << "infrac: error: " << (dir / "infrac.yaml").generic_string() << " already exists\n";
    return kExitFailure;
  }
  std::vector<std::pair<std::string, std::string>> vars = {{"project", name},
                                                           {"name", "hello"},
                                                           {"team", "platform"},
                                                           {"domain", name + ".example"},
                                                           {"dependencies", ""}};
  bool ok =
      write_new(dir / "infrac.yaml", fill(embedded_file("stdlib/templates/infrac.yaml.tmpl"), vars),
                options.quiet, io) &&
      write_new(dir / "services/hello/service.yaml",
                fill(embedded_file("stdlib/templates/service.yaml.tmpl"), vars), options.quiet,
                io) &&
      write_new(dir / ".infrac/infrac.schema.json", editor_schema(), options.quiet, io);
  // An existing .gitignore is the repository's own: left as it is.
  if (ok && !fs::exists(dir / ".gitignore", ec)) {
    ok =
        write_new(dir / ".gitignore", std::string(embedded_file("stdlib/templates/gitignore.tmpl")),
                  options.quiet, io);
  }
  if (ok && !options.quiet) io.err << "next: infrac check\n";
  return ok ? kExitOk : kExitFailure;
}

int cmd_new_service(const CommonOptions& options, const std::string& name, const std::string& team,
                    Io io) {
  if (!matches_format(dns_label_format(), name)) {
    io.err << "infrac: error: service name '" << name
           << "' is not a DNS-1123 label (lowercase letters, digits, '-', at most 63)\n";
    return kExitUsage;
  }
  fs::path start = options.root.empty() ? fs::current_path() : fs::path(options.root);
  std::optional<fs::path> root = options.root.empty() ? find_repository_root(start) : start;
  if (!root) {
    io.err << "infrac: error: no infrac.yaml found; run `infrac init` first\n";
    return kExitUsage;
  }
  std::string owner = team.empty() ? "platform" : team;
  if (int status = check_team(*root, owner, team.empty(), io); status != kExitOk) return status;
  fs::path file = *root / "services" / name / "service.yaml";
  std::error_code ec;
  if (fs::exists(file, ec)) {
    io.err << "infrac: error: " << file.generic_string() << " already exists\n";
    return kExitFailure;
  }
  std::vector<std::pair<std::string, std::string>> vars = {
      {"name", name},
      {"team", owner},
      {"domain", example_domain(read_project(*root))},
      {"dependencies", dependency_example(*root, name)}};
  if (!write_new(file, fill(embedded_file("stdlib/templates/service.yaml.tmpl"), vars),
                 options.quiet, io)) {
    return kExitFailure;
  }
  if (!fs::exists(*root / ".infrac/infrac.schema.json", ec)) {
    write_new(*root / ".infrac/infrac.schema.json", editor_schema(), options.quiet, io);
  }
  return kExitOk;
}

}  // namespace infrac
