#include "server_state.h"

#include <algorithm>

#include "oauth/random_tokens.h"

namespace gauthflow::mockserver {
namespace {

// Sweep expired access tokens after this many issues, so that a CI run refreshing tokens in a
// loop does not grow memory without bound. Swept tokens were dead for an hour already.
constexpr std::uint64_t kSweepEvery = 4096;
constexpr std::chrono::seconds kSweepGrace{3600};

std::string NormalizeUserCode(std::string const& user_code) {
  std::string out;
  for (char c : user_code) {
    if (c == '-' || c == ' ') continue;
    out.push_back(static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c));
  }
  return out;
}

}  // namespace

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

ServerState::ServerState(std::shared_ptr<Clock const> clock, ServerConfig const& config)
    : clock_(std::move(clock)), journal_(config.limits.journal_capacity) {
  Reset(config);
}

TimePoint ServerState::Now() const {
  return clock_->Now() + std::chrono::seconds(offset_seconds_.load(std::memory_order_relaxed));
}

std::chrono::seconds ServerState::ClockOffset() const {
  return std::chrono::seconds(offset_seconds_.load(std::memory_order_relaxed));
}

void ServerState::AdvanceClock(std::chrono::seconds by) {
  offset_seconds_.fetch_add(by.count(), std::memory_order_relaxed);
}

std::shared_ptr<ClientConfig const> ServerState::FindClient(std::string const& id) const {
  std::shared_lock lock(directory_mu_);
  auto it = clients_.find(id);
  return it == clients_.end() ? nullptr : it->second;
}

std::shared_ptr<UserConfig const> ServerState::FindUser(std::string const& email) const {
  std::shared_lock lock(directory_mu_);
  for (auto const& user : users_) {
    if (user->email == email) return user;
  }
  return nullptr;
}

std::vector<std::shared_ptr<UserConfig const>> ServerState::Users() const {
  std::shared_lock lock(directory_mu_);
  return users_;
}

void ServerState::PutClient(ClientConfig client) {
  auto shared = std::make_shared<ClientConfig const>(std::move(client));
  std::unique_lock lock(directory_mu_);
  clients_[shared->id] = std::move(shared);
}

void ServerState::PutUser(UserConfig user) {
  if (user.sub.empty()) user.sub = SubjectForEmail(user.email);
  if (user.name.empty()) user.name = user.email.substr(0, user.email.find('@'));
  auto shared = std::make_shared<UserConfig const>(std::move(user));
  std::unique_lock lock(directory_mu_);
  for (auto& existing : users_) {
    if (existing->email == shared->email) {
      existing = std::move(shared);
      return;
    }
  }
  users_.push_back(std::move(shared));
}

std::vector<std::string> ServerState::GrantedScopes(std::string const& client_id,
                                                    std::string const& user_email) const {
  std::lock_guard<std::mutex> lock(consents_mu_);
  auto it = consents_.find({client_id, user_email});
  if (it == consents_.end()) return {};
  return {it->second.scopes.begin(), it->second.scopes.end()};
}

void ServerState::RecordConsent(std::string const& client_id, std::string const& user_email,
                                std::vector<std::string> const& scopes) {
  std::lock_guard<std::mutex> lock(consents_mu_);
  auto& consent = consents_[{client_id, user_email}];
  consent.scopes.insert(scopes.begin(), scopes.end());
}

bool ServerState::ClaimRefreshToken(std::string const& client_id, std::string const& user_email,
                                    bool force) {
  std::lock_guard<std::mutex> lock(consents_mu_);
  auto& consent = consents_[{client_id, user_email}];
  bool issue = force || !consent.refresh_issued;
  consent.refresh_issued = true;
  return issue;
}

std::string ServerState::AddTransaction(Transaction transaction) {
  std::string id = NewTransactionId();
  transaction.expiry = Now() + kTransactionLifetime;
  transactions_.Insert(id, std::move(transaction));
  return id;
}

