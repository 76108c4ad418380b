// spec/spec_cache.h and spec/node_codec.h: a parsed spec read back from the cache is the tree
// the parser builds, locations included; any other bytes, binary or entry state is a miss.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>

#include "base/cache_dir.h"
#include "spec/node_codec.h"
#include "spec/spec_cache.h"
#include "support.h"

namespace fs = std::filesystem;
using namespace infrac;
using namespace infrac::test;

namespace {

const char* kSpec = R"(apiVersion: infrac/v1
kind: Service
metadata: {name: "orders", team: payments, description: 'Ünïcode ok'}
spec:
  image: orders:1.2.3
  components:
    api: &api
      type: http
      replicas: {min: 2, max: 8}
      cmd: [serve, --port, "8080"]
    copy: *api
  env:
    EMPTY:
    RATIO: 0.5
    ON: on
    NOTE: |
      two
      lines
)";

bool same_location(const Location& a, const Location& b) {
  return a == b;
}

// Every kind, text, key and location equal.
bool same_tree(const Node& a, const Node& b) {
  if (a.kind != b.kind || a.text != b.text || !same_location(a.location, b.location) ||
      a.items.size() != b.items.size() || a.entries.size() != b.entries.size())
    return false;
  for (std::size_t i = 0; i < a.items.size(); ++i) {
    if (!same_tree(a.items[i], b.items[i])) return false;
  }
  for (std::size_t i = 0; i < a.entries.size(); ++i) {
    const MapEntry &x = a.entries[i], &y = b.entries[i];
    if (x.key != y.key || !same_location(x.key_location, y.key_location) ||
        !same_tree(x.value, y.value))
      return false;
  }
  return true;
}

Node parsed(const std::string& text, FileId id) {
  SourceFile file{"services/orders/service.yaml", text};
  Diagnostics d;
  std::optional<Node> root = load_yaml(id, file, d);
  REQUIRE(root);
  return *root;
}

fs::path only_entry(const fs::path& folder) {
  std::vector<fs::path> entries;
  for (const auto& e : fs::directory_iterator(folder)) entries.push_back(e.path());
  REQUIRE(entries.size() == 1);
  return entries.front();
}

}  // namespace

TEST_CASE("spec cache: a tree encodes and decodes to itself, in another file's id",
          "[spec-cache]") {
  Node root = parsed(kSpec, 3);
  std::string bytes;
  REQUIRE(encode_node(root, 3, bytes));
  std::size_t pos = 0;
  std::optional<Node> back = decode_node(bytes, pos, 3, 64);
  REQUIRE(back);
  CHECK(pos == bytes.size());
  CHECK(same_tree(root, *back));
  pos = 0;
  CHECK(same_tree(parsed(kSpec, 9), *decode_node(bytes, pos, 9, 64)));
  // Every prefix is not a tree; a tree with a location in another file is not encoded.
  for (std::size_t n = 0; n < bytes.size(); n += 7) {
    std::size_t at = 0;
    CHECK_FALSE(decode_node(std::string_view(bytes).substr(0, n), at, 3, 64));
  }
  std::string other;
  CHECK_FALSE(encode_node(root, 4, other));
}

