#include "request_pipeline.h"

#include <optional>
#include <string_view>

#include <Poco/Exception.h>
#include <Poco/URI.h>

namespace gauthflow::mockserver {
namespace {

constexpr char kFormType[] = "application/x-www-form-urlencoded";

bool IsAdminPath(std::string const& path) { return path.rfind("/__admin/", 0) == 0; }

std::string ApiStatusName(int status) {
  switch (status) {
    case 400: return "INVALID_ARGUMENT";
    case 401: return "UNAUTHENTICATED";
    case 403: return "PERMISSION_DENIED";
    case 404: return "NOT_FOUND";
    case 408: return "DEADLINE_EXCEEDED";
    case 409: return "ABORTED";
    case 413: return "INVALID_ARGUMENT";
    case 414: return "INVALID_ARGUMENT";
    case 429: return "RESOURCE_EXHAUSTED";
    case 431: return "INVALID_ARGUMENT";
    case 501: return "UNIMPLEMENTED";
    case 503: return "UNAVAILABLE";
    case 504: return "DEADLINE_EXCEEDED";
    case 505: return "UNIMPLEMENTED";
    default: return status >= 500 ? "INTERNAL" : "FAILED_PRECONDITION";
  }
}

std::string RejectionReason(int status) {
  switch (status) {
    case 408: return "requestTimeout";
    case 413: return "requestTooLarge";
    case 414: return "requestUriTooLong";
    case 431: return "requestHeadersTooLarge";
    case 501: return "notImplemented";
    case 503: return "connectionLimitExceeded";
    case 505: return "httpVersionNotSupported";
    default: return "badRequest";
  }
}

// ---- parse ------------------------------------------------------------------------------

// An origin-form target (RFC 9112 §3.2.1) with nothing for Poco::URI to decode or split off: it
// starts with one '/' (two would start an authority), has no '%' escape and no '#'. Poco::URI
// reads such a target as path '?' query, unchanged; splitting it by hand spares the URI object
// on every request.
bool IsPlainOriginForm(std::string_view target) {
  return target.size() >= 1 && target[0] == '/' && (target.size() < 2 || target[1] != '/') &&
         target.find_first_of("%#") == std::string_view::npos;
}

// The Request the routes read, or nullopt when the target is not a URI.
std::optional<Request> ParseRequest(http::HttpRequest const& wire) {
  Request request;
  request.method = wire.method;
  std::string_view const target = wire.target;
  if (IsPlainOriginForm(target)) {
    std::size_t const question = target.find('?');
    request.path = target.substr(0, question);
    if (question != std::string_view::npos) request.raw_query = target.substr(question + 1);
  } else {
    try {
      Poco::URI uri(wire.target);
      request.path = uri.getPath();
      request.raw_query = uri.getRawQuery();
    } catch (Poco::Exception const&) {
      return std::nullopt;
    }
  }
  request.query = ParseUrlEncoded(request.raw_query);
  request.content_type = std::string(wire.Header("Content-Type"));
  request.authorization = std::string(wire.Header("Authorization"));
  request.body = wire.body;
  if (request.content_type.rfind(kFormType, 0) == 0) request.form = ParseUrlEncoded(request.body);
  return request;
}

HttpAnswer BadUri() {
  ApiErrorItem item;
  item.message = "Malformed request URI.";
  item.reason = "badRequest";
  return GoogleApiError(400, "INVALID_ARGUMENT", item);
}

// ---- limits -----------------------------------------------------------------------------

HttpAnswer RejectionAnswer(http::Rejection const& rejection) {
  ApiErrorItem item;
  item.message = rejection.message;
  item.reason = RejectionReason(rejection.status);
  HttpAnswer answer = GoogleApiError(rejection.status, ApiStatusName(rejection.status), item);
  if (rejection.status == 503) answer.headers.emplace_back("Retry-After", "1");
  return answer;
}

// ---- fault ------------------------------------------------------------------------------

// A fault's error body in the shape of the endpoint it replaces: Google API error JSON for
// Drive and the other googleapis paths, RFC 6749 §5.2 JSON for the OAuth endpoints.
HttpAnswer FaultAnswer(std::string const& path, Fault const& fault) {
  int status = fault.kind == FaultKind::kRateLimit ? 429 : fault.status;
  HttpAnswer answer;
  if (path.rfind("/drive/", 0) == 0 || path.rfind("/discovery/", 0) == 0) {
    ApiErrorItem item;
    item.message = !fault.message.empty() ? fault.message
                   : status == 429        ? "Rate Limit Exceeded"
                   : status >= 500        ? "Backend Error"
                                          : "Request failed";
    item.reason = !fault.error.empty() ? fault.error
                  : status == 429      ? "rateLimitExceeded"
                  : status >= 500      ? "backendError"
                                       : "badRequest";
    item.domain = status == 429 ? "usageLimits" : "global";
    answer = GoogleApiError(status, ApiStatusName(status), item);
  } else {
    // google-auth retries on internal_failure, server_error and temporarily_unavailable.
    std::string error = !fault.error.empty() ? fault.error
                        : status == 503      ? "temporarily_unavailable"
                        : status == 429      ? "rate_limit_exceeded"
                        : status >= 500      ? "internal_failure"
                                             : "invalid_request";
    answer = OAuthError(status, error, fault.message.empty() ? "Injected fault" : fault.message);
  }
  if (status == 429) {
    answer.headers.emplace_back("Retry-After", std::to_string(fault.retry_after_seconds));
  }
  return answer;
}

// Admin paths are never faulted: a test must always be able to disarm.
std::optional<Fault> TakeFault(RouteContext& ctx, Request const& request) {
  if (IsAdminPath(request.path)) return std::nullopt;
  return ctx.faults.Take(request.path);
}

bool ReplacesRoute(std::optional<Fault> const& fault) {
  return fault && (fault->kind == FaultKind::kStatus || fault->kind == FaultKind::kRateLimit);
}

// ---- route ------------------------------------------------------------------------------

HttpAnswer RouteSafely(RouteContext& ctx, Request const& request) {
  try {
    return Route(ctx, request);
  } catch (std::exception const& e) {
    ApiErrorItem item;
    item.message = std::string("Internal error: ") + e.what();
    item.reason = "backendError";
    return GoogleApiError(500, "INTERNAL", item);
  }
}

// ---- journal ----------------------------------------------------------------------------

void Journalize(RouteContext& ctx, Request const& request, int status) {
  if (IsAdminPath(request.path)) return;
  std::string_view const authorization = request.authorization;
  ctx.journal.Add(JournalRecord{request.method, request.path, request.query, request.form,
                                authorization.substr(0, authorization.find(' ')), status,
                                ctx.clock.Now()});
}

// ---- the answer on the wire -------------------------------------------------------------

http::HttpResponse ToWire(HttpAnswer answer, http::Ending ending = http::Ending::kKeepAlive) {
  http::HttpResponse response;
  response.status = answer.status;
  response.headers.reserve(answer.headers.size() + 1);
  response.headers.emplace_back("Content-Type", std::move(answer.content_type));
  for (auto& header : answer.headers) response.headers.push_back(std::move(header));
  response.body = std::move(answer.body);
  response.ending = ending;
  return response;
}

// The answer as a fault shapes it after the route (or the fault) produced it.
http::HttpResponse Deliver(HttpAnswer answer, std::optional<Fault> const& fault) {
  if (!fault) return ToWire(std::move(answer));
  switch (fault->kind) {
    case FaultKind::kMalformedJson:
      answer.status = 200;
      answer.content_type = "application/json; charset=utf-8";
      answer.body = "{\"access_token\": \"ya29.truncated\", \"expires_in\": 35";
      return ToWire(std::move(answer));
    case FaultKind::kTruncate:
      return ToWire(std::move(answer), http::Ending::kTruncate);
    case FaultKind::kReset:
      return ToWire(HttpAnswer(), http::Ending::kReset);
    case FaultKind::kDelay: {
      // A real delay, to exercise the client's own timeouts, held on a timer of the serving
      // loop: no thread waits.
      http::HttpResponse response = ToWire(std::move(answer));
      response.delay = std::chrono::milliseconds(fault->delay_ms);
      return response;
    }
    case FaultKind::kStatus:
    case FaultKind::kRateLimit:
      break;
  }
  return ToWire(std::move(answer));
}

}  // namespace

http::HttpResponse RequestPipeline::Handle(http::HttpRequest const& wire) {
  // parse
  std::optional<Request> request = ParseRequest(wire);
  if (!request) {
    return ToWire(wire.rejection ? RejectionAnswer(*wire.rejection) : BadUri(), http::Ending::kClose);
  }

  // limits: the serving layer refused the request; the connection closes after the answer.
  if (wire.rejection) {
    HttpAnswer refused = RejectionAnswer(*wire.rejection);
    if (!request->method.empty()) Journalize(ctx_, *request, refused.status);
    return ToWire(std::move(refused), http::Ending::kClose);
  }

  // fault
  std::optional<Fault> fault = TakeFault(ctx_, *request);

  // route
  HttpAnswer answer = ReplacesRoute(fault) ? FaultAnswer(request->path, *fault)
                                           : RouteSafely(ctx_, *request);

  // journal (a reset answers nothing: status 0)
  bool reset = fault && fault->kind == FaultKind::kReset;
  Journalize(ctx_, *request, reset ? 0 : answer.status);

  return Deliver(std::move(answer), fault);
}

}  // namespace gauthflow::mockserver
