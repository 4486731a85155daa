#include "drive/drive_page_token.h"

#include <cctype>
#include <charconv>
#include <sstream>
#include <vector>

#include <Poco/Base64Decoder.h>
#include <Poco/Base64Encoder.h>
#include <Poco/Exception.h>

#include "drive/drive_ids.h"

namespace gauthflow::mockserver {
namespace {

constexpr char kVersionTag[] = "dpt1";
constexpr std::size_t kMaxTokenLength = 512;

std::vector<std::string_view> Split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  while (true) {
    std::size_t const at = text.find(separator);
    parts.push_back(text.substr(0, at));
    if (at == std::string_view::npos) return parts;
    text.remove_prefix(at + 1);
  }
}

bool ParseNumber(std::string_view text, int base, std::uint64_t& out) {
  if (text.empty()) return false;
  auto const [end, error] = std::from_chars(text.data(), text.data() + text.size(), out, base);
  return error == std::errc() && end == text.data() + text.size();
}

std::uint64_t Checksum(std::string_view payload) { return internal::Fnv1a64(payload) & 0xffffffffULL; }

}  // namespace

std::string EncodeDrivePageToken(DrivePageToken const& token) {
  std::ostringstream plain;
  plain << kVersionTag << '|' << std::hex << token.query_hash << std::dec << '|'
        << token.corpus_version << '|' << token.offset << '|' << token.last_id;
  // A checksum makes a truncated or edited token fail to decode instead of decoding to a
  // different position.
  std::uint64_t const checksum = Checksum(plain.str());
  plain << '|' << std::hex << checksum;
  std::ostringstream encoded;
  Poco::Base64Encoder encoder(encoded, Poco::BASE64_URL_ENCODING | Poco::BASE64_NO_PADDING);
  encoder.rdbuf()->setLineLength(0);
  encoder << plain.str();
  encoder.close();
  return encoded.str();
}

bool DecodeDrivePageToken(std::string_view text, DrivePageToken& out) {
  if (text.empty() || text.size() > kMaxTokenLength) return false;
  for (char c : text) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') return false;
  }
  std::string plain;
  try {
    std::istringstream input{std::string(text)};
    Poco::Base64Decoder decoder(input, Poco::BASE64_URL_ENCODING | Poco::BASE64_NO_PADDING);
    plain.assign(std::istreambuf_iterator<char>(decoder), std::istreambuf_iterator<char>());
    if (decoder.bad()) return false;
  } catch (Poco::Exception const&) {
    return false;
  }
  std::size_t const last_bar = plain.rfind('|');
  std::uint64_t checksum = 0;
  if (last_bar == std::string::npos ||
      !ParseNumber(std::string_view(plain).substr(last_bar + 1), 16, checksum) ||
      checksum != Checksum(std::string_view(plain).substr(0, last_bar))) {
    return false;
  }
  std::vector<std::string_view> const parts = Split(std::string_view(plain).substr(0, last_bar), '|');
  DrivePageToken token;
  if (parts.size() != 5 || parts[0] != kVersionTag || !ParseNumber(parts[1], 16, token.query_hash) ||
      !ParseNumber(parts[2], 10, token.corpus_version) || !ParseNumber(parts[3], 10, token.offset) ||
      parts[4].empty()) {
    return false;
  }
  token.last_id = std::string(parts[4]);
  out = token;
  return true;
}

}  // namespace gauthflow::mockserver
