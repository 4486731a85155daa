#ifndef GAUTHFLOW_MOCKSERVER_DRIVE_DRIVE_QUERY_EVALUATOR_H_
#define GAUTHFLOW_MOCKSERVER_DRIVE_DRIVE_QUERY_EVALUATOR_H_

#include <string>

#include "drive/drive_file.h"
#include "drive/drive_file_store.h"
#include "drive/drive_query_parser.h"

namespace gauthflow::mockserver {

// Who asks: `'me' in owners` means the caller, `'root' in parents` their My Drive root.
struct QueryContext {
  std::string caller_email;
  std::string root_folder_id;
};

// Whether `file` matches a parsed query. Semantics follow Drive's search guide
// (https://developers.google.com/drive/api/guides/search-files):
// - `name contains` is a case-insensitive prefix match on the words of the name
//   ("Hello World" matches 'wor', "HelloWorld" does not);
// - `fullText contains` matches whole words of name, description and content, all of the
//   query's words; a query in double quotes ('"a b"') matches the exact phrase;
// - `mimeType contains` is a case-insensitive substring match;
// - time comparisons on a time the file does not have (viewedByMeTime of a never-viewed
//   file) are false, except `!=`;
// - e-mail addresses compare case-insensitively.
bool MatchesDriveQuery(QueryExpr const& expr, DriveFileView const& file, QueryContext const& context);
// The same for a file not in a store (tests, fuzz targets): packs it first.
bool MatchesDriveQuery(QueryExpr const& expr, DriveFile const& file, QueryContext const& context);

}  // namespace gauthflow::mockserver

#endif  // GAUTHFLOW_MOCKSERVER_DRIVE_DRIVE_QUERY_EVALUATOR_H_
