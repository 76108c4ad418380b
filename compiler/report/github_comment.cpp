#include "report/github_comment.h"

#include <curl/curl.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>

namespace infrac {
namespace {

struct Response {
  long status = 0;
  std::string body;
  double retry_after = -1;  // seconds, from Retry-After
  bool rate_limited = false;
  std::string transport_error;
};

std::size_t collect(char* data, std::size_t size, std::size_t count, void* out) {
  static_cast<std::string*>(out)->append(data, size * count);
  return size * count;
}

std::size_t header_line(char* data, std::size_t size, std::size_t count, void* out) {
  auto* r = static_cast<Response*>(out);
  std::string line(data, size * count);
  std::string lower;
  for (char c : line) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower.rfind("retry-after:", 0) == 0) r->retry_after = std::atof(line.c_str() + 12);
  if (lower.rfind("x-ratelimit-remaining: 0", 0) == 0) r->rate_limited = true;
  return size * count;
}

class Client {
 public:
  explicit Client(const GithubTarget& t) : t_(t), start_(std::chrono::steady_clock::now()) {}

  Response send(const std::string& method, const std::string& path, const std::string& body = "") {
    Response r;
    double wait = t_.backoff_seconds;
    for (int attempt = 0;; ++attempt) {
      r = once(method, path, body);
      bool retryable = !r.transport_error.empty() || r.status >= 500 || r.status == 429 ||
                       (r.status == 403 && r.rate_limited);
      if (!retryable || attempt == t_.retries) return r;
      double pause = r.retry_after >= 0 ? r.retry_after : wait;
      wait *= 2;
      if (elapsed() + pause > t_.max_seconds) return r;
      std::this_thread::sleep_for(std::chrono::duration<double>(pause));
    }
  }

 private:
  double elapsed() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }

  Response once(const std::string& method, const std::string& path, const std::string& body) {
    Response r;
    CURL* curl = curl_easy_init();
    if (!curl) {
      r.transport_error = "curl could not start";
      return r;
    }
    std::string url = t_.api_url + path;
    curl_slist* headers = nullptr;
    headers = curl_slist_append(headers, "Accept: application/vnd.github+json");
    headers = curl_slist_append(headers, "X-GitHub-Api-Version: 2022-11-28");
    headers = curl_slist_append(headers, "Content-Type: application/json");
    std::string auth = "Authorization: Bearer " + t_.token;
    headers = curl_slist_append(headers, auth.c_str());
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_USERAGENT, "infrac");
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method.c_str());
    if (!body.empty()) curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.c_str());
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &r.body);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, header_line);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &r);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, 30L);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    CURLcode code = curl_easy_perform(curl);
    if (code != CURLE_OK) {
      r.transport_error = curl_easy_strerror(code);  // never the request: it carries the token
    } else {
      curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &r.status);
    }
    curl_slist_free_all(headers);
    curl_easy_cleanup(curl);
    return r;
  }

  const GithubTarget& t_;
  std::chrono::steady_clock::time_point start_;
};

std::string describe(const Response& r) {
  if (!r.transport_error.empty()) return r.transport_error;
  return "HTTP " + std::to_string(r.status);
}

}  // namespace

PostResult post_plan_comment(const GithubTarget& t, const std::string& body,
                             const std::string& marker) {
  PostResult result;
  if (t.token.empty() || t.repository.empty() || t.pull_request <= 0) {
    result.message = "GITHUB_TOKEN, GITHUB_REPOSITORY and a pull request number are needed to post";
    return result;
  }
  static const bool initialised = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
  (void)initialised;
  Client client(t);
  std::string issue = "/repos/" + t.repository + "/issues/" + std::to_string(t.pull_request);
  // Every page: the marker may be on an early comment of a long conversation.
  long existing = 0;
  std::string existing_body;
  for (int page = 1;; ++page) {
    Response r = client.send("GET", issue + "/comments?per_page=100&page=" + std::to_string(page));
    if (r.status != 200) {
      result.outcome = r.status == 403 ? PostOutcome::Forbidden : PostOutcome::Failed;
      result.message = "listing comments failed: " + describe(r);
      return result;
    }
    auto comments = nlohmann::json::parse(r.body, nullptr, false);
    if (!comments.is_array()) {
      result.message = "listing comments returned no JSON array";
      return result;
    }
    for (const auto& c : comments) {
      std::string text = c.value("body", "");
      if (text.find(marker) != std::string::npos) {
        existing = c.value("id", 0L);  // the last one wins: newest
        existing_body = text;
      }
    }
    if (comments.size() < 100) break;
  }
  nlohmann::json payload = {{"body", body}};
  if (existing) {
    result.comment_id = existing;
    if (existing_body == body) {
      result.outcome = PostOutcome::Unchanged;
      result.message = "comment " + std::to_string(existing) + " is already up to date";
      return result;
    }
    Response r = client.send(
        "PATCH", "/repos/" + t.repository + "/issues/comments/" + std::to_string(existing),
        payload.dump());
    if (r.status == 200) {
      result.outcome = PostOutcome::Updated;
      result.message = "updated comment " + std::to_string(existing);
    } else {
      result.outcome = r.status == 403 ? PostOutcome::Forbidden : PostOutcome::Failed;
      result.message = "updating comment " + std::to_string(existing) + " failed: " + describe(r);
    }
    return result;
  }
  Response r = client.send("POST", issue + "/comments", payload.dump());
  if (r.status == 201) {
    auto created = nlohmann::json::parse(r.body, nullptr, false);
    result.comment_id = created.is_object() ? created.value("id", 0L) : 0;
    result.outcome = PostOutcome::Created;
    result.message = "created comment " + std::to_string(result.comment_id);
  } else {
    result.outcome = r.status == 403 ? PostOutcome::Forbidden : PostOutcome::Failed;
    result.message = "creating the comment failed: " + describe(r);
  }
  return result;
}

}  // namespace infrac
