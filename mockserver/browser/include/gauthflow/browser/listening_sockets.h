#ifndef GAUTHFLOW_BROWSER_LISTENING_SOCKETS_H_
#define GAUTHFLOW_BROWSER_LISTENING_SOCKETS_H_

#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace gauthflow::browser {

// A TCP socket in the LISTEN state, as the kernel lists it in /proc/net/tcp and tcp6.
struct ListeningSocket {
  std::string address;  // "127.0.0.1", "0.0.0.0", "::1", "::" (IPv6 in its compressed form)
  int port = 0;
  bool loopback = false;  // 127.0.0.0/8, ::1 or an IPv4-mapped 127.x address
  unsigned long long inode = 0;  // the socket's inode (the table's 10th column); 0 when absent
};

// The LISTEN sockets of one /proc/net/tcp (ipv6 = false) or /proc/net/tcp6 (ipv6 = true) text:
// "sl local_address rem_address st ..." lines where local_address is the address in hex, in
// the kernel's byte order (each 32-bit word little-endian on the machines we run on), a colon
// and the port in hex, and st 0A is TCP_LISTEN. Lines that do not parse are skipped.
std::vector<ListeningSocket> ParseProcNetTcp(std::string_view text, bool ipv6);

// Both files' LISTEN sockets on `port` (every port when port is 0); at most 1 MiB of each file
// is read. Empty when /proc is not mounted.
std::vector<ListeningSocket> ReadListeningSockets(int port);

// The inodes of the sockets open in the processes of one process group (an application and
// what it started), read from /proc/PID/stat (the group) and /proc/PID/fd ("socket:[N]"
// links). At most 4096 processes and 4096 descriptors each are looked at; processes of other
// users whose fds cannot be read are skipped. Empty without /proc.
std::set<unsigned long long> SocketInodesOfProcessGroup(int process_group);

}  // namespace gauthflow::browser

#endif  // GAUTHFLOW_BROWSER_LISTENING_SOCKETS_H_
