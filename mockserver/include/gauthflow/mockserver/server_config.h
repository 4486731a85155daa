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

// The most synthetic Drive files (ServerConfig::generate_files): about 2.5 GB resident at
// ~250 bytes a file, and their generated times stay within the years Drive can show.
inline constexpr int kMaxGeneratedFiles = 10'000'000;

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

// Sizes, deadlines and counts that protect the server from misbehaving clients. What a client
// sees when it reaches each one is in mockserver/README.md, "Serving model and limits".
struct ServerLimits {
  std::size_t max_body_bytes = 64 * 1024;          // larger bodies: 413
  std::size_t max_request_line_bytes = 8 * 1024;   // longer request line: 414
  std::size_t max_header_line_bytes = 8 * 1024;    // longer header field line: 431
  std::size_t max_header_count = 100;              // more header fields: 431
  std::size_t max_header_bytes = 64 * 1024;        // all header fields together: 431
  // From accept (or from the first byte of a later request) to the end of the headers; bounds
  // the TLS handshake and a client that dribbles its headers. Partial request: 408, then close.
  std::chrono::milliseconds header_timeout{30'000};
  std::chrono::milliseconds idle_timeout{60'000};  // a keep-alive connection between requests
  std::chrono::milliseconds body_timeout{30'000};  // end of headers to end of body: 408
  std::chrono::milliseconds write_timeout{30'000};  // a client that does not read its answer
  int max_connections = 16'384;  // beyond: 503 with a Google-shaped error, then close
  int max_queued_connections = 1024;  // the listen backlog
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
  // Serving threads: event loops that accept, read and write connections and run the routes
  // (see mockserver/README.md, "Serving model and limits"). Connections do not need threads.
  int threads = 2;
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
