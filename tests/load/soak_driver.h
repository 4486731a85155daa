#ifndef GAUTHFLOW_TESTS_LOAD_SOAK_DRIVER_H_
#define GAUTHFLOW_TESTS_LOAD_SOAK_DRIVER_H_

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "load/issued_ledger.h"

namespace gauthflow::load {

// What the soak loops run against: a fake Google started with --auto-approve (the
// authorization GET answers at once with a redirect carrying the code).
struct SoakOptions {
  std::string base_url;  // http://127.0.0.1:PORT
  std::string client_id;
  std::string client_secret;
  std::string redirect_uri = "http://127.0.0.1:8765/";  // a loopback URI; nothing listens there
  int loops = 64;                                       // concurrent flows, one thread each
  std::chrono::milliseconds request_timeout{10'000};    // per request, on each socket operation
  // Loop i signs in as login_hints[i % size] (login_hint=); empty: as the auto-approve user.
  // Google keeps at most 100 refresh tokens per client and user and revokes the oldest grant
  // beyond (as the fake does), so loops sharing one user can see a grant of theirs evicted in
  // mid-flow whenever one loop stalls for 100 of the others' flows: give each loop its own user.
  std::vector<std::string> login_hints;
};

// The counts of one Run.
struct SoakReport {
  std::uint64_t flows_completed = 0;  // authorization, exchange, refresh and Drive all answered
  std::uint64_t requests = 0;
  std::uint64_t errors = 0;      // any step that failed: transport, unexpected status, bad body
  std::uint64_t lost = 0;        // of the errors: a code or token the server had issued, refused
  std::uint64_t duplicates = 0;  // a code, access or refresh token handed out a second time
  // How many errors of each kind ("refresh: HTTP 400 {...}", "authorization: Timeout"); at most
  // 20 kinds, the rest counted under "other".
  std::map<std::string, std::uint64_t> errors_by_kind;
  std::chrono::milliseconds elapsed{0};
};

// Runs `loops` threads, each looping the whole installed-app flow over one keep-alive Poco
// HTTPClientSession:
//   GET  /o/oauth2/v2/auth  (PKCE S256, state, access_type=offline, prompt=consent; the code is
//                            read from the Location header, no redirect is followed)
//   POST /token             grant_type=authorization_code  -> access + refresh token
//   POST /token             grant_type=refresh_token       -> a new access token
//   GET  /drive/v3/files?orderBy=modifiedByMeTime desc&pageSize=5 with the refreshed token
// prompt=consent because Google sends a refresh token only on the first offline exchange for a
// client and user, or again with prompt=consent (design/GOOGLE-OAUTH-FACTS.md, token endpoint);
// without it only the first flow of the run would get one.
// Every code and token goes into one ledger kept across Run calls, so a warm-up Run followed
// by a measured Run still sees every duplicate.
class SoakDriver {
 public:
  explicit SoakDriver(SoakOptions options);

  // Loops for `duration` of wall time (a flow in progress at the end is finished), then joins.
  SoakReport Run(std::chrono::milliseconds duration);

 private:
  SoakOptions options_;
  IssuedLedger ledger_;
};

}  // namespace gauthflow::load

#endif  // GAUTHFLOW_TESTS_LOAD_SOAK_DRIVER_H_
