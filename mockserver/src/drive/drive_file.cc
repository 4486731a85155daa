#include "drive/drive_file.h"

#include <algorithm>
#include <cctype>
#include <set>
#include <sstream>

#include <Poco/DateTime.h>
#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/DateTimeParser.h>
#include <Poco/Dynamic/Var.h>
#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/Timestamp.h>

#include "drive/drive_ids.h"

namespace gauthflow::mockserver {
namespace {

// When a seed gives no time at all: a fixed instant, so seeds without times stay reproducible.
constexpr std::int64_t kDefaultSeedTimeMs = 1704067200000;  // 2024-01-01T00:00:00.000Z

bool IsDigits(std::string const& text, std::size_t pos, std::size_t count) {
  if (pos + count > text.size()) return false;
  for (std::size_t i = pos; i < pos + count; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) return false;
  }
  return true;
}

// Poco's parser is lenient (it skips what it does not expect), so the shape is checked first:
// YYYY-MM-DD[THH:MM:SS[.fraction][Z|(+|-)HH:MM]].
bool LooksLikeRfc3339(std::string const& text) {
  if (!IsDigits(text, 0, 4) || text.size() < 10 || text[4] != '-' || !IsDigits(text, 5, 2) ||
      text[7] != '-' || !IsDigits(text, 8, 2)) {
    return false;
  }
  if (text.size() == 10) return true;
  if ((text[10] != 'T' && text[10] != 't') || !IsDigits(text, 11, 2) || text.size() < 19 ||
      text[13] != ':' || !IsDigits(text, 14, 2) || text[16] != ':' || !IsDigits(text, 17, 2)) {
    return false;
  }
  std::size_t pos = 19;
  if (pos < text.size() && text[pos] == '.') {
    std::size_t digits = 0;
    ++pos;
    while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos]))) {
      ++pos;
      ++digits;
    }
    if (digits == 0 || digits > 9) return false;
  }
  if (pos == text.size()) return true;
  if ((text[pos] == 'Z' || text[pos] == 'z') && pos + 1 == text.size()) return true;
  return (text[pos] == '+' || text[pos] == '-') && pos + 6 == text.size() &&
         IsDigits(text, pos + 1, 2) && text[pos + 3] == ':' && IsDigits(text, pos + 4, 2);
}

class SeedReader {
 public:
  SeedReader(Poco::JSON::Object const& json, std::string& error) : json_(json), error_(error) {}

  bool Fail(std::string const& message) {
    error_ = "Drive file: " + message;
    return false;
  }

  bool String(char const* key, std::string& out) {
    if (!json_.has(key) || json_.isNull(key)) return true;
    Poco::Dynamic::Var value = json_.get(key);
    if (!value.isString()) return Fail(std::string("'") + key + "' must be a string");
    out = value.extract<std::string>();
    return true;
  }

  bool Bool(char const* key, bool& out) {
    if (!json_.has(key) || json_.isNull(key)) return true;
    Poco::Dynamic::Var value = json_.get(key);
    if (!value.isBoolean()) return Fail(std::string("'") + key + "' must be true or false");
    out = value.extract<bool>();
    return true;
  }

  // Drive writes int64 values as JSON strings ("size": "1024"); seeds may use numbers too.
  bool Int64(char const* key, std::optional<std::int64_t>& out) {
    if (!json_.has(key) || json_.isNull(key)) return true;
    Poco::Dynamic::Var value = json_.get(key);
    std::string const message = std::string("'") + key + "' must be a non-negative integer";
    try {
      std::int64_t number = 0;
      if (value.isString()) {
        std::string const text = value.extract<std::string>();
        if (text.empty() || !IsDigits(text, 0, text.size()) || text.size() > 18) {
          return Fail(message);
        }
        number = std::stoll(text);
      } else if (value.isInteger()) {
        number = value.convert<std::int64_t>();
      } else {
        return Fail(message);
      }
      if (number < 0) return Fail(message);
      out = number;
      return true;
    } catch (Poco::Exception const&) {
      return Fail(message);
    }
  }

