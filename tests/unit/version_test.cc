#include "gauthflow/version.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace gauthflow {
namespace {

using ::testing::MatchesRegex;

TEST(Version, NumberIsTheProjectVersion) {
  EXPECT_THAT(std::string(VersionNumber()), MatchesRegex("[0-9]+\\.[0-9]+\\.[0-9]+"));
}

TEST(Version, TextNamesTheProgramTheVersionAndTheCommitWhenThereIsOne) {
  auto const text = VersionText("gauthflow");
  if (BuildCommit().empty()) {
    EXPECT_EQ(text, "gauthflow " + std::string(VersionNumber()));
  } else {
    EXPECT_THAT(std::string(BuildCommit()), MatchesRegex("[0-9a-f]{12}(\\+dirty)?"));
    EXPECT_EQ(text, "gauthflow " + std::string(VersionNumber()) + " (commit " +
                        std::string(BuildCommit()) + ")");
  }
}

}  // namespace
}  // namespace gauthflow
