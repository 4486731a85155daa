#include "drive_table.h"

#include "gauthflow/cli/redact.h"

#include <algorithm>
#include <cctype>
#include <utility>

namespace gauthflow::cli {

std::string FormatDriveTable(std::vector<DriveFile> const& files) {
  if (files.empty()) return "No files.\n";
  std::vector<std::pair<std::string, std::string>> columns;  // field, header
  for (auto const& [field, header] :
       {std::pair{"modifiedTime", "MODIFIED"}, std::pair{"name", "NAME"},
        std::pair{"mimeType", "TYPE"}, std::pair{"id", "ID"}}) {
    bool const present = std::any_of(files.begin(), files.end(), [&](DriveFile const& file) {
      return file.fields.count(field) > 0;
    });
    if (present) columns.emplace_back(field, header);
  }
  for (auto const& file : files) {
    for (auto const& [field, value] : file.fields) {
      if (field == "kind") continue;
      bool const known = std::any_of(columns.begin(), columns.end(),
                                     [&](auto const& column) { return column.first == field; });
      if (known) continue;
      std::string header = field;
      for (auto& c : header) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      columns.emplace_back(field, std::move(header));
    }
  }
  std::vector<std::size_t> widths;
  for (auto const& [field, header] : columns) {
    std::size_t width = header.size();
    for (auto const& file : files) {
      if (auto it = file.fields.find(field); it != file.fields.end()) {
        width = std::max(width, TerminalSafe(it->second).size());
      }
    }
    widths.push_back(width);
  }
  auto const row = [&](auto const& cell) {
    std::string line;
    for (std::size_t i = 0; i < columns.size(); ++i) {
      std::string const text = cell(i);
      line += text;
      if (i + 1 < columns.size()) line += std::string(widths[i] - text.size() + 2, ' ');
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    return line + "\n";
  };
  std::string table = row([&](std::size_t i) { return columns[i].second; });
  for (auto const& file : files) {
    table += row([&](std::size_t i) {
      auto it = file.fields.find(columns[i].first);
      // File names are anyone's text (a shared file's name is chosen by its owner).
      return it == file.fields.end() ? std::string() : TerminalSafe(it->second);
    });
  }
  return table;
}

}  // namespace gauthflow::cli