  bool Time(char const* key, std::optional<DriveTime>& out) {
    std::string text;
    if (!String(key, text)) return false;
    if (!json_.has(key) || json_.isNull(key)) return true;
    DriveTime time{};
    if (!ParseDriveTime(text, time)) {
      return Fail(std::string("'") + key + "' is not an RFC 3339 time: " + text);
    }
    out = time;
    return true;
  }

  bool StringArray(char const* key, std::vector<std::string>& out) {
    if (!json_.has(key) || json_.isNull(key)) return true;
    Poco::JSON::Array::Ptr array = json_.getArray(key);
    std::string const message = std::string("'") + key + "' must be an array of strings";
    if (!array) return Fail(message);
    for (std::size_t i = 0; i < array->size(); ++i) {
      Poco::Dynamic::Var item = array->get(static_cast<unsigned int>(i));
      if (!item.isString()) return Fail(message);
      out.push_back(item.extract<std::string>());
    }
    return true;
  }

  bool StringMap(char const* key, std::map<std::string, std::string>& out) {
    if (!json_.has(key) || json_.isNull(key)) return true;
    Poco::JSON::Object::Ptr object = json_.getObject(key);
    std::string const message = std::string("'") + key + "' must be an object of strings";
    if (!object) return Fail(message);
    for (auto const& [name, value] : *object) {
      if (!value.isString()) return Fail(message);
      out[name] = value.extract<std::string>();
    }
    return true;
  }

  // `owners`: Drive's User objects ({"emailAddress", "displayName"}) or plain e-mail strings.
  bool Owners(std::vector<DriveUser>& out) {
    if (!json_.has("owners") || json_.isNull("owners")) return true;
    Poco::JSON::Array::Ptr array = json_.getArray("owners");
    std::string const message = "'owners' must be an array of users or e-mail addresses";
    if (!array) return Fail(message);
    for (std::size_t i = 0; i < array->size(); ++i) {
      unsigned int const index = static_cast<unsigned int>(i);
      DriveUser user;
      if (array->get(index).isString()) {
        user.email_address = array->get(index).extract<std::string>();
      } else if (Poco::JSON::Object::Ptr object = array->getObject(index)) {
        SeedReader reader(*object, error_);
        if (!reader.String("emailAddress", user.email_address) ||
            !reader.String("displayName", user.display_name)) {
          return false;
        }
      } else {
        return Fail(message);
      }
      if (user.email_address.empty()) return Fail("an owner needs an emailAddress");
      out.push_back(user);
    }
    return true;
  }

  // `permissions`: Drive's Permission objects; roles map to owners, writers and readers, and
  // `anyone`/`domain` permissions to the file's visibility.
  bool Permissions(DriveFile& file) {
    if (!json_.has("permissions") || json_.isNull("permissions")) return true;
    Poco::JSON::Array::Ptr array = json_.getArray("permissions");
    if (!array) return Fail("'permissions' must be an array of permissions");
    for (std::size_t i = 0; i < array->size(); ++i) {
      Poco::JSON::Object::Ptr object = array->getObject(static_cast<unsigned int>(i));
      if (!object) return Fail("'permissions' must be an array of permissions");
      SeedReader reader(*object, error_);
      std::string type = "user";
      std::string role;
      std::string email;
      std::string display_name;
      bool allow_discovery = false;
      if (!reader.String("type", type) || !reader.String("role", role) ||
          !reader.String("emailAddress", email) || !reader.String("displayName", display_name) ||
          !reader.Bool("allowFileDiscovery", allow_discovery)) {
        return false;
      }
      if (type == "anyone") {
        file.visibility = allow_discovery ? "anyoneCanFind" : "anyoneWithLink";
        continue;
      }
      if (type == "domain") {
        if (file.visibility == "limited") {
          file.visibility = allow_discovery ? "domainCanFind" : "domainWithLink";
        }
        continue;
      }
      if (email.empty()) return Fail("a user or group permission needs an emailAddress");
      if (role == "owner") {
        file.owners.push_back(DriveUser{email, display_name});
      } else if (role == "writer" || role == "fileOrganizer" || role == "organizer") {
        file.writers.push_back(email);
      } else if (role == "reader" || role == "commenter") {
        file.readers.push_back(email);
      } else {
        return Fail("unknown permission role '" + role + "'");
      }
    }
    return true;
  }

 private:
  Poco::JSON::Object const& json_;
  std::string& error_;
};

