// Fuzzes `plan --terraform-plan`: Terraform plan JSON in any encoding (the first byte picks
// plain bytes, a UTF-8 byte order mark, or UTF-16 LE/BE of the rest), read into a Plan and,
// when it is one, rendered as text, JSON and a comment with a small size limit. A rejected file
// must say why; an accepted one must render within the limit.
// Run: scripts/fuzz.sh [seconds]  (see CONTRIBUTING.md)
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "plan/render.h"
#include "plan/terraform_plan.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace infrac;
  if (size == 0) return 0;
  std::string rest(reinterpret_cast<const char*>(data + 1), size - 1);
  std::string text;
  switch (data[0] % 4) {
    case 0:
      text = rest;
      break;
    case 1:
      text = "\xEF\xBB\xBF" + rest;
      break;
    default: {  // UTF-16 of each byte (LE or BE): ASCII JSON as PowerShell writes it
      bool little = data[0] % 4 == 2;
      text = little ? "\xFF\xFE" : "\xFE\xFF";
      for (char c : rest) text += little ? std::string{c, '\0'} : std::string{'\0', c};
    }
  }
  Plan plan;
  std::string error = read_terraform_plans({{"fuzz.json", text}}, plan);
  if (!error.empty()) return 0;
  if (plan.targets.size() != 1) std::abort();  // one file, one target
  SourceFiles files;
  PlanRenderOptions options;
  options.max_comment = 2000;
  (void)plan_text(plan, files, options);
  (void)plan_json(plan, files, options).dump();
  Markdown md = plan_markdown(plan, files, options);
  if (md.comment.size() > options.max_comment) std::abort();
  return 0;
}
