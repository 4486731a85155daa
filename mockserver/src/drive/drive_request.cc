#include "drive/drive_request.h"

#include <sstream>

#include "drive/drive_errors.h"

namespace gauthflow::mockserver {

std::optional<std::string> DriveParams::Get(std::string_view name) const {
  for (auto const& [key, value] : query_) {
    if (key == name) return value.empty() ? std::nullopt : std::optional<std::string>(value);
  }
  return std::nullopt;
}

bool DriveParams::Bool(std::string_view name, bool fallback, bool& out, HttpAnswer& error) const {
  std::optional<std::string> const value = Get(name);
  if (!value) {
    out = fallback;
    return true;
  }
  if (*value == "true" || *value == "false") {
    out = *value == "true";
    return true;
  }
  error = DriveInvalidValue(std::string(name));
  return false;
}

bool DriveParams::Standard(bool allow_media, bool& media, bool& pretty, HttpAnswer& error) const {
  std::optional<std::string> const alt = Get("alt");
  media = alt && *alt == "media";
  if (alt && *alt != "json" && !(allow_media && media)) {
    error = DriveInvalidValue("alt");
    return false;
  }
  return Bool("prettyPrint", true, pretty, error);
}

HttpAnswer DriveJsonAnswer(Poco::JSON::Object const& object, bool pretty) {
  std::ostringstream body;
  if (pretty) {
    object.stringify(body, 2);
  } else {
    object.stringify(body);
  }
  HttpAnswer answer;
  answer.body = body.str();
  return answer;
}

}  // namespace gauthflow::mockserver
