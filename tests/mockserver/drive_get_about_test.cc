// files.get, about.get, scope errors and routing of the fake Drive.

#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <Poco/JSON/Parser.h>

#include "drive/drive_service.h"
#include "mockserver/drive_testing.h"

namespace gauthflow::mockserver {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;
using ::testing::UnorderedElementsAre;
using testing::Caller;
using testing::ErrorItem;
using testing::ErrorMessage;
using testing::Header;
using testing::Json;
using testing::kAlice;
using testing::Keys;
using testing::ReadonlyCaller;

DriveFile File(std::string id, std::string name, std::string mime_type) {
  DriveFile file;
  file.id = std::move(id);
  file.name = std::move(name);
  file.mime_type = std::move(mime_type);
  return file;
}

class DriveGetAboutTest : public ::testing::Test {
 protected:
  void SetUp() override {
    DriveFile notes = File("notes-id", "notes.txt", "text/plain");
    notes.content = "hello from the fake drive";
    notes.size = 25;
    notes.quota_bytes_used = 25;
    notes.parents = {"root"};
    notes.is_app_authorized = true;
    DriveFile doc = File("doc-id", "Plan", "application/vnd.google-apps.document");
    doc.owners = {DriveUser{"bob@example.com", "Bob"}};
    doc.shared_with_me_time = doc.modified_time;
    DriveFile trashed = File("old-id", "old.bin", "application/octet-stream");
    trashed.trashed = true;
    trashed.quota_bytes_used = 100;
    service_.ReplaceFiles(kAlice, {notes, doc, trashed});
  }

  HttpAnswer Get(std::string const& path, testing::Query query = {},
                 DriveCaller const& caller = ReadonlyCaller()) const {
    return service_.Handle("GET", path, query, caller);
  }

