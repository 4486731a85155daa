#ifndef GAUTHFLOW_MOCKSERVER_DRIVE_DRIVE_QUERY_PARSER_H_
#define GAUTHFLOW_MOCKSERVER_DRIVE_DRIVE_QUERY_PARSER_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "drive/drive_file.h"

namespace gauthflow::mockserver {

// The query terms of Drive v3's files.list
// (https://developers.google.com/drive/api/guides/ref-search-terms#file-properties).
enum class QueryField {
  kName,
  kFullText,
  kMimeType,
  kModifiedTime,
  kViewedByMeTime,
  kCreatedTime,
  kTrashed,
  kStarred,
  kSharedWithMe,
  kParents,
  kOwners,
  kWriters,
  kReaders,
  kProperties,
  kAppProperties,
  kVisibility,
};

enum class QueryOperator {
  kContains,
  kEqual,
  kNotEqual,
  kLess,
  kLessEqual,
  kGreater,
  kGreaterEqual,
  kIn,   // 'value' in parents|owners|writers|readers
  kHas,  // properties has { key='k' and value='v' }
};

// A node of a parsed query: a boolean combination or one term.
struct QueryExpr {
  enum class Kind { kAnd, kOr, kNot, kTerm };
  Kind kind = Kind::kTerm;
  std::vector<QueryExpr> operands;  // kAnd, kOr: two or more; kNot: one

  // kTerm only.
  QueryField field = QueryField::kName;
  QueryOperator op = QueryOperator::kEqual;
  std::string text;   // the string operand; for kHas the property key
  std::string value;  // kHas: the property value
  bool flag = false;  // boolean operand (trashed, starred, sharedWithMe)
  DriveTime time{};   // time operand (modifiedTime, viewedByMeTime, createdTime)
};

struct DriveQuery {
  std::optional<QueryExpr> root;  // empty: the query was empty and matches every file
  bool uses_full_text = false;    // Drive refuses orderBy with fullText terms
};

// Parses `q`. Grammar (Drive's, as documented; keywords are lower case):
//   query   := or
//   or      := and ('or' and)*
//   and     := unary ('and' unary)*
//   unary   := 'not' unary | '(' query ')' | term
//   term    := field op value | string 'in' collection
//            | ('properties'|'appProperties') 'has' '{' 'key' '=' string 'and' 'value' '=' string '}'
// Each field accepts only its documented operators and value type; anything else fails, as a
// malformed query does on Drive (400 "Invalid Value", location q). `error` says why, for logs.
bool ParseDriveQuery(std::string_view query, DriveQuery& out, std::string& error);

}  // namespace gauthflow::mockserver

#endif  // GAUTHFLOW_MOCKSERVER_DRIVE_DRIVE_QUERY_PARSER_H_
