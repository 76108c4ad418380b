// The service rules' verdict on one target (its findings and claims across services, before
// exceptions apply) as text, and back; and the digest of what those rules read beyond their
// own target. An incremental build keeps each target's verdict with the build and, for a
// target it does not compile, replays the last one instead of judging it again, when that
// digest is unchanged: the target's own model is then unchanged too (nothing the change
// touched reaches it through the target graph), so the same rules give the same findings.
// Tested by tests/unit/judgement_record_test.cpp and, against full builds, by the
// incremental-vs-full differential test (tests/differential/).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

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

// What a service rule reads beyond its target: which services exist (a secret key's owner)
// and each environment's public hosts and routes (the URL rules). A hash, as hex.
std::string cross_service_digest(const Model& model);

}  // namespace infrac
