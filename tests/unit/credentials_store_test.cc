#include "gauthflow/credentials_store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <future>
#include <iterator>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "gauthflow/client_secrets.h"
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

// Every file operation of Save, in order; the real system calls underneath.
class RecordingFileOps : public internal::PosixFileOps {
 public:
  explicit RecordingFileOps(std::vector<std::string>& calls) : calls_(calls) {}
  int MakeTemp(std::string& path_template) override {
    temp_fd_ = PosixFileOps::MakeTemp(path_template);
    calls_.push_back("make-temp");
    return temp_fd_;
  }
  int Sync(int fd) override {
    calls_.push_back(fd == temp_fd_ ? "sync-file" : "sync-other");
    return PosixFileOps::Sync(fd);
  }
  int Rename(std::string const& from, std::string const& to) override {
    calls_.push_back("rename");
    return PosixFileOps::Rename(from, to);
  }
  int OpenDirectory(std::string const& path) override {
    calls_.push_back("open-directory");
    return PosixFileOps::OpenDirectory(path);
  }

 private:
  std::vector<std::string>& calls_;
  int temp_fd_ = -1;
};

// The content is on disk before its name replaces the old file (so a crash never leaves an
// empty or partial file at the path); the directory is not synced (Save's comment says why).
TEST_F(CredentialsStoreTest, SaveSyncsTheNewFileBeforeTheRenameAndNothingAfter) {
  std::vector<std::string> calls;
  FileCredentialsStore store(Path("creds.json"), std::make_unique<RecordingFileOps>(calls));
  ASSERT_TRUE(store.Save(SampleCredentials("ya29.new")));
  EXPECT_THAT(calls, ElementsAre("make-temp", "sync-file", "rename"));
  EXPECT_EQ(store.Load()->access_token, "ya29.new");
}

// Remove syncs the directory after the unlink, when the file is already gone; file systems that
// refuse it (EINVAL) must not turn a completed removal into a failure.
TEST_F(CredentialsStoreTest, DirectorySyncFailureAfterRemoveIsNotAnError) {
  ASSERT_TRUE(FileCredentialsStore(Path("creds.json")).Save(SampleCredentials()));
  FileCredentialsStore store(Path("creds.json"),
                             std::make_unique<FailingFileOps>(FailingFileOps::Step::kSyncDir, EINVAL));
  ASSERT_TRUE(store.Remove());
  EXPECT_THAT(Entries(root_), ::testing::IsEmpty());
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
                        Case{R"({"client_id": "c", "refresh_token": "r"})",
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


// --- one refresh at a time: the lock ------------------------------------------------------

TEST_F(CredentialsStoreTest, LockIsASiblingFileNeverTheDataFile) {
  FileCredentialsStore store(Path("creds.json"));
  ASSERT_TRUE(store.Save(SampleCredentials()));
  EXPECT_EQ(store.lock_path(), Path("creds.json.lock"));
  {
    auto lock = store.Lock();
    ASSERT_TRUE(lock) << lock.error().message;
    EXPECT_EQ(ModeOf(Path("creds.json.lock")), 0600u);
    // Saving under the lock replaces the data file; the lock file is untouched.
    ASSERT_TRUE(store.Save(SampleCredentials("ya29.second")));
  }
  EXPECT_THAT(Entries(root_), ElementsAre("creds.json", "creds.json.lock"));
  EXPECT_EQ(store.Load()->access_token, "ya29.second");
}

// flock locks belong to the open file description: a second descriptor in this process is
// refused like another process would be, and gets the lock once the first is released.
TEST_F(CredentialsStoreTest, LockIsExclusiveAndTheWaitIsBounded) {
  FileCredentialsStore first(Path("creds.json"));
  FileCredentialsStore second(Path("creds.json"));
  auto held = first.Lock();
  ASSERT_TRUE(held);
  auto refused = second.Lock(std::chrono::milliseconds(30));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kTimeout);
  EXPECT_THAT(refused.error().message,
              AllOf(HasSubstr(Path("creds.json.lock")), HasSubstr("another process")));
  { auto released = std::move(*held); }
  EXPECT_TRUE(second.Lock(std::chrono::milliseconds(0)));
}

// A waiter is let in as soon as the holder lets go (well before its deadline).
TEST_F(CredentialsStoreTest, AWaiterGetsTheLockWhenItIsReleased) {
  FileCredentialsStore first(Path("creds.json"));
  auto held = first.Lock();
  ASSERT_TRUE(held);
  std::promise<void> waiting;
  auto waiter = std::async(std::launch::async, [&] {
    FileCredentialsStore second(Path("creds.json"));
    waiting.set_value();
    return second.Lock(std::chrono::seconds(60)).has_value();
  });
  waiting.get_future().wait();
  { auto released = std::move(*held); }
  ASSERT_EQ(waiter.wait_for(std::chrono::seconds(60)), std::future_status::ready);
  EXPECT_TRUE(waiter.get());
}

// Another process: a forked child takes the lock and holds it until told to exit.
TEST_F(CredentialsStoreTest, LockHeldByAnotherProcessIsRespected) {
  int to_child[2];
  int from_child[2];
  ASSERT_EQ(::pipe(to_child), 0);
  ASSERT_EQ(::pipe(from_child), 0);
  pid_t const child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    ::alarm(60);  // never outlive a broken test
    FileCredentialsStore store(Path("creds.json"));
    auto lock = store.Lock(std::chrono::seconds(10));
    char const ready = lock ? 'y' : 'n';
    (void)!::write(from_child[1], &ready, 1);
    char go = 0;
    (void)!::read(to_child[0], &go, 1);
    ::_exit(0);
  }
  char ready = 0;
  ASSERT_EQ(::read(from_child[0], &ready, 1), 1);
  ASSERT_EQ(ready, 'y');
  FileCredentialsStore store(Path("creds.json"));
  auto refused = store.Lock(std::chrono::milliseconds(30));
  EXPECT_FALSE(refused);
  char const go = 'g';
  ASSERT_EQ(::write(to_child[1], &go, 1), 1);
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  EXPECT_TRUE(store.Lock(std::chrono::seconds(10)));  // the child's exit released it
  for (int fd : {to_child[0], to_child[1], from_child[0], from_child[1]}) ::close(fd);
}

