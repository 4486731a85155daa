#include "gauthflow/cli/command_line.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace gauthflow::cli {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Pair;

TEST(ParseCommandLine, CommandFlagsAndGlobalsAnywhere) {
  auto line = ParseCommandLine({"-v", "login", "--mode=oob", "--endpoint-base",
                                "http://127.0.0.1:8080", "--scopes", "a", "--scopes=b",
                                "--no-browser"});
  ASSERT_TRUE(line) << line.error().message;
  EXPECT_EQ(line->command, "login");
  EXPECT_EQ(line->verbosity, 1);
  EXPECT_EQ(line->Get("mode"), "oob");
  EXPECT_EQ(line->Get("endpoint-base"), "http://127.0.0.1:8080");
  EXPECT_THAT(line->GetAll("scopes"), ElementsAre("a", "b"));
  EXPECT_TRUE(line->Has("no-browser"));
  EXPECT_FALSE(line->Has("timeout"));
}

TEST(ParseCommandLine, DriveTakesASubcommand) {
  auto line = ParseCommandLine({"drive", "ls", "--all", "--page-size", "7"});
  ASSERT_TRUE(line);
  EXPECT_EQ(line->command, "drive ls");
  EXPECT_EQ(line->Get("page-size"), "7");
  EXPECT_THAT(ParseCommandLine({"drive"}).error().message, HasSubstr("gauthflow drive ls"));
  EXPECT_THAT(ParseCommandLine({"drive", "rm"}).error().message, HasSubstr("drive rm"));
}

TEST(ParseCommandLine, MockserverPassesEverythingThrough) {
  auto line = ParseCommandLine({"--verbose", "mockserver", "--port=0", "--oob-blocked", "-v"});
  ASSERT_TRUE(line);
  EXPECT_EQ(line->command, "mockserver");
  EXPECT_THAT(line->rest, ElementsAre("--port=0", "--oob-blocked", "-v"));
  EXPECT_EQ(line->verbosity, 1);
}

TEST(ParseCommandLine, HttpTimeoutIsAGlobalFlagApartFromLoginsTimeout) {
  auto line = ParseCommandLine({"--http-timeout", "5", "login", "--timeout", "30"});
  ASSERT_TRUE(line) << line.error().message;
  EXPECT_EQ(line->Get("http-timeout"), "5");
  EXPECT_EQ(line->Get("timeout"), "30");
  EXPECT_EQ(ParseCommandLine({"token", "--http-timeout=7"})->Get("http-timeout"), "7");
  EXPECT_THAT(ParseCommandLine({"token", "--timeout", "7"}).error().message,
              HasSubstr("unknown flag --timeout"));
}

TEST(ParseCommandLine, Help) {
  EXPECT_TRUE(ParseCommandLine({"--help"})->help);
  auto line = ParseCommandLine({"help", "token"});
  ASSERT_TRUE(line);
  EXPECT_TRUE(line->help);
  EXPECT_EQ(line->command, "token");
  EXPECT_EQ(ParseCommandLine({"drive", "-h"})->command, "drive ls");
  EXPECT_EQ(ParseCommandLine({"-vv", "status"})->verbosity, 2);
}

TEST(ParseCommandLine, ErrorsNameTheArgument) {
  EXPECT_THAT(ParseCommandLine({"fly"}).error().message, HasSubstr("unknown command `fly`"));
  EXPECT_THAT(ParseCommandLine({"token", "--mode", "oob"}).error().message,
              HasSubstr("unknown flag --mode for `gauthflow token`"));
  EXPECT_THAT(ParseCommandLine({"--port", "1", "login"}).error().message,
              HasSubstr("--port is a flag of `gauthflow login`: put it after the command"));
  EXPECT_THAT(ParseCommandLine({"login", "--timeout"}).error().message,
              HasSubstr("--timeout needs a value (SECONDS)"));
  EXPECT_THAT(ParseCommandLine({"login", "--no-browser=yes"}).error().message,
              HasSubstr("--no-browser takes no value"));
  EXPECT_THAT(ParseCommandLine({"login", "--port", "1", "--port", "2"}).error().message,
              HasSubstr("--port given more than once"));
  EXPECT_THAT(ParseCommandLine({"status", "extra"}).error().message,
              HasSubstr("unexpected argument `extra`"));
  EXPECT_THAT(ParseCommandLine({"-x"}).error().message, HasSubstr("unknown flag -x"));
}

TEST(CommandTable, EveryCommandHasAHandlerAUniqueNameAndIsFoundByIt) {
  std::set<std::string> names;
  for (auto const& command : Commands()) {
    EXPECT_NE(command.handler, nullptr) << command.name;
    EXPECT_FALSE(command.summary.empty()) << command.name;
    EXPECT_TRUE(names.insert(command.name).second) << command.name;
    EXPECT_EQ(FindCommand(command.name), &command);
    // What the parser makes of the name is the table's entry (groups such as "drive ls"
    // included).
    std::vector<std::string> args;
    std::istringstream words(command.name);
    for (std::string word; words >> word;) args.push_back(word);
    auto line = ParseCommandLine(args);
    ASSERT_TRUE(line) << command.name << ": " << line.error().message;
    EXPECT_EQ(line->command, command.name);
  }
  EXPECT_EQ(FindCommand("drive"), nullptr);  // a group, not a command
}

TEST(HelpText, EveryCommandHasHelpListingItsFlags) {
  for (auto const& command : Commands()) {
    auto const text = HelpText(command.name);
    EXPECT_THAT(text, HasSubstr("Usage: gauthflow " + command.name)) << command.name;
    for (auto const& flag : command.flags) {
      EXPECT_THAT(text, HasSubstr("--" + flag.name)) << command.name;
    }
    EXPECT_THAT(text, HasSubstr("--endpoint-base URL"));
    EXPECT_THAT(text, HasSubstr("--http-timeout SECONDS"));
  }
  auto const top = HelpText("");
  EXPECT_THAT(top, HasSubstr("Exit codes:"));
  EXPECT_THAT(top, HasSubstr("3  login needed"));
}

}  // namespace
}  // namespace gauthflow::cli
