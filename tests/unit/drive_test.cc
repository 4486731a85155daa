#include "gauthflow/drive.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "testing/mocks.h"

namespace gauthflow {
namespace {

using ::gauthflow::testing::MockHttpClient;
using ::gauthflow::testing::Respond;
using ::testing::_;
using ::testing::AllOf;
using ::testing::Contains;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::Pair;
using ::testing::Return;

constexpr char kBase[] = "https://www.googleapis.com/drive/v3/";

constexpr char kTwoFiles[] = R"({
  "kind": "drive#fileList",
  "nextPageToken": "page-2",
  "incompleteSearch": false,
  "files": [
    {"kind": "drive#file", "id": "f1", "name": "Report.pdf", "mimeType": "application/pdf",
     "modifiedTime": "2026-11-20T10:00:00.000Z", "size": "1024", "starred": true},
    {"id": "f2", "name": "Notes", "mimeType": "application/vnd.google-apps.document"}
  ]})";

constexpr char kInsufficientScope[] = R"({"error": {"code": 403,
  "message": "Request had insufficient authentication scopes.",
  "errors": [{"message": "Insufficient Permission", "domain": "global",
              "reason": "insufficientPermissions"}],
  "status": "PERMISSION_DENIED"}})";

MATCHER_P(HasBearer, token, "") {
  return FindHeader(arg.headers, "Authorization") == "Bearer " + std::string(token);
}

TEST(ParseDriveFileList, TypedFieldsAndEverythingElse) {
  auto list = ParseDriveFileList(kTwoFiles);
  ASSERT_TRUE(list) << list.error().message;
  ASSERT_EQ(list->files.size(), 2u);
  EXPECT_EQ(list->next_page_token, "page-2");
  EXPECT_FALSE(list->incomplete_search);
  auto const& first = list->files[0];
  EXPECT_EQ(first.id, "f1");
  EXPECT_EQ(first.name, "Report.pdf");
  EXPECT_EQ(first.mime_type, "application/pdf");
  EXPECT_EQ(first.modified_time, "2026-11-20T10:00:00.000Z");
  EXPECT_THAT(first.fields, Contains(Pair("size", "1024")));
  EXPECT_THAT(first.fields, Contains(Pair("starred", "true")));
  EXPECT_THAT(first.json, HasSubstr(R"("name":"Report.pdf")"));
  EXPECT_FALSE(list->files[1].modified_time.has_value());
}

TEST(ParseDriveFileList, LastPageHasNoToken) {
  auto list = ParseDriveFileList(R"({"files": []})");
  ASSERT_TRUE(list);
  EXPECT_TRUE(list->files.empty());
  EXPECT_FALSE(list->next_page_token.has_value());
}

TEST(ParseDriveFileList, RejectsBadShapes) {
  EXPECT_EQ(ParseDriveFileList("not json").error().code, ErrorCode::kMalformedJson);
  EXPECT_EQ(ParseDriveFileList(R"({"files": {}})").error().code, ErrorCode::kInvalidField);
  auto bad_item = ParseDriveFileList(R"({"files": [1]})");
  ASSERT_FALSE(bad_item);
  EXPECT_THAT(bad_item.error().message, HasSubstr("\"files\"[0]"));
}

TEST(DriveClient, SendsTheSeedsListRequest) {
  MockHttpClient http;
  DriveClient drive(http, kBase);
  EXPECT_CALL(http, Send(AllOf(
                        Field(&HttpRequest::method, "GET"),
                        Field(&HttpRequest::url,
                              "https://www.googleapis.com/drive/v3/files?orderBy=modifiedByMeTime+"
                              "desc&pageSize=5&fields=nextPageToken%2Cfiles%28id%2Cname%29"),
                        HasBearer("ya29.token"))))
      .WillOnce(Return(Respond(200, kTwoFiles)));
  DriveListRequest request;
  request.order_by = "modifiedByMeTime desc";
  request.page_size = 5;
  request.fields = "nextPageToken,files(id,name)";
  auto list = drive.ListFiles("ya29.token", request);
  ASSERT_TRUE(list) << list.error().message;
  EXPECT_EQ(list->files.size(), 2u);
}

TEST(DriveClient, SendsPageTokenAndQueryEncoded) {
  MockHttpClient http;
  DriveClient drive(http, "http://127.0.0.1:8080/drive/v3");  // no trailing slash
  EXPECT_CALL(http, Send(Field(&HttpRequest::url,
                               "http://127.0.0.1:8080/drive/v3/files?pageToken=p%2F2&q=name+"
                               "contains+%27a%26b%27")))
      .WillOnce(Return(Respond(200, R"({"files": []})")));
  DriveListRequest request;
  request.page_token = "p/2";
  request.query = "name contains 'a&b'";
  EXPECT_TRUE(drive.ListFiles("ya29.t", request));
}

