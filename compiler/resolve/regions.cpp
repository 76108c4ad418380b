#include "resolve/regions.h"

#include <algorithm>
#include <cctype>

#include "base/did_you_mean.h"
#include "base/quote.h"
#include "resolve/cloud_tables.h"

namespace infrac {
namespace {

// Continent prefixes: AWS abbreviates what Google Cloud spells out.
constexpr std::pair<std::string_view, std::string_view> kPrefixes[] = {{"eu-", "europe-"},
                                                                       {"ap-", "asia-"},
                                                                       {"sa-", "southamerica-"},
                                                                       {"ca-", "northamerica-"},
                                                                       {"af-", "africa-"}};

// eu-west-1 -> europe-west1 (to Google Cloud's style) or back (to AWS's).
std::string other_style(std::string_view region, Cloud to) {
  std::string out(region);
  for (const auto& [aws, gcp] : kPrefixes) {
    std::string_view from = to == Cloud::Gcp ? aws : gcp;
    std::string_view into = to == Cloud::Gcp ? gcp : aws;
    if (out.rfind(from, 0) == 0) {
      out = std::string(into) + out.substr(from.size());
      break;
    }
  }
  std::size_t digits = out.size();
  while (digits > 0 && std::isdigit(static_cast<unsigned char>(out[digits - 1]))) --digits;
  if (digits == 0 || digits == out.size()) return out;
  bool dashed = out[digits - 1] == '-';
  if (to == Cloud::Gcp && dashed) out.erase(digits - 1, 1);
  if (to == Cloud::Aws && !dashed) out.insert(digits, "-");
  return out;
}

// With its article: "an AWS region", "a Google Cloud one".
const char* cloud_title(Cloud cloud) {
  return cloud == Cloud::Gcp ? "a Google Cloud" : "an AWS";
}

void check_one(const Node* region, Cloud cloud, Diagnostics& diagnostics) {
  if (!region || region->kind != NodeKind::String) return;
  const std::vector<std::string>& known = cloud_table(cloud).regions;
  if (std::find(known.begin(), known.end(), region->text) != known.end()) return;
  Cloud other = cloud == Cloud::Gcp ? Cloud::Aws : Cloud::Gcp;
  const std::vector<std::string>& theirs = cloud_table(other).regions;
  std::string message =
      "region " + single_quoted(region->text) + " is not " + cloud_title(cloud) + " region";
  if (std::find(theirs.begin(), theirs.end(), region->text) != theirs.end())
    message += "; it is " + std::string(cloud_title(other)) + " one";
  Diagnostic& d = diagnostics.add(DiagCode::kUnknownRegion, region->location, message);
  d.help = region_suggestion(region->text, cloud);
  if (d.help.empty()) d.help = "docs/clouds.md lists the regions of each cloud";
}

}  // namespace

std::string region_suggestion(std::string_view region, Cloud cloud) {
  const std::vector<std::string>& known = cloud_table(cloud).regions;
  std::vector<std::string_view> candidates(known.begin(), known.end());
  std::string translated = other_style(region, cloud);
  if (std::find(known.begin(), known.end(), translated) != known.end())
    return "did you mean " + single_quoted(translated) + "?";
  std::string near = did_you_mean(region, candidates);
  return near.empty() ? did_you_mean(translated, candidates) : near;
}

bool check_regions(const Node& spec, Cloud cloud, Diagnostics& diagnostics) {
  std::size_t before = diagnostics.size();
  check_one(spec.find("region"), cloud, diagnostics);
  if (const Node* envs = spec.find("environments")) {
    for (const auto& env : envs->entries) check_one(env.value.find("region"), cloud, diagnostics);
  }
  check_one(find_path(spec, {"terraform", "backend", "region"}), cloud, diagnostics);
  return diagnostics.size() == before;
}

}  // namespace infrac