TEST_CASE("spec cache: a hit is the parsed tree; another content is a miss", "[spec-cache]") {
  TempDir dir;
  SpecCache cache(dir.path / "specs", "binary 1");
  SourceFile file{"services/orders/service.yaml", kSpec};
  CHECK_FALSE(cache.find(kSpec, 0));
  Diagnostics d;
  std::optional<Node> first = load_yaml_cached(5, file, d, {}, &cache);  // parsed, stored
  REQUIRE(first);
  CHECK(d.size() == 0);
  std::optional<Node> hit = cache.find(kSpec, 5);
  REQUIRE(hit);
  CHECK(same_tree(*first, *hit));
  CHECK(same_tree(parsed(kSpec, 5), *load_yaml_cached(5, file, d, {}, &cache)));

  // One byte else is a miss, even when the entry sits where the other content's would.
  std::string edited = kSpec;
  edited.replace(edited.find("8080"), 4, "8081");
  CHECK_FALSE(cache.find(edited, 5));
  fs::path entry = only_entry(dir.path / "specs");
  SpecCache probe(dir.path / "specs", "binary 1");
  Diagnostics ignored;
  SourceFile edited_file{"x.yaml", edited};
  load_yaml_cached(5, edited_file, ignored, {}, &cache);
  std::vector<fs::path> both;
  for (const auto& e : fs::directory_iterator(dir.path / "specs")) both.push_back(e.path());
  REQUIRE(both.size() == 2);
  fs::path edited_entry = both[0] == entry ? both[1] : both[0];
  fs::copy_file(entry, edited_entry, fs::copy_options::overwrite_existing);  // a "collision"
  CHECK_FALSE(probe.find(edited, 5));
  CHECK(same_tree(parsed(edited, 5), *load_yaml_cached(5, edited_file, ignored, {}, &cache)));
}

TEST_CASE("spec cache: another binary or limits never reads an entry", "[spec-cache]") {
  TempDir dir;
  SpecCache cache(dir.path / "specs", "binary 1");
  Node root = parsed(kSpec, 0);
  cache.store(kSpec, root, 0);
  CHECK(cache.find(kSpec, 0));
  CHECK_FALSE(SpecCache(dir.path / "specs", "binary 2").find(kSpec, 0));

  // Through open(): the folder is a hash of the binary and the limits, under the cache folder
  // the host's environment names.
  Host host = real_host();
  host.env = [&](const std::string& name) -> std::optional<std::string> {
    if (name == "XDG_CACHE_HOME") return dir.path.string();
    return std::nullopt;
  };
  std::optional<SpecCache> a = SpecCache::open(host, {});
  YamlLimits tighter;
  tighter.max_depth = 10;
  std::optional<SpecCache> b = SpecCache::open(host, tighter);
  REQUIRE(a);
  REQUIRE(b);
  CHECK(a->folder().parent_path() == dir.path / "infrac" / "specs");
  CHECK(a->folder() != b->folder());
  a->store(kSpec, root, 0);
  CHECK(a->find(kSpec, 0));
  CHECK_FALSE(b->find(kSpec, 0));
}

TEST_CASE("spec cache: a corrupt entry is ignored and rewritten", "[spec-cache]") {
  TempDir dir;
  SpecCache cache(dir.path / "specs", "binary 1");
  SourceFile file{"services/orders/service.yaml", kSpec};
  Diagnostics d;
  REQUIRE(load_yaml_cached(0, file, d, {}, &cache));
  fs::path entry = only_entry(dir.path / "specs");
  std::string good = read_file(entry);
  auto damaged = [&](const std::string& bytes) {
    write_file(entry, bytes);
    CHECK_FALSE(cache.find(kSpec, 0));
    std::optional<Node> again = load_yaml_cached(0, file, d, {}, &cache);  // parsed, rewritten
    REQUIRE(again);
    CHECK(same_tree(parsed(kSpec, 0), *again));
    CHECK(read_file(entry) == good);
  };
  damaged("");
  damaged(good.substr(0, good.size() / 2));
  damaged(good + "x");
  std::string flipped = good;
  flipped[flipped.size() / 2] ^= 0x20;
  damaged(flipped);
  damaged(std::string(good.size(), '\xff'));
  CHECK(d.size() == 0);
}

TEST_CASE("spec cache: a file with a diagnostic is reported the same and never stored",
          "[spec-cache]") {
  TempDir dir;
  SpecCache cache(dir.path / "specs", "binary 1");
  SourceFile file{"services/orders/service.yaml", "a: 1\na: 2\n"};
  for (int run = 0; run < 2; ++run) {
    Diagnostics d;
    CHECK_FALSE(load_yaml_cached(0, file, d, {}, &cache));
    auto all = d.take();
    REQUIRE(all.size() == 1);
    CHECK(all[0].code == DiagCode::kDuplicateKey);
    CHECK(all[0].location.line == 2);
  }
  CHECK_FALSE(fs::exists(dir.path / "specs"));
}
