#include "spec/yaml_loader.h"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <cctype>
#include <sstream>
#include <unordered_map>

#include "base/utf8.h"
#include "spec/yaml_syntax_explain.h"

namespace infrac {
namespace {

bool all_of(std::string_view s, bool (*pred)(char)) {
  for (char c : s) {
    if (!pred(c)) return false;
  }
  return !s.empty();
}
bool is_dec(char c) {
  return c >= '0' && c <= '9';
}
bool is_oct(char c) {
  return c >= '0' && c <= '7';
}
bool is_hex(char c) {
  return std::isxdigit(static_cast<unsigned char>(c)) != 0;
}

bool is_core_float(std::string_view s) {
  if (s == ".nan" || s == ".NaN" || s == ".NAN") return true;
  std::string_view body = s;
  if (!body.empty() && (body[0] == '+' || body[0] == '-')) body.remove_prefix(1);
  if (body == ".inf" || body == ".Inf" || body == ".INF") return true;
  // [0-9]* ( \. [0-9]* )? ( [eE] [-+]? [0-9]+ )?  with at least one digit before the exponent
  std::size_t i = 0, digits = 0;
  while (i < body.size() && is_dec(body[i])) ++i, ++digits;
  if (i < body.size() && body[i] == '.') {
    ++i;
    while (i < body.size() && is_dec(body[i])) ++i, ++digits;
  }
  if (digits == 0) return false;
  if (i < body.size() && (body[i] == 'e' || body[i] == 'E')) {
    ++i;
    if (i < body.size() && (body[i] == '+' || body[i] == '-')) ++i;
    std::size_t exp_digits = 0;
    while (i < body.size() && is_dec(body[i])) ++i, ++exp_digits;
    if (exp_digits == 0) return false;
  }
  return i == body.size();
}

// Thrown from inside the event handler to stop yaml-cpp at the first fatal problem; caught
// in load_yaml. Never escapes this file.
struct Abort {
  DiagCode code;
  std::size_t offset;
  std::string message;
  std::string help;
};

class TreeBuilder : public YAML::EventHandler {
 public:
  TreeBuilder(const SourceFile& file, FileId id, const YamlLimits& limits, Diagnostics& diagnostics)
      : file_(file), id_(id), limits_(limits), diagnostics_(diagnostics) {}

  std::optional<Node> take_root() { return std::move(root_); }

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    Node node;
    node.kind = NodeKind::Null;
    node.location = empty_value_location(mark);
    finish_leaf(std::move(node), anchor, mark);
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    if (++aliases_ > limits_.max_aliases) {
      throw Abort{DiagCode::kAliasBudget, offset(mark),
                  "alias expansion budget exceeded: more than " +
                      std::to_string(limits_.max_aliases) + " aliases in one document",
                  "write the values out, or share them through stdlib defaults"};
    }
    auto it = anchors_.find(anchor);
    if (it == anchors_.end()) {
      throw Abort{DiagCode::kAliasCycle, offset(mark),
                  "alias refers to a node that contains it (a cycle)",
                  "an alias may only name a node that is complete before it"};
    }
    std::size_t size = it->second.subtree_size();
    expanded_ += size;
    if (expanded_ > limits_.expansion_factor * parsed_ + limits_.expansion_slack) {
      throw Abort{DiagCode::kAliasBudget, offset(mark),
                  "alias expansion budget exceeded: aliases would expand to " +
                      std::to_string(expanded_) + " nodes from " + std::to_string(parsed_) +
                      " written",
                  "a document must not grow by more than " +
                      std::to_string(limits_.expansion_factor) + "x through aliases"};
    }
    Node copy = it->second;
    copy.location = locate(mark.pos, 1);
    if (expecting_key()) {
      throw Abort{DiagCode::kComplexKey, offset(mark), "an alias cannot be a mapping key", ""};
    }
    attach(std::move(copy));
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    ++parsed_;
    if (value.size() > limits_.max_scalar_bytes) {
      throw Abort{DiagCode::kScalarTooLong, offset(mark),
                  "scalar is " + std::to_string(value.size()) + " bytes long; the limit is " +
                      std::to_string(limits_.max_scalar_bytes),
                  ""};
    }
    Node node;
    node.text = value;
    node.kind = scalar_kind(tag, value, mark);
    node.location = locate(mark.pos, token_length(offset(mark)));
    if (expecting_key()) {
      if (tag == "?" && value == "<<") {
        throw Abort{DiagCode::kMergeKey, offset(mark), "YAML merge keys (<<) are not supported",
                    "write the keys out; overrides per environment go under environments:"};
      }
      if (node.kind == NodeKind::Map || node.kind == NodeKind::Seq) {
        throw Abort{DiagCode::kComplexKey, offset(mark), "mapping key must be a scalar", ""};
      }
      Frame& frame = stack_.back();
      for (const auto& entry : frame.node.entries) {
        if (entry.key == value) {
          Diagnostic& d = diagnostics_.add(DiagCode::kDuplicateKey, node.location,
                                           "duplicate key '" + value + "'");
          d.notes.push_back({entry.key_location, "first defined here"});
          d.help = "keys must be unique; yaml parsers disagree on which duplicate wins";
          had_error_ = true;
        }
      }
      if (frame.node.entries.size() >= limits_.max_map_keys) {
        throw Abort{DiagCode::kTooManyKeys, offset(mark),
                    "mapping has more than " + std::to_string(limits_.max_map_keys) + " keys", ""};
      }
      frame.pending_key = value;
      frame.pending_key_location = node.location;
      frame.pending_key_offset = offset(mark);
      frame.has_key = true;
      return;
    }
    finish_leaf(std::move(node), anchor, mark);
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value style) override {
    open(NodeKind::Seq, mark, tag, anchor, style);
  }
  void OnSequenceEnd() override { close(); }
  void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value style) override {
    open(NodeKind::Map, mark, tag, anchor, style);
  }
  void OnMapEnd() override { close(); }

