#include "drive/drive_query_lexer.h"

#include <cctype>

namespace gauthflow::mockserver {
namespace {

bool IsWordCharacter(char c) {
  // '.' belongs to words for dotted terms such as shortcutDetails.targetId.
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.';
}

}  // namespace

bool LexDriveQuery(std::string_view query, std::vector<QueryToken>& tokens, std::string& error) {
  tokens.clear();
  std::size_t pos = 0;
  while (pos < query.size()) {
    char const c = query[pos];
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++pos;
      continue;
    }
    QueryToken token;
    token.position = pos;
    if (c == '(' || c == ')' || c == '{' || c == '}') {
      token.kind = c == '('   ? QueryTokenKind::kLeftParen
                   : c == ')' ? QueryTokenKind::kRightParen
                   : c == '{' ? QueryTokenKind::kLeftBrace
                              : QueryTokenKind::kRightBrace;
      token.text = std::string(1, c);
      ++pos;
    } else if (c == '\'' || c == '"') {
      token.kind = QueryTokenKind::kString;
      ++pos;
      bool closed = false;
      while (pos < query.size()) {
        char const d = query[pos];
        if (d == '\\') {
          if (pos + 1 >= query.size()) break;
          char const escaped = query[pos + 1];
          if (escaped != '\'' && escaped != '"' && escaped != '\\') {
            error = "unknown escape \\" + std::string(1, escaped) + " at " + std::to_string(pos);
            return false;
          }
          token.text.push_back(escaped);
          pos += 2;
          continue;
        }
        ++pos;
        if (d == c) {
          closed = true;
          break;
        }
        token.text.push_back(d);
      }
      if (!closed) {
        error = "unterminated string starting at " + std::to_string(token.position);
        return false;
      }
    } else if (c == '=' || c == '<' || c == '>' || c == '!') {
      token.kind = QueryTokenKind::kOperator;
      token.text = std::string(1, c);
      ++pos;
      if (pos < query.size() && query[pos] == '=' && c != '=') {
        token.text.push_back('=');
        ++pos;
      }
      if (token.text == "!") {
        error = "'!' without '=' at " + std::to_string(token.position);
        return false;
      }
    } else if (IsWordCharacter(c)) {
      token.kind = QueryTokenKind::kWord;
      while (pos < query.size() && IsWordCharacter(query[pos])) token.text.push_back(query[pos++]);
    } else {
      error = "unexpected character '" + std::string(1, c) + "' at " + std::to_string(pos);
      return false;
    }
    tokens.push_back(std::move(token));
  }
  QueryToken end;
  end.position = query.size();
  tokens.push_back(end);
  return true;
}

}  // namespace gauthflow::mockserver
