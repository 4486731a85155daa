#include "oauth/html_pages.h"

#include <sstream>

#include "oauth/scopes.h"

namespace gauthflow::mockserver {
namespace {

constexpr char kStyle[] = R"(
body{margin:0;font-family:Roboto,"Segoe UI",Arial,sans-serif;background:#f0f4f9;color:#1f1f1f}
main{max-width:28rem;margin:3rem auto;background:#fff;border-radius:1.75rem;padding:2.25rem 2.5rem;
 box-shadow:0 1px 3px rgba(60,64,67,.3)}
h1{font-size:1.6rem;font-weight:400;margin:0 0 .75rem}
.brand{font-size:1rem;color:#444746;margin-bottom:1.25rem}
.brand b{color:#4285f4}
p{line-height:1.5}
fieldset{border:0;padding:0;margin:0 0 1.25rem}
legend{font-weight:500;margin-bottom:.5rem;padding:0}
.account{display:flex;align-items:center;gap:.75rem;padding:.6rem .75rem;border:1px solid #c4c7c5;
 border-radius:.75rem;margin-bottom:.5rem;cursor:pointer}
.account:focus-within{outline:2px solid #0b57d0;outline-offset:2px}
.account small{display:block;color:#444746}
ul.scopes{padding-left:1.2rem;margin:.5rem 0 1.5rem}
ul.scopes li{margin-bottom:.5rem;line-height:1.4}
ul.scopes code{font-size:.75rem;color:#5f6368;word-break:break-all}
.buttons{display:flex;justify-content:flex-end;gap:.75rem}
button{font:inherit;font-weight:500;border-radius:1.25rem;padding:.6rem 1.5rem;cursor:pointer;border:1px solid #747775;background:#fff;color:#0b57d0}
button.primary{background:#0b57d0;color:#fff;border-color:#0b57d0}
button:focus-visible,input:focus-visible{outline:3px solid #a8c7fa;outline-offset:2px}
.error{color:#b3261e;font-weight:500}
dl.details{font-size:.85rem;color:#444746;word-break:break-all}
dl.details dt{font-weight:500;margin-top:.4rem}
dl.details dd{margin:0}
.code{font-family:"Roboto Mono",monospace;font-size:1rem;padding:.75rem;border:1px solid #c4c7c5;
 border-radius:.5rem;background:#f8fafd;user-select:all;word-break:break-all}
label.field{display:block;font-weight:500;margin-bottom:.5rem}
input[type=text]{font:inherit;font-size:1.25rem;letter-spacing:.1em;padding:.6rem .75rem;width:100%;
 box-sizing:border-box;border:1px solid #747775;border-radius:.5rem;margin-bottom:1.25rem}
)";

std::string Page(std::string const& title, std::string const& body) {
  std::ostringstream out;
  out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      << "<title>" << HtmlEscape(title) << "</title>\n<style>" << kStyle << "</style>\n</head>\n"
      << "<body>\n<main>\n<div class=\"brand\" aria-hidden=\"true\"><b>G</b> Sign in with Google "
      << "(fake)</div>\n"
      << body << "</main>\n</body>\n</html>\n";
  return out.str();
}

HttpAnswer Html(int status, std::string body) {
  HttpAnswer answer;
  answer.status = status;
  answer.content_type = "text/html; charset=utf-8";
  answer.body = std::move(body);
  // Consent and code pages must not be cached or framed (clickjacking on the Allow button).
  answer.headers.emplace_back("Cache-Control", "no-cache, no-store, max-age=0, must-revalidate");
  answer.headers.emplace_back("X-Frame-Options", "DENY");
  return answer;
}

}  // namespace

HttpAnswer AuthorizationErrorPage(int status, std::string const& error,
                                  std::string const& description, Params const& request_params) {
  std::ostringstream body;
  body << "<h1>Authorization Error</h1>\n"
       << "<p class=\"error\" id=\"error-code\">Error " << status << ": " << HtmlEscape(error)
       << "</p>\n<p id=\"error-description\">" << HtmlEscape(description) << "</p>\n"
       << "<h2 style=\"font-size:1rem;font-weight:500\">Request details</h2>\n"
       << "<dl class=\"details\">\n";
  for (auto const& [name, value] : request_params) {
    body << "<dt>" << HtmlEscape(name) << "</dt><dd>" << HtmlEscape(value) << "</dd>\n";
  }
  body << "<dt>flowName</dt><dd>GeneralOAuthFlow</dd>\n</dl>\n";
  return Html(status, Page("Authorization Error", body.str()));
}

HttpAnswer ConsentPage(ConsentPageModel const& model) {
  std::ostringstream body;
  body << "<h1>" << HtmlEscape(model.client_name) << " wants access to your Google Account</h1>\n"
       << "<form method=\"post\" action=\"/o/oauth2/approval\">\n"
       << "<input type=\"hidden\" name=\"tx\" value=\"" << HtmlEscape(model.transaction_id)
       << "\">\n<fieldset>\n<legend>Choose an account</legend>\n";
  bool any_checked = false;
  for (std::size_t i = 0; i < model.users.size(); ++i) {
    auto const& user = *model.users[i];
    bool checked = model.selected_email.empty() ? i == 0 : user.email == model.selected_email;
    if (checked && any_checked) checked = false;
    any_checked = any_checked || checked;
    std::string id = "account-" + std::to_string(i);
    body << "<label class=\"account\" for=\"" << id << "\"><input type=\"radio\" name=\"account\" id=\""
         << id << "\" value=\"" << HtmlEscape(user.email) << "\"" << (checked ? " checked" : "")
         << " required><span>" << HtmlEscape(user.name) << "<small>" << HtmlEscape(user.email)
         << "</small></span></label>\n";
  }
  body << "</fieldset>\n<p id=\"scopes-heading\">This will allow "
       << HtmlEscape(model.client_name) << " to:</p>\n<ul class=\"scopes\" aria-labelledby=\"scopes-heading\">\n";
  for (auto const& scope : model.scopes) {
    body << "<li>" << HtmlEscape(DescribeScope(scope).value_or(scope)) << "<br><code>"
         << HtmlEscape(scope) << "</code></li>\n";
  }
  body << "</ul>\n<p>Make sure you trust " << HtmlEscape(model.client_name)
       << ". You can remove access at any time in your Google Account.</p>\n"
       << "<div class=\"buttons\">\n"
       << "<button type=\"submit\" name=\"decision\" value=\"deny\" id=\"deny\">Deny</button>\n"
       << "<button type=\"submit\" name=\"decision\" value=\"allow\" id=\"allow\" class=\"primary\">"
          "Allow</button>\n</div>\n</form>\n";
  return Html(200, Page("Sign in - Google Accounts", body.str()));
}

HttpAnswer OobSuccessPage(std::string const& code, bool auto_close) {
  std::ostringstream body;
  if (auto_close) {
    body << "<h1>Success</h1>\n<p>Please close this window and return to your application.</p>\n";
  } else {
    body << "<h1>Sign in</h1>\n<p><label for=\"code\">Please copy this code, switch to your "
            "application and paste it there:</label></p>\n"
         << "<textarea id=\"code\" class=\"code\" readonly rows=\"3\" style=\"width:100%;box-sizing:"
            "border-box\" onfocus=\"this.select()\">"
         << HtmlEscape(code) << "</textarea>\n";
  }
  return Html(200, Page("Success code=" + code, body.str()));
}

HttpAnswer OobDeniedPage(bool auto_close) {
  std::string body = auto_close
                         ? "<h1>Denied</h1>\n<p>Access was denied. Please close this window.</p>\n"
                         : "<h1>Denied</h1>\n<p>Access was denied. Return to your application.</p>\n";
  return Html(200, Page("Denied error=access_denied", body));
}

HttpAnswer DeviceEntryPage(std::string const& error_message) {
  std::ostringstream body;
  body << "<h1>Connect a device</h1>\n<form method=\"post\" action=\"/device\">\n"
       << "<label class=\"field\" for=\"user_code\">Enter the code displayed on your device</label>\n"
       << "<input type=\"text\" id=\"user_code\" name=\"user_code\" autocomplete=\"off\" "
          "autocapitalize=\"characters\" spellcheck=\"false\" required"
       << (error_message.empty() ? "" : " aria-invalid=\"true\" aria-describedby=\"code-error\"")
       << ">\n";
  if (!error_message.empty()) {
    body << "<p class=\"error\" id=\"code-error\" role=\"alert\">" << HtmlEscape(error_message)
         << "</p>\n";
  }
  body << "<div class=\"buttons\"><button type=\"submit\" class=\"primary\">Next</button></div>\n"
       << "</form>\n";
  return Html(error_message.empty() ? 200 : 400, Page("Connect a device", body.str()));
}

HttpAnswer DeviceDonePage(bool approved, std::string const& client_name) {
  std::string body =
      approved ? "<h1>Success</h1>\n<p>" + HtmlEscape(client_name) +
                     " now has access to your Google Account. You can return to your device.</p>\n"
               : "<h1>Access denied</h1>\n<p>You denied access to " + HtmlEscape(client_name) +
                     ". You can close this page.</p>\n";
  return Html(200, Page(approved ? "Success" : "Denied", body));
}

}  // namespace gauthflow::mockserver
