#include "spec/node_codec.h"

#include <cstdint>
#include <cstring>

namespace infrac {
namespace {

void put_u32(std::string& out, std::uint32_t v) {
  char bytes[4];
  for (int i = 0; i < 4; ++i) bytes[i] = static_cast<char>((v >> (8 * i)) & 0xff);
  out.append(bytes, 4);
}

void put_text(std::string& out, const std::string& text) {
  put_u32(out, static_cast<std::uint32_t>(text.size()));
  out += text;
}

// A location's file is one bit: this file, or none (kNoFile).
bool put_location(std::string& out, const Location& at, FileId file) {
  if (at.file != file && at.file != kNoFile) return false;
  out += at.file == kNoFile ? '\0' : '\1';
  put_u32(out, at.line);
  put_u32(out, at.column);
  put_u32(out, at.length);
  return true;
}

bool encode(const Node& node, FileId file, std::string& out) {
  out += static_cast<char>(node.kind);
  if (!put_location(out, node.location, file)) return false;
  if (node.is_scalar()) {
    put_text(out, node.text);
    return true;
  }
  if (node.is_seq()) {
    put_u32(out, static_cast<std::uint32_t>(node.items.size()));
    for (const auto& item : node.items) {
      if (!encode(item, file, out)) return false;
    }
    return true;
  }
  put_u32(out, static_cast<std::uint32_t>(node.entries.size()));
  for (const auto& entry : node.entries) {
    put_text(out, entry.key);
    if (!put_location(out, entry.key_location, file) || !encode(entry.value, file, out))
      return false;
  }
  return true;
}

class Reader {
 public:
  Reader(std::string_view in, std::size_t pos, FileId file) : in_(in), pos_(pos), file_(file) {}
  std::size_t pos() const { return pos_; }

  bool u32(std::uint32_t& v) {
    if (in_.size() - pos_ < 4) return false;
    v = 0;
    for (int i = 0; i < 4; ++i)
      v |= static_cast<std::uint32_t>(static_cast<unsigned char>(in_[pos_ + i])) << (8 * i);
    pos_ += 4;
    return true;
  }
  bool byte(unsigned char& v) {
    if (pos_ >= in_.size()) return false;
    v = static_cast<unsigned char>(in_[pos_++]);
    return true;
  }
  bool text(std::string& s) {
    std::uint32_t n = 0;
    if (!u32(n) || in_.size() - pos_ < n) return false;
    s.assign(in_.data() + pos_, n);
    pos_ += n;
    return true;
  }
  bool location(Location& at) {
    unsigned char known = 0;
    if (!byte(known) || known > 1) return false;
    at.file = known ? file_ : kNoFile;
    return u32(at.line) && u32(at.column) && u32(at.length);
  }
  // A count of children, each at least 14 bytes: more than the bytes left is not a tree.
  bool count(std::uint32_t& n) { return u32(n) && n <= (in_.size() - pos_) / 14; }

  bool node(Node& out, unsigned depth_left) {
    unsigned char kind = 0;
    if (depth_left == 0 || !byte(kind) || kind > static_cast<unsigned char>(NodeKind::Seq))
      return false;
    out.kind = static_cast<NodeKind>(kind);
    if (!location(out.location)) return false;
    if (out.is_scalar()) return text(out.text);
    std::uint32_t n = 0;
    if (!count(n)) return false;
    if (out.is_seq()) {
      out.items.resize(n);
      for (auto& item : out.items) {
        if (!node(item, depth_left - 1)) return false;
      }
      return true;
    }
    out.entries.resize(n);
    for (auto& entry : out.entries) {
      if (!text(entry.key) || !location(entry.key_location) || !node(entry.value, depth_left - 1))
        return false;
    }
    return true;
  }

 private:
  std::string_view in_;
  std::size_t pos_;
  FileId file_;
};

}  // namespace

bool encode_node(const Node& root, FileId file, std::string& out) {
  return encode(root, file, out);
}

std::optional<Node> decode_node(std::string_view in, std::size_t& pos, FileId file,
                                unsigned max_depth) {
  if (pos > in.size()) return std::nullopt;
  Reader reader(in, pos, file);
  Node root;
  if (!reader.node(root, max_depth + 1)) return std::nullopt;
  pos = reader.pos();
  return root;
}

}  // namespace infrac
