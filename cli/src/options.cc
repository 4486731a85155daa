#include "gauthflow/cli/options.h"

#include <algorithm>
#include <charconv>
#include <cstdint>

#include "gauthflow/endpoints.h"
#include "gauthflow/scopes.h"

namespace gauthflow::cli {
namespace {

tl::unexpected<Error> Usage(std::string message) {
  return MakeError(ErrorCode::kInvalidArgument, std::move(message));
}

// A whole number in [min, max], or a usage error naming the flag.
Result<std::int64_t> Integer(std::string const& flag, std::string const& text, std::int64_t min,
                             std::int64_t max) {
  std::int64_t value = 0;
  auto const* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc() || ptr != end) {
    return Usage("--" + flag + " must be a whole number, not \"" + text + "\"");
  }
  if (value < min || value > max) {
    return Usage("--" + flag + " must be between " + std::to_string(min) + " and " +
                 std::to_string(max) + ", not " + text);
  }
  return value;
}

Result<RedirectOptions> ParseRedirectOptions(CommandLine const& line) {
  RedirectOptions options;
  if (auto mode = line.Get("mode")) {
    // The names are the command table's choices for --mode, which the parser checked.
    bool known = false;
    for (auto candidate : {LoginMode::kLoopback, LoginMode::kOob, LoginMode::kOobAuto,
                           LoginMode::kPaste, LoginMode::kDevice}) {
      if (LoginModeName(candidate) == *mode) {
        options.mode = candidate;
        known = true;
      }
    }
    if (!known) return Usage("--mode: no mode \"" + *mode + "\"; see gauthflow login --help");
  }
  if (auto host = line.Get("host")) {
    // Core's one loopback-redirect check decides, so that --host and the listener agree.
    LoopbackRedirect candidate;
    candidate.host = *host;
    auto endpoint = ValidateLoopbackRedirect(candidate);
    if (!endpoint) {
      return Usage("--host must be 127.0.0.1, localhost or ::1 (a loopback redirect, RFC 8252 "
                   "§7.3), not \"" + *host + "\"");
    }
    options.loopback.host = endpoint->uri_host;
  }
  if (auto port = line.Get("port")) {
    auto value = Integer("port", *port, 0, 65535);
    if (!value) return tl::unexpected(value.error());
    options.loopback.port = static_cast<int>(*value);
  }
  options.loopback.trailing_slash = !line.Has("no-trailing-slash");
  if (auto timeout = line.Get("timeout")) {
    auto value = Integer("timeout", *timeout, 1, kMaxTimeout.count());
    if (!value) return tl::unexpected(value.error());
    options.timeout = std::chrono::seconds(*value);
  }
  if (options.mode == LoginMode::kPaste && options.loopback.port == 0) {
    // The browser is redirected to a port on another machine where nothing listens: the URI
    // must be known before the flow starts, so an ephemeral port cannot work.
    options.loopback.port = kDefaultPastePort;
  }
  bool const loopback_flags = line.Has("host") || line.Has("port") || line.Has("no-trailing-slash");
  if (loopback_flags && options.mode != LoginMode::kLoopback && options.mode != LoginMode::kPaste) {
    return Usage("--host, --port and --no-trailing-slash apply to --mode loopback and paste only");
  }
  return options;
}

}  // namespace

std::string LoginModeName(LoginMode mode) {
  switch (mode) {
    case LoginMode::kLoopback: return "loopback";
    case LoginMode::kOob: return "oob";
    case LoginMode::kOobAuto: return "oob-auto";
    case LoginMode::kPaste: return "paste";
    case LoginMode::kDevice: return "device";
  }
  return "?";
}

std::vector<std::string> SplitScopeList(std::vector<std::string> const& values) {
  std::vector<std::string> scopes;
  for (auto value : values) {
    for (auto& c : value) {
      if (c == ',') c = ' ';
    }
    for (auto& scope : SplitScopes(value)) {
      if (std::find(scopes.begin(), scopes.end(), scope) == scopes.end()) {
        scopes.push_back(std::move(scope));
      }
    }
  }
  return scopes;
}

std::string DefaultCredentialsPath(Environment const& env) {
  // XDG Base Directory spec: an empty or relative $XDG_CONFIG_HOME is ignored.
  if (auto xdg = env("XDG_CONFIG_HOME"); xdg && !xdg->empty() && xdg->front() == '/') {
    return *xdg + "/gauthflow/credentials.json";
  }
  if (auto home = env("HOME"); home && !home->empty()) {
    return *home + "/.config/gauthflow/credentials.json";
  }
  return {};
}