TEST_F(CredentialsStoreTest, ASymlinkPlantedAtTheLockPathIsNotFollowed) {
  WriteBytes(Path("elsewhere"), "keep");
  fs::create_symlink(Path("elsewhere"), Path("creds.json.lock"));
  auto const lock = FileCredentialsStore(Path("creds.json")).Lock(std::chrono::milliseconds(0));
  ASSERT_FALSE(lock);
  EXPECT_EQ(lock.error().code, ErrorCode::kFileWriteFailed);
  EXPECT_EQ(ReadBytes(Path("elsewhere")), "keep");
}

// --- symlinks, permissions --------------------------------------------------------------------

TEST_F(CredentialsStoreTest, SaveWritesThroughASymlinkToItsTarget) {
  fs::create_directory(Path("secrets"));
  FileCredentialsStore target(Path("secrets/real.json"));
  ASSERT_TRUE(target.Save(SampleCredentials("ya29.first")));
  fs::create_symlink("secrets/real.json", Path("creds.json"));  // relative, as ln -s makes it
  FileCredentialsStore via_link(Path("creds.json"));
  EXPECT_EQ(via_link.lock_path(), Path("secrets/real.json.lock"));
  ASSERT_TRUE(via_link.Save(SampleCredentials("ya29.second")));
  EXPECT_TRUE(fs::is_symlink(Path("creds.json")));
  EXPECT_EQ(target.Load()->access_token, "ya29.second");
  EXPECT_EQ(via_link.Load()->access_token, "ya29.second");
  EXPECT_EQ(ModeOf(Path("secrets/real.json")), 0600u);
  EXPECT_THAT(Entries(Path("secrets")), ElementsAre("real.json"));  // no temporary left behind
  EXPECT_THAT(Entries(root_), ElementsAre("creds.json", "secrets"));
}

TEST_F(CredentialsStoreTest, SaveThroughADanglingSymlinkCreatesItsTarget) {
  fs::create_symlink(Path("target.json"), Path("creds.json"));
  ASSERT_TRUE(FileCredentialsStore(Path("creds.json")).Save(SampleCredentials()));
  EXPECT_TRUE(fs::is_symlink(Path("creds.json")));
  EXPECT_TRUE(fs::is_regular_file(fs::symlink_status(Path("target.json"))));
}

