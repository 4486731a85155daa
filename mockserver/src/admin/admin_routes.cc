// The admin API under /__admin/ (outside Google's namespace): journal, reset, clock, faults,
// seeding, device decisions and the protocol-violation report. JSON in, JSON out.
#include <limits>
#include <sstream>

#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Timestamp.h>

#include "admin/admin_routes.h"
#include "admin/integer_input.h"
#include "drive_gateway.h"
#include "oauth/scopes.h"
#include "routes.h"

namespace gauthflow::mockserver {
namespace {

std::string FormatTime(TimePoint t) {
  auto micros = std::chrono::duration_cast<std::chrono::microseconds>(t.time_since_epoch()).count();
  return Poco::DateTimeFormatter::format(Poco::Timestamp(micros), Poco::DateTimeFormat::ISO8601_FORMAT);
}

std::int64_t EpochSeconds(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

std::string Serialize(Poco::Dynamic::Var const& value) {
  std::ostringstream out;
  Poco::JSON::Stringifier::stringify(value, out, 2);
  return out.str();
}

HttpAnswer Json(Poco::JSON::Object const& object, int status = 200) {
  return JsonAnswer(status, Serialize(object));
}

HttpAnswer BadRequest(std::string const& message) {
  ApiErrorItem item;
  item.message = message;
  item.reason = "badRequest";
  return GoogleApiError(400, "INVALID_ARGUMENT", item);
}

HttpAnswer Ok() {
  Poco::JSON::Object root;
  root.set("status", "ok");
  return Json(root);
}

Poco::Dynamic::Var ParseBody(Request const& request, std::string& error) {
  try {
    Poco::JSON::Parser parser;
    return parser.parse(request.body.empty() ? std::string("{}") : request.body);
  } catch (Poco::Exception const& e) {
    error = "the body is not JSON: " + e.displayText();
    return {};
  }
}

Poco::JSON::Object::Ptr ParseObject(Request const& request, std::string& error) {
  Poco::Dynamic::Var value = ParseBody(request, error);
  if (!error.empty()) return nullptr;
  if (value.type() != typeid(Poco::JSON::Object::Ptr)) {
    error = "the body must be a JSON object";
    return nullptr;
  }
  return value.extract<Poco::JSON::Object::Ptr>();
}

Poco::JSON::Array ParamsJson(Params const& params) {
  Poco::JSON::Array array;
  for (auto const& [name, value] : params) {
    Poco::JSON::Object entry(Poco::JSON_PRESERVE_KEY_ORDER);
    entry.set("name", name);
    entry.set("value", value);
    array.add(entry);
  }
  return array;
}

HttpAnswer JournalRoute(RouteContext& ctx, Request const& request) {
  if (request.method == "DELETE") {
    ctx.journal.Clear();
    return Ok();
  }
  Poco::JSON::Array entries;
  for (auto const& entry : ctx.journal.Entries()) {
    Poco::JSON::Object item(Poco::JSON_PRESERVE_KEY_ORDER);
    item.set("time", FormatTime(entry.time));
    // For clients that measure the spacing of retries (the conformance runner).
    item.set("epoch_ms", static_cast<std::int64_t>(
        std::chrono::duration_cast<std::chrono::milliseconds>(entry.time.time_since_epoch()).count()));
    item.set("method", entry.method);
    item.set("path", entry.path);
    item.set("query", ParamsJson(entry.query));
    item.set("form", ParamsJson(entry.form));
    if (!entry.auth_scheme.empty()) item.set("authorization", entry.auth_scheme + " REDACTED");
    item.set("status", entry.status);
    entries.add(item);
  }
  Poco::JSON::Object root;
  root.set("entries", entries);
  return Json(root);
}

// POST /__admin/clock/advance {"seconds": N} or ?seconds=N. N is checked against what the clock
// may still advance (ServerClock bounds it), so a huge N is refused instead of wrapping the time.
HttpAnswer ClockRoute(RouteContext& ctx, Request const& request, bool advance) {
  if (advance) {
    if (request.method != "POST") return MethodNotAllowed(request);
    std::string error;
    auto body = ParseObject(request, error);
    IntegerInput const input{"seconds", 0, ServerClock::kMaxOffset.count()};
    tl::expected<std::int64_t, std::string> seconds = tl::unexpected(std::string());
    if (body && body->has("seconds")) {
      seconds = input.Read(*body, 0);
    } else if (auto query = FindParam(request.query, "seconds")) {
      seconds = input.Parse(*query);
    } else {
      return BadRequest("give {\"seconds\": N} or ?seconds=N (the clock only moves forward)");
    }
    if (!seconds) return BadRequest(seconds.error());
    if (!ctx.clock.Advance(std::chrono::seconds(*seconds))) {
      IntegerInput const left{"seconds", 0, ctx.clock.Headroom().count()};
      return BadRequest(left.RangeMessage() + " now: the clock runs at most " +
                        std::to_string(ServerClock::kMaxOffset.count()) +
                        " s (100 years) ahead and not past " +
                        FormatTime(TimePoint(ServerClock::kLatestTime)));
    }
  }
  TimePoint now = ctx.clock.Now();
  Poco::JSON::Object root(Poco::JSON_PRESERVE_KEY_ORDER);
  root.set("now", FormatTime(now));
  root.set("epoch_seconds", EpochSeconds(now));
  root.set("offset_seconds", static_cast<std::int64_t>(ctx.clock.Offset().count()));
  return Json(root);
}

HttpAnswer Faults(RouteContext& ctx, Request const& request) {
  if (request.method == "DELETE") {
    ctx.faults.Clear();
    return Ok();
  }
  if (request.method == "POST") {
    std::string error;
    auto body = ParseObject(request, error);
    if (!body) return BadRequest(error);
    std::string path = body->optValue<std::string>("path", "");
    if (path.empty() || path.front() != '/') return BadRequest("\"path\" must be a path such as /token");
    auto kind = ParseFaultKind(body->optValue<std::string>("kind", "status"));
    if (!kind) {
      return BadRequest("\"kind\" must be one of status, delay, reset, truncate, malformed_json, "
                        "rate_limit");
    }
    // Ranges: HTTP status codes (RFC 9110 §15), a delay under the clients' usual timeouts,
    // a Retry-After of at most a day, and a count that fits the table's int counter (it only
    // counts down).
    IntegerInput const status{"status", 100, 599};
    IntegerInput const delay_ms{"delay_ms", 0, 600'000};
    IntegerInput const retry_after{"retry_after", 0, 86'400};
    IntegerInput const count{"count", 1, std::numeric_limits<int>::max()};
    auto status_value = status.Read(*body, *kind == FaultKind::kRateLimit ? 429 : 503);
    auto delay_value = delay_ms.Read(*body, 0);
    auto retry_value = retry_after.Read(*body, 1);
    auto count_value = count.Read(*body, 1);
    for (auto const* value : {&status_value, &delay_value, &retry_value, &count_value}) {
      if (!*value) return BadRequest(value->error());
    }
    Fault fault;
    fault.kind = *kind;
    fault.status = static_cast<int>(*status_value);
    fault.delay_ms = static_cast<int>(*delay_value);
    fault.retry_after_seconds = static_cast<int>(*retry_value);
    try {
      fault.error = body->optValue<std::string>("error", "");
      fault.message = body->optValue<std::string>("message", "");
    } catch (Poco::Exception const& e) {
      return BadRequest("bad fault field: " + e.displayText());
    }
    ctx.faults.Arm(path, fault, static_cast<int>(*count_value));
  } else if (request.method != "GET") {
    return MethodNotAllowed(request);
  }
  Poco::JSON::Array list;
  for (auto const& armed : ctx.faults.List()) {
    Poco::JSON::Object item(Poco::JSON_PRESERVE_KEY_ORDER);
    item.set("path", armed.path);
    item.set("kind", FaultKindName(armed.fault.kind));
    item.set("status", armed.fault.status);
    item.set("delay_ms", armed.fault.delay_ms);
    item.set("remaining", armed.remaining);
    list.add(item);
  }
  Poco::JSON::Object root;
  root.set("faults", list);
  return Json(root);
}

// POST /__admin/users and /__admin/clients: an array (or a single object) in the --config
// format; existing entries with the same email / client_id are replaced.
HttpAnswer Seed(RouteContext& ctx, Request const& request, std::string const& section) {
  if (request.method != "POST") return MethodNotAllowed(request);
  std::string error;
  Poco::Dynamic::Var body = ParseBody(request, error);
  if (!error.empty()) return BadRequest(error);
  Poco::JSON::Array list;
  if (body.type() == typeid(Poco::JSON::Array::Ptr)) {
    list = *body.extract<Poco::JSON::Array::Ptr>();
  } else if (body.type() == typeid(Poco::JSON::Object::Ptr)) {
    list.add(body);
  } else {
    return BadRequest("the body must be a JSON object or array");
  }
  Poco::JSON::Object wrapper;
  wrapper.set(section, list);
  auto parsed = ParseServerConfig(Serialize(wrapper), "admin " + section, ctx.config);
  if (!parsed) return BadRequest(parsed.error());
  if (section == "users") {
    for (auto const& user : parsed->users) ctx.directory.PutUser(user);
  } else {
    for (auto const& client : parsed->clients) ctx.directory.PutClient(client);
  }
  Poco::JSON::Object root;
  root.set("status", "ok");
  root.set("count", static_cast<int>(list.size()));
  return Json(root);
}

// POST /__admin/files {"user": EMAIL, "files": [...], "replace": false}
HttpAnswer Files(RouteContext& ctx, Request const& request) {
  if (request.method != "POST") return MethodNotAllowed(request);
  std::string error;
  auto body = ParseObject(request, error);
  if (!body) return BadRequest(error);
  std::string user = body->optValue<std::string>("user", "");
  if (user.empty()) return BadRequest("\"user\" (an email) is required");
  Poco::JSON::Array::Ptr files = body->getArray("files");
  if (!files) return BadRequest("\"files\" must be an array of Drive file objects");
  if (auto failed = ctx.drive.PutFiles(user, Serialize(files), body->optValue<bool>("replace", false))) {
    return BadRequest(*failed);
  }
  Poco::JSON::Object root;
  root.set("status", "ok");
  root.set("count", static_cast<int>(files->size()));
  return Json(root);
}

std::string DeviceStatusName(DeviceStatus status) {
  switch (status) {
    case DeviceStatus::kPending: return "pending";
    case DeviceStatus::kApproved: return "approved";
    case DeviceStatus::kDenied: return "denied";
    case DeviceStatus::kRedeemed: return "redeemed";
  }
  return "pending";
}

HttpAnswer Devices(RouteContext& ctx, Request const& request, std::string const& action) {
  if (action.empty()) {
    if (request.method != "GET") return MethodNotAllowed(request);
    Poco::JSON::Array list;
    for (auto const& record : ctx.devices.List()) {
      Poco::JSON::Object item(Poco::JSON_PRESERVE_KEY_ORDER);
      item.set("user_code", record.user_code);
      item.set("client_id", record.client_id);
      item.set("scope", JoinScopes(record.scopes));
      item.set("status", DeviceStatusName(record.status));
      item.set("expires", FormatTime(record.expiry));
      item.set("interval", record.interval_seconds);
      if (!record.user_email.empty()) item.set("user", record.user_email);
      list.add(item);
    }
    Poco::JSON::Object root;
    root.set("devices", list);
    return Json(root);
  }
  if (request.method != "POST") return MethodNotAllowed(request);
  std::string error;
  auto body = ParseObject(request, error);
  if (!body) return BadRequest(error);
  auto record = ctx.devices.FindByUserCode(body->optValue<std::string>("user_code", ""));
  if (!record) return BadRequest("unknown user_code");
  bool approve = action == "approve";
  std::string email;
  if (approve) {
    std::string wanted = body->optValue<std::string>("user", "");
    auto user = wanted.empty() ? (ctx.directory.Users().empty() ? nullptr : ctx.directory.Users().front())
                               : ctx.directory.FindUser(wanted);
    if (!user) return BadRequest("unknown user: " + wanted);
    email = user->email;
  }
  if (!ctx.devices.Decide(record->device_code, approve, email)) {
    return BadRequest("the device code is no longer pending (decided or expired)");
  }
  if (approve) ctx.consents.RecordConsent(record->client_id, email, record->scopes);
  return Ok();
}

HttpAnswer Violations(RouteContext& ctx, Request const& request) {
  if (request.method == "DELETE") {
    ctx.violations.Clear();
    return Ok();
  }
  if (request.method != "GET") return MethodNotAllowed(request);
  Poco::JSON::Array list;
  for (auto const& violation : ctx.violations.List()) {
    Poco::JSON::Object item(Poco::JSON_PRESERVE_KEY_ORDER);
    item.set("kind", violation.kind);
    item.set("client_id", violation.client_id);
    item.set("detail", violation.detail);
    item.set("time", FormatTime(violation.time));
    list.add(item);
  }
  Poco::JSON::Object root;
  root.set("violations", list);
  return Json(root);
}

}  // namespace

HttpAnswer HandleAdmin(RouteContext& ctx, Request const& request) {
  std::string sub = request.path.substr(std::string("/__admin").size());
  if (sub == "/journal") return JournalRoute(ctx, request);
  if (sub == "/reset") {
    if (request.method != "POST") return MethodNotAllowed(request);
    ctx.ResetStores();
    if (auto error = ctx.drive.Seed(ctx.config, ctx.clock.Now())) return BadRequest(*error);
    return Ok();
  }
  if (sub == "/clock") {
    if (request.method != "GET") return MethodNotAllowed(request);
    return ClockRoute(ctx, request, false);
  }
  if (sub == "/clock/advance") return ClockRoute(ctx, request, true);
  if (sub == "/faults") return Faults(ctx, request);
  if (sub == "/users") return Seed(ctx, request, "users");
  if (sub == "/clients") return Seed(ctx, request, "clients");
  if (sub == "/files") return Files(ctx, request);
  if (sub == "/devices") return Devices(ctx, request, "");
  if (sub == "/devices/approve") return Devices(ctx, request, "approve");
  if (sub == "/devices/deny") return Devices(ctx, request, "deny");
  if (sub == "/violations") return Violations(ctx, request);
  return NotFound(request);
}

}  // namespace gauthflow::mockserver
