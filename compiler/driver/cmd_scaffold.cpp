// `infrac init` and `infrac new service`: files from the templates in stdlib/templates/.
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

}  // namespace

// The owner of a new service must pass `check`: a DNS label, and one of spec.teams when the
// project lists teams. infrac.yaml is read, not validated: `check` reports its problems.
static int check_team(const fs::path& root, const std::string& team, bool defaulted, Io io) {
  if (!matches_format(dns_label_format(), team)) {
    io.err << "infrac: error: team '" << team << "' is not a DNS-1123 label\n";
    return kExitUsage;
  }
  SourceFiles files;
  Diagnostics ignored;
  ReadResult read = read_text_file(root / "infrac.yaml", 1 << 20);
  if (!read.text) return kExitOk;
  FileId id = files.add("infrac.yaml", std::move(*read.text));
  std::optional<Node> project = load_yaml(id, *files.get(id), ignored);
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
  std::vector<std::pair<std::string, std::string>> vars = {
      {"project", name}, {"name", "hello"}, {"team", "platform"}};
  bool ok =
      write_new(dir / "infrac.yaml", fill(embedded_file("stdlib/templates/infrac.yaml.tmpl"), vars),
                options.quiet, io) &&
      write_new(dir / "services/hello/service.yaml",
                fill(embedded_file("stdlib/templates/service.yaml.tmpl"), vars), options.quiet,
                io) &&
      write_new(dir / ".infrac/infrac.schema.json", editor_schema(), options.quiet, io);
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
  std::vector<std::pair<std::string, std::string>> vars = {{"name", name}, {"team", owner}};
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
