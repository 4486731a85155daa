#ifndef GAUTHFLOW_TESTS_TESTING_MOCKS_H_
#define GAUTHFLOW_TESTS_TESTING_MOCKS_H_

#include <gmock/gmock.h>

#include <string>

#include "gauthflow/browser_launcher.h"
#include "gauthflow/http_client.h"
#include "gauthflow/redirect_receiver.h"
#include "gauthflow/token_source.h"

namespace gauthflow::testing {

class MockHttpClient : public HttpClient {
 public:
  MOCK_METHOD(Result<HttpResponse>, Send, (HttpRequest const& request), (override));
};

class MockBrowserLauncher : public BrowserLauncher {
 public:
  MOCK_METHOD(Status, Open, (std::string const& url), (override));
  MOCK_METHOD(Result<std::string>, WaitForPageTitle,
              (Clock::time_point deadline, CancellationToken const* cancel), (override));
};

class MockRedirectReceiver : public RedirectReceiver {
 public:
  MOCK_METHOD(Result<std::string>, Listen, (LoopbackRedirect const& mode), (override));
  MOCK_METHOD(Result<std::string>, WaitForRedirect,
              (Clock::time_point deadline, RedirectHandler const& handler,
               CancellationToken const* cancel),
              (override));
  MOCK_METHOD(void, Close, (), (override));
};

class MockAccessTokenSource : public AccessTokenSource {
 public:
  MOCK_METHOD(Result<AccessToken>, GetToken, (std::chrono::system_clock::time_point now),
              (override));
};

// A canned HTTP answer for EXPECT_CALL(...).WillOnce(Return(Respond(200, R"({...})"))).
inline Result<HttpResponse> Respond(int status, std::string body, HttpHeaders headers = {}) {
  return HttpResponse{status, std::move(headers), std::move(body)};
}

}  // namespace gauthflow::testing

#endif  // GAUTHFLOW_TESTS_TESTING_MOCKS_H_
