#include "spec/spec_cache.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <functional>
#include <system_error>
#include <thread>

#include "base/cache_dir.h"
#include "base/fs.h"
#include "base/hash.h"
#include "spec/node_codec.h"

namespace infrac {
namespace fs = std::filesystem;

namespace {

constexpr std::string_view kMagic = "infrac-spec-cache 1\n";
// Deeper than any tree the loader builds (its nesting limit, aliases inside it aside).
constexpr unsigned kMaxDepth = 1024;
constexpr std::size_t kMaxEntryBytes = 64u << 20;
constexpr auto kUnusedFolderAge = std::chrono::hours(24 * 7);

void put_u32(std::string& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out += static_cast<char>((v >> (8 * i)) & 0xff);
}

void put_u64(std::string& out, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) out += static_cast<char>((v >> (8 * i)) & 0xff);
}

std::uint64_t get_u64(std::string_view in, std::size_t at) {
  std::uint64_t v = 0;
  for (int i = 0; i < 8; ++i)
    v |= static_cast<std::uint64_t>(static_cast<unsigned char>(in[at + i])) << (8 * i);
  return v;
}

// A length-prefixed field at `pos` equal to `expected`.
bool field_is(std::string_view in, std::size_t& pos, std::string_view expected) {
  if (in.size() - pos < 4) return false;
  std::uint32_t n = 0;
  for (int i = 0; i < 4; ++i)
    n |= static_cast<std::uint32_t>(static_cast<unsigned char>(in[pos + i])) << (8 * i);
  pos += 4;
  if (n != expected.size() || in.size() - pos < n || in.substr(pos, n) != expected) return false;
  pos += n;
  return true;
}

// Writes to a name no other process or thread uses, then renames over `path`.
void write_entry(const fs::path& path, std::string_view bytes) {
  fs::path tmp = path;
  tmp += ".tmp." + std::to_string(::getpid()) + "." +
         std::to_string(std::hash<std::thread::id>{}(std::this_thread::get_id()));
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0 && errno == ENOENT) {
    std::error_code ec;
    fs::create_directories(path.parent_path(), ec);
    fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  }
  if (fd < 0) return;
  std::size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    done += static_cast<std::size_t>(n);
  }
  bool ok = ::close(fd) == 0 && done == bytes.size();
  if (!ok || ::rename(tmp.c_str(), path.c_str()) != 0) ::unlink(tmp.c_str());
}

// The host's clock as the file system's time stamps count.
fs::file_time_type file_time(const Host& host) {
  auto now = std::chrono::file_clock::from_sys(
      std::chrono::sys_seconds(std::chrono::seconds(host.now_unix())));
  return std::chrono::time_point_cast<fs::file_time_type::duration>(now);
}

// A folder of another binary (or limits) no run has used for a week goes.
void remove_unused_siblings(const fs::path& folder, fs::file_time_type now) {
  std::error_code ec;
  for (fs::directory_iterator it(folder.parent_path(), ec), end; !ec && it != end;
       it.increment(ec)) {
    std::error_code entry_ec;
    if (it->path() == folder || !it->is_directory(entry_ec)) continue;
    auto used = fs::last_write_time(it->path(), entry_ec);
    if (!entry_ec && now - used > kUnusedFolderAge) fs::remove_all(it->path(), entry_ec);
  }
}

// A folder in use is touched once a day, so that another binary's cleanup keeps it.
void mark_used(const fs::path& folder, fs::file_time_type now) {
  std::error_code ec;
  auto used = fs::last_write_time(folder, ec);
  if (ec) {
    if (fs::create_directories(folder, ec)) remove_unused_siblings(folder, now);
    return;
  }
  if (now - used > std::chrono::hours(24)) fs::last_write_time(folder, now, ec);
}

}  // namespace

SpecCache::SpecCache(fs::path folder, std::string identity)
    : folder_(std::move(folder)), identity_(std::move(identity)) {}

std::optional<SpecCache> SpecCache::open(const Host& host, const YamlLimits& limits) {
  std::optional<fs::path> base = infrac_cache_dir(host);
  std::string binary = binary_identity();
  if (!base || binary.empty()) return std::nullopt;
  std::string identity =
      std::string(kMagic) + binary + " limits " + std::to_string(limits.max_file_bytes) + " " +
      std::to_string(limits.max_scalar_bytes) + " " + std::to_string(limits.max_map_keys) + " " +
      std::to_string(limits.max_depth) + " " + std::to_string(limits.max_aliases) + " " +
      std::to_string(limits.expansion_factor) + " " + std::to_string(limits.expansion_slack);
  fs::path folder = *base / "specs" / short_hash(identity, 16);
  SpecCache cache(std::move(folder), std::move(identity));
  mark_used(cache.folder_, file_time(host));
  return cache;
}

fs::path SpecCache::entry_path(std::string_view text) const {
  return folder_ / hex_prefix(fnv1a64(text), 16);
}

std::optional<Node> SpecCache::find(std::string_view text, FileId file) const {
  ReadResult read = read_text_file(entry_path(text), kMaxEntryBytes);
  if (!read.text || read.text->size() < kMagic.size() + 8) return std::nullopt;
  std::string_view entry = *read.text;
  std::size_t body = entry.size() - 8;
  if (get_u64(entry, body) != fnv1a64(entry.substr(0, body))) return std::nullopt;
  std::string_view in = entry.substr(0, body);
  std::size_t pos = kMagic.size();
  if (!in.starts_with(kMagic) || !field_is(in, pos, identity_) || !field_is(in, pos, text))
    return std::nullopt;
  std::optional<Node> root = decode_node(in, pos, file, kMaxDepth);
  if (!root || pos != in.size()) return std::nullopt;
  return root;
}

void SpecCache::store(std::string_view text, const Node& root, FileId file) const {
  if (text.size() > UINT32_MAX || identity_.size() > UINT32_MAX) return;
  std::string entry(kMagic);
  put_u32(entry, static_cast<std::uint32_t>(identity_.size()));
  entry += identity_;
  put_u32(entry, static_cast<std::uint32_t>(text.size()));
  entry += text;
  if (!encode_node(root, file, entry)) return;
  put_u64(entry, fnv1a64(entry));
  write_entry(entry_path(text), entry);
}

std::optional<Node> load_yaml_cached(FileId id, const SourceFile& file, Diagnostics& diagnostics,
                                     const YamlLimits& limits, const SpecCache* cache) {
  if (!cache) return load_yaml(id, file, diagnostics, limits);
  if (std::optional<Node> hit = cache->find(file.text, id)) return hit;
  // Parsed apart, so that only a parse without a single diagnostic is remembered.
  Diagnostics own;
  std::optional<Node> root = load_yaml(id, file, own, limits);
  bool clean = own.size() == 0;
  diagnostics.append(own.take());
  if (root && clean) cache->store(file.text, *root, id);
  return root;
}

}  // namespace infrac
