// Posts a plan comment to a GitHub pull request and keeps it to one comment: the earlier
// comment carrying the same hidden marker is found (every page of comments) and PATCHed in
// place; an identical body is not written at all. 403 on a fork's read-only token is
// reported, not fatal; 5xx and rate limits are retried with backoff (Retry-After honoured),
// bounded in time. The token is sent in a header and never appears in any message.
// The only file that includes libcurl. Tested against a fake GitHub API on 127.0.0.1
// (tests/cli/github_post_test.cpp).
#pragma once

#include <string>

namespace infrac {

struct GithubTarget {
  std::string api_url = "https://api.github.com";
  std::string repository;  // owner/name
  std::string token;
  long pull_request = 0;
  int retries = 3;
  double max_seconds = 60;     // for all attempts together
  double backoff_seconds = 1;  // first retry wait without Retry-After; doubles
};

enum class PostOutcome { Created, Updated, Unchanged, Forbidden, Failed };

struct PostResult {
  PostOutcome outcome = PostOutcome::Failed;
  long comment_id = 0;
  std::string message;  // for people; never contains the token
};

PostResult post_plan_comment(const GithubTarget& target, const std::string& body,
                             const std::string& marker);

}  // namespace infrac
