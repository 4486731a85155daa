#include "drive/drive_query_parser.h"

#include <vector>
#include <map>

#include "drive/drive_query_lexer.h"

namespace gauthflow::mockserver {
namespace {

// Deep enough for any real query; bounds recursion for hostile input.
constexpr int kMaxDepth = 64;

enum class ValueType { kString, kBoolean, kTime, kCollection, kProperty };

struct FieldRule {
  QueryField field;
  ValueType type;
  std::vector<QueryOperator> operators;
};

// Operators per term, from Drive's table of query terms.
std::map<std::string_view, FieldRule> const& FieldRules() {
  using Op = QueryOperator;
  static std::map<std::string_view, FieldRule> const kRules = {
      {"name", {QueryField::kName, ValueType::kString, {Op::kContains, Op::kEqual, Op::kNotEqual}}},
      {"fullText", {QueryField::kFullText, ValueType::kString, {Op::kContains}}},
      {"mimeType",
       {QueryField::kMimeType, ValueType::kString, {Op::kContains, Op::kEqual, Op::kNotEqual}}},
      {"modifiedTime",
       {QueryField::kModifiedTime, ValueType::kTime,
        {Op::kEqual, Op::kNotEqual, Op::kLess, Op::kLessEqual, Op::kGreater, Op::kGreaterEqual}}},
      {"viewedByMeTime",
       {QueryField::kViewedByMeTime, ValueType::kTime,
        {Op::kEqual, Op::kNotEqual, Op::kLess, Op::kLessEqual, Op::kGreater, Op::kGreaterEqual}}},
      {"createdTime",
       {QueryField::kCreatedTime, ValueType::kTime,
        {Op::kEqual, Op::kNotEqual, Op::kLess, Op::kLessEqual, Op::kGreater, Op::kGreaterEqual}}},
      {"trashed", {QueryField::kTrashed, ValueType::kBoolean, {Op::kEqual, Op::kNotEqual}}},
      {"starred", {QueryField::kStarred, ValueType::kBoolean, {Op::kEqual, Op::kNotEqual}}},
      {"sharedWithMe",
       {QueryField::kSharedWithMe, ValueType::kBoolean, {Op::kEqual, Op::kNotEqual}}},
      {"visibility", {QueryField::kVisibility, ValueType::kString, {Op::kEqual, Op::kNotEqual}}},
      {"parents", {QueryField::kParents, ValueType::kCollection, {Op::kIn}}},
      {"owners", {QueryField::kOwners, ValueType::kCollection, {Op::kIn}}},
      {"writers", {QueryField::kWriters, ValueType::kCollection, {Op::kIn}}},
      {"readers", {QueryField::kReaders, ValueType::kCollection, {Op::kIn}}},
      {"properties", {QueryField::kProperties, ValueType::kProperty, {Op::kHas}}},
      {"appProperties", {QueryField::kAppProperties, ValueType::kProperty, {Op::kHas}}},
  };
  return kRules;
}

bool ComparisonOperator(std::string const& text, QueryOperator& op) {
  static std::map<std::string, QueryOperator> const kOperators = {
      {"=", QueryOperator::kEqual},      {"!=", QueryOperator::kNotEqual},
      {"<", QueryOperator::kLess},       {"<=", QueryOperator::kLessEqual},
      {">", QueryOperator::kGreater},    {">=", QueryOperator::kGreaterEqual},
  };
  auto const it = kOperators.find(text);
  if (it == kOperators.end()) return false;
  op = it->second;
  return true;
}

class Parser {
 public:
  Parser(std::vector<QueryToken> tokens, std::string& error)
      : tokens_(std::move(tokens)), error_(error) {}

  bool ParseAll(DriveQuery& out) {
    if (Peek().kind == QueryTokenKind::kEnd) {
      out.root.reset();
      return true;
    }
    QueryExpr root;
    if (!ParseOr(root, 0)) return false;
    if (Peek().kind != QueryTokenKind::kEnd) return Fail("unexpected '" + Peek().text + "'");
    out.root = std::move(root);
    out.uses_full_text = uses_full_text_;
    return true;
  }

 private:
  QueryToken const& Peek() const { return tokens_[index_]; }
  QueryToken const& Next() {
    QueryToken const& token = tokens_[index_];
    if (token.kind != QueryTokenKind::kEnd) ++index_;
    return token;
  }
  bool PeekWord(std::string_view word) const {
    return Peek().kind == QueryTokenKind::kWord && Peek().text == word;
  }
  bool Fail(std::string const& message) {
    error_ = message + " at " + std::to_string(Peek().position);
    return false;
  }

  bool ParseOr(QueryExpr& out, int depth) {
    return ParseChain(out, depth, "or", QueryExpr::Kind::kOr, &Parser::ParseAnd);
  }
  bool ParseAnd(QueryExpr& out, int depth) {
    return ParseChain(out, depth, "and", QueryExpr::Kind::kAnd, &Parser::ParseUnary);
  }

  bool ParseChain(QueryExpr& out, int depth, std::string_view keyword, QueryExpr::Kind kind,
                  bool (Parser::*operand)(QueryExpr&, int)) {
    QueryExpr first;
    if (!(this->*operand)(first, depth)) return false;
    if (!PeekWord(keyword)) {
      out = std::move(first);
      return true;
    }
    out = QueryExpr{};
    out.kind = kind;
    out.operands.push_back(std::move(first));
    while (PeekWord(keyword)) {
      Next();
      QueryExpr next;
      if (!(this->*operand)(next, depth)) return false;
      out.operands.push_back(std::move(next));
    }
    return true;
  }

