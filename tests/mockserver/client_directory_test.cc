// ClientDirectory: configured and seeded clients and users.
#include <gtest/gtest.h>

#include "gauthflow/mockserver/server_config.h"
#include "oauth/client_directory.h"

namespace gauthflow::mockserver::testing {
namespace {

TEST(ClientDirectory, StartsWithTheConfiguration) {
  ServerConfig config = DefaultServerConfig();
  ClientDirectory directory(config);
  ASSERT_FALSE(config.clients.empty());
  ASSERT_FALSE(config.users.empty());
  EXPECT_TRUE(directory.FindClient(config.clients.front().id));
  EXPECT_FALSE(directory.FindClient("nobody.apps"));
  ASSERT_EQ(directory.Users().size(), config.users.size());
  EXPECT_EQ(directory.Users().front()->email, config.users.front().email);
}

TEST(ClientDirectory, PutReplacesByIdAndEmailAndFillsDefaults) {
  ClientDirectory directory(DefaultServerConfig());
  std::size_t users = directory.Users().size();
  UserConfig bob;
  bob.email = "bob@example.com";
  directory.PutUser(bob);
  auto found = directory.FindUser("bob@example.com");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->name, "bob");
  EXPECT_EQ(found->sub, SubjectForEmail("bob@example.com"));
  EXPECT_EQ(found->sub.size(), 21u);
  bob.name = "Bob";
  directory.PutUser(bob);
  EXPECT_EQ(directory.Users().size(), users + 1);
  EXPECT_EQ(directory.FindUser("bob@example.com")->name, "Bob");
  EXPECT_EQ(found->name, "bob");  // a reader's copy stays as it was

  ClientConfig client;
  client.id = "cli.apps";
  client.secret = "one";
  directory.PutClient(client);
  client.secret = "two";
  directory.PutClient(client);
  EXPECT_EQ(directory.FindClient("cli.apps")->secret, "two");
}

TEST(ClientDirectory, ResetGoesBackToTheConfiguration) {
  ServerConfig config = DefaultServerConfig();
  ClientDirectory directory(config);
  UserConfig bob;
  bob.email = "bob@example.com";
  directory.PutUser(bob);
  directory.Reset(config);
  EXPECT_FALSE(directory.FindUser("bob@example.com"));
  EXPECT_EQ(directory.Users().size(), config.users.size());
}

}  // namespace
}  // namespace gauthflow::mockserver::testing
