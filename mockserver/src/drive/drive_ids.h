#ifndef GAUTHFLOW_MOCKSERVER_DRIVE_DRIVE_IDS_H_
#define GAUTHFLOW_MOCKSERVER_DRIVE_DRIVE_IDS_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace gauthflow::mockserver::internal {

// FNV-1a: a hash that is the same in every process and on every platform, unlike std::hash,
// so ids and page tokens derived from it survive a restart of the fake server.
std::uint64_t Fnv1a64(std::string_view data, std::uint64_t seed = 0xcbf29ce484222325ULL);

// A file id shaped like Drive's (33 characters of [0-9A-Za-z_-], starting with "1"),
// derived deterministically from `seed`.
std::string MakeDriveFileId(std::uint64_t seed);
// The same id, appended to `out` (no allocation when `out` has room: for generating a million).
void AppendDriveFileId(std::uint64_t seed, std::string& out);

// The id of a user's "My Drive" root folder, shaped like Drive's ("0A...Uk9PVA"). The alias
// "root" in `'root' in parents` and in files.get resolves to it.
std::string RootFolderId(std::string const& user_email);

// A stable numeric permissionId for a user, as Drive's About.user.permissionId looks.
std::string PermissionIdFor(std::string const& email);

}  // namespace gauthflow::mockserver::internal

#endif  // GAUTHFLOW_MOCKSERVER_DRIVE_DRIVE_IDS_H_
