// The fake's memory under a sign-in loop, and Google's behaviour that bounds it: at most 100
// refresh tokens per client and user (the 101st evicts the oldest grant), revoked grants'
// records erased, redeemed codes shrunk to tombstones that go with their grant, and a reused
// code still recognised after its tombstone went. In process, through the routes themselves
// (no sockets), so that thousands of flows are counted, never timed.
#include <algorithm>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

#include "drive_gateway.h"
#include "oauth/oauth_routes.h"
#include "routes.h"
#include "test_support.h"

namespace gauthflow::mockserver::testing {
namespace {

// Every store of a server, and the RouteContext over them, as FakeGoogleServer::Impl has them.
class InProcessServer {
 public:
  explicit InProcessServer(ServerConfig config)
      : config_(std::move(config)),
        base_clock_(std::make_shared<ManualClock>()),
        clock_(base_clock_),
        directory_(config_),
        transactions_(clock_),
        codes_(clock_),
        tokens_(clock_),
        devices_(clock_),
        journal_(config_.limits.journal_capacity),
        ctx_{clock_,   directory_,  consents_, transactions_, codes_,
             tokens_,  devices_,    journal_,  violations_,   faults_,
             signer_,  config_,     "http://127.0.0.1:1",     drive_} {}

  HttpAnswer Send(std::string method, std::string path, Params params, std::string bearer = "") {
    Request request;
    request.method = std::move(method);
    request.path = std::move(path);
    if (request.method == "POST") {
      request.form = std::move(params);
      request.content_type = "application/x-www-form-urlencoded";
    } else {
      request.query = std::move(params);
    }
    if (!bearer.empty()) request.authorization = "Bearer " + bearer;
    return Route(ctx_, request);
  }

  RouteContext& ctx() { return ctx_; }
  ManualClock& base_clock() { return *base_clock_; }

 private:
  ServerConfig const config_;
  std::shared_ptr<ManualClock> base_clock_;
  ServerClock clock_;
  ClientDirectory directory_;
  ConsentStore consents_;
  TransactionStore transactions_;
  CodeStore codes_;
  TokenStore tokens_;
  DeviceStore devices_;
  Journal journal_;
  ViolationLog violations_;
  FaultTable faults_;
  IdTokenSigner signer_;
  DriveGateway drive_;
  RouteContext ctx_;
};

std::string Field(HttpAnswer const& answer, std::string const& name) {
  Poco::JSON::Parser parser;
  auto json = parser.parse(answer.body).extract<Poco::JSON::Object::Ptr>();
  return json->has(name) ? json->get(name).convert<std::string>() : std::string("<absent>");
}

std::string Header(HttpAnswer const& answer, std::string const& name) {
  for (auto const& [key, value] : answer.headers) {
    if (key == name) return value;
  }
  return "";
}

struct Tokens {
  std::string code;
  std::string access_token;
  std::string refresh_token;
};

class BoundedStores : public ::testing::Test {
 protected:
  static ServerConfig AutoApprove() {
    ServerConfig config = DefaultServerConfig();
    config.auto_approve_user = "";  // the first user approves every authorization at once
    return config;
  }

  // The soak's authorization: PKCE S256, offline, prompt=consent, answered with a redirect.
  std::string Authorize() {
    HttpAnswer answer = server_.Send("GET", "/o/oauth2/v2/auth",
                                     {{"client_id", kClientId}, {"redirect_uri", kRedirect},
                                      {"response_type", "code"}, {"scope", kDriveMeta},
                                      {"state", "soak"}, {"code_challenge", kChallenge},
                                      {"code_challenge_method", "S256"},
                                      {"access_type", "offline"}, {"prompt", "consent"}});
    EXPECT_EQ(answer.status, 302) << answer.body;
    return QueryParam(Header(answer, "Location"), "code");
  }

  HttpAnswer Exchange(std::string const& code) {
    return server_.Send("POST", "/token",
                        {{"grant_type", "authorization_code"}, {"code", code},
                         {"redirect_uri", kRedirect}, {"client_id", kClientId},
                         {"client_secret", kClientSecret}, {"code_verifier", kVerifier}});
  }

  HttpAnswer Refresh(std::string const& refresh_token) {
    return server_.Send("POST", "/token",
                        {{"grant_type", "refresh_token"}, {"refresh_token", refresh_token},
                         {"client_id", kClientId}, {"client_secret", kClientSecret}});
  }

  HttpAnswer ListFiles(std::string const& access_token) {
    return server_.Send("GET", "/drive/v3/files", {{"pageSize", "5"}}, access_token);
  }

  Tokens SignIn() {
    Tokens out;
    out.code = Authorize();
    HttpAnswer answer = Exchange(out.code);
    EXPECT_EQ(answer.status, 200) << answer.body;
    out.access_token = Field(answer, "access_token");
    out.refresh_token = Field(answer, "refresh_token");
    return out;
  }