  bool ParseUnary(QueryExpr& out, int depth) {
    if (depth > kMaxDepth) return Fail("query nested too deeply");
    if (PeekWord("not")) {
      Next();
      QueryExpr operand;
      if (!ParseUnary(operand, depth + 1)) return false;
      out = QueryExpr{};
      out.kind = QueryExpr::Kind::kNot;
      out.operands.push_back(std::move(operand));
      return true;
    }
    if (Peek().kind == QueryTokenKind::kLeftParen) {
      Next();
      if (!ParseOr(out, depth + 1)) return false;
      if (Peek().kind != QueryTokenKind::kRightParen) return Fail("expected ')'");
      Next();
      return true;
    }
    return ParseTerm(out);
  }

  bool ParseTerm(QueryExpr& out) {
    out = QueryExpr{};
    out.kind = QueryExpr::Kind::kTerm;
    if (Peek().kind == QueryTokenKind::kString) {
      // 'value' in collection
      out.text = Next().text;
      if (!PeekWord("in")) return Fail("expected 'in' after a string");
      Next();
      if (Peek().kind != QueryTokenKind::kWord) return Fail("expected a term after 'in'");
      auto const rule = FieldRules().find(Peek().text);
      if (rule == FieldRules().end() || rule->second.type != ValueType::kCollection) {
        return Fail("'" + Peek().text + "' cannot follow 'in'");
      }
      Next();
      out.field = rule->second.field;
      out.op = QueryOperator::kIn;
      return true;
    }
    if (Peek().kind != QueryTokenKind::kWord) {
      return Fail(Peek().kind == QueryTokenKind::kEnd ? "unexpected end of query"
                                                      : "unexpected '" + Peek().text + "'");
    }
    auto const rule = FieldRules().find(Peek().text);
    if (rule == FieldRules().end()) return Fail("unknown term '" + Peek().text + "'");
    Next();
    out.field = rule->second.field;
    if (out.field == QueryField::kFullText) uses_full_text_ = true;
    switch (rule->second.type) {
      case ValueType::kCollection:
        return Fail("'" + std::string(rule->first) + "' takes the form 'value' in " +
                    std::string(rule->first));
      case ValueType::kProperty:
        return ParseHas(out);
      default:
        break;
    }
    if (PeekWord("contains")) {
      out.op = QueryOperator::kContains;
    } else if (Peek().kind != QueryTokenKind::kOperator || !ComparisonOperator(Peek().text, out.op)) {
      return Fail("expected an operator after '" + std::string(rule->first) + "'");
    }
    bool allowed = false;
    for (QueryOperator op : rule->second.operators) allowed = allowed || op == out.op;
    if (!allowed) {
      return Fail("operator '" + Peek().text + "' is not supported for '" +
                  std::string(rule->first) + "'");
    }
    Next();
    QueryToken const& value = Peek();
    switch (rule->second.type) {
      case ValueType::kBoolean:
        if (value.kind != QueryTokenKind::kWord || (value.text != "true" && value.text != "false")) {
          return Fail("expected true or false");
        }
        out.flag = value.text == "true";
        break;
      case ValueType::kTime:
        if (value.kind != QueryTokenKind::kString || !ParseDriveTime(value.text, out.time)) {
          return Fail("expected an RFC 3339 time in quotes");
        }
        break;
      default:
        if (value.kind != QueryTokenKind::kString) return Fail("expected a quoted string");
        out.text = value.text;
        break;
    }
    Next();
    return true;
  }

  // properties has { key='k' and value='v' }
  bool ParseHas(QueryExpr& out) {
    if (!PeekWord("has")) return Fail("expected 'has'");
    Next();
    out.op = QueryOperator::kHas;
    if (Peek().kind != QueryTokenKind::kLeftBrace) return Fail("expected '{'");
    Next();
    if (!ParseHasPart("key", out.text)) return false;
    if (!PeekWord("and")) return Fail("expected 'and'");
    Next();
    if (!ParseHasPart("value", out.value)) return false;
    if (Peek().kind != QueryTokenKind::kRightBrace) return Fail("expected '}'");
    Next();
    return true;
  }

  bool ParseHasPart(std::string_view name, std::string& out) {
    if (!PeekWord(name)) return Fail("expected '" + std::string(name) + "'");
    Next();
    if (Peek().kind != QueryTokenKind::kOperator || Peek().text != "=") return Fail("expected '='");
    Next();
    if (Peek().kind != QueryTokenKind::kString) return Fail("expected a quoted string");
    out = Next().text;
    return true;
  }

  std::vector<QueryToken> tokens_;
  std::size_t index_ = 0;
  bool uses_full_text_ = false;
  std::string& error_;
};

}  // namespace

bool ParseDriveQuery(std::string_view query, DriveQuery& out, std::string& error) {
  std::vector<QueryToken> tokens;
  if (!LexDriveQuery(query, tokens, error)) return false;
  DriveQuery parsed;
  Parser parser(std::move(tokens), error);
  if (!parser.ParseAll(parsed)) return false;
  out = std::move(parsed);
  return true;
}

}  // namespace gauthflow::mockserver
