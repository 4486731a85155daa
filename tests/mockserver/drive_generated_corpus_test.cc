// The deterministic generated corpus (--generate-files) pinned: a few files' fields, and the
// reference listing of a 1,000-file corpus with its page tokens. These values were produced
// before the corpus was packed into DriveFileStore and must never change silently: clients'
// tests and benchmarks depend on the same ids, names and times.

#include <cstdint>
#include <optional>
#include <sstream>
#include <string>
#include <type_traits>
#include <vector>

#include <gtest/gtest.h>

#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>

#include "drive/drive_field_selector.h"
#include "drive/drive_file_store.h"
#include "drive/drive_ids.h"
#include "drive/drive_file_json.h"
#include "drive/drive_service.h"
#include "mockserver/drive_testing.h"

namespace gauthflow::mockserver {
namespace {

using testing::kAlice;
using testing::Query;

constexpr int kCorpusSize = 1000;

// Every field the generator decides, and the permissions it implies.
constexpr char kPinnedFields[] =
    "id,name,mimeType,parents,owners(emailAddress),createdTime,modifiedTime,modifiedByMeTime,"
    "viewedByMeTime,sharedWithMeTime,starred,trashed,size,quotaBytesUsed,properties,appProperties,"
    "spaces,isAppAuthorized,permissions(type,role,emailAddress),md5Checksum";

std::string Compact(Poco::Dynamic::Var const& json) {
  std::ostringstream out;
  Poco::JSON::Stringifier::stringify(json, out);
  return out.str();
}

std::string Compact(std::string const& body) {
  Poco::JSON::Parser parser;
  return Compact(parser.parse(body));
}

std::string PinnedJson(DriveFile const& file) {
  FieldSelection selection;
  std::string bad_field;
  EXPECT_TRUE(ParseFieldSelection(kPinnedFields, selection, bad_field)) << bad_field;
  return Compact(DriveFileToJson(file, selection, FileJsonContext{kAlice, "Alice Example"}));
}

struct PinnedFile {
  std::size_t index;
  char const* json;
};

// A folder (the first file), a file with a colleague as writer, one shared by anyone with the
// link, the first file shared with the owner, one in appDataFolder, one with properties and
// appProperties.
PinnedFile const kPinnedFiles[] = {
    {0, R"json({"id":"11AHDdEDic3E4AMBlLpUlYWgo8X-N59vq","name":"Shared 149","mimeType":"application/vnd.google-apps.folder","starred":false,"trashed":false,"parents":["0A2RodMldiqSWUk9PVA"],"spaces":["drive"],"createdTime":"2024-05-31T07:36:07.593Z","modifiedTime":"2024-05-31T19:51:29.213Z","modifiedByMeTime":"2024-05-31T19:51:29.213Z","owners":[{"emailAddress":"alice@example.com"}],"permissions":[{"type":"user","emailAddress":"alice@example.com","role":"owner"}],"quotaBytesUsed":"0","isAppAuthorized":false})json"},
    {5, R"json({"id":"1VfqVg6BzYPdu9xUzHEPbW4cS6eL3_Beq","name":"Reports 145","mimeType":"application/vnd.google-apps.folder","starred":true,"trashed":false,"parents":["1yece0VKeydMfBFAwQqzUBB-m4eOp7G2U"],"properties":{"project":"journal"},"spaces":["drive"],"viewedByMeTime":"2024-06-01T12:00:00.000Z","createdTime":"2024-05-31T07:31:47.573Z","modifiedTime":"2024-06-01T07:42:54.933Z","modifiedByMeTime":"2024-06-01T07:42:54.933Z","owners":[{"emailAddress":"alice@example.com"}],"permissions":[{"type":"user","emailAddress":"alice@example.com","role":"owner"},{"type":"user","emailAddress":"colleague4@example.com","role":"writer"}],"quotaBytesUsed":"0","isAppAuthorized":false})json"},
    {7, R"json({"id":"1JBbvdwhJdmFTwqXmjMligrbAOaOc0iwb","name":"Shared 58","mimeType":"application/vnd.google-apps.folder","starred":false,"trashed":false,"parents":["0A2RodMldiqSWUk9PVA"],"spaces":["drive"],"viewedByMeTime":"2024-06-01T12:00:00.000Z","createdTime":"2024-05-31T06:29:49.287Z","modifiedTime":"2024-06-01T01:26:10.904Z","modifiedByMeTime":"2024-06-01T01:26:10.904Z","owners":[{"emailAddress":"alice@example.com"}],"permissions":[{"type":"user","emailAddress":"alice@example.com","role":"owner"},{"type":"user","emailAddress":"colleague31@example.com","role":"writer"},{"type":"anyone","role":"reader"}],"quotaBytesUsed":"0","isAppAuthorized":false})json"},
    {100, R"json({"id":"1ICHIEGQ9ljdG0kf-3VK1nYTjvipHosuX","name":"Budget 2016 (15).pdf","mimeType":"application/pdf","starred":false,"trashed":false,"parents":["0A2RodMldiqSWUk9PVA"],"spaces":["drive"],"viewedByMeTime":"2024-06-01T12:00:00.000Z","createdTime":"2024-05-31T08:01:54.712Z","modifiedTime":"2024-05-31T18:20:56.485Z","sharedWithMeTime":"2024-05-31T05:06:57.215Z","owners":[{"emailAddress":"colleague37@example.com"}],"permissions":[{"type":"user","emailAddress":"colleague37@example.com","role":"owner"},{"type":"user","emailAddress":"alice@example.com","role":"reader"}],"md5Checksum":"964a2c082628c745ce03f3106caba629","size":"45457197","quotaBytesUsed":"45457197","isAppAuthorized":false})json"},
    {222, R"json({"id":"1WRoIv5lNLpp5bgL_8NIwcZmHb2neKboW","name":"Newsletter 2016 (67).txt","mimeType":"text/plain","starred":true,"trashed":true,"parents":["appDataFolder"],"properties":{"project":"offsite"},"spaces":["appDataFolder"],"createdTime":"2024-05-31T07:51:17.663Z","modifiedTime":"2024-05-31T14:45:53.756Z","modifiedByMeTime":"2024-05-31T14:45:53.756Z","owners":[{"emailAddress":"alice@example.com"}],"permissions":[{"type":"user","emailAddress":"alice@example.com","role":"owner"}],"md5Checksum":"4c86e6c645baf7ee51590efb8f4479ae","size":"2945576","quotaBytesUsed":"2945576","isAppAuthorized":false})json"},
    {457, R"json({"id":"1dPUPMxcSxCo-8j5m4N3oNA-vwnVkH-yQ","name":"Contract 2017 (100).jpg","mimeType":"image/jpeg","starred":false,"trashed":false,"parents":["14DxIxmI8jYm0z0r6p7Qqhg2pFlk21WlR"],"properties":{"project":"journal"},"appProperties":{"syncState":"dirty"},"spaces":["drive"],"viewedByMeTime":"2024-06-01T12:00:00.000Z","createdTime":"2024-05-31T05:25:14.989Z","modifiedTime":"2024-06-01T05:35:10.906Z","modifiedByMeTime":"2024-06-01T05:35:10.906Z","owners":[{"emailAddress":"alice@example.com"}],"permissions":[{"type":"user","emailAddress":"alice@example.com","role":"owner"}],"md5Checksum":"f8d578029eab3ed4b18e610d3b4e08fe","size":"221561","quotaBytesUsed":"221561","isAppAuthorized":false})json"},
};

TEST(GeneratedDriveCorpus, PinnedFilesKeepTheirFields) {
  std::vector<DriveFile> const files = GenerateDriveFiles(kCorpusSize, kAlice, testing::FixedNow());
  ASSERT_EQ(files.size(), static_cast<std::size_t>(kCorpusSize));
  for (PinnedFile const& pinned : kPinnedFiles) {
    EXPECT_EQ(PinnedJson(files[pinned.index]), pinned.json) << "file " << pinned.index;
  }
}

// Every field of every file as the server stores it, hashed: a change anywhere in a large
// corpus (where the first thousand files above would not show it) changes the digest.
std::uint64_t StoreDigest(DriveFileStore const& store) {
  std::string text;
  auto const time = [&](std::optional<DriveTime> value) {
    text += value ? std::to_string(value->time_since_epoch().count()) : "-";
    text += '|';
  };
  auto const list = [&](auto const& values) {
    for (auto const& value : values) {
      if constexpr (std::is_same_v<std::decay_t<decltype(value)>, std::string_view>) {
        text.append(value).append(",");
      } else if constexpr (std::is_same_v<std::decay_t<decltype(value)>, DriveUserView>) {
        text.append(value.email_address).append("/").append(value.display_name).append(",");
      } else {
        text.append(value.first).append("=").append(value.second).append(",");
      }
    }
    text += '|';
  };
  std::uint64_t digest = 0xcbf29ce484222325ULL;
  for (std::uint32_t i = 0; i < store.size(); ++i) {
    DriveFileView const file = store[i];
    text.clear();
    text.append(file.id()).append("|").append(file.name()).append("|").append(file.mime_type()).append("|");
    text.append(file.description()).append("|").append(file.content()).append("|").append(file.space());
    text.append("|").append(file.visibility()).append("|");
    time(file.created_time());
    time(file.modified_time());
    time(file.modified_by_me_time());
    time(file.viewed_by_me_time());
    time(file.shared_with_me_time());
    text += file.starred() ? 's' : '-';
    text += file.trashed() ? 't' : '-';
    text += file.is_app_authorized() ? 'a' : '-';
    text.append(file.size() ? std::to_string(*file.size()) : "-").append("|");
    text.append(std::to_string(file.quota_bytes_used())).append("|");
    list(file.parents());
    list(file.owners());
    list(file.writers());
    list(file.readers());
    list(file.properties());
    list(file.app_properties());
    digest = internal::Fnv1a64(text, digest);
  }
  return digest;
}

TEST(GeneratedDriveCorpus, EveryFileOfLargeCorporaIsUnchanged) {
  // Digests of the corpora as generated before the generator wrote straight into the store
  // (1,000,000 files: 7034702567089348753, checked by hand; too slow for every test run).
  struct Pinned {
    int count;
    std::uint64_t digest;
  };
  for (Pinned const pinned : {Pinned{1, 16102089015044675974ULL}, Pinned{kCorpusSize, 12692313786869573182ULL},
                             Pinned{100'000, 15865292812914292736ULL}}) {
    DriveFileStore store;
    GenerateDriveFiles(pinned.count, kAlice, testing::FixedNow(), store);
    ASSERT_EQ(store.size(), static_cast<std::size_t>(pinned.count));
    EXPECT_EQ(StoreDigest(store), pinned.digest) << pinned.count << " files";
  }
}

TEST(GeneratedDriveCorpus, CollectedFilesAreTheStoredOnes) {
  DriveFileStore generated;
  GenerateDriveFiles(kCorpusSize, kAlice, testing::FixedNow(), generated);
  DriveFileStore collected;
  for (DriveFile const& file : GenerateDriveFiles(kCorpusSize, kAlice, testing::FixedNow())) collected.Put(file);
  ASSERT_EQ(collected.size(), generated.size());
  EXPECT_EQ(StoreDigest(collected), StoreDigest(generated));
  for (PinnedFile const& pinned : kPinnedFiles) {
    auto const index = static_cast<std::uint32_t>(pinned.index);
    EXPECT_EQ(PinnedJson(ToDriveFile(generated[index])), pinned.json) << "file " << pinned.index;
  }
}

TEST(GeneratedDriveCorpus, GeneratedFileReplacesTheStoredOneWithItsId) {
  std::vector<DriveFile> const expected = GenerateDriveFiles(20, kAlice, testing::FixedNow());
  DriveFileStore store;
  DriveFile seeded;
  seeded.id = "seeded-first";
  seeded.name = "kept";
  store.Put(seeded);
  DriveFile clash;
  clash.id = expected[7].id;  // a configured file that a generated one replaces
  clash.name = "replaced";
  store.Put(clash);
  GenerateDriveFiles(20, kAlice, testing::FixedNow(), store);
  ASSERT_EQ(store.size(), 21U);  // 2 seeded + 20 generated - 1 replaced in place
  EXPECT_EQ(store[0].name(), "kept");
  EXPECT_EQ(PinnedJson(ToDriveFile(store[1])), PinnedJson(expected[7]));
  EXPECT_EQ(store.Find(expected[7].id), std::optional<std::uint32_t>(1));
  for (std::size_t i = 0; i < expected.size(); ++i) {
    std::optional<std::uint32_t> const found = store.Find(expected[i].id);
    ASSERT_TRUE(found) << i;
    EXPECT_EQ(PinnedJson(ToDriveFile(store[*found])), PinnedJson(expected[i])) << i;
  }
}

struct PinnedListing {
  char const* what;
  Query query;
  char const* first_page;
  char const* second_page;
};

std::vector<PinnedListing> const& PinnedListings() {
  static std::vector<PinnedListing> const kListings = {
      {"reference", {{"orderBy", "modifiedByMeTime desc"}, {"pageSize", "5"}}, R"json({"files":[{"id":"1t032os6TjdPte4BkJPR7v8tfYpKQN8O-","kind":"drive#file","mimeType":"application/vnd.google-apps.spreadsheet","name":"Sales figures 2018 (97)"},{"id":"1Wn-bGIjQLx5gKU4DXPQ-VC5fd-3PpmY3","kind":"drive#file","mimeType":"text/plain","name":"Benchmark 2015 (30).txt"},{"id":"1gFIRuU7MECqUl09SLmFIhT9eJYC0aRot","kind":"drive#file","mimeType":"application/vnd.google-apps.spreadsheet","name":"Benchmark 2016 (103)"},{"id":"1vycMC3QpyRtjh4sMWJNsGECmcFoBhwLZ","kind":"drive#file","mimeType":"application/pdf","name":"Survey results 2021 (9).pdf"},{"id":"1RJlhxMWpWHcIPAIukGn7NziZYdsoZDPC","kind":"drive#file","mimeType":"application/vnd.google-apps.presentation","name":"Newsletter 2023 (47)"}],"incompleteSearch":false,"kind":"drive#fileList","nextPageToken":"ZHB0MXxkMmU0NWNmZTk2ZDRhODhhfDF8NXwxUkpsaHhNV3BXSGNJUEFJdWtHbjdOemlaWWRzb1pEUEN8M2E4ZjFhMTY"})json", R"json({"files":[{"id":"1iKMsxZvPZ71cnYHsIc7WWw11OSeIzAwH","kind":"drive#file","mimeType":"image/jpeg","name":"Survey results 2020 (33).jpg"},{"id":"1a2XrPkYsXaouqAA8q7AMUrhAhxp961Ez","kind":"drive#file","mimeType":"image/png","name":"Resume 2015 (114).png"},{"id":"1HXOfZXVniDozxSDUUbc19yJfaBWSaTch","kind":"drive#file","mimeType":"application/vnd.google-apps.folder","name":"Photos 160"},{"id":"1wUPqN9UIWgTjh_mLkq7tXQ5pinBBZJuz","kind":"drive#file","mimeType":"application/vnd.openxmlformats-officedocument.wordprocessingml.document","name":"Invoice 2018 (106).docx"},{"id":"1CN05aiZq88KKnVRfWWwmwTEXX7rYWlJ5","kind":"drive#file","mimeType":"image/png","name":"Invoice 2016 (119).png"}],"incompleteSearch":false,"kind":"drive#fileList","nextPageToken":"ZHB0MXxkMmU0NWNmZTk2ZDRhODhhfDF8MTB8MUNOMDVhaVpxODhLS25WUmZXV3dtd1RFWFg3cllXbEo1fGI3MDFkZTE5"})json"},
      {"default order", {{"pageSize", "5"}}, R"json({"files":[{"id":"1-1luzUbm0be6Mjr0DRDwqxkQRVFLfHhm","kind":"drive#file","mimeType":"application/vnd.openxmlformats-officedocument.wordprocessingml.document","name":"Expense claim 2015 (8).docx"},{"id":"1-4FHuBzD3NyVmodwLsK39gAsl9zoR8qu","kind":"drive#file","mimeType":"image/png","name":"Survey results 2021 (87).png"},{"id":"1-Czz3TP5vPbxFfmLHhmHOGpcORB44D4u","kind":"drive#file","mimeType":"application/vnd.google-apps.folder","name":"Scans 27"},{"id":"1-EfOhh0CWSnEBgFZ0BpJVcRsc-LVfMPF","kind":"drive#file","mimeType":"image/jpeg","name":"Survey results 2017 (75).jpg"},{"id":"1-IVZ8tqysukUZ78eCTlVAUX4aGmS-l8w","kind":"drive#file","mimeType":"application/pdf","name":"Expense claim 2025 (89).pdf"}],"incompleteSearch":false,"kind":"drive#fileList","nextPageToken":"ZHB0MXxlMzA3OGE4YzlhZThiMTUwfDF8NXwxLUlWWjh0cXlzdWtVWjc4ZUNUbFZBVVg0YUdtUy1sOHd8N2I5M2Q5MzI"})json", R"json({"files":[{"id":"1-OeIPquih3pNwbeot6ZJcs4AU60O73Z6","kind":"drive#file","mimeType":"application/vnd.google-apps.presentation","name":"Backlog 2024 (99)"},{"id":"1-QjKS7qy6TqQh03kmJk5aXmHsbOE5FeV","kind":"drive#file","mimeType":"application/vnd.google-apps.spreadsheet","name":"Holiday 2025 (29)"},{"id":"1-Wol_S4GjqYiK2KtKttvBsiZhdFUi2as","kind":"drive#file","mimeType":"application/vnd.google-apps.presentation","name":"Travel receipts 2015 (79)"},{"id":"1-X9D51nWgpYjco0fpZrSDOAzjBm6GXFq","kind":"drive#file","mimeType":"image/png","name":"Travel receipts 2021 (55).png"},{"id":"1-XoLBVSIXjnOoCq_WCME441hsc71KoXO","kind":"drive#file","mimeType":"application/vnd.google-apps.spreadsheet","name":"Contract 2023 (16)"}],"incompleteSearch":false,"kind":"drive#fileList","nextPageToken":"ZHB0MXxlMzA3OGE4YzlhZThiMTUwfDF8MTB8MS1Yb0xCVlNJWGpuT29DcV9XQ01FNDQxaHNjNzFLb1hPfGQ1NGQ5OWMw"})json"},
      {"q filter", {{"q", "name contains 'report' and trashed = false"}, {"pageSize", "5"}}, R"json({"files":[{"id":"10inwjt1CYHbI7y2wci2uR-3hkEc1zNtn","kind":"drive#file","mimeType":"application/zip","name":"Quarterly report 2016 (30).zip"},{"id":"10qKI5SSDMlQgIdCz1YT7tGofzZtLNizt","kind":"drive#file","mimeType":"text/plain","name":"Quarterly report 2023 (2).txt"},{"id":"13BWSbPuJtWYchnCTab5nl2390bpqvsOJ","kind":"drive#file","mimeType":"image/jpeg","name":"Quarterly report 2023 (23).jpg"},{"id":"14F2GKlTXlgD9koo--4BPL5M9pJIDdNz1","kind":"drive#file","mimeType":"application/vnd.google-apps.spreadsheet","name":"Quarterly report 2022 (98)"},{"id":"152vaB1f9N2GolUi-qvOOBUltZhR3n1ZZ","kind":"drive#file","mimeType":"application/vnd.google-apps.spreadsheet","name":"Quarterly report 2022 (50)"}],"incompleteSearch":false,"kind":"drive#fileList","nextPageToken":"ZHB0MXxhNjkyMmM2YmQ0ODhlNWZhfDF8MTA1fDE1MnZhQjFmOU4yR29sVWktcXZPT0JVbHRaaFIzbjFaWnwxNjhmMWQwYg"})json", R"json({"files":[{"id":"18DNkqaR4fAugiHRSNT4EyoNQQwYsoy5i","kind":"drive#file","mimeType":"application/vnd.google-apps.document","name":"Quarterly report 2020 (104)"},{"id":"1AB9XVzeFBgMfd-PuN1TeOkXOn_ko5z89","kind":"drive#file","mimeType":"application/vnd.google-apps.document","name":"Quarterly report 2018 (56)"},{"id":"1ClP7o_b8XKXccobx_Ng1taFaDLxvuRCh","kind":"drive#file","mimeType":"application/vnd.google-apps.folder","name":"Reports 63"},{"id":"1D0yjnCRXijT5mUEhA50ZRKKRM5ZKCMgf","kind":"drive#file","mimeType":"application/vnd.google-apps.document","name":"Quarterly report 2025 (4)"},{"id":"1Dj2CacFH7fah3ZUhpcxyrBOknX9clkMz","kind":"drive#file","mimeType":"application/vnd.google-apps.folder","name":"Reports 100"}],"incompleteSearch":false,"kind":"drive#fileList","nextPageToken":"ZHB0MXxhNjkyMmM2YmQ0ODhlNWZhfDF8MjIzfDFEajJDYWNGSDdmYWgzWlVocGN4eXJCT2tuWDljbGtNenxjNjc1NDlhYw"})json"},
  };
  return kListings;
}

void ExpectPinnedListings(DriveService const& service, std::string const& how) {
  for (PinnedListing const& listing : PinnedListings()) {
    HttpAnswer const first = service.Handle("GET", "/files", listing.query, testing::ReadonlyCaller());
    ASSERT_EQ(first.status, 200) << first.body;
    EXPECT_EQ(Compact(first.body), listing.first_page) << listing.what << ", " << how;
    Query next = listing.query;
    next.emplace_back("pageToken", testing::Json(first)->getValue<std::string>("nextPageToken"));
    HttpAnswer const second = service.Handle("GET", "/files", next, testing::ReadonlyCaller());
    ASSERT_EQ(second.status, 200) << second.body;
    EXPECT_EQ(Compact(second.body), listing.second_page) << listing.what << ", page 2, " << how;
  }
}

TEST(GeneratedDriveCorpus, ListingsOf1000FilesAreUnchanged) {
  DriveService generated;
  generated.AddGeneratedFiles(kAlice, kCorpusSize, testing::FixedNow());
  ExpectPinnedListings(generated, "AddGeneratedFiles");

  DriveService replaced;
  replaced.ReplaceFiles(kAlice, GenerateDriveFiles(kCorpusSize, kAlice, testing::FixedNow()));
  ExpectPinnedListings(replaced, "ReplaceFiles");
}

}  // namespace
}  // namespace gauthflow::mockserver