  void ExpectError(HttpAnswer const& answer, std::string const& error,
                   std::string const& description) {
    EXPECT_EQ(answer.status, 400) << answer.body;
    EXPECT_EQ(Field(answer, "error"), error) << answer.body;
    EXPECT_EQ(Field(answer, "error_description"), description) << answer.body;
  }

  std::size_t ReusedCodeViolations() {
    std::size_t count = 0;
    for (auto const& violation : server_.ctx().violations.List()) {
      count += violation.kind == "reused_code";
    }
    return count;
  }

  // Runs authorizations until the code store's next sweep has run.
  void SweepCodes() {
    for (std::uint64_t i = 0; i < SweepSchedule::kEvery; ++i) server_.ctx().codes.Issue({}, kUser);
  }

  InProcessServer server_{AutoApprove()};
};

TEST_F(BoundedStores, The101stRefreshTokenRevokesTheOldestGrant) {
  std::vector<Tokens> signed_in;
  for (std::size_t i = 0; i < kRefreshTokensPerClientAndUser; ++i) signed_in.push_back(SignIn());
  EXPECT_EQ(server_.ctx().tokens.RefreshTokenCount(), kRefreshTokensPerClientAndUser);
  Tokens const newest = SignIn();
  EXPECT_EQ(server_.ctx().tokens.RefreshTokenCount(), kRefreshTokensPerClientAndUser);

  // The oldest refresh token and the access tokens of its grant are refused, as after /revoke.
  ExpectError(Refresh(signed_in[0].refresh_token), "invalid_grant",
              "Token has been expired or revoked.");
  EXPECT_EQ(ListFiles(signed_in[0].access_token).status, 401);
  EXPECT_EQ(server_.Send("GET", "/tokeninfo", {{"access_token", signed_in[0].access_token}}).status,
            400);
  // The other 100 work.
  signed_in.erase(signed_in.begin());
  signed_in.push_back(newest);
  for (Tokens const& tokens : signed_in) {
    EXPECT_EQ(ListFiles(tokens.access_token).status, 200);
    HttpAnswer refreshed = Refresh(tokens.refresh_token);
    ASSERT_EQ(refreshed.status, 200) << refreshed.body;
    EXPECT_EQ(ListFiles(Field(refreshed, "access_token")).status, 200);
  }
}

TEST_F(BoundedStores, TheLimitIsPerClientAndUser) {
  // A device-flow grant for another user, made before: not evicted by alice's 101 sign-ins.
  auto bob = server_.ctx().tokens.NewGrant(kClientId, "bob@example.com", {kDriveMeta}, true, true);
  auto other_client =
      server_.ctx().tokens.NewGrant("other.apps", kUser, {kDriveMeta}, true, true);
  for (std::size_t i = 0; i <= kRefreshTokensPerClientAndUser; ++i) SignIn();
  EXPECT_TRUE(server_.ctx().tokens.LiveRefreshToken(bob->refresh_token));
  EXPECT_TRUE(server_.ctx().tokens.LiveRefreshToken(other_client->refresh_token));
  EXPECT_EQ(server_.ctx().tokens.RefreshTokenCount(), kRefreshTokensPerClientAndUser + 2);
}

TEST_F(BoundedStores, ACodeReusedWithinItsLifetimeRevokesItsGrantEvenAfterItsTombstoneWent) {
  // The tombstone is held: the reuse revokes the first use's grant.
  Tokens const first = SignIn();
  ExpectError(Exchange(first.code), "invalid_grant", "Bad Request");
  EXPECT_EQ(ReusedCodeViolations(), 1u);
  ExpectError(Refresh(first.refresh_token), "invalid_grant", "Token has been expired or revoked.");
  EXPECT_EQ(ListFiles(first.access_token).status, 401);

  // Its grant revoked, the next sweep drops the tombstone; a later reuse within the code's
  // lifetime is still told apart from a made-up code, and still logged.
  std::size_t const held_before_sweep = server_.ctx().codes.Count();
  SweepCodes();
  ASSERT_FALSE(server_.ctx().codes.Find(first.code));
  EXPECT_LT(server_.ctx().codes.Count(), held_before_sweep + SweepSchedule::kEvery);
  ExpectError(Exchange(first.code), "invalid_grant", "Bad Request");
  EXPECT_EQ(ReusedCodeViolations(), 2u);

  // The same for a code whose grant was evicted by the 100-refresh-token limit.
  Tokens const evicted = SignIn();
  for (std::size_t i = 0; i < kRefreshTokensPerClientAndUser; ++i) SignIn();
  SweepCodes();
  ASSERT_FALSE(server_.ctx().codes.Find(evicted.code));
  ExpectError(Exchange(evicted.code), "invalid_grant", "Bad Request");
  EXPECT_EQ(ReusedCodeViolations(), 3u);

  // After the lifetime it is an expired code: "Bad Request", but no longer a recognised reuse.
  server_.base_clock().Advance(kCodeLifetime + std::chrono::seconds(1));
  ExpectError(Exchange(first.code), "invalid_grant", "Bad Request");
  EXPECT_EQ(ReusedCodeViolations(), 3u);
}

TEST_F(BoundedStores, AMadeUpCodeIsStillMalformed) {
  Tokens const real = SignIn();
  ExpectError(Exchange("4/0AunknownButWellFormed"), "invalid_grant", "Malformed auth code.");
  std::string forged = real.code;
  forged.back() = forged.back() == 'A' ? 'B' : 'A';
  ExpectError(Exchange(forged), "invalid_grant", "Malformed auth code.");
  // A code from before an admin reset was never issued by the reset server.
  server_.ctx().ResetStores();
  ExpectError(Exchange(real.code), "invalid_grant", "Malformed auth code.");
  EXPECT_EQ(ReusedCodeViolations(), 0u);
}

TEST_F(BoundedStores, RevokedGrantsLeaveTheTokenStore) {
  Tokens const kept = SignIn();
  Tokens const revoked = SignIn();
  ASSERT_EQ(Refresh(revoked.refresh_token).status, 200);  // a second access token on it
  EXPECT_EQ(server_.ctx().tokens.RefreshTokenCount(), 2u);
  EXPECT_EQ(server_.ctx().tokens.AccessTokenCount(), 3u);
  EXPECT_EQ(server_.Send("POST", "/revoke", {{"token", revoked.refresh_token}}).status, 200);
  // The refresh token goes at once, the access tokens at the next sweep.
  EXPECT_EQ(server_.ctx().tokens.RefreshTokenCount(), 1u);
  auto grant = server_.ctx().tokens.LiveRefreshToken(kept.refresh_token);
  ASSERT_TRUE(grant);
  for (std::uint64_t i = 4; i < SweepSchedule::kEvery; ++i) {  // 3 issued so far
    server_.ctx().tokens.IssueAccessToken(grant, server_.ctx().clock.Now() + kAccessTokenLifetime);
  }
  EXPECT_EQ(server_.ctx().tokens.AccessTokenCount(), SweepSchedule::kEvery - 1);  // not swept yet
  server_.ctx().tokens.IssueAccessToken(grant, server_.ctx().clock.Now() + kAccessTokenLifetime);
  EXPECT_EQ(server_.ctx().tokens.AccessTokenCount(), SweepSchedule::kEvery - 2);
  EXPECT_EQ(ListFiles(kept.access_token).status, 200);
}

// The soak's whole flow (authorization, exchange, refresh, files.list) looped for one user past
// two sweeps of the token store and one of the code store: after every flow, what the stores
// hold is the live grants' records plus at most one sweep period of dead ones, not the flows'.
TEST_F(BoundedStores, ASignInLoopHoldsRecordsForTheLiveGrantsOnly) {
  constexpr std::size_t kFlows = 2 * SweepSchedule::kEvery + 500;  // 2 access tokens a flow
  constexpr std::size_t kLiveAccessTokens = 2 * kRefreshTokensPerClientAndUser;
  RouteContext& ctx = server_.ctx();
  std::size_t most_access_tokens = 0;
  std::size_t most_codes = 0;
  for (std::size_t i = 0; i < kFlows; ++i) {
    Tokens const tokens = SignIn();
    HttpAnswer refreshed = Refresh(tokens.refresh_token);
    ASSERT_EQ(refreshed.status, 200) << refreshed.body;
    ASSERT_EQ(ListFiles(Field(refreshed, "access_token")).status, 200) << i;
    ASSERT_LE(ctx.tokens.RefreshTokenCount(), kRefreshTokensPerClientAndUser) << i;
    most_access_tokens = std::max(most_access_tokens, ctx.tokens.AccessTokenCount());
    most_codes = std::max(most_codes, ctx.codes.Count());
  }
  EXPECT_EQ(ctx.tokens.RefreshTokenCount(), kRefreshTokensPerClientAndUser);
  EXPECT_LE(most_access_tokens, SweepSchedule::kEvery + kLiveAccessTokens);
  EXPECT_LE(most_codes, SweepSchedule::kEvery + kRefreshTokensPerClientAndUser);
  // Right now: the live grants' records and what was issued since each store's last sweep.
  EXPECT_LE(ctx.tokens.AccessTokenCount(),
            (2 * kFlows) % SweepSchedule::kEvery + kLiveAccessTokens);
  // (+ 1: the code whose issue ran the sweep)
  EXPECT_LE(ctx.codes.Count(), kFlows % SweepSchedule::kEvery + kRefreshTokensPerClientAndUser + 1);
  EXPECT_EQ(ctx.transactions.Count(), 0u);
  EXPECT_EQ(ctx.consents.GrantedScopes(kClientId, kUser).size(), 1u);
}

}  // namespace
}  // namespace gauthflow::mockserver::testing
