#include "gauthflow/credentials_store.h"

#include <fcntl.h>
#include <limits.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <system_error>
#include <thread>
#include <utility>

#include "gauthflow/authorized_user.h"
#include "gauthflow/internal/file_ops.h"

namespace gauthflow {
namespace {

// Credentials files are a few hundred bytes; anything this large is not one.
constexpr std::size_t kMaxFileSize = 1 << 20;
constexpr unsigned kFileMode = 0600;       // owner-only: the file holds a refresh token
constexpr unsigned kDirectoryMode = 0700;  // as gcloud and google-auth-oauthlib users expect

std::string ErrnoText(int error) { return std::generic_category().message(error); }

tl::unexpected<Error> WriteFailed(std::string const& path, std::string_view step, int error) {
  return MakeError(ErrorCode::kFileWriteFailed, "cannot save credentials to " + path + ": " +
                                                    std::string(step) + ": " + ErrnoText(error));
}

// "dir/name" -> {"dir", "name"}; "name" -> {".", "name"}; "/name" -> {"/", "name"}.
std::pair<std::string, std::string> SplitPath(std::string const& path) {
  auto const slash = path.find_last_of('/');
  if (slash == std::string::npos) return {".", path};
  std::string dir = path.substr(0, slash);
  if (dir.empty()) dir = "/";
  return {dir, path.substr(slash + 1)};
}

std::string JoinPath(std::string const& dir, std::string const& name) {
  return dir == "/" ? "/" + name : dir + "/" + name;
}

// The file a path names once every symlink in its last component is followed (a dangling link
// gives the path it points to, which Save then creates). Directories on the way need no
// resolving: rename(2) within the resolved file's directory is what must stay atomic.
// Symlinks are followed at most 40 times (Linux's MAXSYMLINKS), then ELOOP.
tl::expected<std::string, int> ResolveSymlinks(std::string path) {
  for (int hops = 0; hops < 40; ++hops) {
    struct stat info{};
    if (::lstat(path.c_str(), &info) != 0) {
      // Nothing there yet (or a parent is not a directory, which MakeParents reports).
      if (errno == ENOENT || errno == ENOTDIR) return path;
      return tl::unexpected(errno);
    }
    if (!S_ISLNK(info.st_mode)) return path;
    std::string target(PATH_MAX, '\0');
    ssize_t const n = ::readlink(path.c_str(), target.data(), target.size());
    if (n < 0) return tl::unexpected(errno);
    target.resize(static_cast<std::size_t>(n));
    path = target.front() == '/' ? target : JoinPath(SplitPath(path).first, target);
  }
  return tl::unexpected(ELOOP);
}

// Creates each missing directory of `dir` with mode 0700 (further narrowed only by a umask that
// removes owner bits, which would make the directory unusable anyway). Existing directories are
// left as they are.
Status MakeParents(internal::FileOps& ops, std::string const& dir, std::string const& path) {
  for (std::size_t end = 0; end != std::string::npos;) {
    end = dir.find('/', end + 1);
    std::string const prefix = dir.substr(0, end);
    if (prefix.empty()) continue;
    struct stat info{};
    if (::stat(prefix.c_str(), &info) == 0) {
      if (S_ISDIR(info.st_mode)) continue;
      return MakeError(ErrorCode::kFileWriteFailed,
                       "cannot save credentials to " + path + ": " + prefix + " is not a directory");
    }
    if (int const error = errno; error != ENOENT) {
      return WriteFailed(path, "cannot inspect " + prefix, error);
    }
    if (ops.MakeDirectory(prefix, kDirectoryMode) != 0) {
      int const error = errno;
      if (error != EEXIST) return WriteFailed(path, "cannot create directory " + prefix, error);
    }
  }
  return {};
}

// Owns the temporary file until it has been renamed into place: on every early return it is
// closed and unlinked, so a failed Save leaves no stray file next to the target.
class TempFile {
 public:
  TempFile(internal::FileOps& ops, int fd, std::string path)
      : ops_(ops), fd_(fd), path_(std::move(path)) {}
  TempFile(TempFile const&) = delete;
  TempFile& operator=(TempFile const&) = delete;
  ~TempFile() {
    int const saved_errno = errno;
    if (fd_ >= 0) ops_.Close(fd_);
    if (!committed_) ops_.Unlink(path_);
    errno = saved_errno;
  }