  bool had_error() const { return had_error_; }

 private:
  struct Frame {
    Node node;
    YAML::anchor_t anchor = 0;
    bool flow = false;
    bool has_key = false;
    std::string pending_key;
    Location pending_key_location;
    std::size_t pending_key_offset = 0;
  };

  std::size_t offset(const YAML::Mark& mark) const {
    return mark.pos < 0 ? 0 : static_cast<std::size_t>(mark.pos) + base_offset_;
  }
  Location locate(int pos, std::uint32_t length) const {
    Location loc =
        file_.location_of(pos < 0 ? 0 : static_cast<std::size_t>(pos) + base_offset_, length);
    loc.file = id_;
    return loc;
  }

  // yaml-cpp marks an empty value (`FEATURE_X:` at a line end) at the next token, often on a
  // later line; the value belongs at its key's ':', where a fix would write it.
  Location empty_value_location(const YAML::Mark& mark) const {
    if (stack_.empty() || stack_.back().node.kind != NodeKind::Map || !stack_.back().has_key) {
      return locate(mark.pos, 1);
    }
    const std::string& t = file_.text;
    std::size_t at = offset(mark);
    for (std::size_t i = stack_.back().pending_key_offset; i < t.size() && i < at; ++i) {
      if (t[i] == '\n') break;
      bool ends = i + 1 >= t.size() || t[i + 1] == ' ' || t[i + 1] == '\n' || t[i + 1] == '\r';
      if (t[i] == ':' && ends) {
        Location loc = file_.location_of(i, 1);
        loc.file = id_;
        return loc;
      }
    }
    return locate(mark.pos, 1);
  }

  bool expecting_key() const {
    return !stack_.empty() && stack_.back().node.kind == NodeKind::Map && !stack_.back().has_key;
  }
  bool in_flow() const { return !stack_.empty() && stack_.back().flow; }

  NodeKind scalar_kind(const std::string& tag, const std::string& value, const YAML::Mark& mark) {
    if (tag == "?") return resolve_plain_scalar(value);
    if (tag == "!" || tag == "tag:yaml.org,2002:str") return NodeKind::String;
    if (tag == "tag:yaml.org,2002:int" && resolve_plain_scalar(value) == NodeKind::Int) {
      return NodeKind::Int;
    }
    if (tag == "tag:yaml.org,2002:bool" && resolve_plain_scalar(value) == NodeKind::Bool) {
      return NodeKind::Bool;
    }
    if (tag == "tag:yaml.org,2002:null" && resolve_plain_scalar(value) == NodeKind::Null) {
      return NodeKind::Null;
    }
    if (tag == "tag:yaml.org,2002:float") {
      NodeKind kind = resolve_plain_scalar(value);
      if (kind == NodeKind::Float || kind == NodeKind::Int) return NodeKind::Float;
    }
    throw Abort{DiagCode::kUnsupportedTag, offset(mark),
                "unsupported tag '" + tag + "' on value '" + value.substr(0, 40) + "'",
                "infrac reads plain YAML 1.2 data: remove the tag"};
  }

