#ifndef GAUTHFLOW_CLI_OPTIONS_H_
#define GAUTHFLOW_CLI_OPTIONS_H_

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "gauthflow/cli/command_line.h"
#include "gauthflow/drive.h"
#include "gauthflow/error.h"
#include "gauthflow/redirect_mode.h"

namespace gauthflow::cli {

// Reads one environment variable; std::nullopt when unset. Options never read the process
// environment themselves, so that parsing stays a pure, tested function.
using Environment = std::function<std::optional<std::string>(std::string const& name)>;

// Environment variables the command reads.
inline constexpr char kEnvClientSecrets[] = "GAUTHFLOW_CLIENT_SECRETS";
inline constexpr char kEnvEndpointBase[] = "GAUTHFLOW_ENDPOINT_BASE";
inline constexpr char kEnvCredentials[] = "GAUTHFLOW_CREDENTIALS";
// The first retry delay of the token endpoint in milliseconds (default 1000, doubling); for
// tests that make the fake fail on purpose.
inline constexpr char kEnvRetryDelayMs[] = "GAUTHFLOW_RETRY_DELAY_MS";

inline constexpr char kDefaultScopes[] = "openid email drive.metadata.readonly";
inline constexpr int kDefaultPastePort = 8085;  // gcloud's first port
inline constexpr std::chrono::seconds kMaxTimeout{7 * 24 * 3600};
// --http-timeout: the deadline of each HTTP exchange (connect, send, the whole response).
inline constexpr std::chrono::seconds kDefaultHttpTimeout{60};
inline constexpr std::chrono::seconds kMaxHttpTimeout{3600};

struct GlobalOptions {
  std::optional<std::string> endpoint_base{};  // --endpoint-base, else $GAUTHFLOW_ENDPOINT_BASE
  std::string ca_file{};
  // Only with --endpoint-base: plain http:// to that base is allowed even for a host that is
  // not a loopback address. (Core already allows http:// to loopback hosts.)
  bool allow_insecure_transport = false;
  std::string credentials_path{};  // empty when neither $XDG_CONFIG_HOME nor $HOME is set
  int verbosity = 0;
  std::chrono::milliseconds retry_initial_delay{1000};
  std::chrono::seconds http_timeout = kDefaultHttpTimeout;  // --http-timeout
};

enum class LoginMode { kLoopback, kOob, kOobAuto, kPaste, kDevice };
std::string LoginModeName(LoginMode mode);

// What --scripted-browser does on the consent page.
struct ScriptedDecision {
  bool allow = true;
  std::string account{};  // empty: the account the page preselects
};

// How the redirect comes back; shared by login and demo.
struct RedirectOptions {
  LoginMode mode = LoginMode::kLoopback;
  LoopbackRedirect loopback{};  // host, port, trailing slash (paste mode: the pasted target)
  std::chrono::seconds timeout{300};
};

struct LoginOptions {
  std::string client_secrets{};  // --client-secrets, else $GAUTHFLOW_CLIENT_SECRETS
  std::vector<std::string> scopes{};
  RedirectOptions redirect{};
  bool open_browser = true;
  std::optional<std::string> login_hint{};
  std::optional<std::string> prompt{};
  std::optional<ScriptedDecision> scripted_browser{};
};

enum class TokenFormat { kBare, kHeader, kJson };
struct TokenOptions {
  TokenFormat format = TokenFormat::kBare;
};

struct InfoOptions {
  bool json = false;
};

struct DriveLsOptions {
  DriveListRequest request{};
  bool all = false;
  bool json = false;
};

struct DemoOptions {
  RedirectOptions redirect{};
  bool real_browser = false;
};

// Each is a pure function of the parsed command line and the environment; errors are
// kInvalidArgument naming the flag (the CLI exits 2).
Result<GlobalOptions> ParseGlobalOptions(CommandLine const& line, Environment const& env);
Result<LoginOptions> ParseLoginOptions(CommandLine const& line, Environment const& env);
Result<TokenOptions> ParseTokenOptions(CommandLine const& line);
Result<InfoOptions> ParseInfoOptions(CommandLine const& line);
Result<DriveLsOptions> ParseDriveLsOptions(CommandLine const& line);
Result<DemoOptions> ParseDemoOptions(CommandLine const& line);

// "--scopes 'openid, drive.file' --scopes email" -> {"openid", "drive.file", "email"}.
std::vector<std::string> SplitScopeList(std::vector<std::string> const& values);

// The default credentials file: $XDG_CONFIG_HOME/gauthflow/credentials.json, else
// $HOME/.config/gauthflow/credentials.json (XDG Base Directory spec); "" when neither is set.
std::string DefaultCredentialsPath(Environment const& env);

}  // namespace gauthflow::cli

#endif  // GAUTHFLOW_CLI_OPTIONS_H_
