#include "gauthflow/scopes.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace gauthflow {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(Scopes, ExpandsShortGoogleScopes) {
  EXPECT_EQ(ExpandScope("drive.metadata.readonly"),
            "https://www.googleapis.com/auth/drive.metadata.readonly");
  EXPECT_EQ(ExpandScope("drive"), "https://www.googleapis.com/auth/drive");
  EXPECT_EQ(ExpandScope("userinfo.email"), "https://www.googleapis.com/auth/userinfo.email");
}

TEST(Scopes, KeepsUrlsAndOpenIdScopes) {
  EXPECT_EQ(ExpandScope("https://www.googleapis.com/auth/drive"),
            "https://www.googleapis.com/auth/drive");
  EXPECT_EQ(ExpandScope("https://mail.google.com/"), "https://mail.google.com/");
  EXPECT_EQ(ExpandScope("openid"), "openid");
  EXPECT_EQ(ExpandScope("email"), "email");
  EXPECT_EQ(ExpandScope("profile"), "profile");
  EXPECT_EQ(ExpandScope(""), "");
  EXPECT_THAT(ExpandScopes({"openid", "drive.file"}),
              ElementsAre("openid", "https://www.googleapis.com/auth/drive.file"));
}

TEST(Scopes, SplitsOnWhitespaceRuns) {
  EXPECT_THAT(SplitScopes("openid  email\thttps://www.googleapis.com/auth/drive "),
              ElementsAre("openid", "email", "https://www.googleapis.com/auth/drive"));
  EXPECT_THAT(SplitScopes(""), IsEmpty());
  EXPECT_THAT(SplitScopes("   "), IsEmpty());
}

TEST(Scopes, JoinsWithSingleSpacesSkippingEmpties) {
  EXPECT_EQ(JoinScopes({"openid", "", "email"}), "openid email");
  EXPECT_EQ(JoinScopes({}), "");
  EXPECT_EQ(JoinScopes(SplitScopes("a b  c")), "a b c");
}

TEST(Scopes, MissingScopesHonoursGooglesEquivalentSpellings) {
  std::vector<std::string> const granted = {
      "https://www.googleapis.com/auth/userinfo.email",
      "https://www.googleapis.com/auth/userinfo.profile", "openid",
      "https://www.googleapis.com/auth/drive.metadata.readonly"};
  EXPECT_THAT(MissingScopes({"email", "profile", "openid", "drive.metadata.readonly"}, granted),
              IsEmpty());
  EXPECT_THAT(MissingScopes({"https://www.googleapis.com/auth/userinfo.email"}, {"email"}),
              IsEmpty());
}

TEST(Scopes, MissingScopesReportsWhatWasNotGrantedInTheCallersSpelling) {
  EXPECT_THAT(MissingScopes({"email", "drive.readonly", "drive.readonly", "openid"},
                            {"openid", "https://www.googleapis.com/auth/drive"}),
              ElementsAre("email", "drive.readonly"));
  EXPECT_THAT(MissingScopes({"drive"}, {}), ElementsAre("drive"));
  EXPECT_THAT(MissingScopes({}, {"drive"}), IsEmpty());
}

}  // namespace
}  // namespace gauthflow
