#include "policy/judgement_record.h"

#include <charconv>
#include <set>
#include <vector>

#include "base/hash.h"
#include "base/line_field.h"

namespace infrac {
namespace {

void put_location(std::string& out, const Location& at, const SourceFiles& files) {
  out += '\t';
  out += escape_field(at.file == kNoFile ? std::string_view() : files.path(at.file));
  for (std::uint32_t n : {at.line, at.column, at.length}) out += '\t' + std::to_string(n);
}

std::vector<std::string> split_fields(std::string_view line) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    std::size_t tab = line.find('\t', start);
    out.push_back(unescape_field(line.substr(start, tab - start)));
    if (tab == std::string_view::npos) return out;
    start = tab + 1;
  }
}

std::optional<std::uint32_t> number(const std::string& text) {
  std::uint32_t n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return n;
}

// Fields [i, i+4): path, line, column, length.
std::optional<Location> location_from(const std::vector<std::string>& f, std::size_t i,
                                      const FileIdsByPath& files) {
  Location at;
  if (!f[i].empty()) {
    auto id = files.find(f[i]);
    if (id == files.end()) return std::nullopt;
    at.file = id->second;
  }
  auto line = number(f[i + 1]), column = number(f[i + 2]), length = number(f[i + 3]);
  if (!line || !column || !length) return std::nullopt;
  at.line = *line;
  at.column = *column;
  at.length = *length;
  return at;
}

}  // namespace

std::string encode_judgement(const TargetFindings& verdict, const SourceFiles& files) {
  std::string out;
  for (const auto& f : verdict.findings) {
    out += "F\t" + escape_field(f.rule ? f.rule->id : "");
    put_location(out, f.location, files);
    for (const std::string* field : {&f.target, &f.address, &f.path, &f.message, &f.help})
      out += '\t' + escape_field(*field);
    out += f.hand_written ? "\t1\n" : "\t0\n";
  }
  for (const auto& c : verdict.claims) {
    out += "C\t" + escape_field(c.rule ? c.rule->id : "");
    put_location(out, c.location, files);
    for (const std::string* field : {&c.env, &c.value, &c.service})
      out += '\t' + escape_field(*field);
    out += '\n';
  }
  return out;
}

FileIdsByPath file_ids_by_path(const SourceFiles& files) {
  FileIdsByPath out;
  for (FileId id = 0; id < files.size(); ++id) out.emplace(std::string(files.path(id)), id);
  return out;
}

std::optional<TargetFindings> decode_judgement(std::string_view text, const PolicySet& policies,
                                               const FileIdsByPath& files) {
  TargetFindings out;
  while (!text.empty()) {
    std::size_t end = text.find('\n');
    if (end == std::string_view::npos) return std::nullopt;  // every line ends with one
    std::vector<std::string> f = split_fields(text.substr(0, end));
    text.remove_prefix(end + 1);
    bool finding = f[0] == "F" && f.size() == 12, claim = f[0] == "C" && f.size() == 9;
    if (!finding && !claim) return std::nullopt;
    const Rule* rule = policies.rule(f[1]);
    std::optional<Location> at = location_from(f, 2, files);
    if (!rule || !at) return std::nullopt;
    if (finding) {
      Finding x;
      x.rule = rule;
      x.location = *at;
      x.target = f[6];
      x.address = f[7];
      x.path = f[8];
      x.message = f[9];
      x.help = f[10];
      x.hand_written = f[11] == "1";
      out.findings.push_back(std::move(x));
    } else {
      out.claims.push_back({rule, f[6], f[7], f[8], *at});
    }
  }
  return out;
}

std::string policy_digest(const PolicySet& policies, const SourceFiles& files,
                          const InputRecord& inputs, const std::vector<std::string>& folders) {
  std::set<std::string> paths;
  auto add = [&](const Location& at) {
    if (at.file != kNoFile) paths.insert(std::string(files.path(at.file)));
  };
  for (const auto& r : policies.rules) add(r.location);
  for (const auto& e : policies.exceptions) add(e.location);
  for (std::string folder : folders) {
    while (folder.starts_with("./")) folder.erase(0, 2);
    if (folder.empty()) continue;
    if (!folder.ends_with('/')) folder += '/';
    for (auto it = inputs.lower_bound(folder); it != inputs.end() && it->first.starts_with(folder);
         ++it)
      paths.insert(it->first);
  }
  Fnv1a h;
  for (const auto& path : paths) {
    auto state = inputs.find(path);
    std::string_view state_text = state == inputs.end() ? std::string_view("?") : state->second;
    for (std::string_view s :
         {std::string_view(path), std::string_view("\0", 1), state_text, std::string_view("\0", 1)})
      h.bytes(s);
  }
  return hex_prefix(h.value(), 16);
}

std::string cross_service_digest(const Model& model) {
  Fnv1a h;
  auto field = [&](std::string_view s) {
    h.bytes(s);
    h.bytes(std::string_view("\0", 1));
  };
  for (const auto& s : model.services) field(s.name);
  field("|");
  for (const auto& t : model.targets) {
    if (!t.public_url) continue;
    for (std::string_view s :
         {std::string_view(t.env), std::string_view(t.service),
          std::string_view(t.public_url->host), std::string_view(t.public_url->path)})
      field(s);
  }
  return hex_prefix(h.value(), 16);
}

}  // namespace infrac
