#include "gauthflow/browser/scripted_browser.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <future>

#include "gauthflow/browser/html_page.h"
#include "testing/mocks.h"

namespace gauthflow::browser {
namespace {

using ::gauthflow::testing::MockHttpClient;
using ::gauthflow::testing::Respond;
using ::testing::_;
using ::testing::AllOf;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::Return;

// The shape of Google's (and the fake's) consent page: an account chooser and two buttons.
constexpr char kConsentPage[] = R"(<!DOCTYPE html><html><head><title>Sign in - Google Accounts</title>
<script>var x = "<form>";</script></head><body>
<h1>gauthflow demo wants access</h1>
<form method="post" action="/o/oauth2/approval">
<input type="hidden" name="tx" value="tx&amp;1">
<label><input type="radio" name="account" value="alice@example.com" checked required>Alice</label>
<label><input type=radio name=account value="bob@example.com">Bob</label>
<button type="submit" name="decision" value="deny" id="deny">Deny</button>
<button type="submit" name="decision" value="allow" id="allow" class="primary">Allow</button>
</form></body></html>)";

constexpr char kErrorPage[] = R"(<html><head><title>Authorization Error</title></head><body>
<h1>Authorization Error</h1><p class="error" id="error-code">Error 400: invalid_request</p>
<p id="error-description">The out-of-band (OOB) flow has been blocked in order to keep users
secure.</p><dl><dt>redirect_uri</dt><dd>urn:ietf:wg:oauth:2.0:oob</dd></dl></body></html>)";

TEST(HtmlPage, ParsesTitleFormsAndText) {
  auto const page = ParseHtmlPage(kConsentPage);
  EXPECT_EQ(page.title, "Sign in - Google Accounts");
  ASSERT_EQ(page.forms.size(), 1u);  // the one in <script> is not a form
  auto const& form = page.forms[0];
  EXPECT_EQ(form.method, "post");
  EXPECT_EQ(form.action, "/o/oauth2/approval");
  ASSERT_EQ(form.controls.size(), 5u);
  EXPECT_EQ(form.controls[0].value, "tx&1");
  EXPECT_TRUE(form.controls[1].checked);
  EXPECT_EQ(form.controls[2].value, "bob@example.com");
  EXPECT_EQ(form.controls[4].label, "Allow");
  EXPECT_THAT(page.text, HasSubstr("gauthflow demo wants access"));
}

TEST(HtmlPage, FindsGooglesErrorPage) {
  auto const error = FindAuthorizationError(ParseHtmlPage(kErrorPage));
  ASSERT_TRUE(error);
  EXPECT_EQ(error->status, 400);
  EXPECT_EQ(error->error, "invalid_request");
  EXPECT_THAT(error->description, HasSubstr("out-of-band (OOB) flow has been blocked"));
  EXPECT_FALSE(FindAuthorizationError(ParseHtmlPage(kConsentPage)));
}

TEST(HtmlPage, EntitiesAndUrls) {
  EXPECT_EQ(DecodeEntities("a&lt;b&gt; &quot;c&quot; &#39;d&#x27; &amp;amp; &bogus; &#233;"),
            "a<b> \"c\" 'd' &amp; &bogus; \xC3\xA9");
  EXPECT_EQ(ResolveUrl("http://h:1/o/oauth2/auth?x=1", "/o/oauth2/approval"),
            "http://h:1/o/oauth2/approval");
  EXPECT_EQ(ResolveUrl("http://h:1/a/b", "c?d=1"), "http://h:1/a/c?d=1");
  EXPECT_EQ(ResolveUrl("http://h:1/a", "http://127.0.0.1:5/?code=x"), "http://127.0.0.1:5/?code=x");
}

MATCHER_P(IsGet, url, "") { return arg.method == "GET" && arg.url == url; }
MATCHER_P2(IsPost, url, body, "") {
  return arg.method == "POST" && arg.url == url && arg.body == body;
}

