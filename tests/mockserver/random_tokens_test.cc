// Random tokens: Google's shapes, drawn from OpenSSL a block per thread at a time; a forked
// child never hands out what its parent holds.
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include "oauth/random_tokens.h"

namespace gauthflow::mockserver::testing {
namespace {

bool IsBase64Url(std::string_view text) {
  return text.find_first_not_of(
             "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") ==
         std::string_view::npos;
}

TEST(RandomTokensTest, ShapesAreGoogles) {
  std::string access = NewAccessToken();
  EXPECT_EQ(access.size(), 157u);
  EXPECT_EQ(access.rfind("ya29.a0", 0), 0u);
  EXPECT_TRUE(IsBase64Url(access.substr(7)));
  std::string refresh = NewRefreshToken();
  EXPECT_EQ(refresh.size(), 103u);
  EXPECT_EQ(refresh.rfind("1//0", 0), 0u);
  EXPECT_TRUE(IsBase64Url(refresh.substr(4)));
  EXPECT_EQ(NewDeviceCode().rfind("AH-1Ng", 0), 0u);
  EXPECT_EQ(RandomBase64Url(43).size(), 43u);
  EXPECT_EQ(RandomBytes(5000).size(), 5000u);  // more than one block
}

// Thousands of tokens, across block refills and threads: no two alike. Each character carries
// 6 bits, so over 900 random bits a token: a repeat means the same bytes were handed out twice.
TEST(RandomTokensTest, NoTokenRepeatsAcrossBlocksAndThreads) {
  constexpr int kThreads = 4;
  constexpr int kPerThread = 500;  // 75,000 bytes a thread: many blocks
  std::vector<std::vector<std::string>> drawn(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&drawn, t] {
      for (int i = 0; i < kPerThread; ++i) drawn[static_cast<std::size_t>(t)].push_back(NewAccessToken());
    });
  }
  for (auto& thread : threads) thread.join();
  std::set<std::string> all;
  for (auto const& tokens : drawn) all.insert(tokens.begin(), tokens.end());
  EXPECT_EQ(all.size(), static_cast<std::size_t>(kThreads * kPerThread));
}

// The parent has drawn a block and holds most of it; a child forked now must not give out the
// token that the parent gives out next.
TEST(RandomTokensTest, AForkedChildDrawsFreshBytes) {
  (void)NewAccessToken();  // the block is drawn, most of it still held
  int pipe_fds[2];
  ASSERT_EQ(::pipe(pipe_fds), 0);
  pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    std::string token = NewAccessToken();
    ssize_t written = ::write(pipe_fds[1], token.data(), token.size());
    ::_exit(written == static_cast<ssize_t>(token.size()) ? 0 : 1);
  }
  ::close(pipe_fds[1]);
  std::string from_child(157, '\0');
  std::size_t got = 0;
  while (got < from_child.size()) {
    ssize_t n = ::read(pipe_fds[0], from_child.data() + got, from_child.size() - got);
    if (n <= 0) break;
    got += static_cast<std::size_t>(n);
  }
  ::close(pipe_fds[0]);
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  ASSERT_EQ(got, from_child.size());
  EXPECT_NE(NewAccessToken(), from_child);
}

}  // namespace
}  // namespace gauthflow::mockserver::testing
