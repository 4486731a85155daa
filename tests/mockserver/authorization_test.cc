#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "test_support.h"

namespace gauthflow::mockserver::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

using AuthParams = std::vector<std::pair<std::string, std::string>>;

AuthParams Without(AuthParams params, std::string const& name) {
  std::erase_if(params, [&](auto const& p) { return p.first == name; });
  return params;
}

AuthParams With(AuthParams params, std::string const& name, std::string const& value) {
  params = Without(std::move(params), name);
  params.emplace_back(name, value);
  return params;
}

class Authorization : public ServerTest {};

TEST_F(Authorization, MissingClientIdIsInvalidRequestPage) {
  HttpResult page = Get(base_, AuthPath(Without(DefaultAuthParams(), "client_id")));
  EXPECT_EQ(page.status, 400);
  EXPECT_THAT(page.Header("Content-Type"), StartsWith("text/html"));
  EXPECT_THAT(page.body, HasSubstr("Error 400: invalid_request"));
  EXPECT_THAT(page.body, HasSubstr("Missing required parameter: client_id"));
}

TEST_F(Authorization, UnknownClientIsInvalidClientPage) {
  HttpResult page = Get(base_, AuthPath(With(DefaultAuthParams(), "client_id", "nobody.apps")));
  EXPECT_EQ(page.status, 401);
  EXPECT_THAT(page.body, HasSubstr("Authorization Error"));
  EXPECT_THAT(page.body, HasSubstr("Error 401: invalid_client"));
  EXPECT_THAT(page.body, HasSubstr("The OAuth client was not found."));
  // The page lists the request's parameters.
  EXPECT_THAT(page.body, HasSubstr("nobody.apps"));
  EXPECT_THAT(page.body, HasSubstr("response_type"));
}

TEST_F(Authorization, RedirectUriMismatchIsAPageNeverARedirect) {
  for (std::string uri : {"http://127.0.0.1:8765/callback", "http://evil.example.com/",
                          "https://127.0.0.1:8765/", "http://127.0.0.1:8765/#frag"}) {
    HttpResult page = Get(base_, AuthPath(With(DefaultAuthParams(), "redirect_uri", uri)));
    EXPECT_EQ(page.status, 400) << uri;
    EXPECT_EQ(page.Header("Location"), "") << uri;
    EXPECT_THAT(page.body, HasSubstr("Error 400: redirect_uri_mismatch")) << uri;
  }
}

TEST_F(Authorization, LoopbackRedirectAcceptsAnyPortAndAnyLoopbackHost) {
  // The default installed client registers http://127.0.0.1 and http://localhost only; like
  // Google's Desktop clients it also takes [::1] and other spellings of loopback.
  for (std::string uri : {"http://127.0.0.1:1/", "http://127.0.0.1:65000", "http://localhost:8080/",
                          "http://127.0.0.1", "http://[::1]:4444/", "http://[::1]"}) {
    HttpResult page = Get(base_, AuthPath(With(DefaultAuthParams(), "redirect_uri", uri)));
    EXPECT_EQ(page.status, 200) << uri << page.body;
  }
}

TEST_F(Authorization, WebClientNeedsAnExactMatch) {
  ServerConfig config = DefaultServerConfig();
  ClientConfig web;
  web.id = "web.apps.googleusercontent.com";
  web.secret = "s";
  web.type = ClientType::kWeb;
  web.redirect_uris = {"http://127.0.0.1:5000/cb"};
  config.clients.push_back(web);
  server_->Stop();
  StartServer(config);
  auto params = With(With(DefaultAuthParams(), "client_id", web.id), "redirect_uri",
                     "http://127.0.0.1:5000/cb");
  EXPECT_EQ(Get(base_, AuthPath(params)).status, 200);
  EXPECT_EQ(Get(base_, AuthPath(With(params, "redirect_uri", "http://127.0.0.1:5001/cb"))).status, 400);
  EXPECT_EQ(Get(base_, AuthPath(With(params, "redirect_uri", "http://127.0.0.1:5000/cb/"))).status, 400);
}