std::optional<Transaction> ServerState::TakeTransaction(std::string const& id) {
  TimePoint now = Now();
  auto out = transactions_.With(id, [&](Transaction* found) -> std::optional<Transaction> {
    if (found == nullptr) return std::nullopt;
    std::optional<Transaction> taken;
    if (found->expiry > now) taken = std::move(*found);
    found->expiry = TimePoint{};  // one use only, even for a concurrent second submit
    return taken;
  });
  transactions_.Erase(id);
  return out;
}

std::string ServerState::IssueCode(AuthRequest const& request, std::string const& user_email) {
  std::string code = NewAuthorizationCode();
  CodeRecord record;
  record.request = request;
  record.user_email = user_email;
  record.expiry = Now() + kCodeLifetime;
  codes_.Insert(code, std::move(record));
  return code;
}

std::optional<CodeRecord> ServerState::FindCode(std::string const& code) const {
  return codes_.Find(code);
}

bool ServerState::ClaimCode(std::string const& code) {
  return codes_.With(code, [&](CodeRecord* record) {
    if (record == nullptr || record->used) return false;
    record->used = true;
    return true;
  });
}

void ServerState::AttachGrant(std::string const& code, std::shared_ptr<Grant> const& grant) {
  codes_.With(code, [&](CodeRecord* record) {
    if (record != nullptr) record->grant = grant;
    return true;
  });
}

std::shared_ptr<Grant> ServerState::NewGrant(std::string client_id, std::string user_email,
                                             std::vector<std::string> scopes, bool offline,
                                             bool with_refresh_token) {
  auto grant = std::make_shared<Grant>();
  grant->client_id = std::move(client_id);
  grant->user_email = std::move(user_email);
  grant->scopes = std::move(scopes);
  grant->offline = offline;
  if (with_refresh_token) {
    grant->refresh_token = NewRefreshToken();
    refresh_tokens_.Insert(grant->refresh_token, grant);
  }
  return grant;
}

std::string ServerState::IssueAccessToken(std::shared_ptr<Grant> const& grant, TimePoint expiry) {
  std::string token = NewAccessToken();
  access_tokens_.Insert(token, AccessTokenRecord{grant, expiry});
  if (issued_since_sweep_.fetch_add(1, std::memory_order_relaxed) + 1 >= kSweepEvery) {
    issued_since_sweep_.store(0, std::memory_order_relaxed);
    SweepExpiredTokens();
  }
  return token;
}

void ServerState::SweepExpiredTokens() {
  TimePoint cutoff = Now() - kSweepGrace;
  access_tokens_.EraseIf([&](std::string const&, AccessTokenRecord const& record) {
    return record.expiry < cutoff;
  });
}

std::optional<AccessTokenRecord> ServerState::LiveAccessToken(std::string const& token) const {
  auto record = access_tokens_.Find(token);
  if (!record || record->grant->revoked.load(std::memory_order_acquire) ||
      record->expiry <= Now()) {
    return std::nullopt;
  }
  return record;
}

std::shared_ptr<Grant> ServerState::LiveRefreshToken(std::string const& token) const {
  auto grant = refresh_tokens_.Find(token);
  if (!grant || (*grant)->revoked.load(std::memory_order_acquire)) return nullptr;
  return *grant;
}

bool ServerState::Revoke(std::string const& token) {
  if (auto access = LiveAccessToken(token)) {
    access->grant->revoked.store(true, std::memory_order_release);
    return true;
  }
  if (auto grant = LiveRefreshToken(token)) {
    grant->revoked.store(true, std::memory_order_release);
    return true;
  }
  return false;
}

DeviceRecord ServerState::AddDevice(std::string const& client_id, std::vector<std::string> scopes) {
  DeviceRecord record;
  record.device_code = NewDeviceCode();
  record.client_id = client_id;
  record.scopes = std::move(scopes);
  record.expiry = Now() + kDeviceCodeLifetime;
  std::lock_guard<std::mutex> lock(devices_mu_);
  do {
    record.user_code = NewUserCode();
  } while (device_user_codes_.count(NormalizeUserCode(record.user_code)) > 0);
  device_user_codes_[NormalizeUserCode(record.user_code)] = record.device_code;
  devices_[record.device_code] = record;
  return record;
}

