#ifndef GAUTHFLOW_MOCKSERVER_SERVER_CONFIG_H_
#define GAUTHFLOW_MOCKSERVER_SERVER_CONFIG_H_

#include <chrono>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <tl/expected.hpp>

namespace gauthflow::mockserver {

// Grant types a client may use at the token endpoint.
inline constexpr char kGrantAuthorizationCode[] = "authorization_code";
inline constexpr char kGrantRefreshToken[] = "refresh_token";
inline constexpr char kGrantDeviceCode[] = "urn:ietf:params:oauth:grant-type:device_code";

enum class ClientType { kInstalled, kWeb };

// An OAuth client as registered in the Google Cloud console.
struct ClientConfig {
  std::string id;
  std::string secret;
  ClientType type = ClientType::kInstalled;
  std::string name = "gauthflow demo";  // shown on the consent page
  std::vector<std::string> redirect_uris;
  std::vector<std::string> allowed_grants;  // empty: all three grant types
};

// A Google account that can sign in on the consent page.
struct UserConfig {
  std::string email;
  std::string name;
  std::string given_name;
  std::string family_name;
  std::string picture;
  std::string sub;  // empty: derived from the email (a stable 21-digit number, like Google's)
};

// Sizes and timeouts that protect the server from misbehaving clients.
struct ServerLimits {
  std::size_t max_body_bytes = 64 * 1024;          // larger bodies get 413
  std::chrono::seconds io_timeout{30};              // a client that stops sending is dropped
  std::chrono::seconds keep_alive_timeout{10};
  int max_queued_connections = 256;
  std::size_t journal_capacity = 10'000;           // oldest journal entries are dropped first
};

// The whole configuration, immutable once the server is constructed.
struct ServerConfig {
  std::string host = "127.0.0.1";
  int port = 0;  // 0: an ephemeral port, read back with FakeGoogleServer::base_url()
  std::vector<ClientConfig> clients;
  std::vector<UserConfig> users;
  // Drive files per user email, each one a JSON object (Drive v3 file resource fields), kept as
  // text so that this header stays free of JSON types; the Drive module parses them at start.
  std::map<std::string, std::vector<std::string>> files_json;
  int generate_files = 0;  // extra deterministic synthetic files for the first user
  // Set: no consent page, approve at once as this user ("" = the first user).
  std::optional<std::string> auto_approve_user;
  bool oob_blocked = false;  // Google's behaviour since 2023-01-31
  // The `iss` of id_tokens and the discovery document's `issuer`; "" = the base URL. Set it to
  // "https://accounts.google.com" for clients that accept only Google's issuer (google-auth's
  // verify_oauth2_token, and the check its documentation tells applications to make).
  std::string id_token_issuer;
  // The base URL to advertise (discovery documents, id_token iss, verification_url, Drive's
  // rootUrl) when clients reach the server by another address than the one it binds, e.g.
  // "http://mockserver:8080" for a container bound to 0.0.0.0. Empty: the bound address.
  std::string public_url;
  std::string tls_cert_file;  // both set: HTTPS
  std::string tls_key_file;
  int threads = 8;
  ServerLimits limits;
};

// The built-in defaults: one installed client, one user, a few Drive files. The binary starts
// with these when no --config is given.
ServerConfig DefaultServerConfig();

// Reads a --config JSON document (format in mockserver/README.md). Sections present in the
// document ("clients", "users", "files") replace those of `base`; absent ones are kept.
// The error message names `source` and the offending field.
tl::expected<ServerConfig, std::string> ParseServerConfig(std::string const& json_text,
                                                         std::string const& source,
                                                         ServerConfig base);

// A human-readable summary of clients, users and file counts (secrets included: they are
// fake and the user needs them to configure a client).
std::string DescribeServerConfig(ServerConfig const& config);

}  // namespace gauthflow::mockserver

#endif  // GAUTHFLOW_MOCKSERVER_SERVER_CONFIG_H_
