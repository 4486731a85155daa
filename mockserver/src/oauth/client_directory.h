#ifndef GAUTHFLOW_MOCKSERVER_OAUTH_CLIENT_DIRECTORY_H_
#define GAUTHFLOW_MOCKSERVER_OAUTH_CLIENT_DIRECTORY_H_

#include <memory>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "gauthflow/mockserver/server_config.h"

namespace gauthflow::mockserver {

// The registered OAuth clients and the users who can sign in. Read on every request, written
// only by configuration and the admin API: one reader-writer lock, and entries are immutable
// shared values so that a reader keeps its copy after the lock is released.
class ClientDirectory {
 public:
  explicit ClientDirectory(ServerConfig const& config);

  std::shared_ptr<ClientConfig const> FindClient(std::string const& id) const;
  std::shared_ptr<UserConfig const> FindUser(std::string const& email) const;
  // In configuration order; the first is the default account.
  std::vector<std::shared_ptr<UserConfig const>> Users() const;
  // Adds or replaces (by client_id / email).
  void PutClient(ClientConfig client);
  void PutUser(UserConfig user);
  // Back to `config`'s clients and users.
  void Reset(ServerConfig const& config);

 private:
  mutable std::shared_mutex mu_;
  std::unordered_map<std::string, std::shared_ptr<ClientConfig const>> clients_;
  std::vector<std::shared_ptr<UserConfig const>> users_;  // configuration order
};

// Google's subject ids are 21-digit decimal numbers; the fake derives a stable one per email.
std::string SubjectForEmail(std::string const& email);

}  // namespace gauthflow::mockserver

#endif  // GAUTHFLOW_MOCKSERVER_OAUTH_CLIENT_DIRECTORY_H_