bool IsIdCharacter(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
}

}  // namespace

std::string FormatDriveTime(DriveTime time) {
  Poco::Timestamp const timestamp(
      static_cast<Poco::Timestamp::TimeVal>(time.time_since_epoch().count()) * 1000);
  return Poco::DateTimeFormatter::format(timestamp, "%Y-%m-%dT%H:%M:%S.%iZ");
}

bool ParseDriveTime(std::string const& text, DriveTime& out) {
  if (!LooksLikeRfc3339(text)) return false;
  Poco::DateTime parsed;
  int time_zone_differential = 0;
  std::string const format = text.size() == 10 ? std::string("%Y-%m-%d")
                                               : std::string(Poco::DateTimeFormat::ISO8601_FRAC_FORMAT);
  if (!Poco::DateTimeParser::tryParse(format, text, parsed, time_zone_differential)) return false;
  parsed.makeUTC(time_zone_differential);
  out = DriveTime(std::chrono::milliseconds(parsed.timestamp().epochMicroseconds() / 1000));
  return true;
}

bool ParseDriveFile(Poco::JSON::Object const& json, DriveFile& out, std::string& error) {
  DriveFile file;
  SeedReader reader(json, error);
  std::optional<DriveTime> created;
  std::optional<DriveTime> modified;
  std::vector<std::string> spaces;
  std::optional<std::int64_t> quota;
  if (!reader.String("id", file.id) || !reader.String("name", file.name) ||
      !reader.String("mimeType", file.mime_type) ||
      !reader.String("description", file.description) || !reader.Time("createdTime", created) ||
      !reader.Time("modifiedTime", modified) ||
      !reader.Time("modifiedByMeTime", file.modified_by_me_time) ||
      !reader.Time("viewedByMeTime", file.viewed_by_me_time) ||
      !reader.Time("sharedWithMeTime", file.shared_with_me_time) ||
      !reader.Bool("starred", file.starred) || !reader.Bool("trashed", file.trashed) ||
      !reader.StringArray("parents", file.parents) || !reader.Owners(file.owners) ||
      !reader.Permissions(file) || !reader.StringArray("writers", file.writers) ||
      !reader.StringArray("readers", file.readers) ||
      !reader.StringMap("properties", file.properties) ||
      !reader.StringMap("appProperties", file.app_properties) || !reader.Int64("size", file.size) ||
      !reader.Int64("quotaBytesUsed", quota) || !reader.String("content", file.content) ||
      !reader.StringArray("spaces", spaces) || !reader.String("space", file.space) ||
      !reader.String("visibility", file.visibility) ||
      !reader.Bool("isAppAuthorized", file.is_app_authorized)) {
    return false;
  }
  if (json.has("id") && (file.id.empty() || file.id.size() > 128 ||
                         !std::all_of(file.id.begin(), file.id.end(), IsIdCharacter))) {
    return reader.Fail("'id' must be 1 to 128 characters of [A-Za-z0-9_-]");
  }
  if (file.id.empty()) {
    std::ostringstream text;
    json.stringify(text);
    file.id = internal::MakeDriveFileId(internal::Fnv1a64(text.str()));
  }
  // Drive names a file created without one "Untitled".
  if (!json.has("name")) file.name = "Untitled";
  if (file.mime_type.empty()) return reader.Fail("'mimeType' must not be empty");
  if (!spaces.empty()) file.space = spaces.front();
  if (file.space != "drive" && file.space != "appDataFolder") {
    return reader.Fail("'space' must be \"drive\" or \"appDataFolder\"");
  }
  static std::set<std::string> const kVisibilities = {
      "anyoneCanFind", "anyoneWithLink", "domainCanFind", "domainWithLink", "limited"};
  if (kVisibilities.count(file.visibility) == 0) {
    return reader.Fail("unknown visibility '" + file.visibility + "'");
  }
  file.created_time = created.value_or(modified.value_or(DriveTime(std::chrono::milliseconds(kDefaultSeedTimeMs))));
  file.modified_time = modified.value_or(file.created_time);
  file.quota_bytes_used = quota.value_or(file.size.value_or(0));
  out = std::move(file);
  return true;
}

}  // namespace gauthflow::mockserver
