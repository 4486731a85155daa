#ifndef GAUTHFLOW_TESTS_MOCKSERVER_DRIVE_TESTING_H_
#define GAUTHFLOW_TESTS_MOCKSERVER_DRIVE_TESTING_H_

// Helpers shared by the drive_*_test.cc files: callers with scopes, a fixed clock instant,
// and JSON parsing of answers.

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include "drive/drive_scopes.h"
#include "drive/drive_service.h"
#include "http_answer.h"

namespace gauthflow::mockserver::testing {

using Query = std::vector<std::pair<std::string, std::string>>;

inline constexpr char kAlice[] = "alice@example.com";

// 2024-06-01T12:00:00Z: generated corpora are laid out before it.
inline std::chrono::system_clock::time_point FixedNow() {
  return std::chrono::system_clock::time_point(std::chrono::seconds(1717243200));
}

inline DriveCaller Caller(std::vector<std::string> scopes, std::string email = kAlice) {
  return DriveCaller{email, "Alice Example", std::move(scopes)};
}

inline DriveCaller ReadonlyCaller() { return Caller({kDriveReadonlyScope}); }

inline Poco::JSON::Object::Ptr Json(HttpAnswer const& answer) {
  Poco::JSON::Parser parser;
  return parser.parse(answer.body).extract<Poco::JSON::Object::Ptr>();
}

inline Poco::JSON::Object::Ptr ErrorItem(HttpAnswer const& answer) {
  return Json(answer)->getObject("error")->getArray("errors")->getObject(0);
}

inline std::string ErrorMessage(HttpAnswer const& answer) {
  return Json(answer)->getObject("error")->getValue<std::string>("message");
}

inline std::vector<std::string> Keys(Poco::JSON::Object::Ptr const& object) {
  std::vector<std::string> keys;
  for (auto const& entry : *object) keys.push_back(entry.first);
  return keys;
}

inline std::string Header(HttpAnswer const& answer, std::string const& name) {
  for (auto const& [key, value] : answer.headers) {
    if (key == name) return value;
  }
  return "";
}

}  // namespace gauthflow::mockserver::testing

#endif  // GAUTHFLOW_TESTS_MOCKSERVER_DRIVE_TESTING_H_
