#ifndef GAUTHFLOW_MOCKSERVER_SERVER_STATE_H_
#define GAUTHFLOW_MOCKSERVER_SERVER_STATE_H_

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "fault_table.h"
#include "gauthflow/mockserver/clock.h"
#include "gauthflow/mockserver/server_config.h"
#include "journal.h"
#include "oauth/sharded_map.h"

namespace gauthflow::mockserver {

using TimePoint = std::chrono::system_clock::time_point;

// Google's lifetimes: codes 10 minutes (RFC 6749 §4.1.2 recommends at most that), access
// tokens 3599 s as answered in expires_in, device codes 1800 s polled every 5 s.
inline constexpr std::chrono::seconds kCodeLifetime{600};
inline constexpr std::chrono::seconds kAccessTokenLifetime{3599};
inline constexpr std::chrono::seconds kDeviceCodeLifetime{1800};
inline constexpr int kDevicePollInterval = 5;
inline constexpr std::chrono::seconds kTransactionLifetime{3600};

// A validated authorization request (or the device-flow equivalent).
struct AuthRequest {
  std::string client_id;
  std::string redirect_uri;
  std::vector<std::string> scopes;  // normalized, in request order
  std::string state;
  std::string nonce;
  std::string login_hint;
  bool offline = false;         // access_type=offline
  bool prompt_consent = false;  // prompt contains "consent"
  bool include_granted_scopes = false;
  std::string code_challenge;
  std::string code_challenge_method;  // "S256", "plain", or "" without PKCE
};

// Everything issued from one consent: a refresh token (offline only) and the access tokens
// issued with it or from it. Revoking any of them revokes the grant as a whole, as Google's
// revoke endpoint does ("If the token is an access token and it has a corresponding refresh
// token, the refresh token will also be revoked").
struct Grant {
  std::string client_id;
  std::string user_email;
  std::vector<std::string> scopes;
  bool offline = false;
  std::string refresh_token;  // empty: none
  std::atomic<bool> revoked{false};
};

struct AccessTokenRecord {
  std::shared_ptr<Grant> grant;
  TimePoint expiry{};
};

struct CodeRecord {
  AuthRequest request;
  std::string user_email;
  TimePoint expiry{};
  bool used = false;
  std::shared_ptr<Grant> grant;  // set once redeemed, to revoke on reuse
};

enum class DeviceStatus { kPending, kApproved, kDenied, kRedeemed };

struct DeviceRecord {
  std::string device_code;
  std::string user_code;
  std::string client_id;
  std::vector<std::string> scopes;
  TimePoint expiry{};
  int interval_seconds = kDevicePollInterval;
  std::optional<TimePoint> last_poll;
  DeviceStatus status = DeviceStatus::kPending;
  std::string user_email;
};

// A consent page shown and not yet answered. Its id travels in the approval form instead of
// anything that could be redeemed.
struct Transaction {
  enum class Kind { kRedirect, kDevice };
  Kind kind = Kind::kRedirect;
  AuthRequest request;
  std::string device_code;  // kDevice
  TimePoint expiry{};
};

// The outcome of one device-code poll (RFC 8628 §3.5).
enum class DevicePollOutcome { kUnknown, kWrongClient, kExpired, kPending, kSlowDown, kDenied,
                               kApproved, kRedeemed };
struct DevicePoll {
  DevicePollOutcome outcome = DevicePollOutcome::kUnknown;
  DeviceRecord record;
};

// All mutable state of one fake server. Thread-safe; each family of records has its own
// lock(s), tokens are sharded, and no lock is held across a request.
class ServerState {
 public:
  ServerState(std::shared_ptr<Clock const> clock, ServerConfig const& config);

  // The injected clock plus the admin API's offset.
  TimePoint Now() const;
  std::chrono::seconds ClockOffset() const;
  void AdvanceClock(std::chrono::seconds by);

  // Clients and users.
  std::shared_ptr<ClientConfig const> FindClient(std::string const& id) const;
  std::shared_ptr<UserConfig const> FindUser(std::string const& email) const;
  std::vector<std::shared_ptr<UserConfig const>> Users() const;
  void PutClient(ClientConfig client);
  void PutUser(UserConfig user);

