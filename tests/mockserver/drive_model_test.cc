// The pure pieces of the fake Drive: seed parsing, times, the synthetic corpus, page tokens,
// field selections and orderBy parsing.

#include <set>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include "drive/drive_field_selector.h"
#include "drive/drive_order_by.h"
#include "drive/drive_page_token.h"
#include "drive/drive_schemas.h"
#include "drive/drive_service.h"
#include "mockserver/drive_testing.h"

namespace gauthflow::mockserver {
namespace {

using ::testing::HasSubstr;
using testing::kAlice;

Poco::JSON::Object::Ptr Object(std::string const& text) {
  Poco::JSON::Parser parser;
  return parser.parse(text).extract<Poco::JSON::Object::Ptr>();
}

TEST(DriveTime, FormatsAndParsesRfc3339) {
  DriveTime time{};
  ASSERT_TRUE(ParseDriveTime("2024-03-01T12:34:56.789Z", time));
  EXPECT_EQ(FormatDriveTime(time), "2024-03-01T12:34:56.789Z");
  ASSERT_TRUE(ParseDriveTime("2024-03-01T14:34:56.789+02:00", time));
  EXPECT_EQ(FormatDriveTime(time), "2024-03-01T12:34:56.789Z");
  ASSERT_TRUE(ParseDriveTime("2024-03-01T12:34:56", time));  // UTC by default
  EXPECT_EQ(FormatDriveTime(time), "2024-03-01T12:34:56.000Z");
  ASSERT_TRUE(ParseDriveTime("2024-03-01", time));
  EXPECT_EQ(FormatDriveTime(time), "2024-03-01T00:00:00.000Z");
  for (char const* bad : {"", "yesterday", "2024-3-1", "2024-03-01T25:00:00Z", "2024-02-30T00:00:00Z",
                          "2024-03-01T12:34", "2024-03-01T12:34:56+0200", "2024-03-01T12:34:56Zjunk"}) {
    EXPECT_FALSE(ParseDriveTime(bad, time)) << bad;
  }
}

TEST(ParseDriveFile, ReadsDrivesFieldNames) {
  auto const json = Object(R"({
    "id": "abc_123-X", "name": "Budget.xlsx", "mimeType": "application/vnd.ms-excel",
    "description": "numbers", "createdTime": "2024-01-01T00:00:00Z", "modifiedTime": "2024-02-01T00:00:00.250Z",
    "viewedByMeTime": "2024-02-02T00:00:00Z", "sharedWithMeTime": "2024-01-05T00:00:00Z",
    "starred": true, "trashed": false, "parents": ["root"],
    "owners": [{"emailAddress": "bob@example.com", "displayName": "Bob"}],
    "permissions": [{"type": "user", "role": "writer", "emailAddress": "carol@example.com"},
                    {"type": "user", "role": "commenter", "emailAddress": "dan@example.com"},
                    {"type": "anyone", "role": "reader", "allowFileDiscovery": true}],
    "properties": {"project": "apollo"}, "appProperties": {"sync": "clean"},
    "size": "2048", "content": "quarterly numbers", "isAppAuthorized": true})");
  DriveFile file;
  std::string error;
  ASSERT_TRUE(ParseDriveFile(*json, file, error)) << error;
  EXPECT_EQ(file.id, "abc_123-X");
  EXPECT_EQ(file.name, "Budget.xlsx");
  EXPECT_EQ(FormatDriveTime(file.modified_time), "2024-02-01T00:00:00.250Z");
  ASSERT_TRUE(file.shared_with_me_time.has_value());
  EXPECT_TRUE(file.starred);
  ASSERT_EQ(file.owners.size(), 1U);
  EXPECT_EQ(file.owners[0].display_name, "Bob");
  EXPECT_EQ(file.writers, std::vector<std::string>{"carol@example.com"});
  EXPECT_EQ(file.readers, std::vector<std::string>{"dan@example.com"});
  EXPECT_EQ(file.visibility, "anyoneCanFind");
  EXPECT_EQ(file.properties.at("project"), "apollo");
  EXPECT_EQ(file.size, 2048);
  EXPECT_EQ(file.quota_bytes_used, 2048);
  EXPECT_TRUE(file.is_app_authorized);
}

TEST(ParseDriveFile, DefaultsAndGeneratedIds) {
  auto const json = Object(R"({"name": "a"})");
  DriveFile first;
  DriveFile second;
  std::string error;
  ASSERT_TRUE(ParseDriveFile(*json, first, error)) << error;
  ASSERT_TRUE(ParseDriveFile(*json, second, error)) << error;
  EXPECT_EQ(first.id, second.id);  // reproducible seeds
  EXPECT_EQ(first.id.size(), 33U);
  EXPECT_EQ(first.mime_type, "application/octet-stream");
  EXPECT_EQ(first.modified_time, first.created_time);
  DriveFile other;
  ASSERT_TRUE(ParseDriveFile(*Object(R"({"name": "b"})"), other, error));
  EXPECT_NE(other.id, first.id);
  DriveFile untitled;
  ASSERT_TRUE(ParseDriveFile(*Object("{}"), untitled, error));
  EXPECT_EQ(untitled.name, "Untitled");
}

TEST(ParseDriveFile, ReportsBadFields) {
  for (auto const& [text, expected] : std::vector<std::pair<std::string, std::string>>{
           {R"({"name": 5})", "'name' must be a string"},
           {R"({"modifiedTime": "yesterday"})", "'modifiedTime' is not an RFC 3339 time"},
           {R"({"starred": "yes"})", "'starred' must be true or false"},
           {R"({"parents": "root"})", "'parents' must be an array of strings"},
           {R"({"size": "-1"})", "'size' must be a non-negative integer"},
           {R"({"id": "a/b"})", "'id' must be"},
           {R"({"space": "photos"})", "'space' must be"},
           {R"({"visibility": "public"})", "unknown visibility"},
           {R"({"permissions": [{"role": "boss", "emailAddress": "x@y"}]})", "unknown permission role"},
           {R"({"properties": {"a": 1}})", "'properties' must be an object of strings"}}) {
    DriveFile file;
    std::string error;
    EXPECT_FALSE(ParseDriveFile(*Object(text), file, error)) << text;
    EXPECT_THAT(error, HasSubstr(expected)) << text;
  }
}

TEST(GenerateDriveFiles, IsDeterministicWithDistinctTimesAndIds) {
  auto const now = testing::FixedNow();
  auto const a = GenerateDriveFiles(3000, kAlice, now);
  auto const b = GenerateDriveFiles(3000, kAlice, now);
  ASSERT_EQ(a.size(), 3000U);
  std::set<std::string> ids;
  std::set<DriveTime> modified;
  std::set<DriveTime> created;
  std::set<std::string> mime_types;
  DriveTime const end = std::chrono::time_point_cast<std::chrono::milliseconds>(now);
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].id, b[i].id);
    EXPECT_EQ(a[i].name, b[i].name);
    EXPECT_EQ(a[i].modified_time, b[i].modified_time);
    ids.insert(a[i].id);
    modified.insert(a[i].modified_time);
    created.insert(a[i].created_time);
    mime_types.insert(a[i].mime_type);
    EXPECT_LT(a[i].modified_time, end);
    EXPECT_LT(a[i].created_time, a[i].modified_time);
    EXPECT_FALSE(a[i].name.empty());
  }
  EXPECT_EQ(ids.size(), 3000U);
  EXPECT_EQ(modified.size(), 3000U);
  EXPECT_EQ(created.size(), 3000U);
  EXPECT_GE(mime_types.size(), 10U);
  EXPECT_TRUE(GenerateDriveFiles(0, kAlice, now).empty());
  EXPECT_NE(GenerateDriveFiles(5, "bob@example.com", now)[0].parents, a[0].parents);
}

