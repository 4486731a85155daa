// files.list on a generated corpus: paging, orderBy, q, fields, spaces, corpora, page tokens.

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "drive/drive_order_by.h"
#include "drive/drive_service.h"
#include "mockserver/drive_testing.h"

namespace gauthflow::mockserver {
namespace {

using ::testing::ElementsAre;
using ::testing::UnorderedElementsAre;
using testing::Caller;
using testing::ErrorItem;
using testing::ErrorMessage;
using testing::Json;
using testing::kAlice;
using testing::Keys;
using testing::Query;
using testing::ReadonlyCaller;

constexpr int kCorpusSize = 2500;

class DriveListTest : public ::testing::Test {
 protected:
  void SetUp() override {
    corpus_ = GenerateDriveFiles(kCorpusSize, kAlice, testing::FixedNow());
    service_.ReplaceFiles(kAlice, corpus_);
  }

  HttpAnswer List(Query query, DriveCaller const& caller = ReadonlyCaller()) const {
    return service_.Handle("GET", "/files", query, caller);
  }

  // Pages through a listing and returns the files in the order served.
  std::vector<Poco::JSON::Object::Ptr> ListAll(Query query, DriveCaller const& caller = ReadonlyCaller(),
                                               int* pages = nullptr) const {
    std::vector<Poco::JSON::Object::Ptr> files;
    std::string token;
    int count = 0;
    while (true) {
      Query page_query = query;
      if (!token.empty()) page_query.emplace_back("pageToken", token);
      HttpAnswer const answer = List(page_query, caller);
      EXPECT_EQ(answer.status, 200) << answer.body;
      if (answer.status != 200) break;
      auto const json = Json(answer);
      auto const array = json->getArray("files");
      for (std::size_t i = 0; i < array->size(); ++i) files.push_back(array->getObject(static_cast<unsigned>(i)));
      ++count;
      if (!json->has("nextPageToken")) break;
      token = json->getValue<std::string>("nextPageToken");
      EXPECT_LT(count, 10000) << "paging does not end";
      if (count >= 10000) break;
    }
    if (pages != nullptr) *pages = count;
    return files;
  }

  static std::vector<std::string> Ids(std::vector<Poco::JSON::Object::Ptr> const& files) {
    std::vector<std::string> ids;
    for (auto const& file : files) ids.push_back(file->getValue<std::string>("id"));
    return ids;
  }

  // What a listing of the "drive" space with a whole-drive scope must return, in order.
  std::vector<std::string> Expected(std::string const& order_by) const {
    DriveOrder order;
    std::string error;
    EXPECT_TRUE(ParseDriveOrderBy(order_by, order, error)) << error;
    std::vector<DriveFile> files;
    std::copy_if(corpus_.begin(), corpus_.end(), std::back_inserter(files),
                 [](DriveFile const& f) { return f.space == "drive"; });
    std::sort(files.begin(), files.end(),
              [&](DriveFile const& a, DriveFile const& b) { return CompareDriveFiles(order, a, b) < 0; });
    std::vector<std::string> ids;
    for (DriveFile const& file : files) ids.push_back(file.id);
    return ids;
  }

  std::size_t DriveSpaceCount() const {
    return static_cast<std::size_t>(
        std::count_if(corpus_.begin(), corpus_.end(), [](DriveFile const& f) { return f.space == "drive"; }));
  }