TEST(DriveClient, RejectsBadArgumentsWithoutSending) {
  MockHttpClient http;
  EXPECT_CALL(http, Send(_)).Times(0);
  DriveClient drive(http, kBase);
  EXPECT_EQ(drive.ListFiles("", {}).error().code, ErrorCode::kInvalidArgument);
  DriveListRequest request;
  request.page_size = 0;
  auto error = drive.ListFiles("ya29.t", request).error();
  EXPECT_EQ(error.code, ErrorCode::kInvalidArgument);
  EXPECT_THAT(error.message, HasSubstr("pageSize"));
}

TEST(DriveClient, RefusesPlainHttpToARemoteHost) {
  MockHttpClient http;
  EXPECT_CALL(http, Send(_)).Times(0);
  DriveClient drive(http, "http://drive.example.com/drive/v3/");
  EXPECT_EQ(drive.ListFiles("ya29.t", {}).error().code, ErrorCode::kInsecureTransport);
}

TEST(DriveClient, MapsForbiddenWithTheMissingScope) {
  MockHttpClient http;
  DriveClient drive(http, kBase);
  EXPECT_CALL(http, Send(_))
      .WillOnce(Return(Respond(
          403, kInsufficientScope,
          {{"WWW-Authenticate",
            R"(Bearer realm="https://accounts.google.com/", error="insufficient_scope", )"
            R"(scope="https://www.googleapis.com/auth/drive.metadata.readonly")"}})));
  auto error = drive.ListFiles("ya29.t", {}).error();
  EXPECT_EQ(error.code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(error.http_status, 403);
  EXPECT_EQ(error.server_error, "insufficientPermissions");
  EXPECT_THAT(error.message, HasSubstr("Request had insufficient authentication scopes."));
  EXPECT_THAT(error.message,
              HasSubstr("lacks the scope it needs: "
                        "https://www.googleapis.com/auth/drive.metadata.readonly"));
}

TEST(DriveClient, MapsEachStatus) {
  struct Case {
    int status;
    ErrorCode code;
    char const* message;
  };
  for (auto const& c : {Case{401, ErrorCode::kUnauthenticated, "Invalid Credentials"},
                        Case{404, ErrorCode::kNotFound, "File not found: x."},
                        Case{400, ErrorCode::kInvalidArgument, "Invalid Value"},
                        Case{503, ErrorCode::kServerError, "Backend Error"},
                        Case{418, ErrorCode::kUnexpectedResponse, "teapot"}}) {
    MockHttpClient http;
    DriveClient drive(http, kBase);
    std::string const body = std::string(R"({"error": {"code": )") + std::to_string(c.status) +
                             R"(, "message": ")" + c.message +
                             R"(", "errors": [{"reason": "r"}]}})";
    EXPECT_CALL(http, Send(_)).WillOnce(Return(Respond(c.status, body)));
    auto error = drive.ListFiles("ya29.t", {}).error();
    EXPECT_EQ(error.code, c.code) << c.status;
    EXPECT_THAT(error.message, HasSubstr(c.message));
    EXPECT_THAT(error.message, HasSubstr("HTTP " + std::to_string(c.status)));
  }
}

TEST(DriveClient, NonJsonErrorBodyIsExcerptedWithoutTokens) {
  MockHttpClient http;
  DriveClient drive(http, kBase);
  EXPECT_CALL(http, Send(_))
      .WillOnce(Return(Respond(502, "<html><b>Bad gateway</b> ya29.leaked</html>")));
  auto error = drive.ListFiles("ya29.t", {}).error();
  EXPECT_EQ(error.code, ErrorCode::kServerError);
  EXPECT_THAT(error.message, HasSubstr("Bad gateway"));
  EXPECT_THAT(error.message, ::testing::Not(HasSubstr("ya29.leaked")));
}

TEST(DriveClient, TransportErrorsPassThrough) {
  MockHttpClient http;
  DriveClient drive(http, kBase);
  EXPECT_CALL(http, Send(_))
      .WillOnce(Return(MakeError(ErrorCode::kTransport, "connection refused")));
  EXPECT_EQ(drive.ListFiles("ya29.t", {}).error().code, ErrorCode::kTransport);
}

}  // namespace
}  // namespace gauthflow
