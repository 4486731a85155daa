#include "gauthflow/cli/redact.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace gauthflow::cli {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(Redact, UrlQuerySecrets) {
  EXPECT_EQ(RedactUrl("http://127.0.0.1:1/?state=s3&code=4/0Ab&scope=openid"),
            "http://127.0.0.1:1/?state=REDACTED&code=REDACTED&scope=openid");
  EXPECT_EQ(RedactUrl("https://x/tokeninfo?access_token=ya29.a"),
            "https://x/tokeninfo?access_token=REDACTED");
  EXPECT_EQ(RedactUrl("https://x/path"), "https://x/path");
  EXPECT_EQ(RedactUrl("https://x/?code_challenge=abc"), "https://x/?code_challenge=abc");
}

TEST(Redact, FormBody) {
  EXPECT_EQ(RedactForm("grant_type=refresh_token&refresh_token=1%2F%2Fx&client_id=c&"
                       "client_secret=GOCSPX-s&code_verifier=v"),
            "grant_type=refresh_token&refresh_token=REDACTED&client_id=c&"
            "client_secret=REDACTED&code_verifier=REDACTED");
}

TEST(Redact, JsonAtAnyDepth) {
  auto const text = RedactJson(
      R"({"access_token":"ya29.a","expires_in":3599,"nested":{"refresh_token":"1//r"},)"
      R"("list":[{"id_token":"eyJ"}],"scope":"openid"})");
  EXPECT_THAT(text, Not(HasSubstr("ya29.a")));
  EXPECT_THAT(text, Not(HasSubstr("1//r")));
  EXPECT_THAT(text, Not(HasSubstr("eyJ")));
  EXPECT_THAT(text, HasSubstr("\"scope\":\"openid\""));
  EXPECT_THAT(text, HasSubstr("3599"));
  EXPECT_EQ(RedactJson("ya29.not-json"), "(13 bytes, not JSON)");
}

TEST(Redact, Headers) {
  EXPECT_EQ(RedactHeader("Authorization", "Bearer ya29.a"), "Bearer REDACTED");
  EXPECT_EQ(RedactHeader("authorization", "Basic Zm9vOmJhcg=="), "Basic REDACTED");
  EXPECT_EQ(RedactHeader("Set-Cookie", "sid=1"), "REDACTED");
  EXPECT_EQ(RedactHeader("Location", "http://l/?code=c"), "http://l/?code=REDACTED");
  EXPECT_EQ(RedactHeader("Content-Type", "text/html"), "text/html");
}

TEST(Redact, BodiesByContentType) {
  EXPECT_EQ(RedactBody({{"Content-Type", "text/html"}}, "<title>Success code=4/0A</title>"),
            "(32 bytes, text/html)");
  EXPECT_EQ(RedactBody({{"Content-Type", "application/x-www-form-urlencoded"}}, "code=c"),
            "code=REDACTED");
}

TEST(Redact, DescribeExchangeLeaksNothing) {
  HttpRequest request{"POST", "https://oauth2.googleapis.com/token?x=1",
                      {{"Content-Type", "application/x-www-form-urlencoded"},
                       {"Authorization", "Basic c2VjcmV0"}},
                      "code=4%2F0Asecret&code_verifier=v3rif1er&client_secret=GOCSPX-top"};
  Result<HttpResponse> response = HttpResponse{
      200, {{"Content-Type", "application/json"}},
      R"({"access_token":"ya29.secret","refresh_token":"1//secret","token_type":"Bearer"})"};
  auto const log = DescribeExchange(request, response);
  EXPECT_THAT(log, HasSubstr("> POST https://oauth2.googleapis.com/token?x=1"));
  EXPECT_THAT(log, HasSubstr("< 200"));
  EXPECT_THAT(log, HasSubstr("Bearer"));
  for (char const* secret : {"0Asecret", "v3rif1er", "GOCSPX-top", "ya29.secret", "1//secret",
                             "c2VjcmV0"}) {
    EXPECT_THAT(log, Not(HasSubstr(secret))) << secret;
  }
  auto const failed = DescribeExchange(request, MakeError(ErrorCode::kTransport, "refused"));
  EXPECT_THAT(failed, HasSubstr("! transport: refused"));
}


// --- TerminalSafe: server text on a terminal -------------------------------------------------

TEST(TerminalSafe, C0ControlsAndDelAreShownAsEscapes) {
  EXPECT_EQ(TerminalSafe("a\x1b[31mred\x1b[0m"), "a\\x1b[31mred\\x1b[0m");
  EXPECT_EQ(TerminalSafe(std::string("nul\0bel\a\x7f", 9)), "nul\\x00bel\\x07\\x7f");
  // A line break in an error_description must not forge a line of its own.
  EXPECT_EQ(TerminalSafe("bad\ngauthflow: ok\r\t"), "bad\\x0agauthflow: ok\\x0d\\x09");
  // gauthflow's own layout survives where asked.
  EXPECT_EQ(TerminalSafe("line\n\tindented\x1b\n", true), "line\n\tindented\\x1b\n");
}

TEST(TerminalSafe, C1ControlsEncodedOrRawAreShownAsEscapes) {
  EXPECT_EQ(TerminalSafe("csi\xc2\x9b" "2J"), "csi\\u009b2J");       // U+009B in UTF-8
  EXPECT_EQ(TerminalSafe("nel\xc2\x85"), "nel\\u0085");
  EXPECT_EQ(TerminalSafe("raw\x9b" "2J"), "raw\\x9b2J");              // the 8-bit CSI byte
  EXPECT_EQ(TerminalSafe("osc\x9d" "0;title\x9c"), "osc\\x9d0;title\\x9c");
}

TEST(TerminalSafe, ValidUtf8PassesAndInvalidBytesAreEscaped) {
  EXPECT_EQ(TerminalSafe("Jos\xc3\xa9 \xe2\x82\xac \xf0\x9f\x93\x81 plain"),
            "Jos\xc3\xa9 \xe2\x82\xac \xf0\x9f\x93\x81 plain");
  EXPECT_EQ(TerminalSafe("\xc2\xa0nbsp"), "\xc2\xa0nbsp");  // U+00A0, just past C1
  EXPECT_EQ(TerminalSafe("over\xc0\x9b"), "over\\xc0\\x9b");   // overlong ESC-ish form
  EXPECT_EQ(TerminalSafe("cut\xe2\x82"), "cut\\xe2\\x82");     // truncated sequence
  EXPECT_EQ(TerminalSafe(""), "");
}

}  // namespace
}  // namespace gauthflow::cli
