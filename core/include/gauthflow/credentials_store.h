#ifndef GAUTHFLOW_CREDENTIALS_STORE_H_
#define GAUTHFLOW_CREDENTIALS_STORE_H_

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "gauthflow/credentials.h"
#include "gauthflow/error.h"

namespace gauthflow {

namespace internal {
class FileOps;
}  // namespace internal

// Where a user's credentials are kept between runs.
class CredentialsStore {
 public:
  virtual ~CredentialsStore() = default;
  // kFileNotFound when nothing is stored (callers switch on it: "login needed").
  virtual Result<Credentials> Load() = 0;
  // Replaces what is stored, all or nothing.
  virtual Status Save(Credentials const& credentials) = 0;
  // Forgets the stored credentials; nothing stored is not an error.
  virtual Status Remove() = 0;
};

// What FileCredentialsStore::Read found: the credentials, and what the person should be told
// about the file (the caller prints them; the library never does).
struct LoadedCredentials {
  Credentials credentials;
  std::vector<std::string> warnings;  // e.g. "... is readable by group or others (mode 0644) ..."
};

// An exclusive advisory lock (flock(2)) on a credentials file's sibling lock file, held until
// this object is destroyed. Processes that refresh the same file take it so that only one of
// them asks the token endpoint; the others wait, then read what it saved.
class CredentialsLock {
 public:
  CredentialsLock(CredentialsLock&& other) noexcept;
  CredentialsLock& operator=(CredentialsLock&& other) noexcept;
  CredentialsLock(CredentialsLock const&) = delete;
  CredentialsLock& operator=(CredentialsLock const&) = delete;
  ~CredentialsLock();

 private:
  friend class FileCredentialsStore;
  explicit CredentialsLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

// How long Lock waits by default: longer than one refresh can take (the HTTP client's exchange
// deadline with its retries), so that waiting processes outlast a slow but working refresh.
inline constexpr std::chrono::milliseconds kDefaultLockWait = std::chrono::minutes(2);

// One authorized_user JSON file (see authorized_user.h), readable by google-auth's
// Credentials.from_authorized_user_file.
class FileCredentialsStore : public CredentialsStore {
 public:
  explicit FileCredentialsStore(std::string path);
  // For tests: every file-system change goes through `ops`, so a test can fail any step.
  FileCredentialsStore(std::string path, std::unique_ptr<internal::FileOps> ops);
  ~FileCredentialsStore() override;
  FileCredentialsStore(FileCredentialsStore&&) noexcept;
  FileCredentialsStore& operator=(FileCredentialsStore&&) noexcept;

  // Read()'s credentials without the warnings.
  Result<Credentials> Load() override;

  // kFileNotFound when the file does not exist; kFileUnreadable when it cannot be read: not a
  // regular file (a directory, a FIFO — never waited on —, a device, a socket; the message says
  // which), an I/O error, larger than 1 MiB; otherwise ParseAuthorizedUser's errors, naming the
  // path. A symlink is followed. A corrupt file is reported and never modified. A file that
  // group or others may access is read, with a warning (it holds a refresh token).
  Result<LoadedCredentials> Read();

  // Takes the lock on lock_path(), creating it (mode 0600, and missing parent directories) if
  // needed, waiting at most `wait` while another process (or another descriptor in this one)
  // holds it; then kTimeout naming the lock file. Other failures are kFileWriteFailed. Read the
  // file again after taking the lock: whoever held it may have changed it.
  Result<CredentialsLock> Lock(std::chrono::milliseconds wait = kDefaultLockWait);

  // "<target>.lock" next to the file the path resolves to, so that every symlink to the same
  // credentials shares one lock. It is never the data file itself (Save replaces that by
  // rename, which would orphan a lock held on it) and never deleted (deleting a lock file that
  // another process is waiting on would let two processes hold "the" lock).
  std::string lock_path() const;

  // If the path is a symlink (to any depth), the file it points to is replaced and the link is
  // kept. Creates missing parent directories with mode 0700, then writes atomically: a temporary file
  // in the same directory, mode 0600 before any content is written (whatever the umask), written
  // in full, fsync'ed, then renamed over the path (the directory is not fsync'ed: after a crash
  // the path holds the old file or the new one, both complete). On any failure before
  // the rename the temporary file is removed, the previous file is untouched, and the error is
  // kFileWriteFailed naming the path and the step that failed.
  Status Save(Credentials const& credentials) override;

  // Deletes the file. An absent file is fine; any other failure is kFileWriteFailed.
  Status Remove() override;

  std::string const& path() const { return path_; }

 private:
  std::string path_;
  std::unique_ptr<internal::FileOps> ops_;
};

}  // namespace gauthflow

#endif  // GAUTHFLOW_CREDENTIALS_STORE_H_
