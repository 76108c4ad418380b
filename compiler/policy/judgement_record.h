// The rules' verdict on one target (its findings on the service and on its generated objects,
// and its claims across services, before exceptions apply) as text, and back; and the digests
// of the rules and of what they read beyond their own target. An incremental build keeps each
// target's verdict with the build and, for a target it does not compile, replays the last one
// instead of judging it again when both digests are unchanged: the target's own model and
// output are then unchanged too (nothing the change touched reaches it through the target
// graph), so the same rules give the same findings.
// Tested by tests/unit/judgement_record_test.cpp and, against full builds, by the
// incremental-vs-full differential test (tests/differential/).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/inputs.h"
#include "base/source_files.h"
#include "policy/evaluate.h"
#include "resolve/model.h"

namespace infrac {

// Lines of tab-separated fields ("F" findings, "C" claims); locations by file path.
std::string encode_judgement(const TargetFindings& verdict, const SourceFiles& files);

// Back, with rules looked up by id and files by path; nothing when a rule or file is not
// known any more or the text is damaged (the target is judged again then).
using FileIdsByPath = std::map<std::string, FileId, std::less<>>;
FileIdsByPath file_ids_by_path(const SourceFiles& files);
std::optional<TargetFindings> decode_judgement(std::string_view text, const PolicySet& policies,
                                               const FileIdsByPath& files);

// The rules themselves: every file a rule or exception was read from, with its state in the
// compile's input record (built-in packs change only with the binary, which is in the build's
// fingerprint). A pack under services/<S>/ changes it, though the edit looks like a service's.
// `folders`: the repository's pack folders (spec.policies' paths, relative to its root):
// every file and listing read below them counts too (a pack of `configure:` alone holds no rule).
std::string policy_digest(const PolicySet& policies, const SourceFiles& files,
                          const InputRecord& inputs, const std::vector<std::string>& folders = {});

// What a service rule reads beyond its target: which services exist (a secret key's owner)
// and each environment's public hosts and routes (the URL rules). A hash, as hex.
std::string cross_service_digest(const Model& model);

}  // namespace infrac
