#include "gauthflow/client_secrets.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace gauthflow {
namespace {

using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

constexpr char kInstalled[] = R"({"installed": {
  "client_id": "123-abc.apps.googleusercontent.com",
  "project_id": "gauthflow-test",
  "auth_uri": "https://accounts.google.com/o/oauth2/auth",
  "token_uri": "https://oauth2.googleapis.com/token",
  "auth_provider_x509_cert_url": "https://www.googleapis.com/oauth2/v1/certs",
  "client_secret": "GOCSPX-topsecret",
  "redirect_uris": ["http://localhost"]
}})";

Error ParseError(std::string_view json) {
  auto const result = ParseClientSecrets(json, "<memory>");
  EXPECT_FALSE(result);
  return result ? Error{ErrorCode::kInvalidArgument} : result.error();
}

TEST(ClientSecrets, ParsesInstalledClient) {
  auto const s = ParseClientSecrets(kInstalled, "<memory>");
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(s->type, ClientType::kInstalled);
  EXPECT_EQ(s->client_id, "123-abc.apps.googleusercontent.com");
  EXPECT_EQ(s->client_secret, "GOCSPX-topsecret");
  EXPECT_EQ(s->auth_uri, "https://accounts.google.com/o/oauth2/auth");
  EXPECT_EQ(s->token_uri, "https://oauth2.googleapis.com/token");
  EXPECT_THAT(s->redirect_uris, ElementsAre("http://localhost"));
  EXPECT_EQ(s->project_id, "gauthflow-test");
  EXPECT_EQ(s->auth_provider_x509_cert_url, "https://www.googleapis.com/oauth2/v1/certs");
}

TEST(ClientSecrets, ParsesWebClient) {
  auto const s = ParseClientSecrets(R"({"web": {"client_id": "w", "client_secret": "s",
      "auth_uri": "http://127.0.0.1:4567/o/oauth2/auth", "token_uri": "http://127.0.0.1:4567/token",
      "redirect_uris": ["https://example.com/cb", "http://localhost:8080/"]}})",
                                    "<memory>");
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(s->type, ClientType::kWeb);
  EXPECT_EQ(s->client_id, "w");
  EXPECT_EQ(s->auth_uri, "http://127.0.0.1:4567/o/oauth2/auth");
  EXPECT_EQ(s->token_uri, "http://127.0.0.1:4567/token");
  EXPECT_THAT(s->redirect_uris, ElementsAre("https://example.com/cb", "http://localhost:8080/"));
}

TEST(ClientSecrets, DefaultsGoogleEndpointsAndOptionalFields) {
  auto const s =
      ParseClientSecrets(R"({"installed": {"client_id": "c", "client_secret": "s",
                             "token_uri": null}})", "<memory>");
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(s->auth_uri, "https://accounts.google.com/o/oauth2/auth");
  EXPECT_EQ(s->token_uri, "https://oauth2.googleapis.com/token");
  EXPECT_THAT(s->redirect_uris, IsEmpty());
  EXPECT_EQ(s->project_id, "");
  EXPECT_EQ(s->auth_provider_x509_cert_url, "");
}

TEST(ClientSecrets, MalformedJsonNamesSourceAndPosition) {
  auto const e = ParseError("{\n  \"installed\": {\"client_secret\": \"GOCSPX-x\",, }\n}");
  EXPECT_EQ(e.code, ErrorCode::kMalformedJson);
  EXPECT_THAT(e.message, AllOf(HasSubstr("<memory>"), HasSubstr("line 2, column 45"),
                               Not(HasSubstr("GOCSPX"))));
  EXPECT_EQ(ParseError("").code, ErrorCode::kMalformedJson);
  // Text that ends too early is reported just past its end.
  EXPECT_THAT(ParseError("{\"installed\": {").message, HasSubstr("line 1, column 16"));
  EXPECT_THAT(ParseError("{\"a\": tru}").message, HasSubstr("line 1, column 10"));
  EXPECT_EQ(ParseError("{} trailing").code, ErrorCode::kMalformedJson);
}

TEST(ClientSecrets, NonObjectTopLevelIsMalformed) {
  for (auto const* json : {"[1, 2]", "\"installed\"", "42", "null"}) {
    auto const e = ParseError(json);
    EXPECT_EQ(e.code, ErrorCode::kMalformedJson) << json;
    EXPECT_THAT(e.message, HasSubstr("top level")) << json;
  }
}

TEST(ClientSecrets, UnknownClientTypeListsKeysFound) {
  auto const e = ParseError(R"({"type": "authorized_user", "client_id": "c"})");
  EXPECT_EQ(e.code, ErrorCode::kUnknownClientType);
  EXPECT_THAT(e.message, AllOf(HasSubstr("<memory>"), HasSubstr("\"type\""),
                               HasSubstr("\"client_id\""), HasSubstr("installed")));
  EXPECT_THAT(ParseError("{}").message, HasSubstr("keys found: none"));
  auto const both = ParseError(R"({"installed": {}, "web": {}})");
  EXPECT_EQ(both.code, ErrorCode::kUnknownClientType);
  EXPECT_THAT(both.message, HasSubstr("both"));
}

