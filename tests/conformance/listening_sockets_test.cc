#include "gauthflow/browser/listening_sockets.h"

#include <unistd.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>

#include "gauthflow/browser/browser_process.h"

namespace gauthflow::browser {
namespace {

using ::testing::AllOf;
using ::testing::Contains;
using ::testing::Field;

// Lines as a little-endian kernel prints them: 127.0.0.1:8085 and 0.0.0.0:5432 listening, one
// established connection, and a header.
constexpr char kTcp[] =
    "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
    "   0: 0100007F:1F95 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 1 1\n"
    "   1: 00000000:1538 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 2 1\n"
    "   2: 0100007F:1F95 0100007F:A000 01 00000000:00000000 00:00000000 00000000  1000        0 3 1\n"
    "   3: garbage\n";
constexpr char kTcp6[] =
    "  sl  local_address                         remote_address                        st\n"
    "   0: 00000000000000000000000001000000:1F95 00000000000000000000000000000000:0000 0A\n"
    "   1: 00000000000000000000000000000000:0050 00000000000000000000000000000000:0000 0A\n"
    "   2: 0000000000000000FFFF00000100007F:0051 00000000000000000000000000000000:0000 0A\n";

TEST(ListeningSockets, ParsesIpv4ListenLinesOnly) {
  auto const sockets = ParseProcNetTcp(kTcp, false);
  ASSERT_EQ(sockets.size(), 2u);
  EXPECT_EQ(sockets[0].address, "127.0.0.1");
  EXPECT_EQ(sockets[0].port, 8085);
  EXPECT_TRUE(sockets[0].loopback);
  EXPECT_EQ(sockets[1].address, "0.0.0.0");
  EXPECT_EQ(sockets[1].port, 5432);
  EXPECT_FALSE(sockets[1].loopback);
}

TEST(ListeningSockets, ReadsTheInodeColumnWhenThereIsOne) {
  auto const v4 = ParseProcNetTcp(kTcp, false);
  ASSERT_EQ(v4.size(), 2u);
  EXPECT_EQ(v4[0].inode, 1u);
  EXPECT_EQ(v4[1].inode, 2u);
  auto const v6 = ParseProcNetTcp(kTcp6, true);  // its lines stop after st
  ASSERT_FALSE(v6.empty());
  EXPECT_EQ(v6[0].inode, 0u);
}

// The runner tells the application's own listener from another process's by inode: our
// listener's inode is among our process group's sockets, and goes with the socket.
TEST(ListeningSockets, AProcessGroupsSocketsIncludeItsListener) {
  unsigned long long inode = 0;
  {
    Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
    auto const listening = ReadListeningSockets(socket.address().port());
    ASSERT_EQ(listening.size(), 1u);
    inode = listening.front().inode;
    ASSERT_NE(inode, 0u);
    EXPECT_EQ(SocketInodesOfProcessGroup(::getpgrp()).count(inode), 1u);
    // A group that does not exist has no sockets.
    EXPECT_TRUE(SocketInodesOfProcessGroup(0).empty());
  }
  EXPECT_EQ(SocketInodesOfProcessGroup(::getpgrp()).count(inode), 0u);
}

TEST(ListeningSockets, ParsesIpv6IncludingMappedLoopback) {
  auto const sockets = ParseProcNetTcp(kTcp6, true);
  ASSERT_EQ(sockets.size(), 3u);
  EXPECT_EQ(sockets[0].address, "::1");
  EXPECT_TRUE(sockets[0].loopback);
  EXPECT_EQ(sockets[1].address, "::");
  EXPECT_FALSE(sockets[1].loopback);
  EXPECT_EQ(sockets[2].address, "::ffff:127.0.0.1");
  EXPECT_TRUE(sockets[2].loopback);
}

TEST(ListeningSockets, FindsARealLoopbackListenerAndNotAfterItCloses) {
  int port = 0;
  {
    Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
    port = socket.address().port();
    EXPECT_THAT(ReadListeningSockets(port),
                Contains(AllOf(Field(&ListeningSocket::address, "127.0.0.1"),
                               Field(&ListeningSocket::loopback, true))));
  }
  EXPECT_TRUE(ReadListeningSockets(port).empty());
}

TEST(BrowserProcessScript, ReadsTheRunnersVariables) {
  auto const env = [](std::string const& name) -> std::optional<std::string> {
    if (name == kDecisionVariable) return "deny";
    if (name == kForgedStateVariable) return "forged";
    if (name == kDeadlineVariable) return "7";
    if (name == kCaFileVariable) return "/tmp/ca.pem";
    return std::nullopt;
  };
  auto script = ReadBrowserProcessScript(env);
  ASSERT_TRUE(script);
  EXPECT_EQ(script->ca_file, "/tmp/ca.pem");
  EXPECT_FALSE(script->allow);
  EXPECT_EQ(script->forged_state, "forged");
  EXPECT_EQ(script->deadline, std::chrono::seconds(7));
  auto const bad = [](std::string const& name) -> std::optional<std::string> {
    if (name == kDeadlineVariable) return "0";
    return std::nullopt;
  };
  EXPECT_FALSE(ReadBrowserProcessScript(bad));
}

}  // namespace
}  // namespace gauthflow::browser