  // Length, in code points, of the token starting at `at`, for the caret under it.
  std::uint32_t token_length(std::size_t at) const {
    const std::string& t = file_.text;
    if (at >= t.size()) return 1;
    std::size_t end = at;
    char first = t[at];
    auto line_end = [&](std::size_t i) { return i >= t.size() || t[i] == '\n' || t[i] == '\r'; };
    if (first == '"' || first == '\'') {
      end = at + 1;
      while (!line_end(end)) {
        if (first == '"' && t[end] == '\\') {
          end += 2;
          continue;
        }
        if (t[end] == first) {
          if (first == '\'' && end + 1 < t.size() && t[end + 1] == '\'') {
            end += 2;
            continue;
          }
          ++end;
          break;
        }
        ++end;
      }
    } else if (first == '|' || first == '>' || first == '[' || first == '{') {
      end = at + 1;
    } else {
      bool flow = in_flow();
      while (!line_end(end)) {
        char c = t[end];
        if (c == '#' && end > at && (t[end - 1] == ' ' || t[end - 1] == '\t')) break;
        if (c == ':' &&
            (end + 1 >= t.size() || t[end + 1] == ' ' || t[end + 1] == '\n' || t[end + 1] == '\r' ||
             (flow && (t[end + 1] == ',' || t[end + 1] == '}')))) {
          break;
        }
        if (flow && (c == ',' || c == ']' || c == '}')) break;
        ++end;
      }
      while (end > at && (t[end - 1] == ' ' || t[end - 1] == '\t')) --end;
    }
    std::uint32_t points = 0;
    for (std::size_t i = at; i < end && i < t.size(); ++i) {
      if ((static_cast<unsigned char>(t[i]) & 0xC0) != 0x80) ++points;
    }
    return points == 0 ? 1 : points;
  }

  void open(NodeKind kind, const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
            YAML::EmitterStyle::value style) {
    ++parsed_;
    if (expecting_key()) {
      throw Abort{DiagCode::kComplexKey, offset(mark), "mapping key must be a scalar", ""};
    }
    if (!(tag.empty() || tag == "?" || tag == "!" ||
          tag == (kind == NodeKind::Map ? "tag:yaml.org,2002:map" : "tag:yaml.org,2002:seq"))) {
      throw Abort{DiagCode::kUnsupportedTag, offset(mark), "unsupported tag '" + tag + "'",
                  "infrac reads plain YAML 1.2 data: remove the tag"};
    }
    if (stack_.size() + 1 > limits_.max_depth) {
      throw Abort{DiagCode::kNestingTooDeep, offset(mark),
                  "nesting depth > " + std::to_string(limits_.max_depth), ""};
    }
    Frame frame;
    frame.node.kind = kind;
    frame.node.location = locate(mark.pos, 1);
    frame.anchor = anchor;
    frame.flow = style == YAML::EmitterStyle::Flow;
    stack_.push_back(std::move(frame));
  }

  void close() {
    Frame frame = std::move(stack_.back());
    stack_.pop_back();
    if (frame.anchor != 0) {
      anchors_[frame.anchor] = frame.node;
    }
    attach(std::move(frame.node));
  }

  void finish_leaf(Node node, YAML::anchor_t anchor, const YAML::Mark& mark) {
    ++parsed_;
    if (expecting_key()) {
      throw Abort{DiagCode::kComplexKey, offset(mark), "mapping key must not be empty", ""};
    }
    if (anchor != 0) anchors_[anchor] = node;
    attach(std::move(node));
  }

  void attach(Node node) {
    if (stack_.empty()) {
      root_ = std::move(node);
      return;
    }
    Frame& frame = stack_.back();
    if (frame.node.kind == NodeKind::Seq) {
      frame.node.items.push_back(std::move(node));
    } else {
      frame.node.entries.push_back(
          MapEntry{std::move(frame.pending_key), frame.pending_key_location, std::move(node)});
      frame.has_key = false;
    }
  }