TEST(ClientSecrets, ClientTypeMustBeAnObject) {
  auto const e = ParseError(R"({"installed": "nope"})");
  EXPECT_EQ(e.code, ErrorCode::kInvalidField);
  EXPECT_THAT(e.message, HasSubstr("installed must be a JSON object"));
}

TEST(ClientSecrets, MissingOrEmptyRequiredFields) {
  auto const no_id = ParseError(R"({"installed": {"client_secret": "s"}})");
  EXPECT_EQ(no_id.code, ErrorCode::kMissingField);
  EXPECT_THAT(no_id.message, AllOf(HasSubstr("<memory>"), HasSubstr("installed.client_id")));

  auto const empty_secret = ParseError(R"({"web": {"client_id": "c", "client_secret": ""}})");
  EXPECT_EQ(empty_secret.code, ErrorCode::kMissingField);
  EXPECT_THAT(empty_secret.message, HasSubstr("web.client_secret"));

  auto const null_id = ParseError(R"({"web": {"client_id": null, "client_secret": "s"}})");
  EXPECT_EQ(null_id.code, ErrorCode::kMissingField);
}

TEST(ClientSecrets, WrongTypesAreInvalidFields) {
  auto const id = ParseError(R"({"installed": {"client_id": 7, "client_secret": "s"}})");
  EXPECT_EQ(id.code, ErrorCode::kInvalidField);
  EXPECT_THAT(id.message, HasSubstr("installed.client_id must be a string"));

  auto const uris = ParseError(
      R"({"installed": {"client_id": "c", "client_secret": "s", "redirect_uris": "http://x"}})");
  EXPECT_EQ(uris.code, ErrorCode::kInvalidField);
  EXPECT_THAT(uris.message, HasSubstr("installed.redirect_uris must be an array"));

  auto const item = ParseError(R"({"installed": {"client_id": "c", "client_secret": "s",
                                   "redirect_uris": ["http://a", 3]}})");
  EXPECT_EQ(item.code, ErrorCode::kInvalidField);
  EXPECT_THAT(item.message, HasSubstr("installed.redirect_uris[1]"));

  auto const project = ParseError(
      R"({"installed": {"client_id": "c", "client_secret": "s", "project_id": {}}})");
  EXPECT_EQ(project.code, ErrorCode::kInvalidField);
  EXPECT_THAT(project.message, HasSubstr("installed.project_id"));
}

TEST(ClientSecrets, EndpointsMustBeHttpUrls) {
  for (auto const* value : {R"("not a url")", R"("ftp://example.com/auth")", R"("")", "1"}) {
    auto const e = ParseError(std::string(R"({"installed": {"client_id": "c",
        "client_secret": "GOCSPX-s", "auth_uri": )") + value + "}}");
    EXPECT_EQ(e.code, ErrorCode::kInvalidField) << value;
    EXPECT_THAT(e.message, AllOf(HasSubstr("installed.auth_uri"), Not(HasSubstr("GOCSPX"))));
  }
  auto const token = ParseError(
      R"({"web": {"client_id": "c", "client_secret": "s", "token_uri": "token"}})");
  EXPECT_EQ(token.code, ErrorCode::kInvalidField);
  EXPECT_THAT(token.message, HasSubstr("web.token_uri"));
}

TEST(ClientSecrets, MessagesNeverContainTheSecret) {
  auto const e = ParseError(R"({"installed": {"client_secret": "GOCSPX-topsecret"}})");
  EXPECT_THAT(e.message, Not(HasSubstr("topsecret")));
}

class ClientSecretsFile : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "gauthflow-secrets-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  std::string Write(std::string const& name, std::string const& content) {
    auto const path = (dir_ / name).string();
    std::ofstream(path, std::ios::binary) << content;
    return path;
  }

  std::filesystem::path dir_;
};

TEST_F(ClientSecretsFile, LoadsAFile) {
  auto const path = Write("client_secret.json", kInstalled);
  auto const s = LoadClientSecretsFile(path);
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(s->client_id, "123-abc.apps.googleusercontent.com");
}

TEST_F(ClientSecretsFile, MissingFile) {
  auto const path = (dir_ / "absent.json").string();
  auto const s = LoadClientSecretsFile(path);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::kFileNotFound);
  EXPECT_THAT(s.error().message, HasSubstr(path));
}

TEST_F(ClientSecretsFile, DirectoryIsUnreadable) {
  // Tests run as root, so a permission-denied file would still be readable; a directory isn't.
  auto const s = LoadClientSecretsFile(dir_.string());
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::kFileUnreadable);
  EXPECT_THAT(s.error().message, AllOf(HasSubstr(dir_.string()), HasSubstr("directory")));
}

TEST_F(ClientSecretsFile, ParseErrorsNameTheFile) {
  auto const path = Write("broken.json", R"({"installed": {"client_secret": "s"}})");
  auto const s = LoadClientSecretsFile(path);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::kMissingField);
  EXPECT_THAT(s.error().message, AllOf(HasSubstr(path), HasSubstr("installed.client_id")));

  auto const empty = LoadClientSecretsFile(Write("empty.json", ""));
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().code, ErrorCode::kMalformedJson);
  EXPECT_THAT(empty.error().message, HasSubstr("empty.json"));
}

}  // namespace
}  // namespace gauthflow
