// interop_credentials_tool: gauthflow's own credentials file code (FileCredentialsStore, the
// authorized_user format) and token refresh, for the Python interop tests — until the CLI can
// play this part. Not a product: no retries beyond TokenClient's, terse usage.
//
//   interop_credentials_tool save FILE --token-uri URI --client-id ID --client-secret SECRET
//                            --refresh-token TOKEN [--access-token TOKEN --expires-in SECONDS]
//                            [--scope SCOPE]...
//       writes FILE as gauthflow does after a login.
//   interop_credentials_tool refresh FILE --drive-files URL [--ca-file PEM]
//       loads FILE (written by gauthflow or by Google's Python tools), refreshes at its
//       token_uri, GETs URL with the new access token and prints the answer's body; exit 0 only
//       when both the refresh and the Drive call succeeded. Errors: one line on stderr.
#include <chrono>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "gauthflow/credentials_store.h"
#include "gauthflow/poco/poco_http_client.h"
#include "gauthflow/poco/system_clock.h"
#include "gauthflow/token_client.h"

namespace {

struct Args {
  std::string command;
  std::string file;
  std::map<std::string, std::string> options;
  std::vector<std::string> scopes;
};

bool ParseArgs(int argc, char** argv, Args& args) {
  if (argc < 3) return false;
  args.command = argv[1];
  args.file = argv[2];
  for (int i = 3; i + 1 < argc; i += 2) {
    std::string name = argv[i];
    if (name.rfind("--", 0) != 0) return false;
    if (name == "--scope") {
      args.scopes.emplace_back(argv[i + 1]);
    } else {
      args.options[name.substr(2)] = argv[i + 1];
    }
  }
  return (argc - 3) % 2 == 0;
}

std::string Option(Args const& args, std::string const& name) {
  auto it = args.options.find(name);
  return it == args.options.end() ? std::string() : it->second;
}

int Fail(std::string const& what, gauthflow::Error const& error) {
  std::cerr << "interop_credentials_tool: " << what << ": "
            << gauthflow::ErrorCodeName(error.code) << ": " << error.message << "\n";
  return 1;
}

int Save(Args const& args) {
  gauthflow::Credentials credentials;
  credentials.token_uri = Option(args, "token-uri");
  credentials.client_id = Option(args, "client-id");
  credentials.client_secret = Option(args, "client-secret");
  credentials.refresh_token = Option(args, "refresh-token");
  credentials.access_token = Option(args, "access-token");
  credentials.scopes = args.scopes;
  if (std::string expires_in = Option(args, "expires-in"); !expires_in.empty()) {
    credentials.expiry = std::chrono::system_clock::now() + std::chrono::seconds(std::stol(expires_in));
  }
  gauthflow::FileCredentialsStore store(args.file);
  if (auto saved = store.Save(credentials); !saved) return Fail("save", saved.error());
  return 0;
}

int Refresh(Args const& args) {
  gauthflow::FileCredentialsStore store(args.file);
  auto credentials = store.Load();
  if (!credentials) return Fail("load", credentials.error());
  if (!credentials->refresh_token) {
    std::cerr << "interop_credentials_tool: " << args.file << " has no refresh_token\n";
    return 1;
  }
  gauthflow::PocoHttpClientOptions http_options;
  http_options.ca_file = Option(args, "ca-file");
  auto http = gauthflow::PocoHttpClient::Create(http_options);
  if (!http) return Fail("http client", http.error());
  gauthflow::SystemClock clock;
  gauthflow::TokenClientConfig config;
  config.token_uri = credentials->token_uri;
  config.client_id = credentials->client_id;
  config.client_secret = credentials->client_secret;
  gauthflow::TokenClient client(**http, clock, config);
  auto refreshed = client.Refresh(*credentials->refresh_token);
  if (!refreshed) return Fail("refresh at " + credentials->token_uri, refreshed.error());

  gauthflow::HttpRequest request;
  request.url = Option(args, "drive-files");
  request.headers.emplace_back("Authorization", "Bearer " + refreshed->token.access_token);
  auto answer = (*http)->Send(request);
  if (!answer) return Fail("GET " + request.url, answer.error());
  std::cout << answer->body << std::endl;
  if (answer->status != 200) {
    std::cerr << "interop_credentials_tool: Drive answered " << answer->status << "\n";
    return 1;
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Args args;
  if (!ParseArgs(argc, argv, args) || (args.command != "save" && args.command != "refresh")) {
    std::cerr << "usage: interop_credentials_tool save|refresh FILE [--option VALUE]...\n";
    return 2;
  }
  return args.command == "save" ? Save(args) : Refresh(args);
}