Result<GlobalOptions> ParseGlobalOptions(CommandLine const& line, Environment const& env) {
  GlobalOptions options;
  options.verbosity = line.verbosity;
  options.endpoint_base = line.Get("endpoint-base");
  if (!options.endpoint_base) {
    if (auto base = env(kEnvEndpointBase); base && !base->empty()) options.endpoint_base = base;
  }
  if (options.endpoint_base) {
    if (auto endpoints = EndpointsAtBase(*options.endpoint_base); !endpoints) {
      return Usage("--endpoint-base: " + endpoints.error().message);
    }
  }
  if (auto ca = line.Get("ca-file")) {
    if (ca->empty()) return Usage("--ca-file needs a file name");
    options.ca_file = *ca;
  }
  if (line.Has("allow-insecure-loopback")) {
    if (!options.endpoint_base) {
      return Usage("--allow-insecure-loopback only applies to the --endpoint-base server; give "
                   "--endpoint-base (or $GAUTHFLOW_ENDPOINT_BASE) too");
    }
    options.allow_insecure_transport = true;
  }
  if (auto path = line.Get("credentials")) {
    if (path->empty()) return Usage("--credentials needs a file name");
    options.credentials_path = *path;
  } else if (auto from_env = env(kEnvCredentials); from_env && !from_env->empty()) {
    options.credentials_path = *from_env;
  } else {
    options.credentials_path = DefaultCredentialsPath(env);
  }
  if (auto timeout = line.Get("http-timeout")) {
    auto value = Integer("http-timeout", *timeout, 1, kMaxHttpTimeout.count());
    if (!value) return tl::unexpected(value.error());
    options.http_timeout = std::chrono::seconds(*value);
  }
  if (auto delay = env(kEnvRetryDelayMs); delay && !delay->empty()) {
    auto value = Integer(kEnvRetryDelayMs, *delay, 0, 60'000);
    if (!value) return Usage("$" + std::string(kEnvRetryDelayMs) + " must be 0..60000 ms");
    options.retry_initial_delay = std::chrono::milliseconds(*value);
  }
  return options;
}

Result<LoginOptions> ParseLoginOptions(CommandLine const& line, Environment const& env) {
  LoginOptions options;
  auto scope_values = line.GetAll("scopes");
  if (scope_values.empty()) scope_values.push_back(kDefaultScopes);
  options.scopes = SplitScopeList(scope_values);
  if (options.scopes.empty()) return Usage("--scopes is empty: name at least one scope");

  auto redirect = ParseRedirectOptions(line);
  if (!redirect) return tl::unexpected(redirect.error());
  options.redirect = *redirect;
  options.open_browser = !line.Has("no-browser");
  options.login_hint = line.Get("login-hint");
  if (auto prompt = line.Get("prompt")) {
    // Its words are the table's choices (the parser checked); OpenID Connect Core 1.0
    // §3.1.2.1: "none" with any other value is an error.
    if (prompt->find("none") != std::string::npos && *prompt != "none") {
      return Usage("--prompt none cannot be combined with other values");
    }
    options.prompt = *prompt;
  }
  if (auto action = line.Get("scripted-browser")) {
    ScriptedDecision decision;
    if (*action == "deny") {
      decision.allow = false;
    } else if (*action == "allow") {
      decision.allow = true;
    } else if (action->rfind("allow:", 0) == 0 && action->size() > 6) {
      decision.account = action->substr(6);
    } else {
      return Usage("--scripted-browser must be allow, allow:EMAIL or deny, not \"" + *action +
                   "\"");
    }
    if (line.Has("no-browser")) {
      return Usage("--scripted-browser and --no-browser exclude each other");
    }
    options.scripted_browser = decision;
  }
  // Last, so that a mistyped flag is reported before a missing client.
  if (auto secrets = line.Get("client-secrets")) {
    options.client_secrets = *secrets;
  } else if (auto from_env = env(kEnvClientSecrets)) {
    options.client_secrets = *from_env;
  }
  if (options.client_secrets.empty()) {
    return Usage("login needs the OAuth client: --client-secrets FILE (a Desktop client's "
                 "client_secret.json) or $" + std::string(kEnvClientSecrets));
  }
  return options;
}

Result<TokenOptions> ParseTokenOptions(CommandLine const& line) {
  TokenOptions options;
  if (auto format = line.Get("format")) {
    if (*format == "bare") {
      options.format = TokenFormat::kBare;
    } else if (*format == "header") {
      options.format = TokenFormat::kHeader;
    } else if (*format == "json") {
      options.format = TokenFormat::kJson;
    } else {
      return Usage("--format: no format \"" + *format + "\"; see gauthflow token --help");
    }
  }
  return options;
}

Result<InfoOptions> ParseInfoOptions(CommandLine const& line) {
  InfoOptions options;
  if (auto format = line.Get("format")) {
    options.json = *format == "json";  // else "text": the table's choices, checked by the parser
  }
  return options;
}

Result<DriveLsOptions> ParseDriveLsOptions(CommandLine const& line) {
  DriveLsOptions options;
  // The seed's example: the five files the user modified most recently.
  options.request.order_by = line.Get("order-by").value_or("modifiedByMeTime desc");
  options.request.page_size = 5;
  if (auto size = line.Get("page-size")) {
    auto value = Integer("page-size", *size, 1, 1000);
    if (!value) return tl::unexpected(value.error());
    options.request.page_size = static_cast<int>(*value);
  }
  options.request.query = line.Get("query").value_or("");
  options.request.fields =
      line.Get("fields").value_or("nextPageToken,files(id,name,mimeType,modifiedTime)");
  options.all = line.Has("all");
  if (auto format = line.Get("format")) {
    options.json = *format == "json";  // else "table": the table's choices, checked by the parser
  }
  if (options.all && !options.request.fields.empty() &&
      options.request.fields.find("nextPageToken") == std::string::npos &&
      options.request.fields.find('*') == std::string::npos) {
    // Without it in the partial response there is no way to reach the next page.
    options.request.fields = "nextPageToken," + options.request.fields;
  }
  return options;
}

Result<DemoOptions> ParseDemoOptions(CommandLine const& line) {
  DemoOptions options;
  auto redirect = ParseRedirectOptions(line);
  if (!redirect) return tl::unexpected(redirect.error());
  options.redirect = *redirect;
  options.real_browser = line.Has("browser");
  return options;
}

}  // namespace gauthflow::cli
