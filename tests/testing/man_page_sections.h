#ifndef GAUTHFLOW_TESTS_TESTING_MAN_PAGE_SECTIONS_H_
#define GAUTHFLOW_TESTS_TESTING_MAN_PAGE_SECTIONS_H_

// Reads a generated man page back: which flags a section documents.
#include <algorithm>
#include <regex>
#include <set>
#include <sstream>
#include <string>

namespace gauthflow::testing {

// "--client-secrets" -> "\-\-client\-secrets", as the man page spells it.
inline std::string RoffDashes(std::string const& text) {
  std::string out;
  for (char c : text) out += c == '-' ? std::string("\\-") : std::string(1, c);
  return out;
}

// The long flags named in the .TP tags from `start` (".SH OPTIONS", ".SS \"gauthflow login\"")
// to the next .SS or .SH.
inline std::set<std::string> ManSectionFlags(std::string const& man, std::string const& start) {
  auto begin = man.find(start);
  if (begin == std::string::npos) return {};
  begin += start.size();
  auto const end = std::min(man.find("\n.SS", begin), man.find("\n.SH", begin));
  std::istringstream lines(man.substr(begin, end - begin));
  std::set<std::string> flags;
  bool tag = false;
  std::regex const long_flag(R"(\\fB\\-\\-([a-z\\-]+)\\fR)");
  for (std::string line; std::getline(lines, line);) {
    std::smatch m;
    if (tag && std::regex_search(line, m, long_flag)) {
      flags.insert("--" + std::regex_replace(std::string(m[1]), std::regex(R"(\\-)"), "-"));
    }
    tag = line == ".TP";
  }
  return flags;
}

}  // namespace gauthflow::testing

#endif  // GAUTHFLOW_TESTS_TESTING_MAN_PAGE_SECTIONS_H_
