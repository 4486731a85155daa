// Drive v3 through the whole server: Bearer authentication, the caller's scopes, and the
// discovery document. Drive's own logic is tested in drive_*_test.cc.
#include <Poco/JSON/Array.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "test_support.h"

namespace gauthflow::mockserver::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

class DriveRoutes : public ServerTest {
 protected:
  std::vector<std::pair<std::string, std::string>> Bearer(std::string const& token) {
    return {{"Authorization", "Bearer " + token}};
  }
};

TEST_F(DriveRoutes, SmokeAuthCodeTokenThenListByModifiedByMeTime) {
  HttpResult tokens = Tokens(kDriveMeta);
  ASSERT_EQ(tokens.status, 200) << tokens.body;
  HttpResult list = Get(base_, "/drive/v3/files?orderBy=modifiedByMeTime%20desc&pageSize=5"
                               "&fields=files(id,name,modifiedByMeTime)",
                        Bearer(tokens.Field("access_token")));
  ASSERT_EQ(list.status, 200) << list.body;
  auto files = list.Json()->getArray("files");
  ASSERT_EQ(files->size(), 5u) << list.body;
  // The built-in files, newest first.
  EXPECT_EQ(files->getObject(0)->getValue<std::string>("name"), "notes.txt");
  for (unsigned i = 1; i < files->size(); ++i) {
    EXPECT_GT(files->getObject(i - 1)->getValue<std::string>("modifiedByMeTime"),
              files->getObject(i)->getValue<std::string>("modifiedByMeTime"));
  }
}

TEST_F(DriveRoutes, DefaultFieldsWithoutFieldsParameter) {
  HttpResult tokens = Tokens(kDriveMeta);
  HttpResult list = Get(base_, "/drive/v3/files?pageSize=2", Bearer(tokens.Field("access_token")));
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(list.Field("kind"), "drive#fileList");
  EXPECT_NE(list.Field("nextPageToken"), "<absent>");
}

TEST_F(DriveRoutes, NoTokenIsLoginRequired) {
  HttpResult answer = Get(base_, "/drive/v3/files");
  EXPECT_EQ(answer.status, 401);
  auto error = answer.Json()->getObject("error");
  EXPECT_EQ(error->getValue<std::string>("message"), "Login Required.");
  EXPECT_EQ(error->getValue<std::string>("status"), "UNAUTHENTICATED");
  auto item = error->getArray("errors")->getObject(0);
  EXPECT_EQ(item->getValue<std::string>("reason"), "required");
  EXPECT_EQ(item->getValue<std::string>("location"), "Authorization");
  EXPECT_EQ(item->getValue<std::string>("locationType"), "header");
}

TEST_F(DriveRoutes, BadExpiredOrRevokedTokenIsInvalidCredentials) {
  auto expect_invalid = [&](std::string const& token) {
    HttpResult answer = Get(base_, "/drive/v3/files", Bearer(token));
    EXPECT_EQ(answer.status, 401) << answer.body;
    EXPECT_EQ(answer.Header("WWW-Authenticate"),
              "Bearer realm=\"https://accounts.google.com/\", error=\"invalid_token\"");
    auto error = answer.Json()->getObject("error");
    EXPECT_EQ(error->getValue<std::string>("message"), "Invalid Credentials");
    EXPECT_EQ(error->getArray("errors")->getObject(0)->getValue<std::string>("reason"), "authError");
  };
  expect_invalid("ya29.bogus");
  std::string revoked = Tokens(kDriveMeta).Field("access_token");
  PostForm(base_, "/revoke", {{"token", revoked}});
  expect_invalid(revoked);
  std::string expired = Tokens(kDriveMeta, false).Field("access_token");
  clock_->Advance(std::chrono::seconds(3600));
  expect_invalid(expired);
}

TEST_F(DriveRoutes, ScopesComeFromTheGrant) {
  HttpResult tokens = Tokens("openid email");  // no Drive scope
  HttpResult answer = Get(base_, "/drive/v3/files", Bearer(tokens.Field("access_token")));
  EXPECT_EQ(answer.status, 403) << answer.body;
  EXPECT_THAT(answer.Header("WWW-Authenticate"), HasSubstr("insufficient_scope"));
}

TEST_F(DriveRoutes, DiscoveryDocumentOnThisServer) {
  HttpResult answer = Get(base_, "/discovery/v1/apis/drive/v3/rest");
  ASSERT_EQ(answer.status, 200);
  EXPECT_THAT(answer.Field("rootUrl"), StartsWith(base_));
  EXPECT_EQ(answer.Field("servicePath"), "drive/v3/");
}

TEST_F(DriveRoutes, SeededFilesAreListed) {
  ASSERT_EQ(PostJson(base_, "/__admin/files",
                     R"({"user":"alice@example.com","replace":true,"files":[{"id":"seed1","name":"only.txt","mimeType":"text/plain"}]})")
                .status,
            200);
  HttpResult tokens = Tokens(kDriveMeta);
  HttpResult list = Get(base_, "/drive/v3/files", Bearer(tokens.Field("access_token")));
  ASSERT_EQ(list.status, 200) << list.body;
  ASSERT_EQ(list.Json()->getArray("files")->size(), 1u);
  EXPECT_EQ(list.Json()->getArray("files")->getObject(0)->getValue<std::string>("name"), "only.txt");
}

TEST_F(DriveRoutes, GeneratedFiles) {
  ServerConfig config = DefaultServerConfig();
  config.generate_files = 250;
  server_->Stop();
  StartServer(config);
  HttpResult tokens = Tokens(kDriveMeta);
  HttpResult list = Get(base_, "/drive/v3/files?pageSize=1000&fields=files(id)", Bearer(tokens.Field("access_token")));
  ASSERT_EQ(list.status, 200) << list.body;
  // 5 built-in + 250 generated, less the few generated into the appDataFolder space, which the
  // default spaces=drive does not list.
  EXPECT_GE(list.Json()->getArray("files")->size(), 250u);
  EXPECT_LT(list.Json()->getArray("files")->size(), 256u);
}

// A count past the cap would try to allocate terabytes (2^31 files) and generate times before
// year 0: Start refuses it by name instead.
TEST(DriveGeneratedFilesLimit, StartRefusesMoreThanTheCap) {
  ServerConfig config = DefaultServerConfig();
  config.generate_files = kMaxGeneratedFiles + 1;
  FakeGoogleServer server(config, std::make_shared<ManualClock>());
  auto started = server.Start();
  ASSERT_FALSE(started);
  EXPECT_THAT(started.error().message, HasSubstr("--generate-files must be between 0 and 10000000"));
}

}  // namespace
}  // namespace gauthflow::mockserver::testing
