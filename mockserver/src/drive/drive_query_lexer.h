#ifndef GAUTHFLOW_MOCKSERVER_DRIVE_DRIVE_QUERY_LEXER_H_
#define GAUTHFLOW_MOCKSERVER_DRIVE_DRIVE_QUERY_LEXER_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace gauthflow::mockserver {

enum class QueryTokenKind {
  kWord,        // a term, keyword or boolean: name, and, not, contains, true, ...
  kString,      // a quoted string, with its escapes already resolved
  kOperator,    // = != < <= > >=
  kLeftParen,
  kRightParen,
  kLeftBrace,   // { and } delimit a `has` clause: properties has { key='k' and value='v' }
  kRightBrace,
  kEnd,
};

struct QueryToken {
  QueryTokenKind kind = QueryTokenKind::kEnd;
  std::string text;
  std::size_t position = 0;  // byte offset in the query, for error messages
};

// Splits a Drive search query (`q`, https://developers.google.com/drive/api/guides/ref-search-terms)
// into tokens. Strings are in single quotes (double quotes are accepted too, as Drive does);
// inside them `\'`, `\"` and `\\` are the only escapes. The last token is always kEnd.
// Pure: no I/O, no allocation beyond the output; safe to fuzz.
bool LexDriveQuery(std::string_view query, std::vector<QueryToken>& tokens, std::string& error);

}  // namespace gauthflow::mockserver

#endif  // GAUTHFLOW_MOCKSERVER_DRIVE_DRIVE_QUERY_LEXER_H_
