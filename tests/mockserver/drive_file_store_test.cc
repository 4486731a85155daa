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

// The DriveFile fields compared one by one (DriveFile has no operator==).
void ExpectSameFile(DriveFile const& a, DriveFile const& b) {
  EXPECT_EQ(a.id, b.id);
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.mime_type, b.mime_type);
  EXPECT_EQ(a.description, b.description);
  EXPECT_EQ(a.created_time, b.created_time);
  EXPECT_EQ(a.modified_time, b.modified_time);
  EXPECT_EQ(a.modified_by_me_time, b.modified_by_me_time);
  EXPECT_EQ(a.viewed_by_me_time, b.viewed_by_me_time);
  EXPECT_EQ(a.shared_with_me_time, b.shared_with_me_time);
  EXPECT_EQ(a.starred, b.starred);
  EXPECT_EQ(a.trashed, b.trashed);
  EXPECT_EQ(a.parents, b.parents);
  ASSERT_EQ(a.owners.size(), b.owners.size());
  for (std::size_t i = 0; i < a.owners.size(); ++i) {
    EXPECT_EQ(a.owners[i].email_address, b.owners[i].email_address);
    EXPECT_EQ(a.owners[i].display_name, b.owners[i].display_name);
  }
  EXPECT_EQ(a.writers, b.writers);
  EXPECT_EQ(a.readers, b.readers);
  EXPECT_EQ(a.properties, b.properties);
  EXPECT_EQ(a.app_properties, b.app_properties);
  EXPECT_EQ(a.size, b.size);
  EXPECT_EQ(a.quota_bytes_used, b.quota_bytes_used);
  EXPECT_EQ(a.content, b.content);
  EXPECT_EQ(a.space, b.space);
  EXPECT_EQ(a.visibility, b.visibility);
  EXPECT_EQ(a.is_app_authorized, b.is_app_authorized);
}

TEST(DriveFileStore, ToDriveFileGivesBackWhatWasPut) {
  DriveFileStore store;
  store.Put(DriveFile{});
  store.Put(FullFile());
  ExpectSameFile(ToDriveFile(store[0]), DriveFile{});
  ExpectSameFile(ToDriveFile(store[1]), FullFile());
}

// The interned-number form reads back as the DriveFile form does, lists in order.
TEST(DriveFileStore, PutsFieldsWithInternedValues) {
  DriveFileStore store;
  store.Put(FullFile());
  std::uint32_t const parents[] = {store.Intern("p1"), store.Intern("p2")};
  std::uint32_t const owners[] = {store.Intern("alice@example.com"), store.Intern("Alice"),
                                  store.Intern("bob@example.com"), store.Intern("")};
  std::uint32_t const writers[] = {store.Intern("carol@example.com")};
  std::uint32_t const readers[] = {store.Intern("dave@example.com"), store.Intern("erin@example.com")};
  std::uint32_t const properties[] = {store.Intern("a"), store.Intern("1"), store.Intern("b"), store.Intern("")};
  std::uint32_t const app_properties[] = {store.Intern("sync"), store.Intern("clean")};
  DriveFile const full = FullFile();
  DriveFileFields fields;
  fields.id = "fields-id";
  fields.name = full.name;
  fields.content = full.content;
  fields.mime_type = store.Intern(full.mime_type);
  fields.description = store.Intern(full.description);
  fields.space = store.Intern(full.space);
  fields.visibility = store.Intern(full.visibility);
  fields.created_time = full.created_time;
  fields.modified_time = full.modified_time;
  fields.modified_by_me_time = full.modified_by_me_time;
  fields.viewed_by_me_time = full.viewed_by_me_time;
  fields.shared_with_me_time = full.shared_with_me_time;
  fields.starred = full.starred;
  fields.trashed = full.trashed;
  fields.is_app_authorized = full.is_app_authorized;
  fields.size = full.size;
  fields.quota_bytes_used = full.quota_bytes_used;
  fields.parents = parents;
  fields.owners = owners;
  fields.writers = writers;
  fields.readers = readers;
  fields.properties = properties;
  fields.app_properties = app_properties;
  store.Put(fields);
  ASSERT_EQ(store.size(), 2U);
  DriveFile expected = full;
  expected.id = "fields-id";
  ExpectSameFile(ToDriveFile(store[1]), expected);

  fields.name = "renamed";  // the same id again: replaced in place
  store.Put(fields);
  ASSERT_EQ(store.size(), 2U);
  EXPECT_EQ(store[1].name(), "renamed");
  EXPECT_THAT(store[1].readers(), ElementsAre("dave@example.com", "erin@example.com"));
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
