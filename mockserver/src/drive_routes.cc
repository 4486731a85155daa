// Drive v3 behind Bearer authentication, and the Drive discovery document. The Drive logic itself
// (listing, q, orderBy, fields, scope checks) lives in drive/drive_service.h; this file only
// authenticates the caller and adapts to that interface.
#include <sstream>

#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include "drive_gateway.h"
#include "routes.h"

#include "drive/drive_service.h"

namespace gauthflow::mockserver {
namespace {

constexpr char kRealm[] = "Bearer realm=\"https://accounts.google.com/\"";

// Parses a JSON array of objects; each object goes to `each` (which may fail with a message).
template <typename Each>
std::optional<std::string> ForEachObject(std::string const& json_array, std::string const& where,
                                         Each&& each) {
  Poco::JSON::Array::Ptr array;
  try {
    Poco::JSON::Parser parser;
    array = parser.parse(json_array).extract<Poco::JSON::Array::Ptr>();
  } catch (Poco::Exception const& e) {
    return where + ": not a JSON array: " + e.displayText();
  }
  if (!array) return where + ": not a JSON array";
  for (std::size_t i = 0; i < array->size(); ++i) {
    Poco::JSON::Object::Ptr object = array->getObject(static_cast<unsigned>(i));
    std::string item = where + "[" + std::to_string(i) + "]";
    if (!object) return item + " must be an object";
    if (auto error = each(*object, item)) return error;
  }
  return std::nullopt;
}

std::string JoinObjects(std::vector<std::string> const& objects) {
  std::string out = "[";
  for (std::size_t i = 0; i < objects.size(); ++i) out += (i ? "," : "") + objects[i];
  return out + "]";
}

}  // namespace

struct DriveGateway::Impl {
  DriveService service;
};

DriveGateway::DriveGateway() : impl_(std::make_unique<Impl>()) {}
DriveGateway::~DriveGateway() = default;

std::optional<std::string> DriveGateway::Seed(ServerConfig const& config,
                                              std::chrono::system_clock::time_point now) {
  if (config.generate_files < 0 || config.generate_files > kMaxGeneratedFiles) {
    return "--generate-files must be between 0 and " + std::to_string(kMaxGeneratedFiles);
  }
  impl_->service.Clear();
  for (auto const& [email, files] : config.files_json) {
    if (auto error = PutFiles(email, JoinObjects(files), /*replace=*/true)) return error;
  }
  if (config.generate_files > 0 && !config.users.empty()) {
    std::string const& owner = config.users.front().email;
    impl_->service.AddGeneratedFiles(owner, config.generate_files, now);
  }
  return std::nullopt;
}

std::optional<std::string> DriveGateway::PutFiles(std::string const& user_email,
                                                  std::string const& json_array, bool replace) {
  std::vector<DriveFile> files;
  auto error = ForEachObject(json_array, "files[\"" + user_email + "\"]",
                             [&](Poco::JSON::Object const& object,
                                 std::string const& where) -> std::optional<std::string> {
                               DriveFile file;
                               std::string message;
                               if (!ParseDriveFile(object, file, message)) return where + ": " + message;
                               files.push_back(std::move(file));
                               return std::nullopt;
                             });
  if (error) return error;
  if (replace) {
    impl_->service.ReplaceFiles(user_email, std::move(files));
  } else {
    impl_->service.AddFiles(user_email, std::move(files));
  }
  return std::nullopt;
}

HttpAnswer DriveGateway::Handle(std::string const& method, std::string const& path,
                                Params const& query, DriveIdentity const& caller) const {
  DriveCaller drive_caller;
  drive_caller.user_email = caller.user_email;
  drive_caller.display_name = caller.display_name;
  drive_caller.scopes = caller.scopes;
  return impl_->service.Handle(method, path, query, drive_caller);
}

std::string DriveGateway::DiscoveryDocument(std::string const& base_url) const {
  return impl_->service.DiscoveryDocument(base_url);
}


HttpAnswer HandleDrive(RouteContext& ctx, Request const& request) {
  auto token = ParseBearerAuthorization(request.authorization);
  if (!token) {
    // Google APIs without credentials: 401 "Login Required." (reason required).
    ApiErrorItem item;
    item.message = "Login Required.";
    item.reason = "required";
    item.location = "Authorization";
    item.location_type = "header";
    HttpAnswer answer = GoogleApiError(401, "UNAUTHENTICATED", item);
    answer.headers.emplace_back("WWW-Authenticate", kRealm);
    return answer;
  }
  auto record = ctx.tokens.LiveAccessToken(*token);
  auto user = record ? ctx.directory.FindUser(record->grant->user_email) : nullptr;
  if (!user) {
    // A bad, expired or revoked token (RFC 6750 §3.1 invalid_token).
    ApiErrorItem item;
    item.message = "Invalid Credentials";
    item.reason = "authError";
    item.location = "Authorization";
    item.location_type = "header";
    HttpAnswer answer = GoogleApiError(401, "UNAUTHENTICATED", item);
    answer.headers.emplace_back("WWW-Authenticate", std::string(kRealm) + ", error=\"invalid_token\"");
    return answer;
  }
  DriveIdentity caller;
  caller.user_email = user->email;
  caller.display_name = user->name;
  caller.scopes = record->grant->scopes;
  std::string path = request.path.substr(std::string("/drive/v3").size());
  return ctx.drive.Handle(request.method, path, request.query, caller);
}

HttpAnswer HandleDriveDiscovery(RouteContext& ctx, Request const& request) {
  if (request.method != "GET") return MethodNotAllowed(request);
  return JsonAnswer(200, ctx.drive.DiscoveryDocument(ctx.base_url));
}

}  // namespace gauthflow::mockserver
