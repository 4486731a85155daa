#include "gauthflow/error.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

#include "gauthflow/http_client.h"

namespace gauthflow {
namespace {

TEST(Error, ToStringHasCodeNameAndMessage) {
  Error const error{ErrorCode::kInvalidGrant, "Token has been expired or revoked."};
  EXPECT_EQ(ToString(error), "invalid_grant: Token has been expired or revoked.");
}

TEST(Error, EveryCodeHasADistinctName) {
  std::set<std::string_view> names;
  for (int i = 0; i <= static_cast<int>(ErrorCode::kInvalidToken); ++i) {
    auto const name = ErrorCodeName(static_cast<ErrorCode>(i));
    EXPECT_NE(name, "unknown") << i;
    EXPECT_TRUE(names.insert(name).second) << name;
  }
}

TEST(Error, MakeErrorCarriesCodeAndMessage) {
  Result<int> const result = MakeError(ErrorCode::kMissingField, "x: missing \"client_id\"");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kMissingField);
  EXPECT_THAT(result.error().message, ::testing::HasSubstr("client_id"));
}

TEST(FindHeader, IsCaseInsensitiveAndFirstMatchWins) {
  HttpHeaders const headers{{"Retry-After", "7"}, {"retry-after", "9"}};
  EXPECT_EQ(FindHeader(headers, "RETRY-AFTER"), "7");
  EXPECT_EQ(FindHeader(headers, "Content-Type"), std::nullopt);
  EXPECT_EQ(FindHeader(headers, "Retry-Afte"), std::nullopt);
}

}  // namespace
}  // namespace gauthflow
