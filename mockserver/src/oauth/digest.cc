#include "oauth/digest.h"

#include <sstream>

#include <Poco/Base64Encoder.h>
#include <Poco/SHA2Engine.h>

namespace gauthflow::mockserver {

std::vector<unsigned char> Sha256(std::string_view data) {
  Poco::SHA2Engine engine(Poco::SHA2Engine::SHA_256);
  engine.update(data.data(), static_cast<unsigned>(data.size()));
  Poco::DigestEngine::Digest const& digest = engine.digest();
  return {digest.begin(), digest.end()};
}

std::string Base64UrlNoPadding(std::vector<unsigned char> const& bytes) {
  std::ostringstream out;
  Poco::Base64Encoder encoder(out, Poco::BASE64_URL_ENCODING | Poco::BASE64_NO_PADDING);
  encoder.rdbuf()->setLineLength(0);
  encoder.write(reinterpret_cast<char const*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  encoder.close();
  return out.str();
}

}  // namespace gauthflow::mockserver
