// gauthflow's man page and completions against the command table they are generated from: every
// command, flag and choice of the table is in each, `--help` and the man page list the same
// flags, the bash script completes them in a real bash, and the parser takes exactly the
// choices the documents offer.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "gauthflow/cli/command_line.h"
#include "gauthflow/cli/options.h"
#include "testing/completion_driver.h"
#include "testing/man_page_sections.h"

namespace gauthflow::cli {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using testing::Candidates;
using testing::ManSectionFlags;

std::vector<std::string> Words(std::string const& text) {
  std::vector<std::string> words;
  std::istringstream in(text);
  for (std::string word; in >> word;) words.push_back(word);
  return words;
}

// The roff of a flag name in the man page: "--client-secrets" -> "\fB\-\-client\-secrets\fR".
std::string RoffBold(std::string const& text) {
  return "\\fB" + testing::RoffDashes(text) + "\\fR";
}

// The long flags `--help` lists under `heading` ("Flags:", "Global flags:").
std::set<std::string> HelpSectionFlags(std::string const& help, std::string const& heading) {
  auto begin = help.find("\n" + heading + "\n");
  if (begin == std::string::npos) return {};
  std::istringstream lines(help.substr(begin + heading.size() + 2));
  std::set<std::string> flags;
  std::regex const entry(R"(^  (-[a-z], )?(--[a-z-]+))");
  for (std::string line; std::getline(lines, line) && !line.empty();) {
    std::smatch m;
    if (std::regex_search(line, m, entry)) flags.insert(m[2]);
  }
  return flags;
}

std::set<std::string> LongNames(std::vector<FlagSpec> const& flags) {
  std::set<std::string> names;
  for (auto const& flag : flags) names.insert("--" + flag.name);
  return names;
}

std::set<std::string> AllSpellings(std::vector<FlagSpec> const& flags) {
  std::set<std::string> names = LongNames(flags);
  for (auto const& flag : flags) {
    if (flag.short_name != '\0') names.insert(std::string("-") + flag.short_name);
  }
  return names;
}

TEST(GauthflowDocs, ManPageHasEveryCommandFlagAndChoice) {
  auto const man = ManPage(GauthflowDoc());
  for (auto const& command : Commands()) {
    EXPECT_THAT(man, HasSubstr(".SS \"gauthflow " + command.name + "\"")) << command.name;
    EXPECT_EQ(ManSectionFlags(man, ".SS \"gauthflow " + command.name + "\""),
              LongNames(command.flags))
        << command.name;
    for (auto const& flag : command.flags) {
      for (auto const& choice : flag.choices) {
        EXPECT_THAT(man, HasSubstr(RoffBold(choice))) << command.name << " --" << flag.name;
      }
    }
  }
  EXPECT_EQ(ManSectionFlags(man, ".SH OPTIONS"), LongNames(GlobalFlags()));
  for (auto const& status : ExitStatuses()) {
    EXPECT_THAT(man, HasSubstr(".TP\n\\fB" + std::to_string(status.code) + "\\fR\n"));
  }
  for (auto const& variable : EnvironmentVariables()) {
    EXPECT_THAT(man, HasSubstr(RoffBold(variable.name)));
  }
  for (auto const* section : {".SH NAME", ".SH SYNOPSIS", ".SH DESCRIPTION", ".SH COMMANDS",
                              ".SH OPTIONS", ".SH \"EXIT STATUS\"", ".SH ENVIRONMENT",
                              ".SH FILES", ".SH \"SEE ALSO\""}) {
    EXPECT_THAT(man, HasSubstr(std::string("\n") + section + "\n"));
  }
}

TEST(GauthflowDocs, HelpAndManPageListTheSameFlags) {
  auto const man = ManPage(GauthflowDoc());
  for (auto const& command : Commands()) {
    auto const help = HelpText(command.name);
    EXPECT_EQ(HelpSectionFlags(help, "Flags:"),
              ManSectionFlags(man, ".SS \"gauthflow " + command.name + "\""))
        << command.name;
    EXPECT_EQ(HelpSectionFlags(help, "Global flags:"), ManSectionFlags(man, ".SH OPTIONS"))
        << command.name;
  }
  EXPECT_EQ(HelpSectionFlags(HelpText(""), "Global flags:"), ManSectionFlags(man, ".SH OPTIONS"));
}

// groff's own warnings (-ww) on the page: none. groff is what man(1) runs.
TEST(GauthflowDocs, ManPageFormatsWithoutGroffWarnings) {
  if (std::system("command -v groff > /dev/null 2>&1") != 0) GTEST_SKIP() << "no groff";
  testing::ScratchDir dir;
  std::ofstream(dir.path() + "/gauthflow.1") << ManPage(GauthflowDoc());
  std::string const command = "groff -man -Tutf8 -ww -z '" + dir.path() + "/gauthflow.1' 2> '" +
                              dir.path() + "/warnings'";
  ASSERT_EQ(std::system(command.c_str()), 0);
  std::ifstream in(dir.path() + "/warnings");
  std::string const warnings((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(warnings, "");
}

TEST(GauthflowDocs, BashCompletesEveryCommandFlagAndChoice) {
  auto const script = BashCompletion(GauthflowDoc());
  std::vector<std::vector<std::string>> queries;
  std::vector<Candidates> expected;
  // The top level: every first word of the table.
  queries.push_back({"gauthflow", ""});
  Candidates top;
  for (auto const& command : Commands()) top.insert(Words(command.name).front());
  expected.push_back(top);
  for (auto const& command : Commands()) {
    auto words = Words(command.name);
    words.insert(words.begin(), "gauthflow");
    if (words.size() > 2) {  // a group's member
      auto query = std::vector<std::string>(words.begin(), words.end() - 1);
      query.push_back(words.back().substr(0, 1));
      queries.push_back(query);
      expected.push_back({});
    }
    if (command.pass_through) continue;  // its words are another program's
    auto flags = command.flags;
    flags.insert(flags.end(), GlobalFlags().begin(), GlobalFlags().end());
    auto query = words;
    query.push_back("-");
    queries.push_back(query);
    expected.push_back(AllSpellings(flags));
    for (auto const& flag : flags) {
      if (flag.choices.empty()) continue;
      auto value = words;
      value.push_back("--" + flag.name);
      value.push_back("");
      queries.push_back(value);
      expected.push_back(Candidates(flag.choices.begin(), flag.choices.end()));
      auto joined = words;  // --flag=VALUE, which bash splits at "="
      joined.push_back("--" + flag.name);
      joined.push_back("=");
      queries.push_back(joined);
      expected.push_back(Candidates(flag.choices.begin(), flag.choices.end()));
    }
  }
  // A group member's candidates are every member starting with its first letter.
  for (std::size_t i = 0; i < queries.size(); ++i) {
    auto const& query = queries[i];
    if (query.back() == "-" || query.back().empty() || query.back() == "=" || query.size() != 3) {
      continue;
    }
    for (auto const& command : Commands()) {
      auto words = Words(command.name);
      if (words.size() == 2 && words[0] == query[1] && words[1].rfind(query.back(), 0) == 0) {
        expected[i].insert(words[1]);
      }
    }
  }
  auto const results = testing::CompleteWithBash(script, "_gauthflow", queries);
  ASSERT_EQ(results.size(), queries.size()) << "bash did not run the script:\n" << script;
  for (std::size_t i = 0; i < queries.size(); ++i) {
    std::string line;
    for (auto const& word : queries[i]) line += "[" + word + "]";
    EXPECT_EQ(results[i], expected[i]) << line;
  }
}

TEST(GauthflowDocs, BashCompletesModesAfterOtherFlagsAndFilesForFileFlags) {
  testing::ScratchDir files;
  std::ofstream(files.path() + "/client_secret.json") << "{}";
  auto const results = testing::CompleteWithBash(
      BashCompletion(GauthflowDoc()), "_gauthflow",
      {{"gauthflow", "login", "--mode", ""},
       {"gauthflow", "-v", "login", "--port", "0", "--mode", "o"},
       {"gauthflow", "--credentials", "c.json", "login", "--mode", "d"},
       {"gauthflow", "token", "--format", "h"},
       {"gauthflow", "login", "--client-secrets", "cl"},
       {"gauthflow", "login", "--mode=paste", "--pro"},
       {"gauthflow", "mockserver", "--p"},
       {"gauthflow", "drive", "ls", "--format", ""}},
      files.path());
  ASSERT_EQ(results.size(), 8u);
  EXPECT_EQ(results[0], (Candidates{"loopback", "oob", "oob-auto", "paste", "device"}));
  EXPECT_EQ(results[1], (Candidates{"oob", "oob-auto"}));
  EXPECT_EQ(results[2], (Candidates{"device"}));
  EXPECT_EQ(results[3], (Candidates{"header"}));
  EXPECT_EQ(results[4], (Candidates{"client_secret.json"}));
  EXPECT_EQ(results[5], (Candidates{"--prompt"}));
  EXPECT_EQ(results[6], Candidates{});  // gauthflow-mockserver's own flags
  EXPECT_EQ(results[7], (Candidates{"table", "json"}));
}

TEST(GauthflowDocs, ZshCompletionHasEveryCommandFlagAndChoice) {
  auto const script = ZshCompletion(GauthflowDoc());
  EXPECT_THAT(script, HasSubstr("#compdef gauthflow\n"));
  for (auto const& command : Commands()) {
    for (auto const& word : Words(command.name)) {
      EXPECT_THAT(script, HasSubstr("'" + word + ":")) << command.name;
    }
    for (auto const& flag : command.flags) {
      std::string const spec = "--" + flag.name + (flag.value_name.empty() ? "[" : "=[");
      EXPECT_THAT(script, HasSubstr(spec)) << command.name;
      if (!flag.choices.empty()) {
        std::string choices;
        for (auto const& choice : flag.choices) choices += (choices.empty() ? "" : " ") + choice;
        EXPECT_THAT(script, HasSubstr(":(" + choices + ")'")) << command.name;
      }
    }
  }
  for (auto const& flag : GlobalFlags()) {
    EXPECT_THAT(script, HasSubstr("--" + flag.name + (flag.value_name.empty() ? "[" : "=[")));
  }
  if (std::system("command -v zsh > /dev/null 2>&1") == 0) {  // zsh is not a dependency
    testing::ScratchDir dir;
    std::ofstream(dir.path() + "/_gauthflow") << script;
    EXPECT_EQ(std::system(("zsh -n '" + dir.path() + "/_gauthflow'").c_str()), 0);
  }
}

// The parser takes exactly the choices the documents offer, for every flag that has them.
TEST(GauthflowDocs, ParserTakesTheTablesChoicesAndNothingElse) {
  for (auto const& command : Commands()) {
    if (command.pass_through) continue;
    auto flags = command.flags;
    for (auto const& flag : flags) {
      if (flag.choices.empty()) continue;
      auto words = Words(command.name);
      words.push_back("--" + flag.name);
      for (auto const& choice : flag.choices) {
        auto args = words;
        args.push_back(choice);
        auto line = ParseCommandLine(args);
        ASSERT_TRUE(line) << line.error().message;
        EXPECT_EQ(line->Get(flag.name), choice);
      }
      words.push_back("smoke");
      auto refused = ParseCommandLine(words);
      ASSERT_FALSE(refused) << command.name << " --" << flag.name;
      EXPECT_THAT(refused.error().message, HasSubstr("--" + flag.name + " must be"));
      EXPECT_THAT(refused.error().message, HasSubstr(flag.choices.back()));
    }
  }
  EXPECT_EQ(ParseCommandLine({"login", "--mode", "smoke"}).error().message,
            "--mode must be loopback, oob, oob-auto, paste or device, not \"smoke\"");
  // --prompt is a space-separated list (OpenID Connect Core 1.0 §3.1.2.1).
  EXPECT_TRUE(ParseCommandLine({"login", "--prompt", "select_account consent"}));
  EXPECT_FALSE(ParseCommandLine({"login", "--prompt", "consent always"}));
  EXPECT_FALSE(ParseCommandLine({"login", "--prompt", ""}));
}

// Each --mode choice is a mode of the login options, by name.
TEST(GauthflowDocs, EveryModeChoiceIsALoginMode) {
  auto const& flags = FindCommand("login")->flags;
  auto const mode = std::find_if(flags.begin(), flags.end(),
                                 [](FlagSpec const& f) { return f.name == "mode"; });
  ASSERT_NE(mode, flags.end());
  for (auto const& choice : mode->choices) {
    auto line = ParseCommandLine({"login", "--client-secrets", "c", "--mode", choice});
    ASSERT_TRUE(line);
    auto options = ParseLoginOptions(*line, [](std::string const&) { return std::nullopt; });
    ASSERT_TRUE(options) << options.error().message;
    EXPECT_EQ(LoginModeName(options->redirect.mode), choice);
  }
}

// Every variable the option parsers read is in the man page's ENVIRONMENT.
TEST(GauthflowDocs, EnvironmentListsWhatTheParsersRead) {
  std::set<std::string> read;
  Environment const recording = [&](std::string const& name) -> std::optional<std::string> {
    read.insert(name);
    return std::nullopt;
  };
  (void)ParseGlobalOptions(*ParseCommandLine({"status"}), recording);
  (void)ParseLoginOptions(*ParseCommandLine({"login"}), recording);
  ASSERT_FALSE(read.empty());
  std::set<std::string> documented;
  for (auto const& variable : EnvironmentVariables()) documented.insert(variable.name);
  for (auto const& name : read) EXPECT_TRUE(documented.count(name)) << name;
}

TEST(GauthflowDocs, DocumentCommandsPrintTheGeneratedText) {
  auto const doc = GauthflowDoc();
  EXPECT_EQ(DocumentFor(doc, {"man"}), ManPage(doc));
  EXPECT_EQ(DocumentFor(doc, {"completion", "bash"}), BashCompletion(doc));
  EXPECT_EQ(DocumentFor(doc, {"completion", "zsh"}), ZshCompletion(doc));
  EXPECT_EQ(DocumentFor(doc, {"completion", "fish"}), std::nullopt);
  for (auto const& command : DocumentCommands("gauthflow")) {
    ASSERT_NE(FindCommand(command.name), nullptr) << command.name;
    EXPECT_NE(DocumentFor(doc, Words(command.name)), std::nullopt) << command.name;
  }
}

}  // namespace
}  // namespace gauthflow::cli