TEST(DrivePageToken, RoundTripsAndRejectsTampering) {
  DrivePageToken token;
  token.query_hash = 0xfeedfacecafebeefULL;
  token.corpus_version = 42;
  token.offset = 1234;
  token.last_id = "1AbC-_xyz";
  std::string const text = EncodeDrivePageToken(token);
  EXPECT_EQ(text.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
            std::string::npos);
  DrivePageToken decoded;
  ASSERT_TRUE(DecodeDrivePageToken(text, decoded));
  EXPECT_EQ(decoded.query_hash, token.query_hash);
  EXPECT_EQ(decoded.corpus_version, 42U);
  EXPECT_EQ(decoded.offset, 1234U);
  EXPECT_EQ(decoded.last_id, "1AbC-_xyz");
  for (std::string bad : {std::string(""), std::string("abc"), text + "=", text.substr(0, text.size() - 3),
                          std::string("ZHB0MXx4fDF8MXxh"), std::string("a b")}) {
    EXPECT_FALSE(DecodeDrivePageToken(bad, decoded)) << bad;
  }
}

TEST(FieldSelection, ParsesGooglesPartialResponseSyntax) {
  FieldSelection selection;
  std::string bad;
  ASSERT_TRUE(ParseFieldSelection("nextPageToken, files(id, name, owners/emailAddress), files/size", selection, bad));
  EXPECT_TRUE(selection.Selects("nextPageToken"));
  EXPECT_FALSE(selection.Selects("kind"));
  FieldSelection const& files = selection.Child("files");
  EXPECT_FALSE(files.all);
  EXPECT_TRUE(files.Selects("id"));
  EXPECT_TRUE(files.Selects("size"));
  EXPECT_TRUE(files.Child("owners").Selects("emailAddress"));
  EXPECT_FALSE(files.Child("owners").Selects("displayName"));
  EXPECT_TRUE(ValidateFieldSelection(selection, DriveFileListSchema(), bad)) << bad;

  ASSERT_TRUE(ParseFieldSelection("*", selection, bad));
  EXPECT_TRUE(selection.all);
  ASSERT_TRUE(ParseFieldSelection("files(*)", selection, bad));
  EXPECT_TRUE(selection.Child("files").all);
  ASSERT_TRUE(ParseFieldSelection("files,files(id)", selection, bad));
  EXPECT_TRUE(selection.Child("files").all);

  for (char const* text : {"files(", "files)", "files(id", ",", "files,,id", "a b", "files()", "*/x", "a//b"}) {
    EXPECT_FALSE(ParseFieldSelection(text, selection, bad)) << text;
  }
  std::string const deep = std::string(100, 'a') + std::string(50, '(');
  EXPECT_FALSE(ParseFieldSelection(std::string(40, 'x') + "(" + std::string(40, '(') , selection, bad));
  EXPECT_FALSE(ParseFieldSelection(deep, selection, bad));
}