TEST(ScriptedBrowser, AllowsAsTheChosenAccountAndFollowsTheRedirect) {
  MockHttpClient http;
  BrowserScript script;
  script.account = "bob@example.com";
  ScriptedBrowser browser(http, script);
  ::testing::InSequence order;
  EXPECT_CALL(http, Send(IsGet("http://g/auth?state=s"))).WillOnce(Return(Respond(200, kConsentPage)));
  EXPECT_CALL(http, Send(IsPost("http://g/o/oauth2/approval",
                                "tx=tx%261&account=bob%40example.com&decision=allow")))
      .WillOnce(Return(Respond(302, "", {{"Location", "http://127.0.0.1:9/?state=s&code=c"}})));
  EXPECT_CALL(http, Send(IsGet("http://127.0.0.1:9/?state=s&code=c")))
      .WillOnce(Return(Respond(200, "<title>gauthflow: Sign-in complete</title>")));
  auto visit = browser.Visit("http://g/auth?state=s");
  ASSERT_TRUE(visit);
  EXPECT_EQ(visit->address, "http://127.0.0.1:9/?state=s&code=c");
  EXPECT_EQ(visit->status, 200);
  EXPECT_EQ(visit->title, "gauthflow: Sign-in complete");
  ASSERT_EQ(visit->steps.size(), 3u);
  EXPECT_THAT(visit->steps[1], HasSubstr("(account=bob@example.com, decision=allow) -> 302"));
  EXPECT_THAT(visit->steps[1], HasSubstr("code=REDACTED"));  // logs never hold the code
}

TEST(ScriptedBrowser, DeniesWithThePreselectedAccount) {
  MockHttpClient http;
  BrowserScript script;
  script.allow = false;
  ScriptedBrowser browser(http, script);
  EXPECT_CALL(http, Send(IsGet("http://g/auth"))).WillOnce(Return(Respond(200, kConsentPage)));
  EXPECT_CALL(http, Send(IsPost("http://g/o/oauth2/approval",
                                "tx=tx%261&account=alice%40example.com&decision=deny")))
      .WillOnce(Return(Respond(200, "<title>Denied error=access_denied</title>")));
  auto visit = browser.Visit("http://g/auth");
  ASSERT_TRUE(visit);
  EXPECT_EQ(visit->title, "Denied error=access_denied");
}

TEST(ScriptedBrowser, AnAccountThePageDoesNotOfferIsAnError) {
  MockHttpClient http;
  BrowserScript script;
  script.account = "mallory@example.com";
  ScriptedBrowser browser(http, script);
  EXPECT_CALL(http, Send(_)).WillOnce(Return(Respond(200, kConsentPage)));
  auto visit = browser.Visit("http://g/auth");
  ASSERT_TRUE(visit);
  ASSERT_TRUE(visit->load_error);
  EXPECT_THAT(visit->load_error->message, HasSubstr("does not offer the account mallory"));
}

TEST(ScriptedBrowser, AnUnreachableRedirectLeavesItInTheAddressBar) {
  MockHttpClient http;
  ScriptedBrowser browser(http, BrowserScript{});
  EXPECT_CALL(http, Send(IsGet("http://g/auth")))
      .WillOnce(Return(Respond(302, "", {{"Location", "http://127.0.0.1:8085/?code=c&state=s"}})));
  EXPECT_CALL(http, Send(IsGet("http://127.0.0.1:8085/?code=c&state=s")))
      .WillOnce(Return(MakeError(ErrorCode::kTransport, "connection refused")));
  auto visit = browser.Visit("http://g/auth");
  ASSERT_TRUE(visit);
  EXPECT_EQ(visit->address, "http://127.0.0.1:8085/?code=c&state=s");
  EXPECT_EQ(visit->status, 0);
  ASSERT_TRUE(visit->load_error);
  EXPECT_EQ(visit->load_error->code, ErrorCode::kTransport);
}

