// The device authorization flow (RFC 8628) as Google runs it:
// developers.google.com/identity/protocols/oauth2/limited-input-device
#include <sstream>

#include <Poco/JSON/Object.h>

#include "oauth/html_pages.h"
#include "oauth/oauth_routes.h"
#include "oauth/scopes.h"
#include "routes.h"

namespace gauthflow::mockserver {

HttpAnswer HandleDeviceCode(RouteContext& ctx, Request const& request) {
  if (request.method != "POST") return MethodNotAllowed(request);
  std::string client_id = GetParam(request.form, "client_id");
  if (client_id.empty()) {
    return OAuthError(400, "invalid_request", "Missing required parameter: client_id");
  }
  auto client = ctx.directory.FindClient(client_id);
  if (!client) return OAuthError(401, "invalid_client", "The OAuth client was not found.");
  bool allowed = client->allowed_grants.empty();
  for (auto const& grant : client->allowed_grants) allowed = allowed || grant == kGrantDeviceCode;
  if (!allowed) return OAuthError(401, "invalid_client", "Invalid client type.");

  auto requested = SplitScopes(GetParam(request.form, "scope"));
  if (requested.empty()) return OAuthError(400, "invalid_request", "Missing required parameter: scope");
  std::vector<std::string> scopes;
  std::string invalid;
  for (auto const& scope : requested) {
    std::string normalized = NormalizeScope(scope);
    // Only a few scopes are allowed on this flow at Google (see IsDeviceFlowScope).
    if (!IsDeviceFlowScope(normalized)) {
      invalid += (invalid.empty() ? "" : ", ") + scope;
    } else {
      scopes.push_back(normalized);
    }
  }
  if (!invalid.empty()) {
    return OAuthError(400, "invalid_scope", "Some requested scopes were invalid. {invalid=[" + invalid + "]}");
  }

  DeviceRecord record = ctx.devices.Add(client_id, scopes);
  Poco::JSON::Object root(Poco::JSON_PRESERVE_KEY_ORDER);
  root.set("device_code", record.device_code);
  root.set("user_code", record.user_code);
  root.set("expires_in", static_cast<int>(kDeviceCodeLifetime.count()));
  root.set("interval", record.interval_seconds);
  // Google's name for RFC 8628's verification_uri.
  root.set("verification_url", ctx.base_url + "/device");
  std::ostringstream out;
  root.stringify(out, 2);
  HttpAnswer answer = JsonAnswer(200, out.str());
  AddNoStoreHeaders(answer);
  return answer;
}

HttpAnswer HandleDevicePage(RouteContext& ctx, Request const& request) {
  if (request.method == "GET") return DeviceEntryPage("");
  if (request.method != "POST") return MethodNotAllowed(request);
  auto record = ctx.devices.FindByUserCode(GetParam(request.form, "user_code"));
  if (!record || record->status != DeviceStatus::kPending || record->expiry <= ctx.clock.Now()) {
    return DeviceEntryPage("That code didn't work. Check the code and try again.");
  }
  Transaction transaction;
  transaction.kind = Transaction::Kind::kDevice;
  transaction.request.client_id = record->client_id;
  transaction.request.scopes = record->scopes;
  transaction.device_code = record->device_code;
  auto client = ctx.directory.FindClient(record->client_id);
  ConsentPageModel model;
  model.transaction_id = ctx.transactions.Add(std::move(transaction));
  model.client_name = client ? client->name : record->client_id;
  model.users = ctx.directory.Users();
  model.scopes = record->scopes;
  model.device = true;
  return ConsentPage(model);
}

}  // namespace gauthflow::mockserver
