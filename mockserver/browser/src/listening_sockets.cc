#include "gauthflow/browser/listening_sockets.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <cstdint>
#include <cstring>
#include <fstream>
#include <sstream>

namespace gauthflow::browser {
namespace {

constexpr std::size_t kMaxProcFileBytes = 1 << 20;
constexpr std::string_view kListenState = "0A";  // TCP_LISTEN in include/net/tcp_states.h

bool ParseHex(std::string_view text, std::uint32_t& out) {
  if (text.empty() || text.size() > 8) return false;
  std::uint32_t value = 0;
  for (char c : text) {
    value <<= 4;
    if (c >= '0' && c <= '9') {
      value |= static_cast<std::uint32_t>(c - '0');
    } else if (c >= 'A' && c <= 'F') {
      value |= static_cast<std::uint32_t>(c - 'A' + 10);
    } else if (c >= 'a' && c <= 'f') {
      value |= static_cast<std::uint32_t>(c - 'a' + 10);
    } else {
      return false;
    }
  }
  out = value;
  return true;
}

// The kernel prints each 32-bit word of the address with %08X of its in-memory value, so the
// bytes of a word come out reversed on a little-endian machine; copying the parsed word back
// into memory restores network order on the machine that printed it (this one).
bool ParseAddress(std::string_view hex, bool ipv6, ListeningSocket& out) {
  std::size_t const words = ipv6 ? 4 : 1;
  if (hex.size() != words * 8) return false;
  unsigned char bytes[16] = {};
  for (std::size_t i = 0; i < words; ++i) {
    std::uint32_t word = 0;
    if (!ParseHex(hex.substr(i * 8, 8), word)) return false;
    std::memcpy(bytes + i * 4, &word, 4);
  }
  char text[INET6_ADDRSTRLEN] = {};
  if (!::inet_ntop(ipv6 ? AF_INET6 : AF_INET, bytes, text, sizeof text)) return false;
  out.address = text;
  if (ipv6) {
    static constexpr unsigned char kLoopback[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    static constexpr unsigned char kMappedPrefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    out.loopback = std::memcmp(bytes, kLoopback, 16) == 0 ||
                   (std::memcmp(bytes, kMappedPrefix, 12) == 0 && bytes[12] == 127);
  } else {
    out.loopback = bytes[0] == 127;
  }
  return true;
}

std::string ReadBounded(char const* path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return {};
  std::string text(kMaxProcFileBytes, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  return text;
}

}  // namespace

std::vector<ListeningSocket> ParseProcNetTcp(std::string_view text, bool ipv6) {
  std::vector<ListeningSocket> sockets;
  std::istringstream lines{std::string(text)};
  std::string line;
  while (std::getline(lines, line)) {
    std::istringstream fields(line);
    std::string slot, local, remote, state;
    if (!(fields >> slot >> local >> remote >> state)) continue;
    if (state != kListenState) continue;
    auto const colon = local.find(':');
    if (colon == std::string::npos) continue;
    ListeningSocket socket;
    std::uint32_t port = 0;
    if (!ParseAddress(std::string_view(local).substr(0, colon), ipv6, socket) ||
        !ParseHex(std::string_view(local).substr(colon + 1), port) || port > 65535) {
      continue;
    }
    socket.port = static_cast<int>(port);
    sockets.push_back(std::move(socket));
  }
  return sockets;
}

std::vector<ListeningSocket> ReadListeningSockets(int port) {
  std::vector<ListeningSocket> found;
  for (auto [path, ipv6] : {std::pair{"/proc/net/tcp", false}, std::pair{"/proc/net/tcp6", true}}) {
    for (auto& socket : ParseProcNetTcp(ReadBounded(path), ipv6)) {
      if (port == 0 || socket.port == port) found.push_back(std::move(socket));
    }
  }
  return found;
}

}  // namespace gauthflow::browser