  std::vector<DriveFile> corpus_;
  DriveService service_;
};

TEST_F(DriveListTest, DefaultPageHasGoogleShapeAndDefaultFileFields) {
  HttpAnswer const answer = List({});
  ASSERT_EQ(answer.status, 200) << answer.body;
  EXPECT_EQ(answer.content_type, "application/json; charset=utf-8");
  auto const json = Json(answer);
  EXPECT_EQ(json->getValue<std::string>("kind"), "drive#fileList");
  EXPECT_FALSE(json->getValue<bool>("incompleteSearch"));
  EXPECT_TRUE(json->has("nextPageToken"));
  auto const files = json->getArray("files");
  ASSERT_EQ(files->size(), 100U);  // Drive's default pageSize
  for (std::size_t i = 0; i < files->size(); ++i) {
    auto const file = files->getObject(static_cast<unsigned>(i));
    EXPECT_THAT(Keys(file), UnorderedElementsAre("kind", "id", "name", "mimeType"));
    EXPECT_EQ(file->getValue<std::string>("kind"), "drive#file");
  }
}

TEST_F(DriveListTest, PagingVisitsEveryFileOnceInStableOrder) {
  int pages = 0;
  auto const files = ListAll({{"pageSize", "97"}}, ReadonlyCaller(), &pages);
  std::vector<std::string> const ids = Ids(files);
  EXPECT_EQ(ids.size(), DriveSpaceCount());
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), ids.size()) << "duplicates";
  EXPECT_EQ(ids, Expected(""));
  EXPECT_EQ(pages, static_cast<int>((DriveSpaceCount() + 96) / 97));
}

TEST_F(DriveListTest, PagingAcrossPagesEqualsOneBigPage) {
  Query const query = {{"orderBy", "modifiedByMeTime desc"}, {"q", "trashed = false and starred = false"},
                       {"pageSize", "13"}};
  Query big = {{"orderBy", "modifiedByMeTime desc"}, {"q", "trashed = false and starred = false"},
               {"pageSize", "1000"}};
  auto const paged = Ids(ListAll(query));
  auto const whole = Ids(ListAll(big));
  EXPECT_EQ(paged, whole);
  EXPECT_GT(paged.size(), 2000U);
}

class DriveOrderByTest : public DriveListTest, public ::testing::WithParamInterface<std::string> {};

TEST_P(DriveOrderByTest, ServesTheOrderOfEachKeyAscendingAndDescending) {
  for (std::string const& order_by : {GetParam(), GetParam() + " desc"}) {
    SCOPED_TRACE(order_by);
    auto const ids = Ids(ListAll({{"orderBy", order_by}, {"pageSize", "1000"}, {"fields", "nextPageToken,files(id)"}}));
    EXPECT_EQ(ids, Expected(order_by));
  }
}

INSTANTIATE_TEST_SUITE_P(AllKeys, DriveOrderByTest,
                         ::testing::Values("createdTime", "folder", "modifiedByMeTime", "modifiedTime", "name",
                                           "name_natural", "quotaBytesUsed", "recency", "sharedWithMeTime",
                                           "starred", "viewedByMeTime"));

TEST_F(DriveListTest, ModifiedTimeDescIsNewestFirstOnTheWire) {
  auto const files = ListAll({{"orderBy", "modifiedTime desc"}, {"pageSize", "500"},
                              {"fields", "nextPageToken, files(id, modifiedTime)"}});
  ASSERT_EQ(files.size(), DriveSpaceCount());
  for (std::size_t i = 1; i < files.size(); ++i) {
    // RFC 3339 in UTC with fixed width compares as text.
    EXPECT_GT(files[i - 1]->getValue<std::string>("modifiedTime"), files[i]->getValue<std::string>("modifiedTime"));
  }
}

TEST_F(DriveListTest, MultiKeyOrderPutsFoldersFirstThenNamesNaturallyDescending) {
  auto const files = ListAll({{"orderBy", "folder, name_natural desc"}, {"pageSize", "1000"},
                              {"fields", "nextPageToken,files(id,name,mimeType)"}});
  ASSERT_EQ(files.size(), DriveSpaceCount());
  EXPECT_EQ(Ids(files), Expected("folder,name_natural desc"));
  bool seen_file = false;
  for (auto const& file : files) {
    bool const folder = file->getValue<std::string>("mimeType") == kFolderMimeType;
    EXPECT_FALSE(folder && seen_file) << "a folder after a file";
    seen_file = seen_file || !folder;
  }
}

