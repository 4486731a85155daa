#ifndef GAUTHFLOW_TESTS_TESTING_COMPLETION_DRIVER_H_
#define GAUTHFLOW_TESTS_TESTING_COMPLETION_DRIVER_H_

// Runs a generated bash completion script in a real bash: each query sets COMP_WORDS and
// COMP_CWORD as bash does for a line (the last word is the one being completed), calls the
// completion function and collects COMPREPLY. All queries run in one bash process.
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace gauthflow::testing {

using Candidates = std::set<std::string>;

// A scratch directory under $TMPDIR (or /tmp), removed with the object.
class ScratchDir {
 public:
  ScratchDir() {
    char const* tmp = std::getenv("TMPDIR");
    std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/gauthflow-docs-XXXXXX";
    if (::mkdtemp(pattern.data())) path_ = pattern;
  }
  ~ScratchDir() {
    std::error_code ignored;
    if (!path_.empty()) std::filesystem::remove_all(path_, ignored);
  }
  ScratchDir(ScratchDir const&) = delete;
  ScratchDir& operator=(ScratchDir const&) = delete;
  std::string const& path() const { return path_; }

 private:
  std::string path_;
};

inline std::string ShellQuoted(std::string const& word) {
  std::string out = "'";
  for (char c : word) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// The candidates of each query, in order; empty when bash could not be run.
inline std::vector<Candidates> CompleteWithBash(std::string const& script,
                                                std::string const& function,
                                                std::vector<std::vector<std::string>> const& queries,
                                                std::string const& working_dir = "") {
  ScratchDir dir;
  std::ofstream(dir.path() + "/completion.bash") << script;
  std::ostringstream driver;
  driver << "source " << ShellQuoted(dir.path() + "/completion.bash") << " || exit 1\n";
  if (!working_dir.empty()) driver << "cd " << ShellQuoted(working_dir) << " || exit 1\n";
  driver << "query() {\n"
         << "  COMP_WORDS=(\"$@\"); COMP_CWORD=$(($# - 1)); COMPREPLY=()\n"
         << "  " << function << " \"$1\" \"${COMP_WORDS[COMP_CWORD]}\" \"${COMP_WORDS[COMP_CWORD-1]}\"\n"
         << "  local c; for c in \"${COMPREPLY[@]}\"; do printf '%s\\n' \"$c\"; done\n"
         << "  echo '<end>'\n"
         << "}\n";
  for (auto const& query : queries) {
    driver << "query";
    for (auto const& word : query) driver << " " << ShellQuoted(word);
    driver << "\n";
  }
  std::ofstream(dir.path() + "/driver.bash") << driver.str();
  std::string const out = dir.path() + "/out";
  std::string const command = "bash --noprofile --norc " + ShellQuoted(dir.path() + "/driver.bash") +
                              " > " + ShellQuoted(out) + " 2>&1";
  if (std::system(command.c_str()) != 0) return {};
  std::vector<Candidates> results(1);
  std::ifstream in(out);
  for (std::string line; std::getline(in, line);) {
    if (line == "<end>") {
      results.emplace_back();
    } else {
      results.back().insert(line);
    }
  }
  results.pop_back();  // the set opened after the last <end>
  return results;
}

}  // namespace gauthflow::testing

#endif  // GAUTHFLOW_TESTS_TESTING_COMPLETION_DRIVER_H_
