#include "gauthflow/credentials_store.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>
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

// Best effort: makes the rename durable. Some file systems refuse fsync on a directory
// (EINVAL); after the rename the new file is already in place, so there is nothing to undo.
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
  int const fd = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    int const error = errno;
    if (error == ENOENT) {
      return MakeError(ErrorCode::kFileNotFound, "no credentials stored at " + path_);
    }
    return MakeError(ErrorCode::kFileUnreadable,
                     "cannot read credentials from " + path_ + ": " + ErrnoText(error));
  }
  std::string content;
  char buffer[4096];
  int error = 0;
  for (;;) {
    ssize_t const n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      error = errno;
      break;
    }
    if (n == 0) break;
    content.append(buffer, static_cast<std::size_t>(n));
    if (content.size() > kMaxFileSize) break;
  }
  ::close(fd);
  if (error != 0) {
    return MakeError(ErrorCode::kFileUnreadable,
                     "cannot read credentials from " + path_ + ": " + ErrnoText(error));
  }
  if (content.size() > kMaxFileSize) {
    return MakeError(ErrorCode::kFileUnreadable, "cannot read credentials from " + path_ +
                                                     ": larger than 1 MiB, not a credentials file");
  }
  return ParseAuthorizedUser(content, path_);
}

Status FileCredentialsStore::Save(Credentials const& credentials) {
  auto const [dir, name] = SplitPath(path_);
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
  if (ops_->Rename(temp.path(), path_) != 0) {
    return WriteFailed(path_, "cannot rename the temporary file over it", errno);
  }
  temp.Commit();
  SyncDirectory(*ops_, dir);
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
