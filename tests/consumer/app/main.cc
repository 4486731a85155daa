// A minimal application built against an installed gauthflow: parses client secrets, builds
// an authorization URL with PKCE, and creates the real HTTP client and loopback receiver.
#include <iostream>

#include "gauthflow/authorization_request.h"
#include "gauthflow/client_secrets.h"
#include "gauthflow/pkce.h"
#include "gauthflow/poco/loopback_redirect_receiver.h"
#include "gauthflow/poco/poco_http_client.h"
#include "gauthflow/poco/system_clock.h"

int main() {
  auto secrets = gauthflow::ParseClientSecrets(
      R"({"installed":{"client_id":"c.apps.googleusercontent.com","client_secret":"s"}})",
      "<consumer>");
  if (!secrets) return 1;
  auto pkce = gauthflow::GeneratePkce();
  auto state = gauthflow::GenerateState();
  if (!pkce || !state) return 2;
  gauthflow::AuthorizationRequest request;
  request.auth_uri = secrets->auth_uri;
  request.client_id = secrets->client_id;
  request.redirect_uri = "http://127.0.0.1:8080/";
  request.scopes = {"drive.metadata.readonly"};
  request.state = *state;
  request.code_challenge = pkce->challenge;
  auto url = gauthflow::BuildAuthorizationUrl(request);
  if (!url) return 3;
  auto http = gauthflow::PocoHttpClient::Create({});
  if (!http) return 4;
  gauthflow::SystemClock clock;
  gauthflow::LoopbackRedirectReceiver receiver(clock);
  auto redirect_uri = receiver.Listen(gauthflow::LoopbackRedirect{});
  if (!redirect_uri) return 5;
  receiver.Close();
  std::cout << "consumer ok: " << url->substr(0, url->find('?')) << " " << *redirect_uri << "\n";
  return 0;
}