TEST_F(DriveListTest, NameNaturalSortsNumbersByValue) {
  DriveService service;
  std::vector<DriveFile> files;
  for (std::string name : {"file 10", "file 9", "File 100", "file 1"}) {
    DriveFile file;
    file.id = "id-" + std::to_string(files.size());
    file.name = name;
    files.push_back(file);
  }
  service.ReplaceFiles(kAlice, files);
  auto const natural = Json(service.Handle("GET", "/files", {{"orderBy", "name_natural"}}, ReadonlyCaller()));
  std::vector<std::string> names;
  auto const array = natural->getArray("files");
  for (std::size_t i = 0; i < array->size(); ++i) {
    names.push_back(array->getObject(static_cast<unsigned>(i))->getValue<std::string>("name"));
  }
  EXPECT_THAT(names, ElementsAre("file 1", "file 9", "file 10", "File 100"));
  auto const plain = Json(service.Handle("GET", "/files", {{"orderBy", "name desc"}}, ReadonlyCaller()));
  EXPECT_EQ(plain->getArray("files")->getObject(0)->getValue<std::string>("name"), "file 9");
}

TEST_F(DriveListTest, PageTokenIsTiedToTheQuery) {
  auto const first = Json(List({{"q", "starred = false"}, {"pageSize", "10"}}));
  std::string const token = first->getValue<std::string>("nextPageToken");
  EXPECT_EQ(List({{"q", "starred = false"}, {"pageSize", "10"}, {"pageToken", token}}).status, 200);
  for (Query const& other : {Query{{"q", "starred = true"}, {"pageSize", "10"}},
                             Query{{"q", "starred = false"}, {"pageSize", "11"}},
                             Query{{"q", "starred = false"}, {"pageSize", "10"}, {"orderBy", "name"}},
                             Query{{"q", "starred = false"}, {"pageSize", "10"}, {"spaces", "drive,appDataFolder"}}}) {
    Query with_token = other;
    with_token.emplace_back("pageToken", token);
    HttpAnswer const answer = List(with_token, Caller({kDriveScope, kDriveAppdataScope}));
    EXPECT_EQ(answer.status, 400) << answer.body;
    EXPECT_EQ(ErrorMessage(answer), "Invalid Value");
    EXPECT_EQ(ErrorItem(answer)->getValue<std::string>("reason"), "invalid");
    EXPECT_EQ(ErrorItem(answer)->getValue<std::string>("location"), "pageToken");
    EXPECT_EQ(ErrorItem(answer)->getValue<std::string>("locationType"), "parameter");
  }
  // Another user cannot use it either.
  service_.ReplaceFiles("bob@example.com", GenerateDriveFiles(20, "bob@example.com", testing::FixedNow()));
  EXPECT_EQ(List({{"q", "starred = false"}, {"pageSize", "10"}, {"pageToken", token}},
                 Caller({kDriveScope}, "bob@example.com"))
                .status,
            400);
}

TEST_F(DriveListTest, GarbagePageTokensAreInvalidValues) {
  for (std::string token : std::vector<std::string>{"nonsense", "!!!", "ZHB0MXx8fHw", std::string(600, 'A')}) {
    HttpAnswer const answer = List({{"pageToken", token}});
    EXPECT_EQ(answer.status, 400) << token;
    EXPECT_EQ(ErrorItem(answer)->getValue<std::string>("location"), "pageToken");
  }
}

TEST_F(DriveListTest, PagingContinuesAfterTheLastFileWhenFilesChangeBetweenPages) {
  Query const query = {{"orderBy", "name"}, {"pageSize", "50"}};
  auto const first = Json(List(query));
  std::vector<std::string> seen;
  auto const array = first->getArray("files");
  for (std::size_t i = 0; i < array->size(); ++i) {
    seen.push_back(array->getObject(static_cast<unsigned>(i))->getValue<std::string>("id"));
  }
  // A file that sorts before everything seen so far arrives between the pages.
  DriveFile early;
  early.id = "0000early";
  early.name = "!!! first";
  service_.AddFiles(kAlice, {early});
  Query next = query;
  next.emplace_back("pageToken", first->getValue<std::string>("nextPageToken"));
  auto const second = Json(List(next));
  auto const more = second->getArray("files");
  ASSERT_EQ(more->size(), 50U);
  for (std::size_t i = 0; i < more->size(); ++i) {
    std::string const id = more->getObject(static_cast<unsigned>(i))->getValue<std::string>("id");
    EXPECT_EQ(std::count(seen.begin(), seen.end(), id), 0) << "repeated " << id;
    EXPECT_NE(id, "0000early");
    seen.push_back(id);
  }
  std::vector<std::string> const expected = Expected("name");
  EXPECT_EQ(seen, std::vector<std::string>(expected.begin(), expected.begin() + 100));
}

