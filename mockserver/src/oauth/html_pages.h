#ifndef GAUTHFLOW_MOCKSERVER_OAUTH_HTML_PAGES_H_
#define GAUTHFLOW_MOCKSERVER_OAUTH_HTML_PAGES_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "gauthflow/html_escape.h"  // HtmlEscape, for the pages built from these
#include "gauthflow/mockserver/server_config.h"
#include "http_answer.h"
#include "request.h"

namespace gauthflow::mockserver {

// Google's "Authorization Error" page for errors it never redirects: "Error 400:
// redirect_uri_mismatch", "Error 401: invalid_client", ... followed by the request's parameters.
HttpAnswer AuthorizationErrorPage(int status, std::string const& error,
                                  std::string const& description, Params const& request_params);

struct ConsentPageModel {
  std::string transaction_id;
  std::string client_name;
  std::vector<std::shared_ptr<UserConfig const>> users;
  std::string selected_email;  // pre-selected account (login_hint), "" = the first
  std::vector<std::string> scopes;  // normalized
  bool device = false;
};

// Account chooser, the scopes in words, Allow and Deny: a form POSTed to /o/oauth2/approval.
HttpAnswer ConsentPage(ConsentPageModel const& model);

// urn:ietf:wg:oauth:2.0:oob(:auto): the title carries the result ("Success code=..." or
// "Denied error=access_denied") for clients that read window titles.
HttpAnswer OobSuccessPage(std::string const& code, bool auto_close);
HttpAnswer OobDeniedPage(bool auto_close);

// The device flow's verification page (Google's google.com/device).
HttpAnswer DeviceEntryPage(std::string const& error_message);
HttpAnswer DeviceDonePage(bool approved, std::string const& client_name);

}  // namespace gauthflow::mockserver

#endif  // GAUTHFLOW_MOCKSERVER_OAUTH_HTML_PAGES_H_
