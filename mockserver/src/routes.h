#ifndef GAUTHFLOW_MOCKSERVER_ROUTES_H_
#define GAUTHFLOW_MOCKSERVER_ROUTES_H_

#include <string>

#include "fault_table.h"
#include "gauthflow/mockserver/server_config.h"
#include "http_answer.h"
#include "journal.h"
#include "oauth/client_directory.h"
#include "oauth/code_store.h"
#include "oauth/consent_store.h"
#include "oauth/device_store.h"
#include "oauth/id_token_signer.h"
#include "oauth/token_store.h"
#include "oauth/transaction_store.h"
#include "oauth/violation_log.h"
#include "request.h"
#include "server_clock.h"

namespace gauthflow::mockserver {

class DriveGateway;

// What every route may use: the server's stores, one per concern, each thread-safe with its
// own lock(s), none held across a request. The stores are owned by the server
// (FakeGoogleServer::Impl); routes are free functions of this context.
struct RouteContext {
  ServerClock& clock;
  ClientDirectory& directory;
  ConsentStore& consents;
  TransactionStore& transactions;
  CodeStore& codes;
  TokenStore& tokens;
  DeviceStore& devices;
  Journal& journal;
  ViolationLog& violations;
  FaultTable& faults;
  IdTokenSigner const& signer;
  ServerConfig const& config;
  std::string base_url;
  DriveGateway& drive;

  // Forgets everything issued and recorded in every store above; clients and users go back to
  // `config`'s, the clock offset to zero. (Drive's files are the gateway's: see its Seed.)
  void ResetStores();
};

// Dispatches on method and path; unknown routes get Google's 404 shape.
HttpAnswer Route(RouteContext& ctx, Request const& request);
HttpAnswer NotFound(Request const& request);
HttpAnswer MethodNotAllowed(Request const& request);

// oauth/oauth_routes.h: authorization, token, device, revoke, tokeninfo, userinfo, discovery.
// admin/admin_routes.h: /__admin/...
// drive_routes.cc: /drive/v3/..., /discovery/v1/apis/drive/v3/rest.
HttpAnswer HandleDrive(RouteContext& ctx, Request const& request);
HttpAnswer HandleDriveDiscovery(RouteContext& ctx, Request const& request);

// JSON helpers shared by the routes.
HttpAnswer JsonAnswer(int status, std::string body);
// Token responses must not be cached (RFC 6749 §5.1).
void AddNoStoreHeaders(HttpAnswer& answer);

}  // namespace gauthflow::mockserver

#endif  // GAUTHFLOW_MOCKSERVER_ROUTES_H_
