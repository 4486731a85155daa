#include "gauthflow/internal/file_ops.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>

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

}  // namespace gauthflow::internal
