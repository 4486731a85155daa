// The Drive search query (files.list `q`): LexDriveQuery, ParseDriveQuery, and evaluation of
// what parses against a small fixed set of files.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "drive/drive_query_evaluator.h"
#include "drive/drive_query_lexer.h"
#include "drive/drive_query_parser.h"
#include "drive_fixture.h"
#include "fuzz_support.h"

namespace {

using gauthflow::fuzz::Check;
using gauthflow::mockserver::QueryExpr;

// The shape ParseDriveQuery promises: and/or with two or more operands, not with one.
void CheckShape(QueryExpr const& expr) {
  switch (expr.kind) {
    case QueryExpr::Kind::kAnd:
    case QueryExpr::Kind::kOr:
      Check(expr.operands.size() >= 2);
      break;
    case QueryExpr::Kind::kNot:
      Check(expr.operands.size() == 1);
      break;
    case QueryExpr::Kind::kTerm:
      Check(expr.operands.empty());
      break;
  }
  for (auto const& operand : expr.operands) CheckShape(operand);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
  namespace ms = gauthflow::mockserver;
  auto const text = gauthflow::fuzz::AsText(data, size);

  std::vector<ms::QueryToken> tokens;
  std::string lex_error;
  bool const lexed = ms::LexDriveQuery(text, tokens, lex_error);
  if (lexed) {
    Check(!tokens.empty() && tokens.back().kind == ms::QueryTokenKind::kEnd);
    for (auto const& token : tokens) Check(token.position <= text.size());
  } else {
    Check(!lex_error.empty());
  }

  ms::DriveQuery query;
  std::string error;
  if (!ms::ParseDriveQuery(text, query, error)) {
    Check(!error.empty());
    return 0;
  }
  Check(lexed);
  if (!query.root) return 0;
  CheckShape(*query.root);
  ms::QueryContext const context{"alice@example.com", "root"};
  for (auto const& file : gauthflow::fuzz::FixtureFiles()) {
    bool const matches = ms::MatchesDriveQuery(*query.root, file, context);
    // Evaluation is a pure function of the query and the file.
    Check(matches == ms::MatchesDriveQuery(*query.root, file, context));
  }
  return 0;
}
