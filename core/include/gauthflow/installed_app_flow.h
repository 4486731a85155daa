#ifndef GAUTHFLOW_INSTALLED_APP_FLOW_H_
#define GAUTHFLOW_INSTALLED_APP_FLOW_H_

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "gauthflow/browser_launcher.h"
#include "gauthflow/cancellation.h"
#include "gauthflow/client_secrets.h"
#include "gauthflow/clock.h"
#include "gauthflow/console.h"
#include "gauthflow/credentials.h"
#include "gauthflow/endpoints.h"
#include "gauthflow/error.h"
#include "gauthflow/flow_observer.h"
#include "gauthflow/http_client.h"
#include "gauthflow/redirect_mode.h"
#include "gauthflow/redirect_receiver.h"
#include "gauthflow/token_client.h"

namespace gauthflow {

// What to ask for and how to talk to the person; google-auth-oauthlib's run_local_server
// arguments where they exist.
struct FlowOptions {
  std::vector<std::string> scopes;           // full URLs or short names (see scopes.h)
  std::string access_type = "offline";       // "offline" to get a refresh token
  std::optional<std::string> prompt;         // e.g. "consent"
  std::optional<std::string> login_hint;
  std::optional<bool> include_granted_scopes;
  bool use_pkce = true;                      // RFC 8252 §8.1: PKCE is a MUST for native apps
  bool open_browser = true;
  std::chrono::seconds timeout{300};         // how long to wait for the person
  // "{url}" is replaced by the authorization URL.
  std::string authorization_prompt_message =
      "Please visit this URL to authorize this application: {url}";
  std::string success_message =
      "The authentication flow has completed. You may close this window.";
  ClientAuthentication client_authentication = ClientAuthentication::kPostBody;
  RetryPolicy retry;
  bool allow_insecure_transport = false;     // the OAUTHLIB_INSECURE_TRANSPORT analogue
};

// The flow's outcome: the credentials plus what the person should know about them.
struct FlowResult {
  Credentials credentials;
  std::vector<std::string> missing_scopes;   // asked for, not granted
  bool refresh_token_missing = false;        // offline access asked, none came back
};

// The OAuth 2.0 flow for installed applications (Google's "OAuth 2.0 for Mobile & Desktop
// Apps"; RFC 8252), over every redirect mode and the device grant (RFC 8628). Everything it
// touches comes in through the constructor. It prints to the Console what the person must read
// (the URL, the device code) and reads from it what the person types (a code, a redirect URL);
// an application learns the same facts as values from the FlowObserver, and stops the flow
// through the CancellationToken.
class InstalledAppFlow {
 public:
  struct Dependencies {
    HttpClient& http;
    BrowserLauncher& browser;
    RedirectReceiver& receiver;
    Clock& clock;
    Console& console;
    FlowObserver* observer = nullptr;  // nullable: nobody watches
    // Nullable. Checked at every wait: the loopback listener's, the device flow's pause between
    // polls and the token client's retry backoff; a cancelled flow ends with kCancelled.
    CancellationToken const* cancellation = nullptr;
  };

  // `endpoints` decides where every request goes; the client secrets' auth_uri/token_uri are
  // used only when `endpoints` is absent.
  InstalledAppFlow(ClientSecrets secrets, std::optional<Endpoints> endpoints, Dependencies deps);

  // Dispatches on the mode, DeviceGrant included.
  Result<FlowResult> Run(RedirectMode const& mode, FlowOptions const& options);

  // Loopback: listen, open the browser, receive the redirect (run_local_server).
  Result<FlowResult> RunLocalServer(LoopbackRedirect const& mode, FlowOptions const& options);
  // urn:ietf:wg:oauth:2.0:oob: print the URL, read the pasted code (run_console).
  Result<FlowResult> RunConsole(FlowOptions const& options);
  // urn:ietf:wg:oauth:2.0:oob:auto: the code comes from the browser's page title.
  Result<FlowResult> RunOobAuto(FlowOptions const& options);
  // No browser here: print the URL, read back the URL the browser was redirected to.
  Result<FlowResult> RunPasteRedirect(PasteRedirect const& mode, FlowOptions const& options);
  // RFC 8628 device authorization grant.
  Result<FlowResult> RunDeviceFlow(FlowOptions const& options);

 private:
  struct Attempt;  // one authorization request's secrets: state, PKCE verifier, redirect_uri

  Result<Attempt> Prepare(std::string redirect_uri, FlowOptions const& options);
  Result<std::string> AuthorizationUrl(Attempt const& attempt, FlowOptions const& options);
  void ShowUrl(Attempt const& attempt, std::string const& url, FlowOptions const& options,
               bool try_browser);
  Result<FlowResult> Exchange(Attempt const& attempt, std::string const& code,
                              FlowOptions const& options);
  Credentials CredentialsFrom(TokenResponse token, FlowOptions const& options) const;
  TokenClient MakeTokenClient(FlowOptions const& options);
  Clock::time_point Deadline(FlowOptions const& options);
  FlowObserver& Observer() { return deps_.observer != nullptr ? *deps_.observer : silent_; }

  ClientSecrets secrets_;
  Endpoints endpoints_;
  Dependencies deps_;
  FlowObserver silent_;  // stands in when deps_.observer is null
};

}  // namespace gauthflow

#endif  // GAUTHFLOW_INSTALLED_APP_FLOW_H_
