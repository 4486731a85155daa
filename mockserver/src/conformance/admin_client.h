#ifndef GAUTHFLOW_MOCKSERVER_CONFORMANCE_ADMIN_CLIENT_H_
#define GAUTHFLOW_MOCKSERVER_CONFORMANCE_ADMIN_CLIENT_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <tl/expected.hpp>

#include "gauthflow/http_client.h"

namespace Poco::JSON {
class Object;
}  // namespace Poco::JSON

namespace gauthflow::mockserver::conformance {

template <typename T>
using Outcome = tl::expected<T, std::string>;

using NameValues = std::vector<std::pair<std::string, std::string>>;

// One request of the fake's journal (GET /__admin/journal): secrets already REDACTED by the fake.
struct SeenRequest {
  std::string method;
  std::string path;
  NameValues query;
  NameValues form;
  std::string auth_scheme;  // "Bearer", "Basic" or ""
  int status = 0;
  std::int64_t epoch_ms = 0;  // the fake's clock when it answered

  bool HasQuery(std::string const& name) const;
  std::string Query(std::string const& name) const;  // "" when absent
  std::string Form(std::string const& name) const;
  // A POST to the token endpoint (/token or Google's legacy /oauth2/v4/token) with this
  // grant_type; any grant when `grant` is empty.
  bool IsTokenRequest(std::string const& grant) const;
};

struct SeenViolation {
  std::string kind;
  std::string detail;
};

// A fault to arm (POST /__admin/faults), fields as the admin API names them.
struct FaultSpec {
  std::string path = "/token";
  std::string kind = "status";
  int status = 503;
  int count = 1;
  int delay_ms = 0;
  int retry_after = 1;
  std::string error;    // kind "status": the body's `error` (empty: the fake's default)
  std::string message;  // and its `error_description`
};

// A device code the fake issued (GET /__admin/devices).
struct SeenDevice {
  std::string user_code;
  std::string status;  // pending | approved | denied | redeemed
};

// A token endpoint answer: status and the RFC 6749 §5.2 error fields.
struct TokenAnswer {
  int status = 0;
  std::string error;
  std::string error_description;
};

// The fake's admin API (mockserver/README.md, "Admin API") as the runner uses it: the runner is
// a consumer of the fake like any test, over HTTP. Every call has a 10 s deadline.
class AdminClient {
 public:
  // `ca_file`: the certificate to trust when the fake serves https (empty for http).
  explicit AdminClient(std::string base_url, std::string ca_file = {});

  Outcome<std::vector<SeenRequest>> Journal() const;
  Outcome<std::vector<SeenViolation>> Violations() const;
  Outcome<void> ArmFault(FaultSpec const& fault) const;
  Outcome<void> AdvanceClock(std::chrono::seconds by) const;
  // Forgets every consent, code and token (and the journal, violations and faults).
  Outcome<void> Reset() const;
  Outcome<std::vector<SeenDevice>> Devices() const;
  // The user's decision on a device code, as if typed in at the verification page.
  Outcome<void> DecideDevice(std::string const& user_code, bool approve, std::string const& user) const;
  // Redeems `code` as the runner (authorization_code grant with a verifier of its own).
  Outcome<TokenAnswer> RedeemCode(std::string const& code, std::string const& redirect_uri,
                                  std::string const& client_id,
                                  std::string const& client_secret) const;

 private:
  // Each object of the array `key` in the JSON object that GET `path` answers, in order (none
  // when the array is absent): the shape of the journal, violations and devices listings.
  Outcome<void> ForEachListed(std::string const& path, std::string const& key,
                              std::function<void(Poco::JSON::Object const&)> const& each) const;
  Outcome<std::string> Call(std::string const& method, std::string const& path,
                            std::string const& body, std::string const& content_type,
                            int* status) const;
  std::string base_url_;
  std::shared_ptr<HttpClient> http_;  // gauthflow's own client: http, or https trusting ca_file
  std::string http_error_;            // why there is none
};

}  // namespace gauthflow::mockserver::conformance

#endif  // GAUTHFLOW_MOCKSERVER_CONFORMANCE_ADMIN_CLIENT_H_
