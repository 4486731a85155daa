#ifndef GAUTHFLOW_CLI_REDACT_H_
#define GAUTHFLOW_CLI_REDACT_H_

#include <string>
#include <string_view>

#include "gauthflow/http_client.h"
#include "gauthflow/error.h"

namespace gauthflow::cli {

inline constexpr char kRedacted[] = "REDACTED";

// Parameter and JSON member names whose values are secrets: tokens, codes, client secrets,
// PKCE verifiers, state, device codes.
bool IsSecretName(std::string_view name);

// The URL with the value of every secret query parameter replaced by REDACTED.
std::string RedactUrl(std::string_view url);
// An application/x-www-form-urlencoded body, likewise.
std::string RedactForm(std::string_view body);
// A JSON body with the string values of secret members replaced, at any depth; a body that is
// not JSON is not shown at all ("(N bytes, not JSON)").
std::string RedactJson(std::string_view body);
// A header value: Authorization, Cookie and Set-Cookie keep only their scheme; Location goes
// through RedactUrl.
std::string RedactHeader(std::string_view name, std::string_view value);
// Chooses by Content-Type: forms, JSON, and anything else only as a size (an HTML page may
// hold an OOB code in its title).
std::string RedactBody(HttpHeaders const& headers, std::string_view body);

// The -v log of one HTTP exchange: "> METHOD URL", request headers and body, then "< STATUS",
// response headers and body, or "! error". Everything secret is redacted.
std::string DescribeExchange(HttpRequest const& request, Result<HttpResponse> const& result);

// Text from a server (error, error_description, names, emails) made safe for a terminal: every
// C0 control (0x00-0x1F, newline and tab included unless `keep_line_breaks`), DEL, every C1
// control (U+0080-U+009F, whether UTF-8 encoded or a raw 8-bit byte such as 0x9B, CSI) and any
// byte that is not part of valid UTF-8 is shown as a visible escape ("\x1b", "\u009b"), so an
// ESC sequence arrives as inert text and cannot recolour, move the cursor, retitle the window
// or forge a line. Valid UTF-8 text otherwise passes unchanged. With `keep_line_breaks`, '\n'
// and '\t' pass (for whole messages composed by gauthflow, where they are layout).
std::string TerminalSafe(std::string_view text, bool keep_line_breaks = false);

}  // namespace gauthflow::cli

#endif  // GAUTHFLOW_CLI_REDACT_H_
