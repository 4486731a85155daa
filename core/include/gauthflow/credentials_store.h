#ifndef GAUTHFLOW_CREDENTIALS_STORE_H_
#define GAUTHFLOW_CREDENTIALS_STORE_H_

#include <memory>
#include <string>

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

  // kFileNotFound when the file does not exist; kFileUnreadable when it cannot be read (a
  // directory, an I/O error, larger than 1 MiB); otherwise ParseAuthorizedUser's errors, naming
  // the path. A corrupt file is reported and never modified.
  Result<Credentials> Load() override;

  // Creates missing parent directories with mode 0700, then writes atomically: a temporary file
  // in the same directory, mode 0600 before any content is written (whatever the umask), written
  // in full, fsync'ed, renamed over the path, and the directory fsync'ed. On any failure before
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
