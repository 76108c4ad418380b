// `infrac plan --post github` against a fake GitHub API on 127.0.0.1 (cpp-httplib): one
// comment per pull request, found among hundreds, patched in place, not rewritten when
// unchanged; 403 (forks), 5xx and 429 (Retry-After) handled; the token never printed.
#include <httplib.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdlib>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "../unit/support.h"

namespace fs = std::filesystem;
using namespace infrac::test;

namespace {

constexpr const char* kToken = "ghs_canaryTOKEN0123456789";

struct FakeGithub {
  httplib::Server server;
  std::thread thread;
  int port = 0;
  std::mutex mutex;
  std::vector<nlohmann::json> comments;
  int gets = 0, posts = 0, patches = 0;
  int fail_5xx = 0, rate_limit = 0;
  bool forbid = false;
  long next_id = 1000;

  FakeGithub() {
    auto authorised = [](const httplib::Request& req) {
      return req.get_header_value("Authorization") == std::string("Bearer ") + kToken;
    };
    server.Get(R"(/repos/acme/infra/issues/(\d+)/comments)",
               [&, authorised](const httplib::Request& req, httplib::Response& res) {
                 std::lock_guard lock(mutex);
                 ++gets;
                 if (!authorised(req)) return void(res.status = 401);
                 int page = req.has_param("page") ? std::stoi(req.get_param_value("page")) : 1;
                 int per =
                     req.has_param("per_page") ? std::stoi(req.get_param_value("per_page")) : 30;
                 nlohmann::json out = nlohmann::json::array();
                 for (std::size_t i = static_cast<std::size_t>((page - 1) * per);
                      i < comments.size() && i < static_cast<std::size_t>(page * per); ++i) {
                   out.push_back(comments[i]);
                 }
                 res.set_content(out.dump(), "application/json");
               });
    auto write_gate = [&](httplib::Response& res) {
      if (forbid) {
        res.status = 403;
        return false;
      }
      if (fail_5xx > 0) {
        --fail_5xx;
        res.status = 502;
        res.set_header("Retry-After", "0");
        return false;
      }
      if (rate_limit > 0) {
        --rate_limit;
        res.status = 429;
        res.set_header("Retry-After", "1");
        return false;
      }
      return true;
    };
    server.Post(
        R"(/repos/acme/infra/issues/(\d+)/comments)",
        [&, authorised, write_gate](const httplib::Request& req, httplib::Response& res) {
          std::lock_guard lock(mutex);
          if (!authorised(req)) return void(res.status = 401);
          if (!write_gate(res)) return;
          ++posts;
          nlohmann::json c = {{"id", next_id++}, {"body", nlohmann::json::parse(req.body)["body"]}};
          comments.push_back(c);
          res.status = 201;
          res.set_content(c.dump(), "application/json");
        });
    server.Patch(R"(/repos/acme/infra/issues/comments/(\d+))",
                 [&, authorised, write_gate](const httplib::Request& req, httplib::Response& res) {
                   std::lock_guard lock(mutex);
                   if (!authorised(req)) return void(res.status = 401);
                   if (!write_gate(res)) return;
                   ++patches;
                   long id = std::stol(req.matches[1]);
                   for (auto& c : comments) {
                     if (c["id"] == id) c["body"] = nlohmann::json::parse(req.body)["body"];
                   }
                   res.status = 200;
                   res.set_content("{}", "application/json");
                 });
    port = server.bind_to_any_port("127.0.0.1");
    thread = std::thread([this] { server.listen_after_bind(); });
  }
  ~FakeGithub() {
    server.stop();
    thread.join();
  }
};

struct Repo : GitRepo {
  void bump(const std::string& version) {
    std::string text = read_file(root / "services/users/service.yaml");
    std::string from = "    db: {type: postgres";
    text.replace(text.find(from), from.size(),
                 "    db: {type: postgres, major_upgrade: true, version: \"" + version + "\"");
    write_file(root / "services/users/service.yaml", text);
  }
};

CommandResult post(const FakeGithub& api, const Repo& repo, const std::string& extra_env = "") {
  return run_infrac(
      "plan --base HEAD~1 --head HEAD --post github --pr 7 --root " + repo.root.string(),
      "GITHUB_API_URL=http://127.0.0.1:" + std::to_string(api.port) +
          " GITHUB_REPOSITORY=acme/infra GITHUB_TOKEN=" + kToken + " " + extra_env);
}

}  // namespace

