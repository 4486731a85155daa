#include "gauthflow/browser/listening_sockets.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <unistd.h>

#include <cstdint>
#include <cstring>
#include <fstream>
#include <sstream>

namespace gauthflow::browser {
namespace {

constexpr std::size_t kMaxProcFileBytes = 1 << 20;
constexpr std::string_view kListenState = "0A";  // TCP_LISTEN in include/net/tcp_states.h
constexpr int kMaxProcesses = 4096;
constexpr int kMaxDescriptors = 4096;

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

std::string ReadBounded(char const* path, std::size_t limit = kMaxProcFileBytes) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return {};
  std::string text(limit, '\0');
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
    // tx_queue:rx_queue, tr:tm->when, retrnsmt, uid, timeout, then the inode (proc_net_tcp.txt).
    std::string skipped;
    unsigned long long inode = 0;
    if (!(fields >> skipped >> skipped >> skipped >> skipped >> skipped >> inode)) inode = 0;
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
    socket.inode = inode;
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

namespace {

// /proc/PID/stat: "PID (COMM) STATE PPID PGRP ..."; COMM may hold spaces and parentheses, so
// the fields are counted from the last ')'.
int ProcessGroupOf(std::string const& pid) {
  std::string const stat = ReadBounded(("/proc/" + pid + "/stat").c_str(), 4096);
  auto const close = stat.rfind(')');
  if (close == std::string::npos) return -1;
  std::istringstream fields(stat.substr(close + 1));
  std::string state;
  int parent = 0;
  int group = -1;
  if (!(fields >> state >> parent >> group)) return -1;
  return group;
}

bool AllDigits(char const* text) {
  if (*text == '\0') return false;
  for (; *text; ++text) {
    if (*text < '0' || *text > '9') return false;
  }
  return true;
}

}  // namespace

std::set<unsigned long long> SocketInodesOfProcessGroup(int process_group) {
  std::set<unsigned long long> inodes;
  if (process_group <= 0) return inodes;
  DIR* proc = ::opendir("/proc");
  if (!proc) return inodes;
  int processes = 0;
  while (dirent* entry = ::readdir(proc)) {
    if (!AllDigits(entry->d_name)) continue;
    if (++processes > kMaxProcesses) break;
    std::string const pid = entry->d_name;
    if (ProcessGroupOf(pid) != process_group) continue;
    std::string const fd_dir = "/proc/" + pid + "/fd";
    DIR* fds = ::opendir(fd_dir.c_str());
    if (!fds) continue;
    int descriptors = 0;
    while (dirent* fd = ::readdir(fds)) {
      if (!AllDigits(fd->d_name)) continue;
      if (++descriptors > kMaxDescriptors) break;
      char target[64] = {};
      ssize_t const length = ::readlink((fd_dir + "/" + fd->d_name).c_str(), target, sizeof target - 1);
      if (length <= 0) continue;
      std::string_view const link(target, static_cast<std::size_t>(length));
      constexpr std::string_view kPrefix = "socket:[";
      if (link.substr(0, kPrefix.size()) != kPrefix || link.back() != ']') continue;
      unsigned long long inode = 0;
      std::istringstream number(std::string(link.substr(kPrefix.size(), link.size() - kPrefix.size() - 1)));
      if (number >> inode) inodes.insert(inode);
    }
    ::closedir(fds);
  }
  ::closedir(proc);
  return inodes;
}

}  // namespace gauthflow::browser
