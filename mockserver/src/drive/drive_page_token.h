#ifndef GAUTHFLOW_MOCKSERVER_DRIVE_DRIVE_PAGE_TOKEN_H_
#define GAUTHFLOW_MOCKSERVER_DRIVE_DRIVE_PAGE_TOKEN_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace gauthflow::mockserver {

// Where the next page of a files.list starts. Drive's tokens are opaque and valid only for
// the query that produced them; this one carries a hash of that query (user, q, orderBy,
// pageSize, spaces, corpora) so a token reused with another query is refused, the version of
// the user's corpus it was cut from, the position in that version's sorted index, and the id
// of the last file returned (to find the position again if the corpus changed since).
struct DrivePageToken {
  std::uint64_t query_hash = 0;
  std::uint64_t corpus_version = 0;
  std::uint64_t offset = 0;
  std::string last_id;
};

// Base64url without padding, so the token needs no escaping in a URL.
std::string EncodeDrivePageToken(DrivePageToken const& token);
// False for anything EncodeDrivePageToken did not produce. Pure; safe to fuzz.
bool DecodeDrivePageToken(std::string_view text, DrivePageToken& out);

}  // namespace gauthflow::mockserver

#endif  // GAUTHFLOW_MOCKSERVER_DRIVE_DRIVE_PAGE_TOKEN_H_
