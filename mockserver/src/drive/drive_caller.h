#ifndef GAUTHFLOW_MOCKSERVER_DRIVE_DRIVE_CALLER_H_
#define GAUTHFLOW_MOCKSERVER_DRIVE_DRIVE_CALLER_H_

#include <string>
#include <vector>

namespace gauthflow::mockserver {

// Who made a Drive request, as the server's Bearer authentication found them: the user the
// access token was issued for and the scopes it grants (full URLs).
struct DriveCaller {
  std::string user_email;
  std::string display_name;
  std::vector<std::string> scopes;
};

}  // namespace gauthflow::mockserver

#endif  // GAUTHFLOW_MOCKSERVER_DRIVE_DRIVE_CALLER_H_
