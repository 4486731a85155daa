#include "gauthflow/internal/file_ops.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <system_error>

namespace gauthflow::internal {

int PosixFileOps::MakeTemp(std::string& path_template) {
  // mkostemp creates the file O_EXCL with mode 0600 (before the umask).
  return ::mkostemp(path_template.data(), O_CLOEXEC);
}

int PosixFileOps::ChangeMode(int fd, unsigned mode) {
  return ::fchmod(fd, static_cast<mode_t>(mode));
}

long PosixFileOps::Write(int fd, char const* data, std::size_t size) {
  return static_cast<long>(::write(fd, data, size));
}

int PosixFileOps::Sync(int fd) { return ::fsync(fd); }

int PosixFileOps::Close(int fd) { return ::close(fd); }

int PosixFileOps::Rename(std::string const& from, std::string const& to) {
  return ::rename(from.c_str(), to.c_str());
}

int PosixFileOps::Unlink(std::string const& path) { return ::unlink(path.c_str()); }

int PosixFileOps::MakeDirectory(std::string const& path, unsigned mode) {
  return ::mkdir(path.c_str(), static_cast<mode_t>(mode));
}

int PosixFileOps::OpenDirectory(std::string const& path) {
  return ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
}

std::string DescribeFileType(unsigned st_mode) {
  switch (st_mode & S_IFMT) {
    case S_IFREG: return "a regular file";
    case S_IFDIR: return "a directory";
    case S_IFIFO: return "a FIFO (named pipe)";
    case S_IFCHR: return "a character device";
    case S_IFBLK: return "a block device";
    case S_IFSOCK: return "a socket";
    case S_IFLNK: return "a symbolic link";
    default: return "not a regular file";
  }
}

namespace {

std::string ErrnoText(int error) { return std::generic_category().message(error); }

// Closes the descriptor on every return path.
class FdCloser {
 public:
  explicit FdCloser(int fd) : fd_(fd) {}
  FdCloser(FdCloser const&) = delete;
  FdCloser& operator=(FdCloser const&) = delete;
  ~FdCloser() { ::close(fd_); }

 private:
  int fd_;
};

}  // namespace

Result<RegularFileContent> ReadRegularFile(std::string const& path, std::size_t max_size) {
  // O_NONBLOCK: open(2) of a FIFO without a writer would otherwise wait forever. It has no
  // effect on regular files, the only kind that is then read.
  int const fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) {
    int const error = errno;
    if (error == ENOENT) return MakeError(ErrorCode::kFileNotFound, path + ": does not exist");
    return MakeError(ErrorCode::kFileUnreadable, path + ": cannot be opened: " + ErrnoText(error));
  }
  FdCloser closer(fd);
  struct stat info{};
  if (::fstat(fd, &info) != 0) {
    return MakeError(ErrorCode::kFileUnreadable, path + ": cannot be inspected: " + ErrnoText(errno));
  }
  if (!S_ISREG(info.st_mode)) {
    return MakeError(ErrorCode::kFileUnreadable,
                     path + ": is " + DescribeFileType(info.st_mode) + ", not a regular file");
  }
  std::string const too_large =
      path + ": is larger than " + std::to_string(max_size) + " bytes, too large to be one";
  if (static_cast<std::size_t>(info.st_size) > max_size) {
    return MakeError(ErrorCode::kFileUnreadable, too_large);
  }
  RegularFileContent content;
  content.mode = static_cast<unsigned>(info.st_mode) & 07777;
  char buffer[4096];
  for (;;) {
    ssize_t const n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      return MakeError(ErrorCode::kFileUnreadable, path + ": cannot be read: " + ErrnoText(errno));
    }
    if (n == 0) break;
    content.bytes.append(buffer, static_cast<std::size_t>(n));
    // The file may have grown since fstat.
    if (content.bytes.size() > max_size) return MakeError(ErrorCode::kFileUnreadable, too_large);
  }
  return content;
}

}  // namespace gauthflow::internal