TEST_F(DriveListTest, PageSizeOutOfRangeIsRejectedWithGooglesMessage) {
  for (std::string size : {"0", "1001", "-5", "abc", "10.5"}) {
    HttpAnswer const answer = List({{"pageSize", size}});
    ASSERT_EQ(answer.status, 400) << size;
    EXPECT_EQ(ErrorMessage(answer), "Invalid value '" + size + "'. Values must be within the range: [1, 1000]");
    EXPECT_EQ(ErrorItem(answer)->getValue<std::string>("location"), "pageSize");
    EXPECT_EQ(Json(answer)->getObject("error")->getValue<std::string>("status"), "INVALID_ARGUMENT");
  }
  EXPECT_EQ(Json(List({{"pageSize", "1000"}}))->getArray("files")->size(), 1000U);
  EXPECT_EQ(Json(List({{"pageSize", "1"}}))->getArray("files")->size(), 1U);
}

TEST_F(DriveListTest, UnknownOrderByKeyIsInvalidValue) {
  for (std::string order : {"title", "name descending", "name,", "modifiedTime desc,size"}) {
    HttpAnswer const answer = List({{"orderBy", order}});
    ASSERT_EQ(answer.status, 400) << order;
    EXPECT_EQ(ErrorMessage(answer), "Invalid Value");
    EXPECT_EQ(ErrorItem(answer)->getValue<std::string>("location"), "orderBy");
  }
}

TEST_F(DriveListTest, OrderByWithFullTextIsRefused) {
  HttpAnswer const answer = List({{"q", "fullText contains 'budget'"}, {"orderBy", "name"}});
  ASSERT_EQ(answer.status, 400);
  std::string const message =
      "Sorting is not supported for queries with fullText terms. Results are always in descending relevance order.";
  EXPECT_EQ(ErrorMessage(answer), message);
  auto const item = ErrorItem(answer);
  EXPECT_EQ(item->getValue<std::string>("reason"), "badRequest");
  EXPECT_EQ(item->getValue<std::string>("location"), "orderBy");
  EXPECT_EQ(item->getValue<std::string>("locationType"), "parameter");
  EXPECT_EQ(List({{"q", "fullText contains 'budget'"}}).status, 200);
}

TEST_F(DriveListTest, MalformedQueryIsInvalidValueAtQ) {
  HttpAnswer const answer = List({{"q", "(name = 'x'"}});
  ASSERT_EQ(answer.status, 400);
  auto const error = Json(answer)->getObject("error");
  EXPECT_EQ(error->getValue<int>("code"), 400);
  EXPECT_EQ(error->getValue<std::string>("message"), "Invalid Value");
  EXPECT_EQ(error->getValue<std::string>("status"), "INVALID_ARGUMENT");
  auto const item = ErrorItem(answer);
  EXPECT_EQ(item->getValue<std::string>("domain"), "global");
  EXPECT_EQ(item->getValue<std::string>("reason"), "invalid");
  EXPECT_EQ(item->getValue<std::string>("location"), "q");
  EXPECT_EQ(item->getValue<std::string>("locationType"), "parameter");
}