  // Consents per client and user.
  std::vector<std::string> GrantedScopes(std::string const& client_id,
                                         std::string const& user_email) const;
  void RecordConsent(std::string const& client_id, std::string const& user_email,
                     std::vector<std::string> const& scopes);
  // Google issues a refresh token on the first offline exchange for a client and user, and again
  // only when the user was asked to consent anew (prompt=consent). Returns whether this exchange
  // gets one, and records that it did.
  bool ClaimRefreshToken(std::string const& client_id, std::string const& user_email, bool force);

  // Pending consent pages.
  std::string AddTransaction(Transaction transaction);
  std::optional<Transaction> TakeTransaction(std::string const& id);

  // Authorization codes.
  std::string IssueCode(AuthRequest const& request, std::string const& user_email);
  std::optional<CodeRecord> FindCode(std::string const& code) const;
  // Marks the code used; false when it was used already (e.g. by a concurrent request).
  bool ClaimCode(std::string const& code);
  // Remembers the grant made from a claimed code, so that a reuse can revoke it.
  void AttachGrant(std::string const& code, std::shared_ptr<Grant> const& grant);

  // Tokens.
  std::shared_ptr<Grant> NewGrant(std::string client_id, std::string user_email,
                                  std::vector<std::string> scopes, bool offline,
                                  bool with_refresh_token);
  std::string IssueAccessToken(std::shared_ptr<Grant> const& grant, TimePoint expiry);
  // The record of a live (known, unrevoked, unexpired) access token.
  std::optional<AccessTokenRecord> LiveAccessToken(std::string const& token) const;
  // The grant of a live refresh token.
  std::shared_ptr<Grant> LiveRefreshToken(std::string const& token) const;
  // Revokes the grant of an access or refresh token. False if the token is unknown or no
  // longer valid.
  bool Revoke(std::string const& token);

  // Device codes.
  DeviceRecord AddDevice(std::string const& client_id, std::vector<std::string> scopes);
  DevicePoll PollDevice(std::string const& device_code, std::string const& client_id);
  std::optional<DeviceRecord> FindDeviceByUserCode(std::string const& user_code) const;
  // Approves (with the user) or denies a pending, unexpired device code. False otherwise.
  bool DecideDevice(std::string const& device_code, bool approve, std::string const& user_email);
  std::vector<DeviceRecord> Devices() const;

  Journal& journal() { return journal_; }
  ViolationLog& violations() { return violations_; }
  FaultTable& faults() { return faults_; }

  // Forgets everything issued and recorded; clients and users go back to `config`'s; the clock
  // offset goes back to zero.
  void Reset(ServerConfig const& config);

 private:
  void SweepExpiredTokens();

  std::shared_ptr<Clock const> const clock_;
  std::atomic<std::int64_t> offset_seconds_{0};

  mutable std::shared_mutex directory_mu_;
  std::unordered_map<std::string, std::shared_ptr<ClientConfig const>> clients_;
  std::vector<std::shared_ptr<UserConfig const>> users_;  // configuration order

  mutable std::mutex consents_mu_;
  struct Consent {
    std::set<std::string> scopes;
    bool refresh_issued = false;
  };
  std::map<std::pair<std::string, std::string>, Consent> consents_;

  ShardedMap<Transaction> transactions_;
  ShardedMap<CodeRecord> codes_;
  ShardedMap<AccessTokenRecord> access_tokens_;
  ShardedMap<std::shared_ptr<Grant>> refresh_tokens_;
  std::atomic<std::uint64_t> issued_since_sweep_{0};

  mutable std::mutex devices_mu_;
  std::unordered_map<std::string, DeviceRecord> devices_;          // by device code
  std::unordered_map<std::string, std::string> device_user_codes_;  // user code → device code

  Journal journal_;
  ViolationLog violations_;
  FaultTable faults_;
};

// Google's subject ids are 21-digit decimal numbers; the fake derives a stable one per email.
std::string SubjectForEmail(std::string const& email);

}  // namespace gauthflow::mockserver

#endif  // GAUTHFLOW_MOCKSERVER_SERVER_STATE_H_
