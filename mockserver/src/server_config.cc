#include "gauthflow/mockserver/server_config.h"

#include <sstream>

#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

namespace gauthflow::mockserver {
namespace {

using tl::unexpected;

// Reads an optional string member; a non-string value is an error naming the field.
bool ReadString(Poco::JSON::Object const& object, std::string const& key, std::string& out,
                std::string const& where, std::string& error) {
  if (!object.has(key) || object.isNull(key)) return true;
  Poco::Dynamic::Var value = object.get(key);
  if (!value.isString()) {
    error = where + ": \"" + key + "\" must be a string";
    return false;
  }
  out = value.extract<std::string>();
  return true;
}

bool ReadStringArray(Poco::JSON::Object const& object, std::string const& key,
                     std::vector<std::string>& out, std::string const& where, std::string& error) {
  if (!object.has(key) || object.isNull(key)) return true;
  Poco::JSON::Array::Ptr array = object.getArray(key);
  if (!array) {
    error = where + ": \"" + key + "\" must be an array of strings";
    return false;
  }
  out.clear();
  for (std::size_t i = 0; i < array->size(); ++i) {
    Poco::Dynamic::Var item = array->get(static_cast<unsigned>(i));
    if (!item.isString()) {
      error = where + ": \"" + key + "\"[" + std::to_string(i) + "] must be a string";
      return false;
    }
    out.push_back(item.extract<std::string>());
  }
  return true;
}

tl::expected<ClientConfig, std::string> ParseClient(Poco::JSON::Object::Ptr object,
                                                    std::string const& where) {
  std::string error;
  ClientConfig client;
  // Also accept a client_secrets.json as downloaded from the Cloud console:
  // {"installed": {...}} or {"web": {...}}.
  for (char const* kind : {"installed", "web"}) {
    if (object->has(kind) && object->getObject(kind)) {
      client.type = std::string(kind) == "web" ? ClientType::kWeb : ClientType::kInstalled;
      object = object->getObject(kind);
      break;
    }
  }
  std::string type;
  if (!ReadString(*object, "client_id", client.id, where, error) ||
      !ReadString(*object, "client_secret", client.secret, where, error) ||
      !ReadString(*object, "name", client.name, where, error) ||
      !ReadString(*object, "type", type, where, error) ||
      !ReadStringArray(*object, "redirect_uris", client.redirect_uris, where, error) ||
      !ReadStringArray(*object, "grant_types", client.allowed_grants, where, error)) {
    return unexpected(error);
  }
  if (client.id.empty()) return unexpected(where + ": \"client_id\" is required");
  if (type == "web") {
    client.type = ClientType::kWeb;
  } else if (type == "installed") {
    client.type = ClientType::kInstalled;
  } else if (!type.empty()) {
    return unexpected(where + ": \"type\" must be \"installed\" or \"web\", not \"" + type + "\"");
  }
  for (auto const& grant : client.allowed_grants) {
    if (grant != kGrantAuthorizationCode && grant != kGrantRefreshToken &&
        grant != kGrantDeviceCode) {
      return unexpected(where + ": unknown grant type \"" + grant + "\"");
    }
  }
  return client;
}

tl::expected<UserConfig, std::string> ParseUser(Poco::JSON::Object const& object,
                                                std::string const& where) {
  std::string error;
  UserConfig user;
  if (!ReadString(object, "email", user.email, where, error) ||
      !ReadString(object, "name", user.name, where, error) ||
      !ReadString(object, "given_name", user.given_name, where, error) ||
      !ReadString(object, "family_name", user.family_name, where, error) ||
      !ReadString(object, "picture", user.picture, where, error) ||
      !ReadString(object, "sub", user.sub, where, error)) {
    return unexpected(error);
  }
  if (user.email.empty()) return unexpected(where + ": \"email\" is required");
  if (user.name.empty()) user.name = user.email.substr(0, user.email.find('@'));
  return user;
}

std::string Stringify(Poco::JSON::Object::Ptr const& object) {
  std::ostringstream out;
  object->stringify(out);
  return out.str();
}

}  // namespace

ServerConfig DefaultServerConfig() {
  ServerConfig config;
  ClientConfig client;
  client.id = "gauthflow-demo.apps.googleusercontent.com";
  client.secret = "GOCSPX-gauthflow-demo-secret";
  client.type = ClientType::kInstalled;
  client.name = "gauthflow demo";
  client.redirect_uris = {"http://127.0.0.1", "http://localhost", "urn:ietf:wg:oauth:2.0:oob",
                          "urn:ietf:wg:oauth:2.0:oob:auto"};
  config.clients.push_back(client);

  UserConfig user;
  user.email = "alice@example.com";
  user.name = "Alice Example";
  user.given_name = "Alice";
  user.family_name = "Example";
  user.picture = "https://lh3.googleusercontent.com/a/default-user=s96-c";
  config.users.push_back(user);

  // A few files with distinct modifiedByMeTime so that orderBy=modifiedByMeTime desc has a
  // visible order out of the box.
  config.files_json[user.email] = {
      R"({"id":"1a2b3c4dDefaultReport","name":"Quarterly report","mimeType":"application/vnd.google-apps.document","createdTime":"2024-01-05T09:00:00.000Z","modifiedTime":"2024-03-01T10:00:00.000Z","modifiedByMeTime":"2024-03-01T10:00:00.000Z","viewedByMeTime":"2024-03-02T08:00:00.000Z","starred":true,"trashed":false,"parents":["root"]})",
      R"({"id":"1a2b3c4dDefaultBudget","name":"Budget 2024","mimeType":"application/vnd.google-apps.spreadsheet","createdTime":"2024-01-10T09:00:00.000Z","modifiedTime":"2024-02-15T12:30:00.000Z","modifiedByMeTime":"2024-02-15T12:30:00.000Z","viewedByMeTime":"2024-02-16T08:00:00.000Z","starred":false,"trashed":false,"parents":["root"]})",
      R"({"id":"1a2b3c4dDefaultPhoto","name":"holiday.jpg","mimeType":"image/jpeg","createdTime":"2023-08-20T15:00:00.000Z","modifiedTime":"2023-08-20T15:00:00.000Z","modifiedByMeTime":"2023-08-20T15:00:00.000Z","size":"2097152","starred":false,"trashed":false,"parents":["root"]})",
      R"({"id":"1a2b3c4dDefaultNotes","name":"notes.txt","mimeType":"text/plain","createdTime":"2024-04-01T07:00:00.000Z","modifiedTime":"2024-04-02T07:45:00.000Z","modifiedByMeTime":"2024-04-02T07:45:00.000Z","size":"1024","starred":false,"trashed":false,"parents":["root"]})",
      R"({"id":"1a2b3c4dDefaultFolder","name":"Projects","mimeType":"application/vnd.google-apps.folder","createdTime":"2022-11-11T11:00:00.000Z","modifiedTime":"2023-12-24T18:00:00.000Z","modifiedByMeTime":"2023-12-24T18:00:00.000Z","starred":false,"trashed":false,"parents":["root"]})",
  };
  return config;
}

tl::expected<ServerConfig, std::string> ParseServerConfig(std::string const& json_text,
                                                         std::string const& source,
                                                         ServerConfig base) {
  Poco::JSON::Object::Ptr root;
  try {
    Poco::JSON::Parser parser;
    root = parser.parse(json_text).extract<Poco::JSON::Object::Ptr>();
  } catch (Poco::Exception const& e) {
    return unexpected(source + ": not a JSON object: " + e.displayText());
  }
  if (!root) return unexpected(source + ": not a JSON object");

  if (root->has("clients")) {
    Poco::JSON::Array::Ptr clients = root->getArray("clients");
    if (!clients) return unexpected(source + ": \"clients\" must be an array");
    base.clients.clear();
    for (std::size_t i = 0; i < clients->size(); ++i) {
      std::string where = source + ": clients[" + std::to_string(i) + "]";
      Poco::JSON::Object::Ptr object = clients->getObject(static_cast<unsigned>(i));
      if (!object) return unexpected(where + " must be an object");
      auto client = ParseClient(object, where);
      if (!client) return unexpected(client.error());
      base.clients.push_back(std::move(*client));
    }
  }
  if (root->has("users")) {
    Poco::JSON::Array::Ptr users = root->getArray("users");
    if (!users) return unexpected(source + ": \"users\" must be an array");
    base.users.clear();
    for (std::size_t i = 0; i < users->size(); ++i) {
      std::string where = source + ": users[" + std::to_string(i) + "]";
      Poco::JSON::Object::Ptr object = users->getObject(static_cast<unsigned>(i));
      if (!object) return unexpected(where + " must be an object");
      auto user = ParseUser(*object, where);
      if (!user) return unexpected(user.error());
      base.users.push_back(std::move(*user));
    }
  }
  if (root->has("files")) {
    Poco::JSON::Object::Ptr files = root->getObject("files");
    if (!files) return unexpected(source + ": \"files\" must be an object keyed by user email");
    base.files_json.clear();
    for (auto const& [email, value] : *files) {
      Poco::JSON::Array::Ptr list = files->getArray(email);
      if (!list) return unexpected(source + ": files[\"" + email + "\"] must be an array");
      auto& out = base.files_json[email];
      for (std::size_t i = 0; i < list->size(); ++i) {
        Poco::JSON::Object::Ptr file = list->getObject(static_cast<unsigned>(i));
        if (!file) {
          return unexpected(source + ": files[\"" + email + "\"][" + std::to_string(i) +
                            "] must be an object");
        }
        out.push_back(Stringify(file));
      }
    }
  }
  if (base.clients.empty()) return unexpected(source + ": at least one client is required");
  if (base.users.empty()) return unexpected(source + ": at least one user is required");
  return base;
}

std::string DescribeServerConfig(ServerConfig const& config) {
  std::ostringstream out;
  for (auto const& client : config.clients) {
    out << "client: " << client.id << " (" << (client.type == ClientType::kWeb ? "web" : "installed")
        << ")\n  secret: " << client.secret << "\n";
    for (auto const& uri : client.redirect_uris) out << "  redirect_uri: " << uri << "\n";
  }
  for (auto const& user : config.users) {
    auto files = config.files_json.find(user.email);
    std::size_t count = files == config.files_json.end() ? 0 : files->second.size();
    out << "user: " << user.email << " (" << user.name << "), " << count << " Drive file(s)\n";
  }
  if (config.generate_files > 0) {
    out << "generated Drive files: " << config.generate_files << "\n";
  }
  if (config.auto_approve_user) {
    out << "auto-approve: "
        << (config.auto_approve_user->empty() ? std::string("first user") : *config.auto_approve_user)
        << "\n";
  }
  if (config.oob_blocked) out << "out-of-band redirect URIs: blocked\n";
  if (!config.id_token_issuer.empty()) out << "id_token issuer: " << config.id_token_issuer << "\n";
  if (!config.public_url.empty()) out << "advertised base URL: " << config.public_url << "\n";
  return out.str();
}

}  // namespace gauthflow::mockserver