DevicePoll ServerState::PollDevice(std::string const& device_code, std::string const& client_id) {
  TimePoint now = Now();
  std::lock_guard<std::mutex> lock(devices_mu_);
  auto it = devices_.find(device_code);
  if (it == devices_.end()) return {};
  DeviceRecord& record = it->second;
  DevicePoll poll;
  if (record.client_id != client_id) {
    poll.outcome = DevicePollOutcome::kWrongClient;
  } else if (record.status == DeviceStatus::kRedeemed) {
    poll.outcome = DevicePollOutcome::kRedeemed;
  } else if (record.expiry <= now) {
    poll.outcome = DevicePollOutcome::kExpired;
  } else if (record.status == DeviceStatus::kDenied) {
    poll.outcome = DevicePollOutcome::kDenied;
  } else if (record.status == DeviceStatus::kApproved) {
    record.status = DeviceStatus::kRedeemed;
    poll.outcome = DevicePollOutcome::kApproved;
  } else if (record.last_poll &&
             now - *record.last_poll < std::chrono::seconds(record.interval_seconds)) {
    // RFC 8628 §3.5: polled faster than the interval; the interval grows by 5 s for this and
    // all later requests.
    record.interval_seconds += 5;
    record.last_poll = now;
    poll.outcome = DevicePollOutcome::kSlowDown;
  } else {
    record.last_poll = now;
    poll.outcome = DevicePollOutcome::kPending;
  }
  poll.record = record;
  return poll;
}

std::optional<DeviceRecord> ServerState::FindDeviceByUserCode(std::string const& user_code) const {
  std::lock_guard<std::mutex> lock(devices_mu_);
  auto code = device_user_codes_.find(NormalizeUserCode(user_code));
  if (code == device_user_codes_.end()) return std::nullopt;
  auto it = devices_.find(code->second);
  if (it == devices_.end()) return std::nullopt;
  return it->second;
}

bool ServerState::DecideDevice(std::string const& device_code, bool approve,
                               std::string const& user_email) {
  TimePoint now = Now();
  std::lock_guard<std::mutex> lock(devices_mu_);
  auto it = devices_.find(device_code);
  if (it == devices_.end() || it->second.status != DeviceStatus::kPending ||
      it->second.expiry <= now) {
    return false;
  }
  it->second.status = approve ? DeviceStatus::kApproved : DeviceStatus::kDenied;
  it->second.user_email = user_email;
  return true;
}

std::vector<DeviceRecord> ServerState::Devices() const {
  std::lock_guard<std::mutex> lock(devices_mu_);
  std::vector<DeviceRecord> out;
  for (auto const& [code, record] : devices_) out.push_back(record);
  std::sort(out.begin(), out.end(),
            [](DeviceRecord const& a, DeviceRecord const& b) { return a.expiry < b.expiry; });
  return out;
}

void ServerState::Reset(ServerConfig const& config) {
  {
    std::unique_lock lock(directory_mu_);
    clients_.clear();
    users_.clear();
  }
  for (auto const& client : config.clients) PutClient(client);
  for (auto const& user : config.users) PutUser(user);
  {
    std::lock_guard<std::mutex> lock(consents_mu_);
    consents_.clear();
  }
  transactions_.Clear();
  codes_.Clear();
  access_tokens_.Clear();
  refresh_tokens_.Clear();
  {
    std::lock_guard<std::mutex> lock(devices_mu_);
    devices_.clear();
    device_user_codes_.clear();
  }
  journal_.Clear();
  violations_.Clear();
  faults_.Clear();
  offset_seconds_.store(0, std::memory_order_relaxed);
}

}  // namespace gauthflow::mockserver
