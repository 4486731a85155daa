#include "gauthflow/cli/flag_spec.h"

#include <cctype>
#include <sstream>

namespace gauthflow::cli {

ValueKind ValueKindOf(FlagSpec const& flag) {
  if (flag.value_name.empty()) return ValueKind::kNone;
  if (!flag.choices.empty()) return ValueKind::kChoice;
  std::string name = flag.value_name;  // Poco's own options spell theirs in lower case
  for (auto& c : name) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (name == "FILE" || name == "PEM" || name == "PATH") return ValueKind::kFile;
  if (name == "DIR") return ValueKind::kDirectory;
  return ValueKind::kText;
}

std::string SpellFlag(FlagSpec const& flag) {
  std::string text;
  if (flag.short_name != '\0') text = std::string("-") + flag.short_name + ", ";
  text += "--" + flag.name;
  if (flag.value_name.empty()) return text;
  std::string value = flag.value_name;
  if (!flag.choices.empty()) {
    value.clear();
    for (auto const& choice : flag.choices) value += (value.empty() ? "" : "|") + choice;
  }
  return text + (flag.value_optional ? "[=" + value + "]" : " " + value);
}

std::string WrapText(std::string const& text, std::size_t first_column, std::size_t indent,
                     std::size_t width) {
  std::string out;
  std::size_t column = first_column;
  std::size_t pos = 0;
  while (pos < text.size()) {
    auto end = text.find(' ', pos);
    if (end == std::string::npos) end = text.size();
    auto const word = text.substr(pos, end - pos);
    if (column > indent && column + 1 + word.size() > width) {
      out += "\n" + std::string(indent, ' ');
      column = indent;
    } else if (column > first_column || (column > indent && !out.empty())) {
      out += ' ';
      ++column;
    }
    out += word;
    column += word.size();
    pos = end + 1;
  }
  return out;
}

std::string FormatFlagList(std::vector<FlagSpec> const& flags) {
  constexpr std::size_t kHelpColumn = 28;
  std::ostringstream out;
  for (auto const& flag : flags) {
    std::string const spelled = SpellFlag(flag);
    out << "  " << spelled;
    if (spelled.size() + 2 < kHelpColumn) {
      out << std::string(kHelpColumn - 2 - spelled.size(), ' ');
    } else {
      out << "\n" << std::string(kHelpColumn, ' ');
    }
    out << WrapText(flag.help + (flag.repeatable ? " (repeatable)" : ""), kHelpColumn,
                    kHelpColumn)
        << "\n";
  }
  return out.str();
}

}  // namespace gauthflow::cli
