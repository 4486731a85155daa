#ifndef GAUTHFLOW_MOCKSERVER_DRIVE_GATEWAY_H_
#define GAUTHFLOW_MOCKSERVER_DRIVE_GATEWAY_H_

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "gauthflow/mockserver/server_config.h"
#include "http_answer.h"
#include "request.h"

namespace gauthflow::mockserver {

// Who is calling Drive, after Bearer authentication.
struct DriveIdentity {
  std::string user_email;
  std::string display_name;
  std::vector<std::string> scopes;
};

// The seam between the OAuth server and the Drive v3 module (mockserver/src/drive/, written
// separately): seeding files from config and the admin API, and answering /drive/v3 requests
// for a caller the server has already authenticated.
class DriveGateway {
 public:
  DriveGateway();
  ~DriveGateway();
  DriveGateway(DriveGateway const&) = delete;
  DriveGateway& operator=(DriveGateway const&) = delete;

  // Replaces all files with the configured ones (and config.generate_files synthetic ones for the
  // first user). An error message naming the user and file on bad file JSON.
  std::optional<std::string> Seed(ServerConfig const& config,
                                  std::chrono::system_clock::time_point now);
  // Adds (or, with `replace`, replaces) a user's files from a JSON array of file objects.
  std::optional<std::string> PutFiles(std::string const& user_email, std::string const& json_array,
                                      bool replace);
  // `path` is the part after /drive/v3.
  HttpAnswer Handle(std::string const& method, std::string const& path, Params const& query,
                    DriveIdentity const& caller) const;
  std::string DiscoveryDocument(std::string const& base_url) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace gauthflow::mockserver

#endif  // GAUTHFLOW_MOCKSERVER_DRIVE_GATEWAY_H_
