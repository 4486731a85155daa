#include "http/response_writer.h"

#include <Poco/Net/HTTPResponse.h>

namespace gauthflow::mockserver::http {

void AppendResponse(HttpResponse const& response, WireOptions const& options, std::string& out) {
  auto status = static_cast<Poco::Net::HTTPResponse::HTTPStatus>(response.status);
  out += "HTTP/1.1 ";
  out += std::to_string(response.status);
  out += ' ';
  out += Poco::Net::HTTPResponse::getReasonForStatus(status);
  out += "\r\n";
  for (auto const& [name, value] : response.headers) {
    out += name;
    out += ": ";
    out += value;
    out += "\r\n";
  }
  // RFC 9110 §8.6: no Content-Length on 1xx and 204 answers.
  bool has_length = response.status >= 200 && response.status != 204;
  if (has_length) {
    out += "Content-Length: ";
    out += std::to_string(response.body.size());
    out += "\r\n";
  }
  if (!options.keep_alive) {
    out += "Connection: close\r\n";
  } else if (options.http10) {
    out += "Connection: keep-alive\r\n";
  }
  if (!options.date.empty()) {
    out += "Date: ";
    out += options.date;
    out += "\r\n";
  }
  out += "\r\n";
  if (has_length && !options.head) out += response.body;
}

std::size_t TruncatedSize(HttpResponse const& response, std::size_t wire_size) {
  std::size_t body = response.body.size();
  return wire_size - body + body / 2;
}

}  // namespace gauthflow::mockserver::http
