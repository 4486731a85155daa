#ifndef GAUTHFLOW_INTERNAL_FILE_OPS_H_
#define GAUTHFLOW_INTERNAL_FILE_OPS_H_

#include <cstddef>
#include <string>

#include "gauthflow/error.h"

namespace gauthflow::internal {

// The POSIX calls FileCredentialsStore makes to change the file system, behind an interface so
// that tests can fail any single step (the tests run as root, where permission tricks do not
// fail) and check that the previous file survives. Each call behaves like its POSIX namesake:
// a result < 0 is a failure with errno set.
class FileOps {
 public:
  virtual ~FileOps() = default;
  // mkostemp(O_CLOEXEC): replaces the trailing XXXXXX of `path_template` and returns the fd.
  virtual int MakeTemp(std::string& path_template) = 0;
  virtual int ChangeMode(int fd, unsigned mode) = 0;  // fchmod
  // write(2): may write fewer than `size` bytes; the caller loops.
  virtual long Write(int fd, char const* data, std::size_t size) = 0;
  virtual int Sync(int fd) = 0;  // fsync
  virtual int Close(int fd) = 0;
  virtual int Rename(std::string const& from, std::string const& to) = 0;
  virtual int Unlink(std::string const& path) = 0;
  virtual int MakeDirectory(std::string const& path, unsigned mode) = 0;  // mkdir
  virtual int OpenDirectory(std::string const& path) = 0;  // open(O_RDONLY | O_DIRECTORY)
};

// The real calls. Stateless; tests derive from it and override the step they want to fail.
class PosixFileOps : public FileOps {
 public:
  int MakeTemp(std::string& path_template) override;
  int ChangeMode(int fd, unsigned mode) override;
  long Write(int fd, char const* data, std::size_t size) override;
  int Sync(int fd) override;
  int Close(int fd) override;
  int Rename(std::string const& from, std::string const& to) override;
  int Unlink(std::string const& path) override;
  int MakeDirectory(std::string const& path, unsigned mode) override;
  int OpenDirectory(std::string const& path) override;
};

// What ReadRegularFile read: the bytes and the file's permission bits (st_mode & 07777).
struct RegularFileContent {
  std::string bytes;
  unsigned mode = 0;
};

// Reads a small configuration file that must be a regular file (following symlinks) of at most
// `max_size` bytes. It is opened with O_NONBLOCK, so a FIFO cannot block the open (nobody may
// ever write to it), then fstat'ed on the open descriptor, so what is checked is what is read.
//  - kFileNotFound: the path does not exist (the message names it);
//  - kFileUnreadable: it cannot be opened or read, or it is a directory, a FIFO, a socket or a
//    device (the message names the path and what it is), or larger than `max_size` (checked on
//    st_size and again while reading, for files that grow).
Result<RegularFileContent> ReadRegularFile(std::string const& path, std::size_t max_size);

// "a directory", "a FIFO (named pipe)", "a character device", ... for st_mode's file type.
std::string DescribeFileType(unsigned st_mode);

}  // namespace gauthflow::internal

#endif  // GAUTHFLOW_INTERNAL_FILE_OPS_H_