  int fd() const { return fd_; }
  std::string const& path() const { return path_; }
  // close(2) can report a deferred write error (NFS), so its result matters.
  int Close() {
    int const fd = std::exchange(fd_, -1);
    return ops_.Close(fd);
  }
  void Commit() { committed_ = true; }

 private:
  internal::FileOps& ops_;
  int fd_;
  std::string path_;
  bool committed_ = false;
};

// Best effort: makes a removal durable. Some file systems refuse fsync on a directory
// (EINVAL); the file is already gone by then, so there is nothing to undo.
void SyncDirectory(internal::FileOps& ops, std::string const& dir) {
  int const fd = ops.OpenDirectory(dir);
  if (fd < 0) return;
  ops.Sync(fd);
  ops.Close(fd);
}

}  // namespace

FileCredentialsStore::FileCredentialsStore(std::string path)
    : FileCredentialsStore(std::move(path), std::make_unique<internal::PosixFileOps>()) {}

FileCredentialsStore::FileCredentialsStore(std::string path,
                                           std::unique_ptr<internal::FileOps> ops)
    : path_(std::move(path)), ops_(std::move(ops)) {}

FileCredentialsStore::~FileCredentialsStore() = default;
FileCredentialsStore::FileCredentialsStore(FileCredentialsStore&&) noexcept = default;
FileCredentialsStore& FileCredentialsStore::operator=(FileCredentialsStore&&) noexcept = default;

Result<Credentials> FileCredentialsStore::Load() {
  auto loaded = Read();
  if (!loaded) return tl::unexpected(std::move(loaded).error());
  return std::move(loaded->credentials);
}

Result<LoadedCredentials> FileCredentialsStore::Read() {
  auto file = internal::ReadRegularFile(path_, kMaxFileSize);
  if (!file) {
    if (file.error().code == ErrorCode::kFileNotFound) {
      return MakeError(ErrorCode::kFileNotFound, "no credentials stored at " + path_);
    }
    return MakeError(file.error().code, "cannot read credentials: " + file.error().message);
  }
  auto credentials = ParseAuthorizedUser(file->bytes, path_);
  if (!credentials) return tl::unexpected(std::move(credentials).error());
  LoadedCredentials loaded{*std::move(credentials), {}};
  if ((file->mode & 077) != 0) {
    char mode[16];
    std::snprintf(mode, sizeof mode, "%04o", file->mode);
    loaded.warnings.push_back(path_ + " is accessible by group or others (mode " + mode +
                              ") though it holds tokens; restrict it: chmod 600 " + path_);
  }
  return loaded;
}

std::string FileCredentialsStore::lock_path() const {
  auto const target = ResolveSymlinks(path_);
  return (target ? *target : path_) + ".lock";
}

Result<CredentialsLock> FileCredentialsStore::Lock(std::chrono::milliseconds wait) {
  std::string const lock_file = lock_path();
  auto failed = [&](std::string_view step, int error) {
    return MakeError(ErrorCode::kFileWriteFailed, "cannot lock the credentials " + path_ + ": " +
                                                      std::string(step) + " " + lock_file + ": " +
                                                      ErrnoText(error));
  };
  if (auto made = MakeParents(*ops_, SplitPath(lock_file).first, path_); !made) {
    return tl::unexpected(made.error());
  }
  // O_NOFOLLOW: a symlink planted at the lock path must not make us create or lock another file.
  int const fd = ::open(lock_file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK,
                        static_cast<mode_t>(kFileMode));
  if (fd < 0) return failed("cannot open", errno);
  CredentialsLock lock(fd);
  // flock, not fcntl: flock locks belong to the open file description, so two descriptors in
  // one process exclude each other as two processes do, and closing an unrelated descriptor of
  // the same file does not drop the lock (fcntl's per-process locks do both). No blocking
  // flock: it has no timeout, so poll with a growing pause up to the deadline.
  auto const deadline = std::chrono::steady_clock::now() + wait;
  auto pause = std::chrono::milliseconds(2);
  for (;;) {
    if (::flock(fd, LOCK_EX | LOCK_NB) == 0) return lock;
    int const error = errno;
    if (error == EINTR) continue;
    if (error != EWOULDBLOCK) return failed("cannot lock", error);
    auto const now = std::chrono::steady_clock::now();
    if (now >= deadline) {
      return MakeError(
          ErrorCode::kTimeout,
          "gave up after " + std::to_string(wait.count()) + " ms waiting for the lock on " +
              lock_file + ": another process (another gauthflow refreshing " + path_ +
              "?) holds it");
    }
    std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(pause, deadline - now));
    pause = std::min(pause * 2, std::chrono::milliseconds(50));
  }
}

