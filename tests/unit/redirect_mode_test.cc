#include "gauthflow/redirect_mode.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace gauthflow {
namespace {

using ::testing::HasSubstr;

LoopbackRedirect Mode(std::string host, bool trailing_slash = true, std::string path = "") {
  LoopbackRedirect mode;
  mode.host = std::move(host);
  mode.trailing_slash = trailing_slash;
  mode.path = std::move(path);
  return mode;
}

TEST(LoopbackRedirectUri, DefaultIsIpv4WithTrailingSlash) {
  EXPECT_EQ(LoopbackRedirectUri(LoopbackRedirect{}, 8080).value(), "http://127.0.0.1:8080/");
}

TEST(LoopbackRedirectUri, AcceptsTheThreeLoopbackSpellings) {
  EXPECT_EQ(LoopbackRedirectUri(Mode("localhost"), 1).value(), "http://localhost:1/");
  EXPECT_EQ(LoopbackRedirectUri(Mode("LocalHost"), 2).value(), "http://localhost:2/");
  EXPECT_EQ(LoopbackRedirectUri(Mode("[::1]"), 65535).value(), "http://[::1]:65535/");
  EXPECT_EQ(LoopbackRedirectUri(Mode("::1"), 53682).value(), "http://[::1]:53682/");
}

TEST(LoopbackRedirectUri, TrailingSlashAndPath) {
  EXPECT_EQ(LoopbackRedirectUri(Mode("127.0.0.1", false), 8085).value(), "http://127.0.0.1:8085");
  EXPECT_EQ(LoopbackRedirectUri(Mode("127.0.0.1", false, "callback"), 8085).value(),
            "http://127.0.0.1:8085/callback");
  EXPECT_EQ(LoopbackRedirectUri(Mode("127.0.0.1", true, "callback"), 8085).value(),
            "http://127.0.0.1:8085/callback/");
  EXPECT_EQ(LoopbackRedirectUri(Mode("127.0.0.1", true, "/oauth/callback/"), 8085).value(),
            "http://127.0.0.1:8085/oauth/callback/");
}

TEST(LoopbackRedirectUri, RefusesNonLoopbackHosts) {
  for (auto const* host : {"example.com", "10.0.0.1", "0.0.0.0", "localhost.evil.example", "",
                           "127.0.0.2"}) {
    auto const uri = LoopbackRedirectUri(Mode(host), 8080);
    ASSERT_FALSE(uri) << host;
    EXPECT_EQ(uri.error().code, ErrorCode::kInvalidArgument);
    EXPECT_THAT(uri.error().message, HasSubstr("\"" + std::string(host) + "\""));
  }
}

TEST(LoopbackRedirectUri, RefusesBadPorts) {
  for (int port : {0, -1, 65536, 100000}) {
    auto const uri = LoopbackRedirectUri(LoopbackRedirect{}, port);
    ASSERT_FALSE(uri) << port;
    EXPECT_EQ(uri.error().code, ErrorCode::kInvalidArgument);
    EXPECT_THAT(uri.error().message, HasSubstr(std::to_string(port)));
  }
}

TEST(LoopbackRedirectUri, RefusesPathsThatNeedEncodingOrEscapeTheRoot) {
  for (auto const* path : {"a b", "cb?x=1", "cb#frag", "../up", "a//b", "caf\xc3\xa9", "%41"}) {
    auto const uri = LoopbackRedirectUri(Mode("127.0.0.1", true, path), 8080);
    ASSERT_FALSE(uri) << path;
    EXPECT_EQ(uri.error().code, ErrorCode::kInvalidArgument);
  }
}

TEST(FixedRedirectUri, OobModes) {
  EXPECT_EQ(FixedRedirectUri(OobRedirect{}).value(), "urn:ietf:wg:oauth:2.0:oob");
  EXPECT_EQ(FixedRedirectUri(OobAutoRedirect{}).value(), "urn:ietf:wg:oauth:2.0:oob:auto");
}

TEST(FixedRedirectUri, PasteModeUsesItsFixedLoopbackTarget) {
  PasteRedirect paste;
  paste.target.port = 8085;
  paste.target.host = "localhost";
  EXPECT_EQ(FixedRedirectUri(paste).value(), "http://localhost:8085/");

  paste.target.port = 0;
  auto const no_port = FixedRedirectUri(paste);
  ASSERT_FALSE(no_port);
  EXPECT_EQ(no_port.error().code, ErrorCode::kInvalidArgument);
  EXPECT_THAT(no_port.error().message, HasSubstr("fixed port"));
}

TEST(FixedRedirectUri, LoopbackHasNoFixedUri) {
  auto const uri = FixedRedirectUri(LoopbackRedirect{});
  ASSERT_FALSE(uri);
  EXPECT_EQ(uri.error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace gauthflow
