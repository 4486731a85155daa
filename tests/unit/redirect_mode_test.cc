#include "gauthflow/redirect_mode.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

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

TEST(ValidateLoopbackRedirect, BindsWhatTheRedirectUriNames) {
  auto const v4 = ValidateLoopbackRedirect(Mode("127.0.0.1"));
  ASSERT_TRUE(v4) << v4.error().message;
  EXPECT_EQ(v4->uri_host, "127.0.0.1");
  EXPECT_EQ(v4->bind_addresses, std::vector<std::string>{"127.0.0.1"});
  EXPECT_FALSE(v4->later_addresses_optional);
  for (auto const* host : {"[::1]", "::1"}) {
    auto const v6 = ValidateLoopbackRedirect(Mode(host));
    ASSERT_TRUE(v6) << host;
    EXPECT_EQ(v6->uri_host, "[::1]");
    EXPECT_EQ(v6->bind_addresses, std::vector<std::string>{"::1"});
  }
  // Browsers resolve localhost to either family (RFC 8252 §8.3).
  auto const local = ValidateLoopbackRedirect(Mode("LOCALHOST"));
  ASSERT_TRUE(local) << local.error().message;
  EXPECT_EQ(local->uri_host, "localhost");
  EXPECT_EQ(local->bind_addresses, (std::vector<std::string>{"127.0.0.1", "::1"}));
  EXPECT_TRUE(local->later_addresses_optional);
}

TEST(ValidateLoopbackRedirect, RefusesEveryOtherLoopbackSpelling) {
  // Loopback addresses all, but not the literals RFC 8252 §7.3 names: one decision for the
  // redirect_uri and the listener (which used to accept any 127/8 literal).
  for (auto const* host : {"127.0.0.2", "127.1.2.3", "127.000.000.001", "[0:0:0:0:0:0:0:1]",
                           "[::ffff:127.0.0.1]", "0:0:0:0:0:0:0:1", "localhost."}) {
    auto const endpoint = ValidateLoopbackRedirect(Mode(host));
    ASSERT_FALSE(endpoint) << host;
    EXPECT_EQ(endpoint.error().code, ErrorCode::kInvalidArgument);
    EXPECT_THAT(endpoint.error().message,
                ::testing::AllOf(HasSubstr("\"" + std::string(host) + "\""),
                                 HasSubstr("RFC 8252")));
    EXPECT_FALSE(LoopbackRedirectUri(Mode(host), 8080)) << host;
  }
}

TEST(ValidateLoopbackRedirect, RequestPathIsTheUriPathOrSlash) {
  struct Case {
    bool trailing_slash;
    std::string path;
    std::string uri_path;
    std::string request_path;
  };
  for (auto const& c : {Case{true, "", "/", "/"}, Case{false, "", "", "/"},
                        Case{true, "callback", "/callback/", "/callback/"},
                        Case{false, "/oauth/cb/", "/oauth/cb", "/oauth/cb"}}) {
    auto const endpoint = ValidateLoopbackRedirect(Mode("127.0.0.1", c.trailing_slash, c.path));
    ASSERT_TRUE(endpoint) << c.path;
    EXPECT_EQ(endpoint->uri_path, c.uri_path) << c.path;
    EXPECT_EQ(endpoint->request_path, c.request_path) << c.path;
    EXPECT_EQ(LoopbackRedirectUri(Mode("127.0.0.1", c.trailing_slash, c.path), 9).value(),
              "http://127.0.0.1:9" + c.uri_path);
  }
}

TEST(ValidateLoopbackRedirect, PortZeroMeansAnyAndOutOfRangeIsRefused) {
  LoopbackRedirect mode;
  mode.port = 0;
  EXPECT_TRUE(ValidateLoopbackRedirect(mode));
  for (int port : {-1, 65536}) {
    mode.port = port;
    auto const endpoint = ValidateLoopbackRedirect(mode);
    ASSERT_FALSE(endpoint) << port;
    EXPECT_THAT(endpoint.error().message, HasSubstr(std::to_string(port)));
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