TEST_F(CredentialsStoreTest, ASymlinkLoopIsAWriteError) {
  fs::create_symlink(Path("b"), Path("a"));
  fs::create_symlink(Path("a"), Path("b"));
  auto const saved = FileCredentialsStore(Path("a")).Save(SampleCredentials());
  ASSERT_FALSE(saved);
  EXPECT_EQ(saved.error().code, ErrorCode::kFileWriteFailed);
}

TEST_F(CredentialsStoreTest, AFileOthersCanReadDrawsAWarning) {
  FileCredentialsStore store(Path("creds.json"));
  ASSERT_TRUE(store.Save(SampleCredentials()));
  auto const private_file = store.Read();
  ASSERT_TRUE(private_file);
  EXPECT_THAT(private_file->warnings, ::testing::IsEmpty());
  for (unsigned mode : {0644u, 0640u, 0604u}) {
    ASSERT_EQ(::chmod(Path("creds.json").c_str(), mode), 0);
    auto const loaded = store.Read();
    ASSERT_TRUE(loaded) << loaded.error().message;
    EXPECT_EQ(loaded->credentials.access_token, "ya29.first");
    ASSERT_EQ(loaded->warnings.size(), 1u) << mode;
    EXPECT_THAT(loaded->warnings[0], AllOf(HasSubstr(Path("creds.json")),
                                           HasSubstr("group or others"),
                                           HasSubstr("chmod 600")));
  }
  EXPECT_THAT(store.Read()->warnings[0], HasSubstr("mode 0604"));
}

// --- only small regular files are read, for both files ------------------------------------------

// Both loaders, so that every refusal below is checked for the credentials file and
// client_secret.json alike.
struct Loader {
  char const* name;
  std::function<Error(std::string const&)> load;  // the error it returned (the test fails on success)
};

std::vector<Loader> Loaders() {
  return {
      {"credentials", [](std::string const& path) {
         auto loaded = FileCredentialsStore(path).Load();
         EXPECT_FALSE(loaded) << path;
         return loaded ? Error{ErrorCode::kInvalidArgument, "loaded"} : loaded.error();
       }},
      {"client secrets", [](std::string const& path) {
         auto loaded = LoadClientSecretsFile(path);
         EXPECT_FALSE(loaded) << path;
         return loaded ? Error{ErrorCode::kInvalidArgument, "loaded"} : loaded.error();
       }},
  };
}

// A FIFO nobody writes to must be refused, not waited on. Should the load block all the same,
// opening the FIFO's write end (then closing it) lets it return, so the test fails instead of
// hanging: a bounded wait, not a synchronisation delay.
TEST_F(CredentialsStoreTest, AFifoIsRefusedWithoutHanging) {
  std::string const fifo = Path("fifo.json");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  for (auto const& loader : Loaders()) {
    SCOPED_TRACE(loader.name);
    auto result = std::async(std::launch::async, loader.load, fifo);
    if (result.wait_for(std::chrono::seconds(20)) != std::future_status::ready) {
      ADD_FAILURE() << "loading a FIFO blocked";
      int const fd = ::open(fifo.c_str(), O_WRONLY);
      if (fd >= 0) ::close(fd);
    }
    Error const error = result.get();
    EXPECT_EQ(error.code, ErrorCode::kFileUnreadable);
    EXPECT_THAT(error.message, AllOf(HasSubstr(fifo), HasSubstr("FIFO"), HasSubstr("not a regular file")));
  }
}

TEST_F(CredentialsStoreTest, DevicesDirectoriesAndLargeFilesAreRefused) {
  fs::create_directory(Path("dir.json"));
  std::string big(std::size_t{1} << 20, ' ');
  WriteBytes(Path("big.json"), big + "{}");
  struct Case {
    std::string path;
    char const* what;
  };
  for (auto const& loader : Loaders()) {
    for (auto const& c : {Case{"/dev/zero", "character device"}, Case{"/dev/null", "character device"},
                          Case{Path("dir.json"), "directory"}, Case{Path("big.json"), "too large"}}) {
      SCOPED_TRACE(std::string(loader.name) + " " + c.path);
      Error const error = loader.load(c.path);
      EXPECT_EQ(error.code, ErrorCode::kFileUnreadable);
      EXPECT_THAT(error.message, AllOf(HasSubstr(c.path), HasSubstr(c.what)));
    }
  }
}

}  // namespace
}  // namespace gauthflow
