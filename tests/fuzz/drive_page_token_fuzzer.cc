// DecodeDrivePageToken on arbitrary text. A token it accepts encodes back to a token that
// decodes to the same position.

#include <cstddef>
#include <cstdint>
#include <string>

#include "drive/drive_page_token.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
  namespace ms = gauthflow::mockserver;
  using gauthflow::fuzz::Check;
  ms::DrivePageToken token;
  if (!ms::DecodeDrivePageToken(gauthflow::fuzz::AsText(data, size), token)) return 0;
  Check(!token.last_id.empty());
  ms::DrivePageToken again;
  Check(ms::DecodeDrivePageToken(ms::EncodeDrivePageToken(token), again));
  Check(again.query_hash == token.query_hash && again.corpus_version == token.corpus_version &&
        again.offset == token.offset && again.last_id == token.last_id);
  return 0;
}
