// FlatJsonObject writes what Poco::JSON::Object(JSON_PRESERVE_KEY_ORDER).stringify(out, 2)
// writes, byte for byte: the token endpoint's answers kept their shape when it stopped using Poco.
#include <cstdint>
#include <sstream>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include <Poco/JSON/Object.h>
#include <gtest/gtest.h>

#include "http_answer.h"

namespace gauthflow::mockserver::testing {
namespace {

using Member = std::pair<std::string, std::variant<std::string, std::int64_t>>;

std::string WithPoco(std::vector<Member> const& members) {
  Poco::JSON::Object object(Poco::JSON_PRESERVE_KEY_ORDER);
  for (auto const& [key, value] : members) {
    if (auto const* text = std::get_if<std::string>(&value)) {
      object.set(key, *text);
    } else {
      object.set(key, static_cast<int>(std::get<std::int64_t>(value)));
    }
  }
  std::ostringstream out;
  object.stringify(out, 2);
  return out.str();
}

std::string WithFlatJson(std::vector<Member> const& members) {
  FlatJsonObject object;
  for (auto const& [key, value] : members) {
    if (auto const* text = std::get_if<std::string>(&value)) {
      object.Add(key, *text);
    } else {
      object.Add(key, std::get<std::int64_t>(value));
    }
  }
  return object.Take();
}

TEST(FlatJsonObjectTest, ATokenAnswerIsWrittenAsPocoWritesIt) {
  std::vector<Member> const answer = {
      {"access_token", std::string("ya29.a0") + std::string(150, 'A')},
      {"expires_in", std::int64_t{3599}},
      {"refresh_token", std::string("1//0") + std::string(99, '_')},
      {"scope", std::string("https://www.googleapis.com/auth/drive.metadata.readonly openid")},
      {"token_type", std::string("Bearer")},
      {"id_token", std::string("eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJ4In0.c2ln-_")}};
  EXPECT_EQ(WithFlatJson(answer), WithPoco(answer));
}

TEST(FlatJsonObjectTest, StringsThatNeedEscapingAreEscapedAsPocoDoes) {
  std::vector<Member> const members = {
      {"quote", std::string("a \"quoted\" word")},
      {"backslash", std::string("C:\\path\\")},
      {"slash", std::string("https://example.com/a/b")},
      {"controls", std::string("line\nbreak\ttab\r\x01\x1f")},
      {"delete", std::string("del\x7f")},
      {"unicode", std::string("caf\xc3\xa9 \xe2\x82\xac")},
      {"empty", std::string()},
      {"key \"with\" quotes", std::string("v")},
      {"negative", std::int64_t{-42}}};
  EXPECT_EQ(WithFlatJson(members), WithPoco(members));
}

TEST(FlatJsonObjectTest, AnErrorAnswerAndAnEmptyObject) {
  std::vector<Member> const error = {{"error", std::string("invalid_grant")},
                                     {"error_description", std::string("Bad Request")}};
  EXPECT_EQ(WithFlatJson(error), WithPoco(error));
  EXPECT_EQ(WithFlatJson({}), WithPoco({}));
  EXPECT_EQ(OAuthError(400, "invalid_grant", "Bad Request").body, WithPoco(error));
}

TEST(FlatJsonObjectTest, TakeLeavesAnEmptyBuilder) {
  FlatJsonObject object;
  object.Add("a", "1");
  EXPECT_EQ(object.Take(), WithPoco({{"a", std::string("1")}}));
  object.Add("b", std::int64_t{2});
  EXPECT_EQ(object.Take(), WithPoco({{"b", std::int64_t{2}}}));
}

}  // namespace
}  // namespace gauthflow::mockserver::testing