  const SourceFile& file_;
  FileId id_;
  const YamlLimits& limits_;
  Diagnostics& diagnostics_;
  std::size_t base_offset_ = 0;
  std::vector<Frame> stack_;
  std::unordered_map<YAML::anchor_t, Node> anchors_;
  std::optional<Node> root_;
  std::size_t parsed_ = 0;
  std::size_t expanded_ = 0;
  unsigned aliases_ = 0;
  bool had_error_ = false;

 public:
  void set_base_offset(std::size_t offset) { base_offset_ = offset; }
};

// Counts the documents after the first one; throws at the start of the second.
class SecondDocumentProbe : public YAML::EventHandler {
 public:
  void OnDocumentStart(const YAML::Mark& mark) override {
    throw Abort{DiagCode::kMultipleDocuments,
                static_cast<std::size_t>(std::max(mark.pos, 0)) + base,
                "file holds more than one YAML document", "put each service in its own file"};
  }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}
  std::size_t base = 0;
};

// yaml-cpp's scanner reads ahead through a whole flow collection before it emits the first
// event (a '[' might start a key), so a megabyte of '[' costs it a second before the depth
// guard in TreeBuilder can answer. This linear pre-scan answers first for input that is
// certainly hostile: flow nesting far past the limit. It counts '['/'{' that open a flow
// collection (inside flow context, or where a value starts), skipping quoted strings and
// comments; for ordinary files it finds nothing and yaml-cpp's own events decide.
std::optional<std::size_t> find_hostile_flow_nesting(std::string_view t, unsigned max_depth) {
  const std::size_t certainly_hostile = 16u * max_depth;
  std::size_t depth = 0;
  std::optional<std::size_t> first_too_deep;
  char previous = '\n';  // last significant character
  for (std::size_t i = 0; i < t.size(); ++i) {
    char c = t[i];
    bool token_start = depth > 0 || previous == '\n' || previous == ':' || previous == '-' ||
                       previous == '?' || previous == '[' || previous == '{' || previous == ',';
    if (c == '#' && (i == 0 || t[i - 1] == ' ' || t[i - 1] == '\t' || t[i - 1] == '\n')) {
      while (i < t.size() && t[i] != '\n') ++i;
      previous = '\n';
      continue;
    }
    if ((c == '"' || c == '\'') && token_start) {
      for (++i; i < t.size() && t[i] != c; ++i) {
        if (c == '"' && t[i] == '\\') ++i;
      }
      previous = 'x';
      continue;
    }
    if ((c == '[' || c == '{') && token_start) {
      ++depth;
      if (depth == max_depth + 1 && !first_too_deep) first_too_deep = i;
      if (depth > certainly_hostile) return first_too_deep;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
    if (c == '\n') {
      previous = depth > 0 ? ',' : '\n';
    } else if (c != ' ' && c != '\t' && c != '\r') {
      previous = c;
    }
    if (depth == 0) first_too_deep.reset();
  }
  return std::nullopt;
}

}  // namespace

NodeKind resolve_plain_scalar(std::string_view s) {
  if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return NodeKind::Null;
  if (s == "true" || s == "True" || s == "TRUE" || s == "false" || s == "False" || s == "FALSE") {
    return NodeKind::Bool;
  }
  std::string_view body = s;
  if (body[0] == '+' || body[0] == '-') body.remove_prefix(1);
  if (all_of(body, is_dec)) return NodeKind::Int;
  if (s.starts_with("0o") && all_of(s.substr(2), is_oct)) return NodeKind::Int;
  if (s.starts_with("0x") && all_of(s.substr(2), is_hex)) return NodeKind::Int;
  if (is_core_float(s)) return NodeKind::Float;
  return NodeKind::String;
}

