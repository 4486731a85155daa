#include "gauthflow/pkce.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>
#include <string>

namespace gauthflow {
namespace {

using ::testing::HasSubstr;
using ::testing::MatchesRegex;
using ::testing::Not;

constexpr char kUnreserved[] = "[A-Za-z0-9._~-]";

// RFC 7636 Appendix B (also checked with `openssl dgst -sha256 -binary | base64`).
TEST(Pkce, MatchesRfc7636AppendixB) {
  EXPECT_EQ(S256Challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
  auto const pkce = PkceFromVerifier("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
  ASSERT_TRUE(pkce) << pkce.error().message;
  EXPECT_EQ(pkce->challenge, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
  EXPECT_EQ(pkce->method, "S256");
  EXPECT_EQ(pkce->verifier, "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
}

TEST(Pkce, ChallengeIsUnpaddedBase64UrlOfSha256) {
  // SHA-256("") = e3b0c442...b855; its base64url form, without the trailing '='.
  EXPECT_EQ(S256Challenge(""), "47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU");
}

TEST(Pkce, VerifierHasRequestedLengthAndUnreservedCharacters) {
  for (std::size_t length : {std::size_t{43}, std::size_t{44}, std::size_t{64}, std::size_t{127},
                             std::size_t{128}}) {
    auto const verifier = GenerateCodeVerifier(length);
    ASSERT_TRUE(verifier) << verifier.error().message;
    EXPECT_EQ(verifier->size(), length);
    EXPECT_THAT(*verifier, MatchesRegex(std::string(kUnreserved) + "+"));
  }
  auto const by_default = GenerateCodeVerifier();
  ASSERT_TRUE(by_default);
  EXPECT_EQ(by_default->size(), kDefaultVerifierLength);
}

TEST(Pkce, LongVerifiersHaveNoLineBreaks) {
  // Poco's Base64Encoder wraps lines at 72 characters unless told not to.
  auto const verifier = GenerateCodeVerifier(128);
  ASSERT_TRUE(verifier);
  EXPECT_EQ(verifier->find_first_of("\r\n="), std::string::npos);
}

TEST(Pkce, RejectsOutOfRangeVerifierLengths) {
  for (std::size_t length : {std::size_t{0}, std::size_t{42}, std::size_t{129},
                             std::size_t{4096}}) {
    auto const verifier = GenerateCodeVerifier(length);
    ASSERT_FALSE(verifier) << length;
    EXPECT_EQ(verifier.error().code, ErrorCode::kInvalidArgument);
    EXPECT_THAT(verifier.error().message, HasSubstr(std::to_string(length)));
    EXPECT_FALSE(GeneratePkce(length));
  }
}

TEST(Pkce, VerifiersDiffer) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    auto const verifier = GenerateCodeVerifier();
    ASSERT_TRUE(verifier);
    seen.insert(*verifier);
  }
  EXPECT_EQ(seen.size(), 100U);
}

TEST(Pkce, GeneratedPairIsConsistent) {
  auto const pkce = GeneratePkce();
  ASSERT_TRUE(pkce) << pkce.error().message;
  EXPECT_EQ(pkce->method, "S256");
  EXPECT_EQ(pkce->challenge, S256Challenge(pkce->verifier));
  EXPECT_EQ(pkce->challenge.size(), 43U);
}

TEST(Pkce, FromVerifierRejectsBadVerifiersWithoutEchoingThem) {
  std::string const with_plus = std::string(50, 'a') + "+secret";
  auto const bad_char = PkceFromVerifier(with_plus);
  ASSERT_FALSE(bad_char);
  EXPECT_EQ(bad_char.error().code, ErrorCode::kInvalidArgument);
  EXPECT_THAT(bad_char.error().message, HasSubstr("position 50"));
  EXPECT_THAT(bad_char.error().message, Not(HasSubstr("secret")));

  auto const too_short = PkceFromVerifier("abc");
  ASSERT_FALSE(too_short);
  EXPECT_EQ(too_short.error().code, ErrorCode::kInvalidArgument);
  EXPECT_FALSE(PkceFromVerifier(std::string(129, 'a')));
  EXPECT_TRUE(PkceFromVerifier(std::string(128, '~')));
}

TEST(State, Has256BitsOfBase64Url) {
  auto const state = GenerateState();
  ASSERT_TRUE(state) << state.error().message;
  // 32 bytes -> 43 base64url characters, no padding.
  EXPECT_EQ(state->size(), 43U);
  EXPECT_THAT(*state, MatchesRegex("[A-Za-z0-9_-]+"));
}

TEST(State, ValuesDifferAndUseTheWholeAlphabet) {
  std::set<std::string> seen;
  std::set<char> characters;
  for (int i = 0; i < 200; ++i) {
    auto const state = GenerateState();
    ASSERT_TRUE(state);
    seen.insert(*state);
    characters.insert(state->begin(), state->end());
  }
  EXPECT_EQ(seen.size(), 200U);
  // 200 x 43 characters from a 64-letter alphabet: all letters appear unless the source is
  // badly skewed (the chance that a fair source misses one is below 1e-50).
  EXPECT_EQ(characters.size(), 64U);
}

TEST(ConstantTimeEquals, ComparesContentsAndLengths) {
  EXPECT_TRUE(ConstantTimeEquals("", ""));
  EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abcd"));
  EXPECT_FALSE(ConstantTimeEquals("abcd", "abc"));
  EXPECT_FALSE(ConstantTimeEquals("", "a"));
  EXPECT_FALSE(ConstantTimeEquals("xbc", "abc"));
  std::string const with_nul("a\0b", 3);
  EXPECT_FALSE(ConstantTimeEquals(with_nul, std::string("a\0c", 3)));
  EXPECT_TRUE(ConstantTimeEquals(with_nul, std::string("a\0b", 3)));
}

}  // namespace
}  // namespace gauthflow