// Found by fuzzing the selector with long inputs: the names of a path ("a/a/a/...") did not
// count towards the nesting limit, so a long enough path built a tree deep enough for the
// recursive merge and destruction to overflow the stack (at about 60,000 levels).
TEST(FieldSelection, PathNamesCountTowardsTheNestingLimit) {
  FieldSelection selection;
  std::string bad;
  std::string path = "a";
  for (int i = 1; i < 32; ++i) path += "/a";
  EXPECT_TRUE(ParseFieldSelection(path, selection, bad));
  EXPECT_TRUE(ParseFieldSelection("files(" + path.substr(2) + ")", selection, bad));
  EXPECT_FALSE(ParseFieldSelection(path + "/a", selection, bad));
  EXPECT_FALSE(ParseFieldSelection("files(" + path + ")", selection, bad));
  std::string huge = "files(";
  for (int i = 0; i < 100'000; ++i) huge += "a/";
  EXPECT_FALSE(ParseFieldSelection(huge + "b)", selection, bad));
}

TEST(DriveOrderBy, ParsesAndCanonicalises) {
  DriveOrder order;
  std::string error;
  ASSERT_TRUE(ParseDriveOrderBy(" folder , modifiedTime desc,name_natural asc ", order, error)) << error;
  EXPECT_EQ(order.Canonical(), "folder,modifiedTime desc,name_natural");
  ASSERT_TRUE(ParseDriveOrderBy("", order, error));
  EXPECT_TRUE(order.terms.empty());
  for (char const* bad : {"title", "name desc desc", "name descending", "name,", ",name", "Name"}) {
    EXPECT_FALSE(ParseDriveOrderBy(bad, order, error)) << bad;
  }
}

}  // namespace
}  // namespace gauthflow::mockserver
