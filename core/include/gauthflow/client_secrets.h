#ifndef GAUTHFLOW_CLIENT_SECRETS_H_
#define GAUTHFLOW_CLIENT_SECRETS_H_

#include <string>
#include <string_view>
#include <vector>

#include "gauthflow/endpoints.h"
#include "gauthflow/error.h"

namespace gauthflow {

enum class ClientType { kInstalled, kWeb };

// Google's downloaded client_secret.json: {"installed": {...}} or {"web": {...}}.
struct ClientSecrets {
  ClientType type = ClientType::kInstalled;
  std::string client_id;
  std::string client_secret;
  std::string auth_uri = kGoogleAuthUri;
  std::string token_uri = kGoogleTokenUri;
  std::vector<std::string> redirect_uris;
  std::string project_id;
  std::string auth_provider_x509_cert_url;
};

// Parses the JSON text. `source` names where it came from (a path, "<memory>") in every error.
// Required: client_id; client_secret (Google issues one to installed and web clients alike).
// auth_uri and token_uri default to Google's when absent.
Result<ClientSecrets> ParseClientSecrets(std::string_view json, std::string_view source);

// Reads and parses a file: kFileNotFound, kFileUnreadable, then ParseClientSecrets' errors.
Result<ClientSecrets> LoadClientSecretsFile(std::string const& path);

// Google's endpoints with this client file's own auth_uri and token_uri: what InstalledAppFlow
// uses when it is given no Endpoints.
Endpoints EndpointsFor(ClientSecrets const& secrets);

}  // namespace gauthflow

#endif  // GAUTHFLOW_CLIENT_SECRETS_H_
