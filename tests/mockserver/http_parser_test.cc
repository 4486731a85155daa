// The incremental HTTP/1.1 request parser (mockserver/src/http/request_parser.h): framing by
// RFC 9112, limits by RFC 9110/6585, and input in pieces of any size.
#include "http/request_parser.h"

#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace gauthflow::mockserver::http {
namespace {

using ::testing::HasSubstr;
using Phase = RequestParser::Phase;

ParserLimits SmallLimits() {
  ParserLimits limits;
  limits.max_request_line_bytes = 64;
  limits.max_header_line_bytes = 64;
  limits.max_header_count = 4;
  limits.max_header_bytes = 160;
  limits.max_body_bytes = 32;
  return limits;
}

// Feeds `wire` whole and returns the one request it holds; `rest` gets the bytes after it.
HttpRequest ParseOne(std::string const& wire, ParserLimits limits = ParserLimits(),
                     std::string* rest = nullptr) {
  RequestParser parser(limits);
  std::size_t used = parser.Feed(wire);
  EXPECT_EQ(parser.phase(), Phase::kComplete) << wire;
  if (rest != nullptr) *rest = wire.substr(used);
  return parser.Take();
}

int RejectionStatus(std::string const& wire, ParserLimits limits = ParserLimits()) {
  HttpRequest request = ParseOne(wire, limits);
  return request.rejection ? request.rejection->status : 0;
}

TEST(HttpRequestParser, ParsesRequestLineAndHeaders) {
  HttpRequest request = ParseOne(
      "GET /o/oauth2/v2/auth?client_id=x HTTP/1.1\r\nHost: example\r\nX-Thing:  spaced value \r\n\r\n");
  EXPECT_FALSE(request.rejection);
  EXPECT_EQ(request.method, "GET");
  EXPECT_EQ(request.target, "/o/oauth2/v2/auth?client_id=x");
  EXPECT_EQ(request.version_minor, 1);
  EXPECT_EQ(request.Header("host"), "example");
  EXPECT_EQ(request.Header("X-THING"), "spaced value");
  EXPECT_EQ(request.Header("Absent"), "");
  EXPECT_TRUE(request.keep_alive);
  EXPECT_EQ(request.body, "");
}

TEST(HttpRequestParser, ReadsContentLengthBody) {
  HttpRequest request = ParseOne("POST /token HTTP/1.1\r\nContent-Length: 5\r\n\r\nabcde");
  EXPECT_FALSE(request.rejection);
  EXPECT_EQ(request.body, "abcde");
}

TEST(HttpRequestParser, AcceptsBytesOneAtATime) {
  std::string const wire =
      "POST /token HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
      "3;ext=1\r\nabc\r\n2\r\nde\r\n0\r\nTrailer: x\r\n\r\n";
  RequestParser parser{ParserLimits()};
  std::vector<Phase> phases;
  for (char c : wire) {
    ASSERT_NE(parser.phase(), Phase::kComplete);
    EXPECT_EQ(parser.Feed(std::string_view(&c, 1)), 1u);
    phases.push_back(parser.phase());
  }
  EXPECT_EQ(phases.front(), Phase::kHeaders);
  EXPECT_NE(std::find(phases.begin(), phases.end(), Phase::kBody), phases.end());
  ASSERT_EQ(parser.phase(), Phase::kComplete);
  HttpRequest request = parser.Take();
  EXPECT_FALSE(request.rejection);
  EXPECT_EQ(request.body, "abcde");
  EXPECT_EQ(request.Header("Trailer"), "");  // trailers are not headers
  EXPECT_EQ(parser.phase(), Phase::kIdle);
}

TEST(HttpRequestParser, StopsAtTheEndOfOneRequest) {
  std::string rest;
  HttpRequest first = ParseOne("GET /a HTTP/1.1\r\n\r\nGET /b HTTP/1.1\r\n\r\n", ParserLimits(), &rest);
  EXPECT_EQ(first.target, "/a");
  EXPECT_EQ(rest, "GET /b HTTP/1.1\r\n\r\n");
  EXPECT_EQ(ParseOne(rest).target, "/b");
}

TEST(HttpRequestParser, BareLineFeedsAndLeadingEmptyLines) {
  HttpRequest request = ParseOne("\r\n\nGET / HTTP/1.1\nHost: h\n\n");
  EXPECT_FALSE(request.rejection);
  EXPECT_EQ(request.Header("Host"), "h");
}

TEST(HttpRequestParser, Persistence) {
  EXPECT_FALSE(ParseOne("GET / HTTP/1.1\r\nConnection: close\r\n\r\n").keep_alive);
  EXPECT_FALSE(ParseOne("GET / HTTP/1.0\r\n\r\n").keep_alive);
  HttpRequest old = ParseOne("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n");
  EXPECT_TRUE(old.keep_alive);
  EXPECT_EQ(old.version_minor, 0);
}

TEST(HttpRequestParser, ReportsExpectContinueOnlyWhileTheBodyIsAwaited) {
  RequestParser parser{ParserLimits()};
  parser.Feed("POST / HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n");
  EXPECT_EQ(parser.phase(), Phase::kBody);
  EXPECT_TRUE(parser.expects_continue());
  parser.Feed("ok");
  EXPECT_FALSE(parser.expects_continue());
  EXPECT_EQ(parser.Take().body, "ok");
}

// RFC 9112 §6.3 item 3: both framings is a smuggling attempt.
TEST(HttpRequestParser, RejectsContentLengthWithTransferEncoding) {
  HttpRequest request = ParseOne(
      "POST / HTTP/1.1\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
  ASSERT_TRUE(request.rejection);
  EXPECT_EQ(request.rejection->status, 400);
  EXPECT_THAT(request.rejection->message, HasSubstr("Transfer-Encoding"));
  EXPECT_FALSE(request.keep_alive);
}

// RFC 9112 §6.1: an unknown transfer coding is 501; chunked must be last and once.
TEST(HttpRequestParser, TransferCodings) {
  EXPECT_EQ(RejectionStatus("POST / HTTP/1.1\r\nTransfer-Encoding: xchunked\r\n\r\n"), 501);
  EXPECT_EQ(RejectionStatus("POST / HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"), 501);
  EXPECT_EQ(RejectionStatus("POST / HTTP/1.1\r\nTransfer-Encoding: chunked, chunked\r\n\r\n"), 400);
  EXPECT_EQ(RejectionStatus("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n"
                            "Transfer-Encoding: chunked\r\n\r\n"),
            400);
  EXPECT_EQ(RejectionStatus("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"), 400);
  EXPECT_EQ(RejectionStatus("POST / HTTP/1.1\r\nTransfer-Encoding: Chunked\r\n\r\n0\r\n\r\n"), 0);
}

// RFC 9110 §8.6 and RFC 9112 §6.3 item 5.
TEST(HttpRequestParser, ContentLengthValues) {
  EXPECT_EQ(RejectionStatus("POST / HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd"), 400);
  EXPECT_EQ(RejectionStatus("POST / HTTP/1.1\r\nContent-Length: 3, 4\r\n\r\nabcd"), 400);
  EXPECT_EQ(RejectionStatus("POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n"), 400);
  EXPECT_EQ(RejectionStatus("POST / HTTP/1.1\r\nContent-Length: 0x10\r\n\r\n"), 400);
  EXPECT_EQ(RejectionStatus("POST / HTTP/1.1\r\nContent-Length:\r\n\r\n"), 400);
  EXPECT_EQ(RejectionStatus("POST / HTTP/1.1\r\nContent-Length: 99999999999999999999999\r\n\r\n"), 400);
  HttpRequest same = ParseOne("POST / HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 3, 3\r\n\r\nabc");
  EXPECT_FALSE(same.rejection);
  EXPECT_EQ(same.body, "abc");
}

TEST(HttpRequestParser, MalformedChunks) {
  std::string const head = "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n";
  EXPECT_EQ(RejectionStatus(head + "zz\r\n"), 400);
  EXPECT_EQ(RejectionStatus(head + "\r\n"), 400);
  EXPECT_EQ(RejectionStatus(head + "-1\r\n"), 400);
  EXPECT_EQ(RejectionStatus(head + "1 2\r\n"), 400);
  EXPECT_EQ(RejectionStatus(head + "fffffffffffffffffff\r\n"), 400);
  EXPECT_EQ(RejectionStatus(head + "2\r\nabc\r\n"), 400);  // data longer than its size
}

TEST(HttpRequestParser, MalformedRequests) {
  EXPECT_EQ(RejectionStatus("GET /\r\n\r\n"), 400);
  EXPECT_EQ(RejectionStatus("GET  / HTTP/1.1\r\n\r\n"), 400);
  EXPECT_EQ(RejectionStatus("G(T / HTTP/1.1\r\n\r\n"), 400);
  EXPECT_EQ(RejectionStatus("GET / HTTX/1.1\r\n\r\n"), 400);
  EXPECT_EQ(RejectionStatus("GET / HTTP/2.0\r\n\r\n"), 505);
  EXPECT_EQ(RejectionStatus("GET / HTTP/1.1\r\nNo colon\r\n\r\n"), 400);
  EXPECT_EQ(RejectionStatus("GET / HTTP/1.1\r\nName : value\r\n\r\n"), 400);  // RFC 9112 §5.1
  EXPECT_EQ(RejectionStatus("GET / HTTP/1.1\r\nA: b\r\n folded\r\n\r\n"), 400);  // §5.2
  EXPECT_EQ(RejectionStatus(std::string("GET / HTTP/1.1\r\nA: b\0c\r\n\r\n", 26)), 400);
}

// RFC 9112 §3 (414) and RFC 6585 §5 (431).
TEST(HttpRequestParser, HeaderLimits) {
  ParserLimits limits = SmallLimits();
  EXPECT_EQ(RejectionStatus("GET /" + std::string(80, 'a') + " HTTP/1.1\r\n\r\n", limits), 414);
  EXPECT_EQ(RejectionStatus("GET / HTTP/1.1\r\nA: " + std::string(80, 'a') + "\r\n\r\n", limits), 431);
  EXPECT_EQ(RejectionStatus("GET / HTTP/1.1\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\nE: 5\r\n\r\n", limits), 431);
  std::string fields;
  for (char name = 'A'; name < 'E'; ++name) fields += std::string(1, name) + ": " + std::string(50, 'x') + "\r\n";
  EXPECT_EQ(RejectionStatus("GET / HTTP/1.1\r\n" + fields + "\r\n", limits), 431);
  EXPECT_EQ(RejectionStatus("GET / HTTP/1.1\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n\r\n", limits), 0);
}

TEST(HttpRequestParser, LongLineIsRejectedWithoutItsEnd) {
  RequestParser parser{SmallLimits()};
  parser.Feed("GET / HTTP/1.1\r\nA: ");
  EXPECT_EQ(parser.phase(), Phase::kHeaders);
  parser.Feed(std::string(200, 'a'));  // no line end yet: the bound holds all the same
  ASSERT_EQ(parser.phase(), Phase::kComplete);
  EXPECT_EQ(parser.Take().rejection->status, 431);
}

TEST(HttpRequestParser, BodyLimit) {
  ParserLimits limits = SmallLimits();
  HttpRequest declared = ParseOne("POST / HTTP/1.1\r\nContent-Length: 33\r\n\r\n", limits);
  ASSERT_TRUE(declared.rejection);
  EXPECT_EQ(declared.rejection->status, 413);
  EXPECT_THAT(declared.rejection->message, HasSubstr("32 bytes"));
  std::string const head = "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n";
  EXPECT_EQ(RejectionStatus(head + "10\r\n" + std::string(16, 'a') + "\r\n11\r\n", limits), 413);
  EXPECT_EQ(RejectionStatus(head + "10\r\n" + std::string(16, 'a') + "\r\n10\r\n" +
                                std::string(16, 'a') + "\r\n0\r\n\r\n",
                            limits),
            0);
}

}  // namespace
}  // namespace gauthflow::mockserver::http