TEST_F(Authorization, ResponseTypeAndScopeAreRequired) {
  HttpResult page = Get(base_, AuthPath(Without(DefaultAuthParams(), "response_type")));
  EXPECT_EQ(page.status, 400);
  EXPECT_THAT(page.body, HasSubstr("Required parameter is missing: response_type"));
  page = Get(base_, AuthPath(With(DefaultAuthParams(), "response_type", "token")));
  EXPECT_EQ(page.status, 400);
  EXPECT_THAT(page.body, HasSubstr("unsupported_response_type"));
  page = Get(base_, AuthPath(Without(DefaultAuthParams(), "scope")));
  EXPECT_EQ(page.status, 400);
  EXPECT_THAT(page.body, HasSubstr("Error 400: invalid_request"));
  EXPECT_THAT(page.body, HasSubstr("Missing required parameter: scope"));
  page = Get(base_, AuthPath(With(DefaultAuthParams(), "scope", "openid bogus.scope")));
  EXPECT_EQ(page.status, 400);
  EXPECT_THAT(page.body, HasSubstr("invalid_scope"));
  EXPECT_THAT(page.body, HasSubstr("bogus.scope"));
}

TEST_F(Authorization, BadPkceMethodIsInvalidRequest) {
  HttpResult page = Get(base_, AuthPath(With(DefaultAuthParams(), "code_challenge_method", "S512")));
  EXPECT_EQ(page.status, 400);
  EXPECT_THAT(page.body, HasSubstr("Error 400: invalid_request"));
  EXPECT_THAT(page.body, HasSubstr("code_challenge_method"));
  page = Get(base_, AuthPath(With(DefaultAuthParams(), "code_challenge", "short")));
  EXPECT_EQ(page.status, 400);
}

TEST_F(Authorization, ConsentPageIsAccessible) {
  HttpResult page = Get(base_, AuthPath(DefaultAuthParams("openid email " + std::string(kDriveMeta))));
  ASSERT_EQ(page.status, 200);
  EXPECT_THAT(page.body, HasSubstr("<html lang=\"en\">"));
  EXPECT_THAT(page.body, HasSubstr("type=\"radio\" name=\"account\""));
  EXPECT_THAT(page.body, HasSubstr("<label class=\"account\" for=\"account-0\">"));
  EXPECT_THAT(page.body, HasSubstr("alice@example.com"));
  EXPECT_THAT(page.body, HasSubstr("See information about your Google Drive files"));
  EXPECT_THAT(page.body, HasSubstr("See your primary Google Account email address"));
  EXPECT_THAT(page.body, HasSubstr("value=\"allow\""));
  EXPECT_THAT(page.body, HasSubstr("value=\"deny\""));
  EXPECT_THAT(page.body, HasSubstr("action=\"/o/oauth2/approval\""));
  // The form carries a transaction id, never a code.
  EXPECT_THAT(page.body, Not(HasSubstr("4/0A")));
  EXPECT_EQ(page.Header("X-Frame-Options"), "DENY");
}

TEST_F(Authorization, AllowRedirectsWithCodeStateAndScope) {
  HttpResult approval = Decide(DefaultAuthParams("openid email"), "allow");
  ASSERT_EQ(approval.status, 302);
  std::string location = approval.Header("Location");
  EXPECT_THAT(location, StartsWith("http://127.0.0.1:8765/?state=xyz-state&code=4/0A"));
  EXPECT_EQ(QueryParam(location, "state"), "xyz-state");
  EXPECT_THAT(QueryParam(location, "code"), StartsWith("4/0A"));
  EXPECT_EQ(QueryParam(location, "scope"), "openid https://www.googleapis.com/auth/userinfo.email");
}

TEST_F(Authorization, RedirectKeepsItsOwnQuery) {
  ServerConfig config = DefaultServerConfig();
  config.clients[0].redirect_uris.push_back("http://127.0.0.1/cb?app=1");
  server_->Stop();
  StartServer(config);
  HttpResult approval =
      Decide(With(DefaultAuthParams(), "redirect_uri", "http://127.0.0.1:9999/cb?app=1"), "allow");
  ASSERT_EQ(approval.status, 302);
  EXPECT_THAT(approval.Header("Location"), StartsWith("http://127.0.0.1:9999/cb?app=1&state="));
}