  DriveService service_;
};

TEST_F(DriveGetAboutTest, GetReturnsDefaultFields) {
  HttpAnswer const answer = Get("/files/notes-id");
  ASSERT_EQ(answer.status, 200) << answer.body;
  auto const json = Json(answer);
  EXPECT_THAT(Keys(json), UnorderedElementsAre("kind", "id", "name", "mimeType"));
  EXPECT_EQ(json->getValue<std::string>("kind"), "drive#file");
  EXPECT_EQ(json->getValue<std::string>("name"), "notes.txt");
}

TEST_F(DriveGetAboutTest, GetHonoursFields) {
  auto const json = Json(Get("/files/notes-id", {{"fields", "id, name, size, parents, owners(emailAddress, me)"}}));
  EXPECT_THAT(Keys(json), UnorderedElementsAre("id", "name", "size", "parents", "owners"));
  EXPECT_EQ(json->getValue<std::string>("size"), "25");  // int64 as a string, as Drive writes it
  // "root" in a seed becomes the user's root folder id, which the alias resolves to.
  std::string const root_id = json->getArray("parents")->getElement<std::string>(0);
  EXPECT_THAT(root_id, StartsWith("0A"));
  auto const owner = json->getArray("owners")->getObject(0);
  EXPECT_THAT(Keys(owner), UnorderedElementsAre("emailAddress", "me"));
  EXPECT_TRUE(owner->getValue<bool>("me"));
  auto const root = Json(Get("/files/root", {{"fields", "id,name,mimeType"}}));
  EXPECT_EQ(root->getValue<std::string>("id"), root_id);
  EXPECT_EQ(root->getValue<std::string>("name"), "My Drive");
  EXPECT_EQ(root->getValue<std::string>("mimeType"), kFolderMimeType);

  auto const all = Json(Get("/files/doc-id", {{"fields", "*"}}));
  EXPECT_FALSE(all->getValue<bool>("ownedByMe"));
  EXPECT_TRUE(all->has("sharedWithMeTime"));
  EXPECT_FALSE(all->has("size"));  // Google Docs have no size
  EXPECT_EQ(all->getValue<std::string>("webViewLink"), "https://docs.google.com/document/d/doc-id/edit?usp=drivesdk");

  HttpAnswer const bad = Get("/files/notes-id", {{"fields", "id,title"}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(ErrorMessage(bad), "Invalid field selection title");
}

TEST_F(DriveGetAboutTest, MissingFileIsNotFoundInGooglesShape) {
  HttpAnswer const answer = Get("/files/nope");
  ASSERT_EQ(answer.status, 404);
  auto const error = Json(answer)->getObject("error");
  EXPECT_EQ(error->getValue<int>("code"), 404);
  EXPECT_EQ(error->getValue<std::string>("message"), "File not found: nope.");
  EXPECT_EQ(error->getValue<std::string>("status"), "NOT_FOUND");
  auto const item = ErrorItem(answer);
  EXPECT_EQ(item->getValue<std::string>("message"), "File not found: nope.");
  EXPECT_EQ(item->getValue<std::string>("domain"), "global");
  EXPECT_EQ(item->getValue<std::string>("reason"), "notFound");
  EXPECT_EQ(item->getValue<std::string>("location"), "fileId");
  EXPECT_EQ(item->getValue<std::string>("locationType"), "parameter");
}

TEST_F(DriveGetAboutTest, DriveFileScopeSeesOnlyAuthorizedFiles) {
  EXPECT_EQ(Get("/files/notes-id", {}, Caller({kDriveFileScope})).status, 200);
  EXPECT_EQ(Get("/files/doc-id", {}, Caller({kDriveFileScope})).status, 404);
}

TEST_F(DriveGetAboutTest, MediaDownloadNeedsAContentScopeAndBinaryContent) {
  HttpAnswer const content = Get("/files/notes-id", {{"alt", "media"}});
  ASSERT_EQ(content.status, 200);
  EXPECT_EQ(content.body, "hello from the fake drive");
  EXPECT_EQ(content.content_type, "text/plain");
  HttpAnswer const doc = Get("/files/doc-id", {{"alt", "media"}});
  EXPECT_EQ(doc.status, 403);
  EXPECT_EQ(ErrorItem(doc)->getValue<std::string>("reason"), "fileNotDownloadable");
  HttpAnswer const metadata_only = Get("/files/notes-id", {{"alt", "media"}}, Caller({kDriveMetadataReadonlyScope}));
  EXPECT_EQ(metadata_only.status, 403);
  EXPECT_EQ(ErrorMessage(metadata_only), "Request had insufficient authentication scopes.");
}

TEST_F(DriveGetAboutTest, AboutRequiresFields) {
  HttpAnswer const answer = Get("/about");
  ASSERT_EQ(answer.status, 400);
  EXPECT_EQ(ErrorMessage(answer), "The 'fields' parameter is required for this method.");
  auto const item = ErrorItem(answer);
  EXPECT_EQ(item->getValue<std::string>("reason"), "required");
  EXPECT_EQ(item->getValue<std::string>("location"), "fields");
  EXPECT_EQ(item->getValue<std::string>("locationType"), "parameter");
  EXPECT_EQ(Get("/about", {{"fields", ""}}).status, 400);
}

TEST_F(DriveGetAboutTest, AboutDescribesTheCaller) {
  auto const json = Json(Get("/about", {{"fields", "user,storageQuota(limit,usage,usageInDriveTrash)"}}));
  EXPECT_THAT(Keys(json), UnorderedElementsAre("user", "storageQuota"));
  auto const user = json->getObject("user");
  EXPECT_EQ(user->getValue<std::string>("kind"), "drive#user");
  EXPECT_EQ(user->getValue<std::string>("displayName"), "Alice Example");
  EXPECT_EQ(user->getValue<std::string>("emailAddress"), kAlice);
  EXPECT_TRUE(user->getValue<bool>("me"));
  EXPECT_EQ(user->getValue<std::string>("permissionId").size(), 20U);
  auto const quota = json->getObject("storageQuota");
  EXPECT_THAT(Keys(quota), UnorderedElementsAre("limit", "usage", "usageInDriveTrash"));
  EXPECT_EQ(quota->getValue<std::string>("usage"), "125");
  EXPECT_EQ(quota->getValue<std::string>("usageInDriveTrash"), "100");
  auto const everything = Json(Get("/about", {{"fields", "*"}}));
  EXPECT_EQ(everything->getValue<std::string>("kind"), "drive#about");
  EXPECT_TRUE(everything->has("maxUploadSize"));
  HttpAnswer const bad = Get("/about", {{"fields", "user,quota"}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(ErrorMessage(bad), "Invalid field selection quota");
}

TEST_F(DriveGetAboutTest, NoDriveScopeIsInsufficientScopesWithChallenge) {
  DriveCaller const caller = Caller({"openid", "https://www.googleapis.com/auth/userinfo.email"});
  for (auto const& [path, query] : std::vector<std::pair<std::string, testing::Query>>{
           {"/files", {}}, {"/files/notes-id", {}}, {"/about", {{"fields", "user"}}}}) {
    SCOPED_TRACE(path);
    HttpAnswer const answer = Get(path, query, caller);
    ASSERT_EQ(answer.status, 403);
    auto const error = Json(answer)->getObject("error");
    EXPECT_EQ(error->getValue<int>("code"), 403);
    EXPECT_EQ(error->getValue<std::string>("message"), "Request had insufficient authentication scopes.");
    EXPECT_EQ(error->getValue<std::string>("status"), "PERMISSION_DENIED");
    auto const item = ErrorItem(answer);
    EXPECT_EQ(item->getValue<std::string>("message"), "Insufficient Permission");
    EXPECT_EQ(item->getValue<std::string>("domain"), "global");
    EXPECT_EQ(item->getValue<std::string>("reason"), "insufficientPermissions");
    EXPECT_EQ(error->getArray("details")->getObject(0)->getValue<std::string>("reason"),
              "ACCESS_TOKEN_SCOPE_INSUFFICIENT");
    std::string const challenge = Header(answer, "WWW-Authenticate");
    EXPECT_THAT(challenge, StartsWith("Bearer realm=\"https://accounts.google.com/\", error=insufficient_scope, "
                                      "scope=\""));
    EXPECT_THAT(challenge, HasSubstr(std::string(kDriveScope) + " "));
    EXPECT_THAT(challenge, HasSubstr(kDriveMetadataReadonlyScope));
  }
}

TEST_F(DriveGetAboutTest, EachDriveScopeAllowsListing) {
  for (char const* scope : {kDriveScope, kDriveReadonlyScope, kDriveMetadataScope, kDriveMetadataReadonlyScope,
                            kDriveFileScope}) {
    EXPECT_EQ(Get("/files", {}, Caller({scope})).status, 200) << scope;
    EXPECT_EQ(Get("/about", {{"fields", "user"}}, Caller({scope})).status, 200) << scope;
  }
}

TEST_F(DriveGetAboutTest, UnknownRoutesAndMethods) {
  DriveCaller const caller = Caller({kDriveScope});
  for (auto const& [method, path] : std::vector<std::pair<std::string, std::string>>{
           {"GET", "/nope"}, {"GET", "/files/"}, {"GET", "/files/a/b"}, {"PUT", "/about"}, {"POST", "/about"},
           {"PUT", "/files/notes-id"}, {"GET", ""}}) {
    HttpAnswer const answer = service_.Handle(method, path, {}, caller);
    EXPECT_EQ(answer.status, 404) << method << " " << path;
    EXPECT_EQ(Json(answer)->getObject("error")->getValue<std::string>("status"), "NOT_FOUND");
  }
  for (auto const& [method, path] : std::vector<std::pair<std::string, std::string>>{
           {"POST", "/files"}, {"PATCH", "/files/notes-id"}, {"DELETE", "/files/notes-id"},
           {"POST", "/files/notes-id/copy"}, {"GET", "/files/notes-id/export"}}) {
    HttpAnswer const answer = service_.Handle(method, path, {}, caller);
    EXPECT_EQ(answer.status, 501) << method << " " << path;
  }
  EXPECT_EQ(service_.Handle("HEAD", "/files/notes-id", {}, caller).status, 200);
}

TEST_F(DriveGetAboutTest, ClearRemovesEveryonesFiles) {
  service_.Clear();
  EXPECT_EQ(Get("/files/notes-id").status, 404);
  EXPECT_EQ(Json(Get("/files"))->getArray("files")->size(), 0U);
}

}  // namespace
}  // namespace gauthflow::mockserver
