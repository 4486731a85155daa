#ifndef GAUTHFLOW_MOCKSERVER_DRIVE_DRIVE_REQUEST_H_
#define GAUTHFLOW_MOCKSERVER_DRIVE_DRIVE_REQUEST_H_

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <Poco/JSON/Object.h>

#include "http_answer.h"

namespace gauthflow::mockserver {

// The decoded query parameters of one Drive request. A parameter given twice counts once
// (its first value); an empty value counts as absent, as `fields=` does on Google.
class DriveParams {
 public:
  explicit DriveParams(std::vector<std::pair<std::string, std::string>> const& query) : query_(query) {}

  std::optional<std::string> Get(std::string_view name) const;

  // Booleans are "true" or "false"; anything else is 400 Invalid Value for that parameter.
  bool Bool(std::string_view name, bool fallback, bool& out, HttpAnswer& error) const;

  // The standard parameters every method takes (https://cloud.google.com/apis/docs/system-parameters):
  // `alt` (json, or media where `allow_media`), `prettyPrint`; `key`, `quotaUser`, `userIp`,
  // `oauth_token`, `access_token`, `callback`, `$.xgafv` are accepted and ignored.
  bool Standard(bool allow_media, bool& media, bool& pretty, HttpAnswer& error) const;

 private:
  std::vector<std::pair<std::string, std::string>> const& query_;
};

// A 200 JSON answer; `pretty` as Google's prettyPrint (on by default).
HttpAnswer DriveJsonAnswer(Poco::JSON::Object const& object, bool pretty);

}  // namespace gauthflow::mockserver

#endif  // GAUTHFLOW_MOCKSERVER_DRIVE_DRIVE_REQUEST_H_
