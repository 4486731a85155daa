#include "http/request_parser.h"

#include <algorithm>
#include <cctype>
#include <limits>
#include <utility>
#include <vector>

#include <Poco/String.h>

namespace gauthflow::mockserver::http {
namespace {

// RFC 9110 §5.6.2: tchar (DIGIT and ALPHA are ASCII, RFC 5234 B.1: no locale's isalnum).
bool IsTokenChar(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool IsToken(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), IsTokenChar);
}

std::string_view TrimOws(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

bool EqualsNoCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && Poco::icompare(std::string(a), std::string(b)) == 0;
}

// The elements of a comma-separated list (RFC 9110 §5.6.1), trimmed; empty elements dropped.
std::vector<std::string_view> ListElements(std::string_view value) {
  std::vector<std::string_view> elements;
  while (!value.empty()) {
    std::size_t comma = value.find(',');
    std::string_view element = TrimOws(value.substr(0, comma));
    if (!element.empty()) elements.push_back(element);
    value = comma == std::string_view::npos ? std::string_view() : value.substr(comma + 1);
  }
  return elements;
}

// Content-Length = 1*DIGIT (RFC 9110 §8.6), bounded so that it cannot overflow.
bool ParseDecimal(std::string_view text, std::uint64_t& out) {
  if (text.empty() || text.size() > 18) return false;
  out = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    out = out * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return true;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::size_t RequestParser::Feed(std::string_view data) {
  std::size_t used = 0;
  while (used < data.size() && state_ != State::kDone) {
    std::string_view rest = data.substr(used);
    if (phase_ == Phase::kIdle) phase_ = Phase::kHeaders;
    switch (state_) {
      case State::kRequestLine:
        used += FeedLine(rest, limits_.max_request_line_bytes);
        break;
      case State::kHeaderLine:
      case State::kTrailerLine:
        used += FeedLine(rest, limits_.max_header_line_bytes);
        break;
      case State::kChunkSize:
      case State::kChunkEnd:
        // A chunk-size line with extensions is bounded like a field line.
        used += FeedLine(rest, limits_.max_header_line_bytes);
        break;
      case State::kBody:
      case State::kChunkData: {
        std::size_t take = static_cast<std::size_t>(
            std::min<std::uint64_t>(remaining_, static_cast<std::uint64_t>(rest.size())));
        request_.body.append(rest.data(), take);
        remaining_ -= take;
        used += take;
        if (remaining_ == 0) {
          if (state_ == State::kBody) {
            Complete();
          } else {
            state_ = State::kChunkEnd;
          }
        }
        break;
      }
      case State::kDone:
        break;
    }
  }
  return used;
}

// Reads up to the end of a line. RFC 9112 §2.2: a bare LF ends a line too; the CR before it is
// dropped.
std::size_t RequestParser::FeedLine(std::string_view data, std::size_t max_bytes) {
  std::size_t lf = data.find('\n');
  std::string_view piece = data.substr(0, lf);
  if (line_.size() + piece.size() > max_bytes + 1) {  // +1: the CR of CRLF
    line_too_long_ = true;
  } else {
    line_.append(piece);
  }
  if (line_too_long_) {
    bool request_line = state_ == State::kRequestLine;
    Reject(request_line ? 414 : 431,
           request_line ? "Request line longer than " + std::to_string(max_bytes) + " bytes."
                        : "Header field line longer than " + std::to_string(max_bytes) + " bytes.");
    return lf == std::string_view::npos ? data.size() : lf + 1;
  }
  if (lf == std::string_view::npos) return data.size();
  if (!line_.empty() && line_.back() == '\r') line_.pop_back();
  // The line is read in place and line_ keeps its buffer for the next one (OnLine copies what
  // it keeps and never touches line_).
  OnLine(line_);
  line_.clear();
  return lf + 1;
}

void RequestParser::OnLine(std::string_view line) {
  switch (state_) {
    case State::kRequestLine:
      // RFC 9112 §2.2: empty lines before the request line are ignored.
      if (!line.empty()) OnRequestLine(line);
      break;
    case State::kHeaderLine:
      if (line.empty()) {
        OnHeadersComplete();
      } else {
        OnHeaderLine(line, false);
      }
      break;
    case State::kTrailerLine:
      if (line.empty()) {
        Complete();
      } else {
        OnHeaderLine(line, true);
      }
      break;
    case State::kChunkSize:
      OnChunkSize(line);
      break;
    case State::kChunkEnd:
      // RFC 9112 §7.1: chunk-data is followed by CRLF and nothing else.
      if (!line.empty()) {
        Reject(400, "Malformed chunked body: chunk data longer than its size.");
      } else {
        state_ = State::kChunkSize;
      }
      break;
    default:
      break;
  }
}

// RFC 9112 §3: method SP request-target SP HTTP-version.
void RequestParser::OnRequestLine(std::string_view line) {
  std::size_t first = line.find(' ');
  std::size_t last = line.rfind(' ');
  if (first == std::string_view::npos || first == last) {
    Reject(400, "Malformed request line.");
    return;
  }
  std::string_view method = line.substr(0, first);
  std::string_view target = line.substr(first + 1, last - first - 1);
  std::string_view version = line.substr(last + 1);
  if (!IsToken(method) || target.empty() ||
      target.find_first_of(" \t\r") != std::string_view::npos) {
    Reject(400, "Malformed request line.");
    return;
  }
  request_.method = std::string(method);
  request_.target = std::string(target);
  if (version.size() != 8 || version.substr(0, 5) != "HTTP/" || version[6] != '.' ||
      !std::isdigit(static_cast<unsigned char>(version[5])) ||
      !std::isdigit(static_cast<unsigned char>(version[7]))) {
    Reject(400, "Malformed HTTP version.");
    return;
  }
  if (version[5] != '1' || (version[7] != '0' && version[7] != '1')) {
    Reject(505, "Only HTTP/1.0 and HTTP/1.1 are supported.");
    return;
  }
  request_.version_minor = version[7] - '0';
  state_ = State::kHeaderLine;
}

// RFC 9112 §5: field-name ":" OWS field-value OWS.
void RequestParser::OnHeaderLine(std::string_view line, bool trailer) {
  header_bytes_ += line.size() + 2;
  ++header_count_;
  if (header_count_ > limits_.max_header_count) {
    Reject(431, "More than " + std::to_string(limits_.max_header_count) + " header fields.");
    return;
  }
  if (header_bytes_ > limits_.max_header_bytes) {
    Reject(431, "Header fields larger than " + std::to_string(limits_.max_header_bytes) +
                    " bytes in total.");
    return;
  }
  // §5.2: obsolete line folding may be rejected with 400.
  if (line.front() == ' ' || line.front() == '\t') {
    Reject(400, "Obsolete line folding in the header section.");
    return;
  }
  std::size_t colon = line.find(':');
  // §5.1: no whitespace between the field name and the colon.
  if (colon == std::string_view::npos || !IsToken(line.substr(0, colon))) {
    Reject(400, "Malformed header field line.");
    return;
  }
  std::string_view value = TrimOws(line.substr(colon + 1));
  // §2.2 and RFC 9110 §5.5: CR, LF and NUL are never valid inside a field value.
  if (std::any_of(value.begin(), value.end(), [](char c) {
        auto u = static_cast<unsigned char>(c);
        return (u < 0x20 && c != '\t') || u == 0x7f;
      })) {
    Reject(400, "Control character in a header field value.");
    return;
  }
  if (trailer) return;  // trailers are bounded and dropped: nothing here reads them
  request_.headers.emplace_back(std::string(line.substr(0, colon)), std::string(value));
}

// RFC 9112 §6.1 and §6.3: how long the body is, or why its framing cannot be trusted.
void RequestParser::OnHeadersComplete() {
  std::vector<std::string_view> codings;
  std::vector<std::string_view> lengths;
  bool has_transfer_encoding = false;
  bool close = false;
  bool keep_alive_token = false;
  bool expect_continue = false;
  for (auto const& [name, value] : request_.headers) {
    if (EqualsNoCase(name, "Transfer-Encoding")) {
      has_transfer_encoding = true;
      for (auto coding : ListElements(value)) codings.push_back(coding);
    } else if (EqualsNoCase(name, "Content-Length")) {
      auto elements = ListElements(value);
      if (elements.empty()) lengths.push_back({});
      for (auto length : elements) lengths.push_back(length);
    } else if (EqualsNoCase(name, "Connection")) {
      for (auto option : ListElements(value)) {
        close = close || EqualsNoCase(option, "close");
        keep_alive_token = keep_alive_token || EqualsNoCase(option, "keep-alive");
      }
    } else if (EqualsNoCase(name, "Expect")) {
      expect_continue = EqualsNoCase(TrimOws(value), "100-continue");
    }
  }
  // RFC 9112 §9.3: HTTP/1.1 persists unless "close"; HTTP/1.0 only with "keep-alive".
  request_.keep_alive = !close && (request_.version_minor >= 1 || keep_alive_token);

  bool chunked = false;
  std::uint64_t length = 0;
  if (has_transfer_encoding) {
    // §6.1: Transfer-Encoding in HTTP/1.0 means the framing is faulty.
    if (request_.version_minor == 0) {
      Reject(400, "Transfer-Encoding is not defined for HTTP/1.0.");
      return;
    }
    // §6.3 item 3: both framings in one message is how requests are smuggled.
    if (!lengths.empty()) {
      Reject(400, "Content-Length and Transfer-Encoding together (RFC 9112 §6.3).");
      return;
    }
    for (auto coding : codings) {
      std::string_view name = TrimOws(coding.substr(0, coding.find(';')));
      if (!EqualsNoCase(name, "chunked")) {
        // §6.1: a transfer coding the server does not understand gets 501.
        Reject(501, "Transfer coding \"" + std::string(name) + "\" is not implemented.");
        return;
      }
    }
    // §6.3 item 4: chunked must be the final coding, and is applied once (RFC 9112 §7).
    if (codings.size() != 1) {
      Reject(400, "Malformed Transfer-Encoding: \"chunked\" once and last.");
      return;
    }
    chunked = true;
  } else if (!lengths.empty()) {
    // RFC 9110 §8.6: a list of identical values may be taken as one; anything else is invalid
    // and RFC 9112 §6.3 item 5 makes it unrecoverable.
    for (std::size_t i = 0; i < lengths.size(); ++i) {
      std::uint64_t value = 0;
      if (!ParseDecimal(lengths[i], value) || (i > 0 && value != length)) {
        Reject(400, "Invalid or conflicting Content-Length.");
        return;
      }
      length = value;
    }
  }
  if (length > limits_.max_body_bytes) {
    Reject(413, "Request body larger than " + std::to_string(limits_.max_body_bytes) + " bytes.");
    return;
  }
  header_count_ = 0;  // trailers are counted afresh, header_bytes_ goes on
  if (chunked) {
    expects_continue_ = expect_continue;
    phase_ = Phase::kBody;
    state_ = State::kChunkSize;
  } else if (length > 0) {
    expects_continue_ = expect_continue;
    phase_ = Phase::kBody;
    remaining_ = length;
    state_ = State::kBody;
  } else {
    Complete();
  }
}

// RFC 9112 §7.1: chunk-size = 1*HEXDIG, then optional chunk extensions (ignored).
void RequestParser::OnChunkSize(std::string_view line) {
  std::size_t end = line.find_first_of("; \t");
  std::string_view digits = line.substr(0, end);
  std::string_view after = end == std::string_view::npos ? std::string_view() : line.substr(end);
  after = TrimOws(after);
  if (digits.empty() || digits.size() > 15 || (!after.empty() && after.front() != ';')) {
    Reject(400, "Malformed chunk size.");
    return;
  }
  std::uint64_t size = 0;
  for (char c : digits) {
    int value = HexValue(c);
    if (value < 0) {
      Reject(400, "Malformed chunk size.");
      return;
    }
    size = size * 16 + static_cast<std::uint64_t>(value);
  }
  if (size == 0) {
    state_ = State::kTrailerLine;
    return;
  }
  if (request_.body.size() + size > limits_.max_body_bytes) {
    Reject(413, "Request body larger than " + std::to_string(limits_.max_body_bytes) + " bytes.");
    return;
  }
  remaining_ = size;
  state_ = State::kChunkData;
}

void RequestParser::Reject(int status, std::string message) {
  request_.rejection = Rejection{status, std::move(message)};
  request_.keep_alive = false;
  Complete();
}

void RequestParser::Complete() {
  state_ = State::kDone;
  phase_ = Phase::kComplete;
  expects_continue_ = false;
}

HttpRequest RequestParser::Take() {
  HttpRequest request = std::move(request_);
  request_ = HttpRequest();
  phase_ = Phase::kIdle;
  state_ = State::kRequestLine;
  line_.clear();
  line_too_long_ = false;
  header_bytes_ = 0;
  header_count_ = 0;
  remaining_ = 0;
  expects_continue_ = false;
  return request;
}

}  // namespace gauthflow::mockserver::http