CredentialsLock::CredentialsLock(CredentialsLock&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)) {}

CredentialsLock& CredentialsLock::operator=(CredentialsLock&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
  }
  return *this;
}

// Closing the descriptor releases the flock.
CredentialsLock::~CredentialsLock() {
  if (fd_ >= 0) ::close(fd_);
}

Status FileCredentialsStore::Save(Credentials const& credentials) {
  // Through a symlink: the link stays, its target is replaced (gauthflow's own file may be a
  // link into a dotfiles repository or a secrets mount).
  auto const target = ResolveSymlinks(path_);
  if (!target) return WriteFailed(path_, "cannot follow the symbolic link", target.error());
  auto const [dir, name] = SplitPath(*target);
  if (name.empty() || name == "." || name == "..") {
    return MakeError(ErrorCode::kInvalidArgument,
                     "cannot save credentials to " + path_ + ": not a file path");
  }
  if (auto made = MakeParents(*ops_, dir, path_); !made) return made;

  // The temporary file must be in the same directory: rename(2) is atomic only within one file
  // system, and readers then see either the old file or the new one, never a partial write.
  std::string temp_path = JoinPath(dir, "." + name + ".tmp-XXXXXX");
  int const fd = ops_->MakeTemp(temp_path);
  if (fd < 0) {
    int const error = errno;
    return WriteFailed(path_, "cannot create a temporary file in " + dir, error);
  }
  TempFile temp(*ops_, fd, temp_path);

  // Owner-only before the first byte of secret lands in it; fchmod is not subject to the umask.
  if (ops_->ChangeMode(temp.fd(), kFileMode) != 0) {
    return WriteFailed(path_, "cannot set mode 0600 on the temporary file", errno);
  }
  std::string const content = SerializeAuthorizedUser(credentials);
  for (std::size_t written = 0; written < content.size();) {
    long const n = ops_->Write(temp.fd(), content.data() + written, content.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return WriteFailed(path_, "cannot write the temporary file", errno);
    if (n == 0) return WriteFailed(path_, "cannot write the temporary file", EIO);
    written += static_cast<std::size_t>(n);
  }
  if (ops_->Sync(temp.fd()) != 0) {
    return WriteFailed(path_, "cannot fsync the temporary file", errno);
  }
  if (temp.Close() != 0) return WriteFailed(path_, "cannot close the temporary file", errno);
  if (ops_->Rename(temp.path(), *target) != 0) {
    return WriteFailed(path_, "cannot rename the temporary file over it", errno);
  }
  temp.Commit();
  // The directory is not fsync'ed: that would make the new name durable, not the content, and it
  // costs a second journal commit (about as long as the first; benchmarks/results/flow.md) on
  // every sign-in and refresh. The file's own fsync above is what keeps the guarantee: after a
  // crash at any point the path holds the previous credentials or the new ones, complete, never
  // an empty or partial file. A power cut in the seconds before the file system commits the
  // rename leaves the previous file, which is still a valid state to start from (ext4 commits
  // every 5 s by default).
  return {};
}

Status FileCredentialsStore::Remove() {
  if (ops_->Unlink(path_) != 0) {
    int const error = errno;
    if (error == ENOENT) return {};
    return MakeError(ErrorCode::kFileWriteFailed,
                     "cannot remove credentials at " + path_ + ": " + ErrnoText(error));
  }
  SyncDirectory(*ops_, SplitPath(path_).first);
  return {};
}

}  // namespace gauthflow
