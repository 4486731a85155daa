// gauthflow-mockserver's man page and completions against what they are generated from: the
// binary's Poco OptionSet (the one its --help formats) and the conformance command's flag table.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <sstream>

#include <Poco/Util/OptionSet.h>

#include "cli_docs/server_options.h"
#include "conformance/conformance_command.h"
#include "testing/completion_driver.h"
#include "testing/man_page_sections.h"

namespace gauthflow::mockserver {
namespace {

using ::testing::HasSubstr;
using testing::Candidates;
using testing::ManSectionFlags;

// One OptionSet for the file: AllServerOptions makes a Poco Application, one at a time.
Poco::Util::OptionSet const& Options() {
  static Poco::Util::OptionSet const options = AllServerOptions();
  return options;
}

std::set<std::string> OptionNames() {
  std::set<std::string> names;
  for (auto const& option : Options()) names.insert("--" + option.fullName());
  return names;
}

cli::ProgramDoc Doc() { return ServerProgramDoc(Options(), "1.2.3"); }

TEST(MockServerDocs, EveryOptionIsInHelpManPageAndCompletions) {
  ASSERT_TRUE(OptionNames().count("--port"));
  ASSERT_TRUE(OptionNames().count("--daemon"));  // ServerApplication's own, as --help shows
  auto const help = ServerHelpText(Options());
  auto const man = ManPage(Doc());
  auto const zsh = ZshCompletion(Doc());
  for (auto const& option : Options()) {
    EXPECT_THAT(help, HasSubstr("--" + option.fullName())) << option.fullName();
    EXPECT_THAT(zsh, HasSubstr("--" + option.fullName() + (option.takesArgument() ? "=" : "[")))
        << option.fullName();
  }
  EXPECT_EQ(ManSectionFlags(man, ".SH OPTIONS"), OptionNames());
  EXPECT_THAT(man, HasSubstr("\\fB\\-\\-auto\\-approve\\fR[=\\fIUSER\\fR]"));
  EXPECT_THAT(man, HasSubstr(".TH GAUTHFLOW\\-MOCKSERVER 1 \"\" \"gauthflow\\-mockserver 1.2.3\""));

  auto const results = testing::CompleteWithBash(
      BashCompletion(Doc()), "_gauthflow_mockserver",
      {{"gauthflow-mockserver", "-"},
       {"gauthflow-mockserver", "--port", "0", "--"},
       {"gauthflow-mockserver", ""}});
  ASSERT_EQ(results.size(), 3u);
  std::set<std::string> spellings = OptionNames();
  spellings.insert("-h");
  EXPECT_EQ(results[0], spellings);
  EXPECT_EQ(results[1], OptionNames());
  EXPECT_EQ(results[2], (Candidates{"conformance", "completion", "man"}));
}

TEST(MockServerDocs, ConformanceFlagsAreInItsHelpManPageAndCompletions) {
  std::ostringstream out, err;
  ASSERT_EQ(conformance::RunConformanceCommand({"--help"}, "/nonexistent", out, err),
            conformance::kConformancePassed);
  auto const man = ManPage(Doc());
  std::set<std::string> names;
  for (auto const& flag : conformance::ConformanceFlags()) {
    names.insert("--" + flag.name);
    EXPECT_THAT(out.str(), HasSubstr("--" + flag.name)) << flag.name;
  }
  EXPECT_EQ(ManSectionFlags(man, ".SS \"gauthflow\\-mockserver conformance\""), names);
  EXPECT_THAT(man, HasSubstr("\\fBloopback\\fR|\\fBdevice\\fR|\\fBpaste\\fR|\\fBoob\\fR"));

  auto const results = testing::CompleteWithBash(
      BashCompletion(Doc()), "_gauthflow_mockserver",
      {{"gauthflow-mockserver", "conformance", "--"},
       {"gauthflow-mockserver", "conformance", "--mode", ""},
       {"gauthflow-mockserver", "conformance", "--mode", "loopback", "--", "my-app", "--mo"},
       {"gauthflow-mockserver", "completion", ""}});
  ASSERT_EQ(results.size(), 4u);
  std::set<std::string> long_only = names;
  EXPECT_EQ(results[0], long_only);
  EXPECT_EQ(results[1], (Candidates{"loopback", "device", "paste", "oob"}));
  EXPECT_EQ(results[2], Candidates{});  // the application's own words
  EXPECT_EQ(results[3], (Candidates{"bash", "zsh"}));

  // The parser refuses what the table does not offer.
  std::ostringstream refused_out, refused_err;
  EXPECT_EQ(conformance::RunConformanceCommand({"--mode", "oob-auto", "--", "true"}, "/nonexistent",
                                               refused_out, refused_err),
            conformance::kConformanceUsage);
  EXPECT_THAT(refused_err.str(), HasSubstr("--mode must be one of loopback, device, paste, oob"));
}

TEST(MockServerDocs, ManPageHasTheDocumentSectionsAndCommands) {
  auto const man = ManPage(Doc());
  for (auto const* section : {".SH NAME", ".SH SYNOPSIS", ".SH DESCRIPTION", ".SH COMMANDS",
                              ".SH OPTIONS", ".SH \"EXIT STATUS\"", ".SH ENVIRONMENT",
                              ".SH \"SEE ALSO\""}) {
    EXPECT_THAT(man, HasSubstr(std::string("\n") + section + "\n"));
  }
  for (auto const& command : Doc().commands) {
    EXPECT_THAT(man, HasSubstr(".SS \"gauthflow\\-mockserver " + testing::RoffDashes(command.name) + "\""));
  }
  EXPECT_EQ(cli::DocumentFor(Doc(), {"man"}), man);
}

}  // namespace
}  // namespace gauthflow::mockserver