TEST_CASE("one plan comment per pull request: created, kept, patched in place", "[cli]") {
  FakeGithub api;
  // 250 earlier comments from people and other bots: three pages.
  for (int i = 0; i < 250; ++i)
    api.comments.push_back({{"id", i + 1}, {"body", "comment " + std::to_string(i)}});
  Repo repo;
  repo.bump("17");
  repo.commit("postgres 17");

  CommandResult first = post(api, repo);
  INFO(first.err);
  CHECK(first.exit_code == 0);
  CHECK(api.posts == 1);
  CHECK(api.patches == 0);
  CHECK(api.comments.back()["body"].get<std::string>().rfind("<!-- github-comment:", 0) == 0);
  long id = api.comments.back()["id"];
  // Move our comment into the middle (page 2), behind later ones.
  auto ours = api.comments.back();
  api.comments.pop_back();
  api.comments.insert(api.comments.begin() + 150, ours);

  CommandResult again = post(api, repo);
  CHECK(again.exit_code == 0);
  CHECK(api.posts == 1);
  CHECK(api.patches == 0);
  CHECK(again.err.find("already up to date") != std::string::npos);

  std::string text = read_file(repo.root / "services/users/service.yaml");
  text.replace(text.find("\"17\""), 4, "\"17\", ha: true");
  write_file(repo.root / "services/users/service.yaml", text);
  repo.commit("change of plan");
  CommandResult changed = post(api, repo);
  CHECK(changed.exit_code == 0);
  CHECK(api.posts == 1);
  CHECK(api.patches == 1);
  CHECK(changed.err.find("updated comment " + std::to_string(id)) != std::string::npos);
  CHECK(api.comments.size() == 251);

  for (const auto* r : {&first, &again, &changed}) {
    CHECK(r->out.find(kToken) == std::string::npos);
    CHECK(r->err.find(kToken) == std::string::npos);
  }
}

TEST_CASE("posting survives 5xx and rate limits, and degrades on a fork's read-only token",
          "[cli]") {
  Repo repo;
  repo.bump("17");
  repo.commit("postgres 17");
  {
    FakeGithub api;
    api.fail_5xx = 2;
    CommandResult r = post(api, repo);
    CHECK(r.exit_code == 0);
    CHECK(api.posts == 1);
  }
  {
    FakeGithub api;
    api.rate_limit = 1;
    auto start = std::chrono::steady_clock::now();
    CommandResult r = post(api, repo);
    double waited = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    CHECK(r.exit_code == 0);
    CHECK(api.posts == 1);
    CHECK(waited >= 1.0);  // Retry-After: 1 was honoured
  }
  {
    FakeGithub api;
    api.fail_5xx = 10;  // always down: bounded retries, then a clear failure
    CommandResult r = post(api, repo);
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("HTTP 502") != std::string::npos);
  }
  {
    FakeGithub api;
    api.forbid = true;
    TempDir dir;
    fs::path summary = dir.path / "summary.md";
    CommandResult r = post(api, repo, "GITHUB_STEP_SUMMARY=" + summary.string());
    CHECK(r.exit_code == 0);  // the plan's own exit code, not the comment's
    CHECK(r.err.find("a pull request from a fork?") != std::string::npos);
    CHECK(read_file(summary).find("## infrac plan") != std::string::npos);
    CHECK(read_file(summary).find(kToken) == std::string::npos);
  }
}
