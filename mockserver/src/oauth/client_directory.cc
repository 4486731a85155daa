#include "oauth/client_directory.h"

#include <cstdint>
#include <mutex>

namespace gauthflow::mockserver {

std::string SubjectForEmail(std::string const& email) {
  // FNV-1a: stable across runs and platforms, unlike std::hash.
  std::uint64_t hash = 1469598103934665603ULL;
  for (unsigned char c : email) {
    hash ^= c;
    hash *= 1099511628211ULL;
  }
  std::string digits = std::to_string(hash);
  while (digits.size() < 20) digits.insert(digits.begin(), '0');
  return "1" + digits.substr(0, 20);
}

ClientDirectory::ClientDirectory(ServerConfig const& config) { Reset(config); }

std::shared_ptr<ClientConfig const> ClientDirectory::FindClient(std::string const& id) const {
  std::shared_lock lock(mu_);
  auto it = clients_.find(id);
  return it == clients_.end() ? nullptr : it->second;
}

std::shared_ptr<UserConfig const> ClientDirectory::FindUser(std::string const& email) const {
  std::shared_lock lock(mu_);
  for (auto const& user : users_) {
    if (user->email == email) return user;
  }
  return nullptr;
}

std::vector<std::shared_ptr<UserConfig const>> ClientDirectory::Users() const {
  std::shared_lock lock(mu_);
  return users_;
}

void ClientDirectory::PutClient(ClientConfig client) {
  auto shared = std::make_shared<ClientConfig const>(std::move(client));
  std::unique_lock lock(mu_);
  clients_[shared->id] = std::move(shared);
}

void ClientDirectory::PutUser(UserConfig user) {
  if (user.sub.empty()) user.sub = SubjectForEmail(user.email);
  if (user.name.empty()) user.name = user.email.substr(0, user.email.find('@'));
  auto shared = std::make_shared<UserConfig const>(std::move(user));
  std::unique_lock lock(mu_);
  for (auto& existing : users_) {
    if (existing->email == shared->email) {
      existing = std::move(shared);
      return;
    }
  }
  users_.push_back(std::move(shared));
}

void ClientDirectory::Reset(ServerConfig const& config) {
  {
    std::unique_lock lock(mu_);
    clients_.clear();
    users_.clear();
  }
  for (auto const& client : config.clients) PutClient(client);
  for (auto const& user : config.users) PutUser(user);
}

}  // namespace gauthflow::mockserver
