#include "http_handler.h"

#include <istream>

#include <Poco/Exception.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/Thread.h>
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
    case 409: return "ABORTED";
    case 429: return "RESOURCE_EXHAUSTED";
    case 501: return "UNIMPLEMENTED";
    case 503: return "UNAVAILABLE";
    case 504: return "DEADLINE_EXCEEDED";
    default: return status >= 500 ? "INTERNAL" : "FAILED_PRECONDITION";
  }
}

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

HttpAnswer TooLarge(std::size_t limit) {
  ApiErrorItem item;
  item.message = "Request body larger than " + std::to_string(limit) + " bytes.";
  item.reason = "requestTooLarge";
  return GoogleApiError(413, "INVALID_ARGUMENT", item);
}

HttpAnswer BadUri() {
  ApiErrorItem item;
  item.message = "Malformed request URI.";
  item.reason = "badRequest";
  return GoogleApiError(400, "INVALID_ARGUMENT", item);
}

class RequestHandler final : public Poco::Net::HTTPRequestHandler {
 public:
  RequestHandler(RouteContext& ctx, ServerLimits const& limits) : ctx_(ctx), limits_(limits) {}

  void handleRequest(Poco::Net::HTTPServerRequest& http_request,
                     Poco::Net::HTTPServerResponse& response) override {
    try {
      Serve(http_request, response);
    } catch (Poco::Exception const&) {
      // The client went away mid-answer: nothing left to tell it.
    } catch (std::exception const&) {
    }
  }

 private:
  void Serve(Poco::Net::HTTPServerRequest& http_request, Poco::Net::HTTPServerResponse& response) {
    Request request;
    request.method = http_request.getMethod();
    try {
      Poco::URI uri(http_request.getURI());
      request.path = uri.getPath();
      request.raw_query = uri.getRawQuery();
    } catch (Poco::Exception const&) {
      Write(response, BadUri());
      return;
    }
    request.query = ParseUrlEncoded(request.raw_query);
    request.content_type = http_request.getContentType();
    request.authorization = http_request.get("Authorization", "");

    // Body limit: refuse by Content-Length before reading, and stop reading chunked bodies at
    // the limit. The connection is closed after a 413 since the body was not drained.
    if (http_request.hasContentLength() &&
        http_request.getContentLength64() > static_cast<Poco::Int64>(limits_.max_body_bytes)) {
      response.setKeepAlive(false);
      Write(response, TooLarge(limits_.max_body_bytes), &request);
      return;
    }
    if (!ReadBody(http_request.stream(), request.body)) {
      response.setKeepAlive(false);
      Write(response, TooLarge(limits_.max_body_bytes), &request);
      return;
    }
    if (request.content_type.rfind(kFormType, 0) == 0) request.form = ParseUrlEncoded(request.body);

    // A plain value and a flag rather than std::optional: GCC's -Wmaybe-uninitialized misfires
    // on optional<Fault> here.
    Fault fault;
    FaultKind kind = FaultKind::kStatus;
    bool faulted = false;
    if (!IsAdminPath(request.path)) {
      if (auto taken = ctx_.faults.Take(request.path)) {
        fault = *taken;
        kind = fault.kind;
        faulted = true;
      }
    }
    if (faulted && kind == FaultKind::kDelay) {
      // A real delay: the point is to exercise the client's own timeouts.
      Poco::Thread::sleep(fault.delay_ms);
      faulted = false;
    }
    if (faulted && kind == FaultKind::kReset) {
      Journalize(request, 0);
      Reset(http_request, response);
      return;
    }

    HttpAnswer answer;
    if (faulted && (kind == FaultKind::kStatus || kind == FaultKind::kRateLimit)) {
      answer = FaultAnswer(request.path, fault);
    } else {
      try {
        answer = Route(ctx_, request);
      } catch (std::exception const& e) {
        ApiErrorItem item;
        item.message = std::string("Internal error: ") + e.what();
        item.reason = "backendError";
        answer = GoogleApiError(500, "INTERNAL", item);
      }
    }
    if (faulted && kind == FaultKind::kMalformedJson) {
      answer.status = 200;
      answer.content_type = "application/json; charset=utf-8";
      answer.body = "{\"access_token\": \"ya29.truncated\", \"expires_in\": 35";
    }
    Journalize(request, answer.status);
    if (faulted && kind == FaultKind::kTruncate) {
      WriteTruncated(response, answer);
      return;
    }
    Write(response, answer);
  }

  bool ReadBody(std::istream& in, std::string& body) {
    char buffer[8192];
    while (in) {
      in.read(buffer, sizeof(buffer));
      body.append(buffer, static_cast<std::size_t>(in.gcount()));
      if (body.size() > limits_.max_body_bytes) return false;
    }
    return true;
  }

  void Journalize(Request const& request, int status) {
    if (IsAdminPath(request.path)) return;
    JournalEntry entry;
    entry.method = request.method;
    entry.path = request.path;
    entry.query = RedactSecrets(request.query);
    entry.form = RedactSecrets(request.form);
    if (!request.authorization.empty()) {
      entry.auth_scheme = request.authorization.substr(0, request.authorization.find(' '));
    }
    entry.status = status;
    entry.time = ctx_.clock.Now();
    ctx_.journal.Add(std::move(entry));
  }

  static void Prepare(Poco::Net::HTTPServerResponse& response, HttpAnswer const& answer) {
    auto status = static_cast<Poco::Net::HTTPResponse::HTTPStatus>(answer.status);
    response.setStatusAndReason(status, Poco::Net::HTTPResponse::getReasonForStatus(status));
    response.setContentType(answer.content_type);
    for (auto const& [name, value] : answer.headers) response.add(name, value);
  }

  void Write(Poco::Net::HTTPServerResponse& response, HttpAnswer const& answer,
             Request const* journal_as = nullptr) {
    if (journal_as != nullptr) Journalize(*journal_as, answer.status);
    Prepare(response, answer);
    response.sendBuffer(answer.body.data(), answer.body.size());
  }

  // Headers announce the whole body; half of it is sent, then the connection closes.
  static void WriteTruncated(Poco::Net::HTTPServerResponse& response, HttpAnswer const& answer) {
    Prepare(response, answer);
    response.setKeepAlive(false);
    response.setContentLength(static_cast<std::streamsize>(answer.body.size()));
    std::ostream& out = response.send();
    out.write(answer.body.data(), static_cast<std::streamsize>(answer.body.size() / 2));
    out.flush();
  }

  // SO_LINGER 0 then close: the peer sees a TCP RST instead of an answer.
  static void Reset(Poco::Net::HTTPServerRequest& http_request,
                    Poco::Net::HTTPServerResponse& response) {
    response.setKeepAlive(false);
    auto* impl = dynamic_cast<Poco::Net::HTTPServerRequestImpl*>(&http_request);
    if (impl == nullptr) return;
    Poco::Net::StreamSocket& socket = impl->socket();
    socket.setLinger(true, 0);
    socket.close();
  }

  RouteContext& ctx_;
  ServerLimits const& limits_;
};

}  // namespace

Poco::Net::HTTPRequestHandler* RequestHandlerFactory::createRequestHandler(
    Poco::Net::HTTPServerRequest const&) {
  return new RequestHandler(ctx_, limits_);
}

}  // namespace gauthflow::mockserver