TEST(ScriptedBrowser, FillsTheDeviceCodeAndPressesNext) {
  MockHttpClient http;
  BrowserScript script;
  script.user_code = "ABCD-EFGH";
  ScriptedBrowser browser(http, script);
  EXPECT_CALL(http, Send(IsGet("http://g/device")))
      .WillOnce(Return(Respond(200, R"(<form method="post" action="/device">
        <input type="text" id="user_code" name="user_code" required>
        <button type="submit" class="primary">Next</button></form>)")));
  EXPECT_CALL(http, Send(IsPost("http://g/device", "user_code=ABCD-EFGH")))
      .WillOnce(Return(Respond(200, "<title>Success</title><h1>Success</h1>")));
  auto visit = browser.Visit("http://g/device");
  ASSERT_TRUE(visit);
  EXPECT_EQ(visit->title, "Success");
}

TEST(ScriptedBrowser, OpenRunsInTheBackgroundAndReportsTheOobTitle) {
  MockHttpClient http;
  ScriptedBrowser browser(http, BrowserScript{});
  EXPECT_CALL(http, Send(_)).WillOnce(Return(Respond(200, "<title>Success code=4/0Ax</title>")));
  ASSERT_TRUE(browser.Open("http://g/auth"));
  auto title = browser.WaitForPageTitle({}, nullptr);
  ASSERT_TRUE(title);
  EXPECT_EQ(*title, "Success code=4/0Ax");
}

// Ctrl-C during OOB auto's wait: the wait ends although the page is still loading.
TEST(ScriptedBrowser, ACancelledWaitForTheTitleEndsWhileThePageStillLoads) {
  MockHttpClient http;
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  EXPECT_CALL(http, Send(_)).WillOnce(::testing::Invoke([released](HttpRequest const&) {
    released.wait();
    return Result<HttpResponse>(Respond(200, "<title>Success code=4/0Ax</title>"));
  }));
  ScriptedBrowser browser(http, BrowserScript{});
  ASSERT_TRUE(browser.Open("http://g/auth"));
  CancellationToken cancel;
  cancel.Cancel();
  auto title = browser.WaitForPageTitle({}, &cancel);
  release.set_value();  // the visit ends; the destructor waits for it
  ASSERT_FALSE(title);
  EXPECT_EQ(title.error().code, ErrorCode::kCancelled);
}

TEST(ScriptedBrowser, ErrorPagesBecomeErrors) {
  MockHttpClient http;
  ScriptedBrowser browser(http, BrowserScript{});
  EXPECT_CALL(http, Send(_)).WillOnce(Return(Respond(400, kErrorPage)));
  ASSERT_TRUE(browser.Open("http://g/auth"));
  auto title = browser.WaitForPageTitle({}, nullptr);
  ASSERT_FALSE(title);
  EXPECT_EQ(title.error().code, ErrorCode::kOobBlocked);
  EXPECT_EQ(title.error().server_error, "invalid_request");
  EXPECT_THAT(title.error().message, HasSubstr("Error 400: invalid_request"));

  BrowserVisit mismatch;
  mismatch.error_page = AuthorizationErrorPage{400, "redirect_uri_mismatch", ""};
  EXPECT_EQ(ErrorShownBy(mismatch)->code, ErrorCode::kRedirectUriMismatch);
  mismatch.error_page = AuthorizationErrorPage{401, "invalid_client", "not found"};
  EXPECT_EQ(ErrorShownBy(mismatch)->code, ErrorCode::kInvalidClient);
  EXPECT_FALSE(ErrorShownBy(BrowserVisit{}));
}

TEST(ScriptedBrowser, RefusesNonHttpUrls) {
  MockHttpClient http;
  EXPECT_CALL(http, Send(_)).Times(0);
  ScriptedBrowser browser(http, BrowserScript{});
  EXPECT_FALSE(browser.Visit("file:///etc/passwd"));
  EXPECT_EQ(browser.WaitForPageTitle({}, nullptr).error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace gauthflow::browser