TEST_F(DriveListTest, QueryFiltersTheListing) {
  auto const folders = ListAll({{"q", "mimeType = 'application/vnd.google-apps.folder' and trashed = false"},
                                {"fields", "nextPageToken,files(mimeType,trashed)"},
                                {"pageSize", "1000"}});
  std::size_t const expected = static_cast<std::size_t>(std::count_if(corpus_.begin(), corpus_.end(), [](DriveFile const& f) {
    return f.space == "drive" && f.mime_type == kFolderMimeType && !f.trashed;
  }));
  EXPECT_EQ(folders.size(), expected);
  for (auto const& file : folders) {
    EXPECT_EQ(file->getValue<std::string>("mimeType"), kFolderMimeType);
    EXPECT_FALSE(file->getValue<bool>("trashed"));
  }
  // Drive lists trashed files unless the query excludes them.
  auto const all = ListAll({{"pageSize", "1000"}, {"fields", "nextPageToken,files(trashed)"}});
  EXPECT_TRUE(std::any_of(all.begin(), all.end(), [](auto const& f) { return f->template getValue<bool>("trashed"); }));
  // 'root' in parents resolves to the caller's My Drive root.
  auto const top = ListAll({{"q", "'root' in parents"}, {"pageSize", "1000"}});
  EXPECT_FALSE(top.empty());
  auto const shared = ListAll({{"q", "sharedWithMe = true and not 'me' in owners"}, {"pageSize", "1000"}});
  EXPECT_FALSE(shared.empty());
}

TEST_F(DriveListTest, FieldsSelectTopLevelAndNestedFields) {
  auto const json = Json(List({{"fields", "nextPageToken, files(id,name,modifiedTime)"}, {"pageSize", "3"}}));
  EXPECT_THAT(Keys(json), UnorderedElementsAre("nextPageToken", "files"));
  EXPECT_THAT(Keys(json->getArray("files")->getObject(0)), UnorderedElementsAre("id", "name", "modifiedTime"));

  auto const slash = Json(List({{"fields", "files/name"}, {"pageSize", "3"}}));
  EXPECT_THAT(Keys(slash), ElementsAre("files"));
  EXPECT_THAT(Keys(slash->getArray("files")->getObject(0)), ElementsAre("name"));

  auto const nested = Json(List({{"fields", "files(id,owners(emailAddress,me))"}, {"pageSize", "3"}}));
  auto const owner = nested->getArray("files")->getObject(0)->getArray("owners")->getObject(0);
  EXPECT_THAT(Keys(owner), UnorderedElementsAre("emailAddress", "me"));

  auto const everything = Json(List({{"fields", "*"}, {"pageSize", "2"}}));
  EXPECT_THAT(Keys(everything), UnorderedElementsAre("kind", "nextPageToken", "incompleteSearch", "files"));
  auto const full = everything->getArray("files")->getObject(0);
  for (char const* field : {"kind", "id", "name", "mimeType", "parents", "createdTime", "modifiedTime", "owners",
                            "ownedByMe", "capabilities", "quotaBytesUsed", "spaces", "webViewLink"}) {
    EXPECT_TRUE(full->has(field)) << field;
  }
  auto const files_star = Json(List({{"fields", "files(*)"}, {"pageSize", "2"}}));
  EXPECT_THAT(Keys(files_star), ElementsAre("files"));
  EXPECT_EQ(Keys(files_star->getArray("files")->getObject(0)), Keys(full));
}

TEST_F(DriveListTest, InvalidFieldSelectionIsRejected) {
  for (auto const& [fields, bad] : std::vector<std::pair<std::string, std::string>>{
           {"items(id)", "items"}, {"files(title)", "title"}, {"starred", "starred"},
           {"files(id,name(x))", "x"}, {"files(owners(foo))", "foo"}}) {
    HttpAnswer const answer = List({{"fields", fields}});
    ASSERT_EQ(answer.status, 400) << fields;
    EXPECT_EQ(ErrorMessage(answer), "Invalid field selection " + bad);
    auto const item = ErrorItem(answer);
    EXPECT_EQ(item->getValue<std::string>("reason"), "invalidParameter");
    EXPECT_EQ(item->getValue<std::string>("location"), "fields");
    EXPECT_EQ(item->getValue<std::string>("locationType"), "parameter");
  }
  EXPECT_EQ(List({{"fields", "files(id"}}).status, 400);
  EXPECT_EQ(List({{"fields", "files(properties/anything)"}}).status, 200);
}

