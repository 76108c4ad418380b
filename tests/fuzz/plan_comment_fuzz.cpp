// Fuzzes the pull-request comment's splitting: a plan built from the input (targets, changes,
// attribute values with any bytes, backticks and multi-byte text) rendered under a limit the
// input also picks. The comment never exceeds the limit, always starts with the marker, and a
// plan that differs in one attribute value never renders the same comment.
// Run: scripts/fuzz.sh [seconds]  (see CONTRIBUTING.md)
#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "plan/render.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace infrac;
  FuzzedDataProvider in(data, size);
  PlanRenderOptions options;
  options.max_comment = in.ConsumeIntegralInRange<std::size_t>(600, 8000);
  Plan plan;
  int targets = in.ConsumeIntegralInRange(1, 6);
  for (int t = 0; t < targets; ++t) {
    TargetPlan tp;
    tp.env = in.ConsumeBool() ? "dev" : "prod";
    tp.service = "s" + std::to_string(t);
    tp.target = tp.env + "/" + tp.service;
    tp.status = static_cast<TargetStatus>(in.ConsumeIntegralInRange(0, 2));
    int changes = in.ConsumeIntegralInRange(0, 8);
    for (int c = 0; c < changes; ++c) {
      Change ch;
      ch.address = "module." + in.ConsumeRandomLengthString(12);
      ch.action = static_cast<ChangeAction>(in.ConsumeIntegralInRange(0, 5));
      ch.reason = in.ConsumeRandomLengthString(40);
      int attrs = in.ConsumeIntegralInRange(0, 5);
      for (int a = 0; a < attrs; ++a) {
        ch.attributes.push_back({in.ConsumeRandomLengthString(20), in.ConsumeRandomLengthString(80),
                                 in.ConsumeRandomLengthString(80), in.ConsumeBool(), true});
      }
      (in.ConsumeBool() ? tp.terraform : tp.kubernetes).push_back(std::move(ch));
    }
    if (in.ConsumeBool()) tp.files.push_back({"f.tf", in.ConsumeRandomLengthString(3000)});
    if (in.ConsumeBool()) tp.risks.push_back({RiskLevel::Danger, in.ConsumeRandomLengthString(100), {}});
    tp.wiring_changed = in.ConsumeBool();
    tp.dependencies = {"a", "b"};
    tp.dependencies_before = {"b", "c"};
    plan.targets.push_back(std::move(tp));
  }
  SourceFiles files;
  Markdown md = plan_markdown(plan, files, options);
  if (md.comment.size() > options.max_comment) std::abort();
  if (md.comment.rfind("<!-- github-comment:", 0) != 0) std::abort();
  // One attribute value more: the comment must change, whatever had to be left out.
  for (auto& t : plan.targets) {
    for (auto* list : {&t.terraform, &t.kubernetes}) {
      for (auto& c : *list) {
        if (c.attributes.empty()) continue;
        c.attributes.back().after += "x";
        if (plan_markdown(plan, files, options).comment == md.comment) std::abort();
        return 0;
      }
    }
  }
  return 0;
}