namespace {

YamlProblem yaml_problem(const std::string& message) {
  using namespace YAML::ErrorMsg;
  static const std::pair<const char*, YamlProblem> known[] = {
      {TAB_IN_INDENTATION, YamlProblem::TabInIndentation},
      {MAP_VALUE, YamlProblem::MapValue},
      {MAP_KEY, YamlProblem::MapKey},
      {BLOCK_ENTRY, YamlProblem::BlockEntry},
      {END_OF_MAP, YamlProblem::EndOfMap},
      {END_OF_SEQ, YamlProblem::EndOfSeq},
      {END_OF_MAP_FLOW, YamlProblem::EndOfMapFlow},
      {END_OF_SEQ_FLOW, YamlProblem::EndOfSeqFlow},
      {FLOW_END, YamlProblem::FlowEnd},
      {UNKNOWN_TOKEN, YamlProblem::UnknownToken}};
  for (const auto& [text, problem] : known) {
    if (message == text) return problem;
  }
  if (message.starts_with(INVALID_ESCAPE)) return YamlProblem::InvalidEscape;
  return YamlProblem::Other;
}

// One document (`many` false: a second is an error) or every document of the file; empty
// documents are skipped when reading many (`---` at the start or end of a stream).
std::optional<std::vector<Node>> parse_documents(FileId id, const SourceFile& file,
                                                 Diagnostics& diagnostics, const YamlLimits& limits,
                                                 bool many) {
  auto fail = [&](DiagCode code, std::size_t offset, std::string message, std::string help) {
    Location loc = file.location_of(offset, 1);
    loc.file = id;
    Diagnostic& d = diagnostics.add(code, loc, std::move(message));
    d.help = std::move(help);
    return std::nullopt;
  };
  const std::string& text = file.text;
  if (text.size() > limits.max_file_bytes) {
    return fail(DiagCode::kFileTooLarge, 0,
                "file is " + std::to_string(text.size()) + " bytes; the limit is " +
                    std::to_string(limits.max_file_bytes),
                "");
  }
  if (auto bad = find_invalid_utf8(text)) {
    bool nul = text[*bad] == '\0';
    return fail(DiagCode::kInvalidUtf8, *bad,
                nul ? "file contains a NUL byte" : "file is not valid UTF-8", "save it as UTF-8");
  }
  if (auto at = find_hostile_flow_nesting(text, limits.max_depth)) {
    return fail(DiagCode::kNestingTooDeep, *at,
                "nesting depth > " + std::to_string(limits.max_depth), "");
  }
  // A UTF-8 byte order mark is accepted and skipped; yaml-cpp positions then start after it.
  std::size_t bom = text.starts_with("\xEF\xBB\xBF") ? 3 : 0;
  std::istringstream stream(text.substr(bom));
  std::vector<Node> documents;
  try {
    YAML::Parser parser(stream);
    for (;;) {
      TreeBuilder builder(file, id, limits, diagnostics);
      builder.set_base_offset(bom);
      if (!parser.HandleNextDocument(builder)) break;
      if (builder.had_error()) return std::nullopt;
      if (std::optional<Node> root = builder.take_root()) documents.push_back(std::move(*root));
      if (!many) {
        SecondDocumentProbe probe;
        probe.base = bom;
        parser.HandleNextDocument(probe);
        break;
      }
    }
  } catch (const Abort& abort) {
    return fail(abort.code, abort.offset, abort.message, abort.help);
  } catch (const YAML::Exception& e) {
    std::size_t offset = e.mark.pos < 0 ? 0 : static_cast<std::size_t>(e.mark.pos) + bom;
    YamlSyntaxExplanation why = explain_yaml_syntax(text, yaml_problem(e.msg), e.msg, offset);
    Location loc = file.location_of(why.offset, why.length);
    loc.file = id;
    diagnostics.add(DiagCode::kYamlSyntax, loc, std::move(why.message)).help = std::move(why.help);
    return std::nullopt;
  }
  if (documents.empty() && !many) return fail(DiagCode::kEmptyDocument, 0, "file is empty", "");
  return documents;
}

}  // namespace

std::optional<Node> load_yaml(FileId id, const SourceFile& file, Diagnostics& diagnostics,
                              const YamlLimits& limits) {
  auto documents = parse_documents(id, file, diagnostics, limits, false);
  if (!documents) return std::nullopt;
  return std::move(documents->front());
}

std::optional<std::vector<Node>> load_yaml_documents(FileId id, const SourceFile& file,
                                                     Diagnostics& diagnostics,
                                                     const YamlLimits& limits) {
  return parse_documents(id, file, diagnostics, limits, true);
}

}  // namespace infrac
