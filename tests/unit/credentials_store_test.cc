#include "gauthflow/credentials_store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <set>
#include <string>

#include "gauthflow/internal/file_ops.h"

namespace gauthflow {
namespace {

using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

namespace fs = std::filesystem;

Credentials SampleCredentials(std::string access_token = "ya29.first") {
  Credentials c;
  c.access_token = std::move(access_token);
  c.expiry = std::chrono::system_clock::time_point(std::chrono::seconds(1'795'817'148));
  c.refresh_token = "1//refresh";
  c.scopes = {"openid", "https://www.googleapis.com/auth/drive.readonly"};
  c.client_id = "123.apps.googleusercontent.com";
  c.client_secret = "GOCSPX-secret";
  return c;
}

std::string ReadBytes(std::string const& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void WriteBytes(std::string const& path, std::string const& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
}

unsigned ModeOf(std::string const& path) {
  struct stat info{};
  EXPECT_EQ(::stat(path.c_str(), &info), 0) << path;
  return info.st_mode & 07777;
}

std::set<std::string> Entries(std::string const& dir) {
  std::set<std::string> names;
  for (auto const& entry : fs::directory_iterator(dir)) names.insert(entry.path().filename());
  return names;
}

// A fresh mkdtemp directory per test, removed afterwards.
class CredentialsStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "gauthflow-store-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    root_ = pattern;
  }
  void TearDown() override {
    std::error_code ignored;
    fs::remove_all(root_, ignored);
  }
  std::string Path(std::string const& relative) const { return root_ + "/" + relative; }

  std::string root_;
};

// Fails exactly one step of Save with `error`; everything else is the real system call.
class FailingFileOps : public internal::PosixFileOps {
 public:
  enum class Step { kMakeTemp, kChangeMode, kWrite, kPartialWrite, kSync, kClose, kRename, kSyncDir };
  FailingFileOps(Step step, int error) : step_(step), error_(error) {}

  int MakeTemp(std::string& path_template) override {
    if (step_ == Step::kMakeTemp) return Fail();
    temp_fd_ = PosixFileOps::MakeTemp(path_template);
    return temp_fd_;
  }
  int ChangeMode(int fd, unsigned mode) override {
    return step_ == Step::kChangeMode ? Fail() : PosixFileOps::ChangeMode(fd, mode);
  }
  long Write(int fd, char const* data, std::size_t size) override {
    if (step_ == Step::kWrite) return Fail();
    if (step_ == Step::kPartialWrite) {
      // Half of it lands in the temporary file, then the disk is full.
      if (writes_++ > 0) return Fail();
      return PosixFileOps::Write(fd, data, size / 2);
    }
    return PosixFileOps::Write(fd, data, size);
  }
  int Sync(int fd) override {
    bool const is_temp = fd == temp_fd_;
    if ((step_ == Step::kSync && is_temp) || (step_ == Step::kSyncDir && !is_temp)) {
      return Fail();
    }
    return PosixFileOps::Sync(fd);
  }
  int Close(int fd) override {
    if (step_ == Step::kClose && fd == temp_fd_) {
      PosixFileOps::Close(fd);  // close(2) releases the fd even when it reports an error
      return Fail();
    }
    return PosixFileOps::Close(fd);
  }
  int Rename(std::string const& from, std::string const& to) override {
    return step_ == Step::kRename ? Fail() : PosixFileOps::Rename(from, to);
  }

 private:
  int Fail() {
    errno = error_;
    return -1;
  }
  Step step_;
  int error_;
  int temp_fd_ = -1;
  int writes_ = 0;
};

TEST_F(CredentialsStoreTest, SaveThenLoadRoundTrips) {
  FileCredentialsStore store(Path("creds.json"));
  ASSERT_TRUE(store.Save(SampleCredentials()));
  auto const loaded = store.Load();
  ASSERT_TRUE(loaded) << ToString(loaded.error());
  auto const expected = SampleCredentials();
  EXPECT_EQ(loaded->access_token, expected.access_token);
  EXPECT_EQ(loaded->expiry, expected.expiry);
  EXPECT_EQ(loaded->refresh_token, expected.refresh_token);
  EXPECT_EQ(loaded->scopes, expected.scopes);
  EXPECT_EQ(loaded->client_id, expected.client_id);
  EXPECT_EQ(loaded->client_secret, expected.client_secret);
  EXPECT_THAT(ReadBytes(Path("creds.json")), HasSubstr(R"("type": "authorized_user")"));
  EXPECT_THAT(Entries(root_), ElementsAre("creds.json"));
}

TEST_F(CredentialsStoreTest, SaveReplacesPreviousContent) {
  FileCredentialsStore store(Path("creds.json"));
  ASSERT_TRUE(store.Save(SampleCredentials("ya29.first")));
  ASSERT_TRUE(store.Save(SampleCredentials("ya29.second")));
  auto const loaded = store.Load();
  ASSERT_TRUE(loaded);
  EXPECT_EQ(loaded->access_token, "ya29.second");
  EXPECT_THAT(Entries(root_), ElementsAre("creds.json"));
}

TEST_F(CredentialsStoreTest, FileIs0600AndNewDirectories0700EvenWithUmaskZero) {
  mode_t const old_umask = ::umask(0);
  FileCredentialsStore store(Path("a/b/creds.json"));
  auto const saved = store.Save(SampleCredentials());
  ::umask(old_umask);
  ASSERT_TRUE(saved) << ToString(saved.error());
  EXPECT_EQ(ModeOf(Path("a/b/creds.json")), 0600u);
  EXPECT_EQ(ModeOf(Path("a/b")), 0700u);
  EXPECT_EQ(ModeOf(Path("a")), 0700u);
}

TEST_F(CredentialsStoreTest, ReplacingAWorldReadableFileMakesIt0600) {
  WriteBytes(Path("creds.json"), "{}");
  ASSERT_EQ(::chmod(Path("creds.json").c_str(), 0644), 0);
  FileCredentialsStore store(Path("creds.json"));
  ASSERT_TRUE(store.Save(SampleCredentials()));
  EXPECT_EQ(ModeOf(Path("creds.json")), 0600u);
}

TEST_F(CredentialsStoreTest, ExistingParentDirectoryModeIsLeftAlone) {
  fs::create_directory(Path("shared"));
  ASSERT_EQ(::chmod(Path("shared").c_str(), 0755), 0);
  FileCredentialsStore store(Path("shared/creds.json"));
  ASSERT_TRUE(store.Save(SampleCredentials()));
  EXPECT_EQ(ModeOf(Path("shared")), 0755u);
}

TEST_F(CredentialsStoreTest, FailureAtAnyStepLeavesOldFileAndNoTempFile) {
  using Step = FailingFileOps::Step;
  struct Case {
    Step step;
    int error;
    char const* says;
  };
  for (auto const& c : {Case{Step::kMakeTemp, ENOSPC, "cannot create a temporary file"},
                        Case{Step::kChangeMode, EPERM, "mode 0600"},
                        Case{Step::kWrite, ENOSPC, "cannot write"},
                        Case{Step::kPartialWrite, ENOSPC, "cannot write"},
                        Case{Step::kSync, EIO, "fsync"},
                        Case{Step::kClose, EIO, "close"},
                        Case{Step::kRename, EXDEV, "rename"}}) {
    SCOPED_TRACE(c.says);
    std::string const path = Path("creds.json");
    ASSERT_TRUE(FileCredentialsStore(path).Save(SampleCredentials("ya29.old")));
    std::string const old_bytes = ReadBytes(path);

    FileCredentialsStore store(path, std::make_unique<FailingFileOps>(c.step, c.error));
    auto const saved = store.Save(SampleCredentials("ya29.new"));
    ASSERT_FALSE(saved);
    EXPECT_EQ(saved.error().code, ErrorCode::kFileWriteFailed);
    EXPECT_THAT(saved.error().message,
                AllOf(HasSubstr(path), HasSubstr(c.says),
                      HasSubstr(std::generic_category().message(c.error))));
    EXPECT_THAT(saved.error().message, ::testing::Not(HasSubstr("GOCSPX-secret")));
    EXPECT_EQ(ReadBytes(path), old_bytes);
    EXPECT_EQ(ModeOf(path), 0600u);
    EXPECT_THAT(Entries(root_), ElementsAre("creds.json"));
  }
}

// fsync of the directory happens after the rename, when the new file is already in place; file
// systems that refuse it (EINVAL) must not turn a completed save into a failure.
TEST_F(CredentialsStoreTest, DirectorySyncFailureAfterRenameIsNotAnError) {
  FileCredentialsStore store(Path("creds.json"),
                             std::make_unique<FailingFileOps>(FailingFileOps::Step::kSyncDir, EINVAL));
  ASSERT_TRUE(store.Save(SampleCredentials("ya29.new")));
  auto const loaded = store.Load();
  ASSERT_TRUE(loaded);
  EXPECT_EQ(loaded->access_token, "ya29.new");
  EXPECT_THAT(Entries(root_), ElementsAre("creds.json"));
}

// A real failure, no seam: rename(2) refuses to replace a non-empty directory with a file.
TEST_F(CredentialsStoreTest, TargetIsADirectoryFailsCleanly) {
  fs::create_directories(Path("creds.json/inside"));
  FileCredentialsStore store(Path("creds.json"));
  auto const saved = store.Save(SampleCredentials());
  ASSERT_FALSE(saved);
  EXPECT_EQ(saved.error().code, ErrorCode::kFileWriteFailed);
  EXPECT_THAT(saved.error().message, HasSubstr(Path("creds.json")));
  EXPECT_THAT(Entries(root_), ElementsAre("creds.json"));
  EXPECT_TRUE(fs::is_directory(Path("creds.json/inside")));
}

TEST_F(CredentialsStoreTest, ParentIsARegularFileFails) {
  WriteBytes(Path("file"), "x");
  FileCredentialsStore store(Path("file/creds.json"));
  auto const saved = store.Save(SampleCredentials());
  ASSERT_FALSE(saved);
  EXPECT_EQ(saved.error().code, ErrorCode::kFileWriteFailed);
  EXPECT_THAT(saved.error().message, AllOf(HasSubstr(Path("file")), HasSubstr("not a directory")));
  EXPECT_EQ(ReadBytes(Path("file")), "x");
}

TEST_F(CredentialsStoreTest, LoadOfMissingFileIsFileNotFound) {
  FileCredentialsStore store(Path("absent.json"));
  auto const loaded = store.Load();
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error().code, ErrorCode::kFileNotFound);
  EXPECT_THAT(loaded.error().message, HasSubstr(Path("absent.json")));
}

TEST_F(CredentialsStoreTest, LoadOfADirectoryIsUnreadable) {
  fs::create_directory(Path("dir.json"));
  auto const loaded = FileCredentialsStore(Path("dir.json")).Load();
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error().code, ErrorCode::kFileUnreadable);
  EXPECT_THAT(loaded.error().message, HasSubstr(Path("dir.json")));
}

TEST_F(CredentialsStoreTest, CorruptFileIsReportedWithPathAndLeftUntouched) {
  struct Case {
    char const* bytes;
    ErrorCode code;
  };
  for (auto const& c : {Case{"\x01\x02 binary junk", ErrorCode::kMalformedJson},
                        Case{R"({"type": "authorized_user", "client_id": "c", "refre)",
                             ErrorCode::kMalformedJson},  // a partial write by another tool
                        Case{R"({"client_id": "c", "client_secret": "s"})",
                             ErrorCode::kMissingField}}) {
    SCOPED_TRACE(c.bytes);
    std::string const path = Path("creds.json");
    WriteBytes(path, c.bytes);
    ASSERT_EQ(::chmod(path.c_str(), 0640), 0);
    auto const loaded = FileCredentialsStore(path).Load();
    ASSERT_FALSE(loaded);
    EXPECT_EQ(loaded.error().code, c.code);
    EXPECT_THAT(loaded.error().message, HasSubstr(path));
    EXPECT_EQ(ReadBytes(path), c.bytes);
    EXPECT_EQ(ModeOf(path), 0640u);
    EXPECT_THAT(Entries(root_), ElementsAre("creds.json"));
  }
}

TEST_F(CredentialsStoreTest, RemoveDeletesAndAbsentIsFine) {
  FileCredentialsStore store(Path("creds.json"));
  ASSERT_TRUE(store.Save(SampleCredentials()));
  ASSERT_TRUE(store.Remove());
  EXPECT_FALSE(fs::exists(Path("creds.json")));
  EXPECT_EQ(store.Load().error().code, ErrorCode::kFileNotFound);
  EXPECT_TRUE(store.Remove());
}

TEST_F(CredentialsStoreTest, RemoveOfADirectoryFails) {
  fs::create_directory(Path("creds.json"));
  auto const removed = FileCredentialsStore(Path("creds.json")).Remove();
  ASSERT_FALSE(removed);
  EXPECT_EQ(removed.error().code, ErrorCode::kFileWriteFailed);
  EXPECT_THAT(removed.error().message, HasSubstr(Path("creds.json")));
  EXPECT_TRUE(fs::is_directory(Path("creds.json")));
}

}  // namespace
}  // namespace gauthflow