TEST_F(DriveListTest, SpacesNeedTheirScopes) {
  HttpAnswer const denied = List({{"spaces", "appDataFolder"}}, Caller({kDriveScope}));
  ASSERT_EQ(denied.status, 403);
  EXPECT_EQ(ErrorMessage(denied), "The granted scopes do not give access to all of the requested spaces.");
  EXPECT_EQ(ErrorItem(denied)->getValue<std::string>("reason"), "insufficientScopes");
  EXPECT_EQ(List({}, Caller({kDriveAppdataScope})).status, 403);

  auto const app_data = ListAll({{"spaces", "appDataFolder"}, {"fields", "nextPageToken,files(spaces)"}},
                                Caller({kDriveAppdataScope}));
  std::size_t const expected = static_cast<std::size_t>(
      std::count_if(corpus_.begin(), corpus_.end(), [](DriveFile const& f) { return f.space == "appDataFolder"; }));
  ASSERT_GT(expected, 0U);
  EXPECT_EQ(app_data.size(), expected);
  EXPECT_EQ(List({{"spaces", "photos"}}).status, 400);
}

TEST_F(DriveListTest, DriveFileScopeSeesOnlyAppAuthorizedFiles) {
  auto const files = ListAll({{"pageSize", "1000"}, {"fields", "nextPageToken,files(isAppAuthorized)"}},
                             Caller({kDriveFileScope}));
  std::size_t const expected = static_cast<std::size_t>(std::count_if(
      corpus_.begin(), corpus_.end(), [](DriveFile const& f) { return f.space == "drive" && f.is_app_authorized; }));
  ASSERT_GT(expected, 0U);
  EXPECT_EQ(files.size(), expected);
  for (auto const& file : files) EXPECT_TRUE(file->getValue<bool>("isAppAuthorized"));
}

TEST_F(DriveListTest, CorporaOtherThanTheUsersAreRefusedAsDriveDoes) {
  EXPECT_EQ(List({{"corpora", "user"}}).status, 200);
  EXPECT_EQ(List({{"corpora", "allDrives"}, {"includeItemsFromAllDrives", "true"}, {"supportsAllDrives", "true"}}).status,
            200);
  HttpAnswer const all_drives = List({{"corpora", "allDrives"}});
  EXPECT_EQ(all_drives.status, 400);
  EXPECT_EQ(ErrorItem(all_drives)->getValue<std::string>("location"), "includeItemsFromAllDrives");
  HttpAnswer const unknown = List({{"corpora", "everything"}});
  EXPECT_EQ(unknown.status, 400);
  EXPECT_EQ(ErrorItem(unknown)->getValue<std::string>("location"), "corpora");
  EXPECT_EQ(List({{"corpora", "drive"}}).status, 400);
  EXPECT_EQ(List({{"corpora", "drive"}, {"driveId", "0AAAA"}}).status, 404);
  EXPECT_EQ(List({{"includeItemsFromAllDrives", "yes"}}).status, 400);
}

TEST_F(DriveListTest, StandardParametersAreAccepted) {
  HttpAnswer const answer = List({{"alt", "json"}, {"prettyPrint", "false"}, {"key", "AIza"}, {"quotaUser", "ci"},
                                  {"pageSize", "2"}});
  ASSERT_EQ(answer.status, 200);
  EXPECT_EQ(answer.body.find('\n'), std::string::npos);
  EXPECT_NE(List({{"pageSize", "2"}}).body.find('\n'), std::string::npos);
  EXPECT_EQ(List({{"alt", "xml"}}).status, 400);
  EXPECT_EQ(List({{"alt", "media"}}).status, 400);
}

TEST_F(DriveListTest, UnknownUserHasAnEmptyDrive) {
  auto const json = Json(List({}, Caller({kDriveScope}, "nobody@example.com")));
  EXPECT_EQ(json->getArray("files")->size(), 0U);
  EXPECT_FALSE(json->has("nextPageToken"));
}

}  // namespace
}  // namespace gauthflow::mockserver