TEST_F(Authorization, DenyRedirectsWithAccessDenied) {
  HttpResult approval = Decide(DefaultAuthParams(), "deny");
  ASSERT_EQ(approval.status, 302);
  EXPECT_EQ(approval.Header("Location"), "http://127.0.0.1:8765/?state=xyz-state&error=access_denied");
}

TEST_F(Authorization, TransactionIsSingleUse) {
  HttpResult page = Get(base_, AuthPath(DefaultAuthParams()));
  std::string tx = Capture(page.body, "name=\"tx\" value=\"([^\"]+)\"");
  AuthParams form = {{"tx", tx}, {"account", kUser}, {"decision", "allow"}};
  EXPECT_EQ(PostForm(base_, "/o/oauth2/approval", form).status, 302);
  HttpResult again = PostForm(base_, "/o/oauth2/approval", form);
  EXPECT_EQ(again.status, 400);
  EXPECT_THAT(again.body, HasSubstr("no longer valid"));
}

TEST_F(Authorization, OobShowsTheCodeInTheTitle) {
  HttpResult page = Decide(With(DefaultAuthParams(), "redirect_uri", "urn:ietf:wg:oauth:2.0:oob"), "allow");
  ASSERT_EQ(page.status, 200);
  std::string code = Capture(page.body, "<title>Success code=([^<]+)</title>");
  EXPECT_THAT(code, StartsWith("4/0A"));
  EXPECT_THAT(page.body, HasSubstr("Please copy this code"));
  EXPECT_THAT(page.body, HasSubstr("<textarea id=\"code\""));
  HttpResult tokens = Exchange(code, kVerifier, "urn:ietf:wg:oauth:2.0:oob");
  EXPECT_EQ(tokens.status, 200) << tokens.body;
}

TEST_F(Authorization, OobAutoAsksToCloseTheWindow) {
  auto params = With(DefaultAuthParams(), "redirect_uri", "urn:ietf:wg:oauth:2.0:oob:auto");
  HttpResult page = Decide(params, "allow");
  EXPECT_THAT(page.body, HasSubstr("<title>Success code=4/0A"));
  EXPECT_THAT(page.body, HasSubstr("close this window"));
  page = Decide(params, "deny");
  EXPECT_THAT(page.body, HasSubstr("<title>Denied error=access_denied</title>"));
}

TEST_F(Authorization, OobBlockedLikeGoogleSince2023) {
  ServerConfig config = DefaultServerConfig();
  config.oob_blocked = true;
  server_->Stop();
  StartServer(config);
  HttpResult page = Get(base_, AuthPath(With(DefaultAuthParams(), "redirect_uri", "urn:ietf:wg:oauth:2.0:oob")));
  EXPECT_EQ(page.status, 400);
  EXPECT_THAT(page.body, HasSubstr("Error 400: invalid_request"));
  EXPECT_THAT(page.body, HasSubstr("The out-of-band (OOB) flow has been blocked"));
}

TEST_F(Authorization, AutoApproveSkipsTheConsentPage) {
  ServerConfig config = DefaultServerConfig();
  config.auto_approve_user = "";
  server_->Stop();
  StartServer(config);
  HttpResult answer = Get(base_, AuthPath(DefaultAuthParams()));
  ASSERT_EQ(answer.status, 302);
  EXPECT_THAT(QueryParam(answer.Header("Location"), "code"), StartsWith("4/0A"));
}

TEST_F(Authorization, PromptNoneNeedsPriorConsent) {
  auto params = With(DefaultAuthParams(), "prompt", "none");
  HttpResult answer = Get(base_, AuthPath(params));
  ASSERT_EQ(answer.status, 302);
  EXPECT_EQ(QueryParam(answer.Header("Location"), "error"), "consent_required");
  EXPECT_EQ(QueryParam(answer.Header("Location"), "state"), "xyz-state");
  Code(DefaultAuthParams());  // consent once
  answer = Get(base_, AuthPath(params));
  ASSERT_EQ(answer.status, 302);
  EXPECT_THAT(QueryParam(answer.Header("Location"), "code"), StartsWith("4/0A"));
}

}  // namespace
}  // namespace gauthflow::mockserver::testing
