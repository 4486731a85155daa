#include "http/http_message.h"

#include <Poco/String.h>

namespace gauthflow::mockserver::http {

std::string_view HttpRequest::Header(std::string_view name) const {
  for (auto const& [key, value] : headers) {
    if (key.size() == name.size() && Poco::icompare(key, std::string(name)) == 0) return value;
  }
  return {};
}

}  // namespace gauthflow::mockserver::http
