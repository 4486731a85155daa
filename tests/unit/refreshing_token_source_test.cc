#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <filesystem>

#include "gauthflow/credentials_store.h"
#include "gauthflow/token_client.h"
#include "gauthflow/token_source.h"
#include "testing/fake_clock.h"
#include "testing/mocks.h"

namespace gauthflow {
namespace {

using ::gauthflow::testing::FakeClock;
using ::gauthflow::testing::MockHttpClient;
using ::gauthflow::testing::Respond;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::Return;
using std::chrono::seconds;

constexpr char kTokenUri[] = "https://oauth2.googleapis.com/token";

Credentials StoredCredentials() {
  Credentials c;
  c.access_token = "ya29.old";
  c.expiry = std::chrono::system_clock::time_point(seconds(1'700'000'000));
  c.refresh_token = "1//old-refresh";
  c.scopes = {"openid", "https://www.googleapis.com/auth/drive.readonly"};
  c.token_uri = kTokenUri;
  c.client_id = "123.apps.googleusercontent.com";
  c.client_secret = "GOCSPX-secret";
  return c;
}

TokenClientConfig Config() {
  TokenClientConfig config;
  config.token_uri = kTokenUri;
  config.revoke_uri = "https://oauth2.googleapis.com/revoke";
  config.client_id = "123.apps.googleusercontent.com";
  config.client_secret = "GOCSPX-secret";
  return config;
}

auto IsRefreshGrant() {
  return AllOf(Field(&HttpRequest::method, "POST"), Field(&HttpRequest::url, kTokenUri),
               Field(&HttpRequest::body, AllOf(HasSubstr("grant_type=refresh_token"),
                                               HasSubstr("refresh_token=1%2F%2Fold-refresh"),
                                               Not(HasSubstr("scope=")))));
}

class RefreshingTokenSourceTest : public ::testing::Test {
 protected:
  MockHttpClient http_;
  FakeClock clock_;
  TokenClient client_{http_, clock_, Config()};
  std::vector<Credentials> saved_;
  RefreshCallback save_ = [this](Credentials const& c) { saved_.push_back(c); };
};

TEST_F(RefreshingTokenSourceTest, RefreshUpdatesCredentialsKeepsRefreshTokenAndReportsThem) {
  EXPECT_CALL(http_, Send(IsRefreshGrant()))
      .WillOnce(Return(Respond(200, R"({"access_token": "ya29.new", "expires_in": 3599,
          "scope": "https://www.googleapis.com/auth/drive.readonly openid", "token_type": "Bearer"})")));
  RefreshingTokenSource source(client_, StoredCredentials(), save_);

  auto const token = source.GetToken(clock_.Now());
  ASSERT_TRUE(token) << ToString(token.error());
  EXPECT_EQ(token->token, "ya29.new");
  EXPECT_EQ(token->expiry, clock_.Now() + seconds(3599));

  auto const current = source.credentials();
  EXPECT_EQ(current.access_token, "ya29.new");
  EXPECT_EQ(current.expiry, clock_.Now() + seconds(3599));
  EXPECT_EQ(current.refresh_token, "1//old-refresh");
  EXPECT_THAT(current.scopes,
              ElementsAre("https://www.googleapis.com/auth/drive.readonly", "openid"));
  EXPECT_EQ(current.client_id, "123.apps.googleusercontent.com");
  ASSERT_EQ(saved_.size(), 1u);
  EXPECT_EQ(saved_[0].access_token, "ya29.new");
  EXPECT_EQ(saved_[0].refresh_token, "1//old-refresh");
}

TEST_F(RefreshingTokenSourceTest, RotatedRefreshTokenAndIdTokenAreKept) {
  EXPECT_CALL(http_, Send(IsRefreshGrant()))
      .WillOnce(Return(Respond(200, R"({"access_token": "ya29.new", "expires_in": 3599,
          "refresh_token": "1//rotated", "id_token": "eyJ.e30.sig", "token_type": "Bearer"})")));
  RefreshingTokenSource source(client_, StoredCredentials(), save_);
  ASSERT_TRUE(source.GetToken(clock_.Now()));
  EXPECT_EQ(source.credentials().refresh_token, "1//rotated");
  EXPECT_EQ(source.credentials().id_token, "eyJ.e30.sig");
  // No "scope" in the answer: the stored scopes stay.
  EXPECT_EQ(source.credentials().scopes, StoredCredentials().scopes);
  ASSERT_EQ(saved_.size(), 1u);
  EXPECT_EQ(saved_[0].refresh_token, "1//rotated");
}

TEST_F(RefreshingTokenSourceTest, InvalidGrantIsReturnedAndNothingChanges) {
  EXPECT_CALL(http_, Send(IsRefreshGrant()))
      .WillOnce(Return(Respond(400, R"({"error": "invalid_grant",
          "error_description": "Token has been expired or revoked."})")));
  RefreshingTokenSource source(client_, StoredCredentials(), save_);
  auto const token = source.GetToken(clock_.Now());
  ASSERT_FALSE(token);
  EXPECT_EQ(token.error().code, ErrorCode::kInvalidGrant);
  EXPECT_THAT(token.error().message, AllOf(HasSubstr("Token has been expired or revoked."),
                                           Not(HasSubstr("1//old-refresh")),
                                           Not(HasSubstr("GOCSPX-secret"))));
  EXPECT_EQ(source.credentials().access_token, "ya29.old");
  EXPECT_TRUE(saved_.empty());
}

TEST_F(RefreshingTokenSourceTest, WithoutRefreshTokenNothingIsSent) {
  EXPECT_CALL(http_, Send).Times(0);
  auto credentials = StoredCredentials();
  credentials.refresh_token.reset();
  RefreshingTokenSource source(client_, credentials, save_);
  auto const token = source.GetToken(clock_.Now());
  ASSERT_FALSE(token);
  EXPECT_EQ(token.error().code, ErrorCode::kMissingField);
  EXPECT_THAT(token.error().message, HasSubstr("refresh_token"));
}

TEST_F(RefreshingTokenSourceTest, UnknownExpiryNeverExpiresEarly) {
  EXPECT_CALL(http_, Send(IsRefreshGrant()))
      .WillOnce(Return(Respond(200, R"({"access_token": "ya29.new", "token_type": "Bearer"})")));
  RefreshingTokenSource source(client_, StoredCredentials());
  auto const token = source.GetToken(clock_.Now());
  ASSERT_TRUE(token) << ToString(token.error());
  EXPECT_EQ(token->expiry, std::chrono::system_clock::time_point::max());
  EXPECT_EQ(source.credentials().expiry, std::nullopt);
}

// The composition the CLI uses: the cache answers from the stored token until the slack
// boundary, then one refresh goes to the token endpoint and is persisted.
TEST_F(RefreshingTokenSourceTest, CachedOverRefreshingRefreshesOnlyNearExpiry) {
  auto const stored = StoredCredentials();
  auto const expiry = clock_.Now() + seconds(600);
  auto cache = CachedTokenSource(
      std::make_unique<RefreshingTokenSource>(client_, stored, save_),
      AccessToken{stored.access_token, expiry});

  EXPECT_CALL(http_, Send).Times(0);
  EXPECT_EQ(cache.GetToken(expiry - kDefaultRefreshSlack - seconds(1))->token, "ya29.old");
  ::testing::Mock::VerifyAndClearExpectations(&http_);

  EXPECT_CALL(http_, Send(IsRefreshGrant()))
      .WillOnce(Return(Respond(200, R"({"access_token": "ya29.new", "expires_in": 3599})")));
  EXPECT_EQ(cache.GetToken(expiry - kDefaultRefreshSlack)->token, "ya29.new");
  EXPECT_EQ(cache.GetToken(expiry)->token, "ya29.new");  // cached: no second request
  ASSERT_EQ(saved_.size(), 1u);
  EXPECT_EQ(saved_[0].access_token, "ya29.new");
}


// --- FileRefreshingTokenSource: one refresh across processes ------------------------------

class FileRefreshingTokenSourceTest : public RefreshingTokenSourceTest {
 protected:
  void SetUp() override {
    ASSERT_FALSE(dir_.empty());
    ASSERT_TRUE(store_.Save(Expired()));
  }
  void TearDown() override {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
  Credentials Expired() {
    auto credentials = StoredCredentials();
    credentials.expiry = clock_.Now() - seconds(1);
    return credentials;
  }

  std::string dir_;
  // A fresh mkdtemp directory per test (dir_ is empty if that failed; SetUp checks).
  std::string path_ = [this] {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "gauthflow-refresh-XXXXXX").string();
    if (::mkdtemp(pattern.data()) != nullptr) dir_ = pattern;
    return pattern + "/creds.json";
  }();
  FileCredentialsStore store_{path_};
};

TEST_F(FileRefreshingTokenSourceTest, RefreshesUnderTheLockAndSavesBeforeReleasingIt) {
  EXPECT_CALL(http_, Send(IsRefreshGrant())).WillOnce([this](HttpRequest const&) {
    // Another process trying now finds the lock taken.
    EXPECT_FALSE(FileCredentialsStore(path_).Lock(std::chrono::milliseconds(0)));
    return Respond(200, R"({"access_token": "ya29.new", "expires_in": 3599})");
  });
  FileRefreshingTokenSource source(client_, store_, Expired());
  auto const token = source.GetToken(clock_.Now());
  ASSERT_TRUE(token) << token.error().message;
  EXPECT_EQ(token->token, "ya29.new");
  EXPECT_EQ(store_.Load()->access_token, "ya29.new");
  EXPECT_EQ(store_.Load()->refresh_token, "1//old-refresh");
  EXPECT_TRUE(FileCredentialsStore(path_).Lock(std::chrono::milliseconds(0)));  // released
}

// What the second of two processes sees: the first refreshed while it waited for the lock.
TEST_F(FileRefreshingTokenSourceTest, ATokenAnotherProcessSavedIsUsedWithoutARequest) {
  EXPECT_CALL(http_, Send).Times(0);
  FileRefreshingTokenSource source(client_, store_, Expired());
  auto refreshed = Expired();
  refreshed.access_token = "ya29.from-another-process";
  refreshed.expiry = clock_.Now() + seconds(3599);
  refreshed.refresh_token = "1//rotated-by-it";
  ASSERT_TRUE(FileCredentialsStore(path_).Save(refreshed));

  auto const token = source.GetToken(clock_.Now());
  ASSERT_TRUE(token) << token.error().message;
  EXPECT_EQ(token->token, "ya29.from-another-process");
  EXPECT_EQ(token->expiry, clock_.Now() + seconds(3599));
  EXPECT_EQ(source.credentials().refresh_token, "1//rotated-by-it");
}

// The token in the file is the one this process already has (an API rejected it), or it is
// about to expire: refresh.
TEST_F(FileRefreshingTokenSourceTest, TheSameOrANearlyExpiredTokenInTheFileIsRefreshed) {
  auto soon = Expired();
  soon.access_token = "ya29.nearly-expired";
  soon.expiry = clock_.Now() + kDefaultRefreshSlack - seconds(1);
  ASSERT_TRUE(store_.Save(soon));
  EXPECT_CALL(http_, Send(IsRefreshGrant()))
      .Times(2)
      .WillRepeatedly(Return(Respond(200, R"({"access_token": "ya29.new", "expires_in": 3599})")));
  FileRefreshingTokenSource source(client_, store_, Expired());
  EXPECT_EQ(source.GetToken(clock_.Now())->token, "ya29.new");
  // Now the file holds ya29.new, which this source holds too: asked again (a 401), it refreshes.
  EXPECT_EQ(source.GetToken(clock_.Now())->token, "ya29.new");
}

TEST_F(FileRefreshingTokenSourceTest, ALockHeldTooLongIsATimeoutAndNothingIsSent) {
  EXPECT_CALL(http_, Send).Times(0);
  auto held = FileCredentialsStore(path_).Lock();
  ASSERT_TRUE(held);
  FileRefreshOptions options;
  options.lock_wait = std::chrono::milliseconds(20);
  FileRefreshingTokenSource source(client_, store_, Expired(), options);
  auto const token = source.GetToken(clock_.Now());
  ASSERT_FALSE(token);
  EXPECT_EQ(token.error().code, ErrorCode::kTimeout);
  EXPECT_THAT(token.error().message, HasSubstr(path_ + ".lock"));
}

TEST_F(FileRefreshingTokenSourceTest, CredentialsRevokedOrReplacedMeanwhileAreNotRefreshed) {
  EXPECT_CALL(http_, Send).Times(0);
  FileRefreshingTokenSource source(client_, store_, Expired());
  auto revoked = Expired();
  revoked.access_token.clear();
  revoked.refresh_token.reset();
  ASSERT_TRUE(store_.Save(revoked));
  auto const none = source.GetToken(clock_.Now());
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().code, ErrorCode::kMissingField);

  auto other_client = Expired();
  other_client.client_id = "456.apps.googleusercontent.com";
  ASSERT_TRUE(store_.Save(other_client));
  FileRefreshingTokenSource second(client_, store_, Expired());
  auto const replaced = second.GetToken(clock_.Now());
  ASSERT_FALSE(replaced);
  EXPECT_EQ(replaced.error().code, ErrorCode::kInvalidArgument);
  EXPECT_THAT(replaced.error().message, HasSubstr("another sign-in"));
}

TEST_F(FileRefreshingTokenSourceTest, ASaveFailureIsReportedAndTheTokenStillServed) {
  std::vector<Error> errors;
  FileRefreshOptions options;
  options.on_save_error = [&](Error const& error) { errors.push_back(error); };
  FileRefreshingTokenSource source(client_, store_, Expired(), options);
  // While the request is out (after the re-read), the data file's name becomes a non-empty
  // directory, which rename(2) cannot replace: Save fails for real.
  EXPECT_CALL(http_, Send(IsRefreshGrant())).WillOnce([this](HttpRequest const&) {
    std::filesystem::remove(path_);
    std::filesystem::create_directories(path_ + "/inside");
    return Respond(200, R"({"access_token": "ya29.new", "expires_in": 3599})");
  });
  auto const token = source.GetToken(clock_.Now());
  ASSERT_TRUE(token) << token.error().message;
  EXPECT_EQ(token->token, "ya29.new");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].code, ErrorCode::kFileWriteFailed);
}

}  // namespace
}  // namespace gauthflow
