// The packed file store behind each Drive corpus: every DriveFile field read back as it went
// in, replacement by id in place, lookup, copies that stay independent, and the hand-written
// hash index and string interning it is built on.

#include <set>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "drive/drive_file_store.h"
#include "drive/drive_hash_index.h"
#include "drive/drive_ids.h"
#include "drive/drive_interned_strings.h"

namespace gauthflow::mockserver {
namespace {

using ::testing::ElementsAre;
using ::testing::Pair;

DriveTime At(long long ms) { return DriveTime(std::chrono::milliseconds(ms)); }

DriveFile FullFile() {
  DriveFile file;
  file.id = "full-id";
  file.name = "Full name.txt";
  file.mime_type = "text/plain";
  file.description = "a description";
  file.content = "some content";
  file.created_time = At(-5);  // before the epoch: negative milliseconds survive
  file.modified_time = At(1'700'000'000'123);
  file.modified_by_me_time = At(1'700'000'000'000);
  file.viewed_by_me_time = At(0);  // the epoch is a time, not "absent"
  file.shared_with_me_time = At(1'600'000'000'000);
  file.starred = true;
  file.trashed = false;
  file.is_app_authorized = true;
  file.parents = {"p1", "p2"};
  file.owners = {{"alice@example.com", "Alice"}, {"bob@example.com", ""}};
  file.writers = {"carol@example.com"};
  file.readers = {"dave@example.com", "erin@example.com"};
  file.properties = {{"a", "1"}, {"b", ""}};
  file.app_properties = {{"sync", "clean"}};
  file.size = 0;  // a size of 0 is a size
  file.quota_bytes_used = 42;
  file.space = "appDataFolder";
  file.visibility = "anyoneWithLink";
  return file;
}

TEST(DriveFileStore, ReadsBackEveryField) {
  DriveFileStore store;
  store.Add(DriveFile{});
  store.Add(FullFile());
  DriveFileView const file = store[1];
  EXPECT_EQ(file.index(), 1U);
  EXPECT_EQ(file.id(), "full-id");
  EXPECT_EQ(file.name(), "Full name.txt");
  EXPECT_EQ(file.mime_type(), "text/plain");
  EXPECT_EQ(file.description(), "a description");
  EXPECT_EQ(file.content(), "some content");
  EXPECT_EQ(file.created_time(), At(-5));
  EXPECT_EQ(file.modified_time(), At(1'700'000'000'123));
  EXPECT_EQ(file.modified_by_me_time(), At(1'700'000'000'000));
  EXPECT_EQ(file.viewed_by_me_time(), At(0));
  EXPECT_EQ(file.shared_with_me_time(), At(1'600'000'000'000));
  EXPECT_TRUE(file.starred());
  EXPECT_FALSE(file.trashed());
  EXPECT_TRUE(file.is_app_authorized());
  EXPECT_THAT(file.parents(), ElementsAre("p1", "p2"));
  ASSERT_EQ(file.owners().size(), 2U);
  EXPECT_EQ(file.owners()[0].email_address, "alice@example.com");
  EXPECT_EQ(file.owners()[0].display_name, "Alice");
  EXPECT_EQ(file.owners()[1].email_address, "bob@example.com");
  EXPECT_EQ(file.owners()[1].display_name, "");
  EXPECT_THAT(file.writers(), ElementsAre("carol@example.com"));
  EXPECT_THAT(file.readers(), ElementsAre("dave@example.com", "erin@example.com"));
  EXPECT_THAT(file.properties(), ElementsAre(Pair("a", "1"), Pair("b", "")));
  EXPECT_THAT(file.app_properties(), ElementsAre(Pair("sync", "clean")));
  EXPECT_EQ(file.size(), 0);
  EXPECT_EQ(file.quota_bytes_used(), 42);
  EXPECT_EQ(file.space(), "appDataFolder");
  EXPECT_EQ(file.visibility(), "anyoneWithLink");

  DriveFileView const empty = store[0];
  EXPECT_EQ(empty.id(), "");
  EXPECT_EQ(empty.mime_type(), "application/octet-stream");
  EXPECT_FALSE(empty.modified_by_me_time().has_value());
  EXPECT_FALSE(empty.viewed_by_me_time().has_value());
  EXPECT_FALSE(empty.shared_with_me_time().has_value());
  EXPECT_FALSE(empty.size().has_value());
  EXPECT_FALSE(empty.starred());
  EXPECT_FALSE(empty.is_app_authorized());
  EXPECT_TRUE(empty.parents().empty());
  EXPECT_TRUE(empty.owners().empty());
  EXPECT_TRUE(empty.properties().empty());
  EXPECT_EQ(empty.space(), "drive");
  EXPECT_EQ(empty.visibility(), "limited");
}

TEST(DriveFileStore, PutReplacesByIdInPlaceAndAddKeepsDuplicates) {
  DriveFileStore store;
  DriveFile a;
  a.id = "a";
  a.name = "first";
  a.parents = {"x"};
  DriveFile b;
  b.id = "b";
  store.Put(a);
  store.Put(b);
  a.name = "second, longer than the first";
  a.parents = {"y", "z"};
  store.Put(a);
  ASSERT_EQ(store.size(), 2U);
  EXPECT_EQ(store[0].name(), "second, longer than the first");
  EXPECT_THAT(store[0].parents(), ElementsAre("y", "z"));
  EXPECT_EQ(store[1].id(), "b");
  EXPECT_EQ(store.Find("a"), 0U);
  EXPECT_EQ(store.Find("b"), 1U);
  EXPECT_FALSE(store.Find("c").has_value());
  EXPECT_FALSE(store.Find("").has_value());

  store.Add(b);  // Add does not look: two files with id "b"
  EXPECT_EQ(store.size(), 3U);
  EXPECT_EQ(store[2].id(), "b");
  EXPECT_TRUE(store.Find("b").has_value());
}

TEST(DriveFileStore, CopiesAreIndependent) {
  DriveFileStore original;
  DriveFile file = FullFile();
  original.Put(file);
  DriveFileStore copy = original;
  file.name = "changed in the copy";
  copy.Put(file);
  file.id = "new-id";
  copy.Put(file);
  EXPECT_EQ(original.size(), 1U);
  EXPECT_EQ(original[0].name(), "Full name.txt");
  EXPECT_FALSE(original.Find("new-id").has_value());
  EXPECT_EQ(copy.size(), 2U);
  EXPECT_EQ(copy[0].name(), "changed in the copy");
  EXPECT_EQ(copy.Find("new-id"), 1U);
  EXPECT_THAT(copy[1].owners()[0].email_address, "alice@example.com");
}

TEST(DriveFileStore, FindsEachOfManyFiles) {
  // Enough files to grow the id index several times, with ids that share long prefixes.
  DriveFileStore store;
  std::vector<std::string> ids;
  for (int i = 0; i < 20'000; ++i) {
    ids.push_back(i % 2 == 0 ? internal::MakeDriveFileId(static_cast<std::uint64_t>(i))
                             : "shared-prefix-" + std::to_string(i));
    DriveFile file;
    file.id = ids.back();
    file.parents = {"folder" + std::to_string(i % 7)};
    store.Put(file);
  }
  ASSERT_EQ(store.size(), ids.size());
  for (std::size_t i = 0; i < ids.size(); ++i) {
    ASSERT_EQ(store.Find(ids[i]), i) << ids[i];
    ASSERT_EQ(store[static_cast<std::uint32_t>(i)].id(), ids[i]);
    ASSERT_EQ(store[static_cast<std::uint32_t>(i)].parents().front(), "folder" + std::to_string(i % 7));
  }
  EXPECT_FALSE(store.Find("shared-prefix-0").has_value());
}

TEST(InternedStrings, NumbersEachDistinctStringOnce) {
  internal::InternedStrings strings;
  EXPECT_EQ(strings.Intern(""), 0U);
  std::set<std::uint32_t> numbers;
  for (int i = 0; i < 5'000; ++i) numbers.insert(strings.Intern("value " + std::to_string(i)));
  EXPECT_EQ(numbers.size(), 5'000U);
  for (int i = 0; i < 5'000; ++i) {
    std::uint32_t const number = strings.Intern("value " + std::to_string(i));
    EXPECT_EQ(strings[number], "value " + std::to_string(i));
    EXPECT_EQ(numbers.count(number), 1U);
  }
  EXPECT_EQ(strings[0], "");
  EXPECT_EQ(strings.Intern(""), 0U);
}

TEST(DriveHashIndex, FindsWhatWasInsertedThroughCollisionsAndGrowth) {
  internal::DriveHashIndex index;
  // Every entry hashes alike modulo a few values: long probe runs across each growth.
  auto const hash_of = [](std::uint32_t entry) { return static_cast<std::uint64_t>(entry % 3); };
  for (std::uint32_t entry = 0; entry < 300; ++entry) index.Insert(hash_of(entry), entry, hash_of);
  for (std::uint32_t entry = 0; entry < 300; ++entry) {
    EXPECT_EQ(index.Find(hash_of(entry), [&](std::uint32_t e) { return e == entry; }), entry);
  }
  EXPECT_FALSE(index.Find(1, [](std::uint32_t e) { return e == 1000; }).has_value());
  internal::DriveHashIndex empty;
  EXPECT_FALSE(empty.Find(0, [](std::uint32_t) { return true; }).has_value());
}

}  // namespace
}  // namespace gauthflow::mockserver
