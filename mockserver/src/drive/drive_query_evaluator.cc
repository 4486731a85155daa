#include "drive/drive_query_evaluator.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <string_view>
#include <vector>

namespace gauthflow::mockserver {
namespace {

char Fold(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }
bool IsAlnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return Fold(x) == Fold(y); });
}

bool StartsWithIgnoreCase(std::string_view text, std::size_t at, std::string_view prefix) {
  return text.size() - at >= prefix.size() && EqualsIgnoreCase(text.substr(at, prefix.size()), prefix);
}

bool ContainsIgnoreCase(std::string_view text, std::string_view needle) {
  if (needle.empty()) return true;
  for (std::size_t at = 0; at + needle.size() <= text.size(); ++at) {
    if (StartsWithIgnoreCase(text, at, needle)) return true;
  }
  return false;
}

// A prefix match at the start of any word: "Quarterly report" matches 'rep' and 'quart'.
bool NameContains(std::string_view name, std::string_view needle) {
  if (needle.empty()) return true;
  for (std::size_t at = 0; at < name.size(); ++at) {
    bool const word_start = at == 0 || !IsAlnum(name[at - 1]) || !IsAlnum(name[at]);
    if (word_start && StartsWithIgnoreCase(name, at, needle)) return true;
  }
  return false;
}

std::vector<std::string> Words(std::string_view text) {
  std::vector<std::string> words;
  std::string word;
  for (char c : text) {
    if (IsAlnum(c)) {
      word.push_back(Fold(c));
    } else if (!word.empty()) {
      words.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

bool ContainsPhrase(std::vector<std::string> const& haystack, std::vector<std::string> const& phrase) {
  return std::search(haystack.begin(), haystack.end(), phrase.begin(), phrase.end()) !=
         haystack.end();
}

bool FullTextContains(DriveFileView const& file, std::string_view needle) {
  std::vector<std::string> haystack = Words(file.name());
  for (std::string_view const text : {file.description(), file.content()}) {
    std::vector<std::string> more = Words(text);
    haystack.insert(haystack.end(), more.begin(), more.end());
  }
  bool const phrase = needle.size() >= 2 && needle.front() == '"' && needle.back() == '"';
  std::vector<std::string> const wanted = Words(phrase ? needle.substr(1, needle.size() - 2) : needle);
  if (wanted.empty()) return false;
  if (phrase) return ContainsPhrase(haystack, wanted);
  return std::all_of(wanted.begin(), wanted.end(), [&](std::string const& word) {
    return std::find(haystack.begin(), haystack.end(), word) != haystack.end();
  });
}

bool CompareString(QueryOperator op, std::string_view actual, std::string_view wanted) {
  switch (op) {
    case QueryOperator::kEqual:
      return actual == wanted;
    case QueryOperator::kNotEqual:
      return actual != wanted;
    default:
      return false;
  }
}

bool CompareTime(QueryOperator op, std::optional<DriveTime> actual, DriveTime wanted) {
  if (!actual) return op == QueryOperator::kNotEqual;
  switch (op) {
    case QueryOperator::kEqual:
      return *actual == wanted;
    case QueryOperator::kNotEqual:
      return *actual != wanted;
    case QueryOperator::kLess:
      return *actual < wanted;
    case QueryOperator::kLessEqual:
      return *actual <= wanted;
    case QueryOperator::kGreater:
      return *actual > wanted;
    case QueryOperator::kGreaterEqual:
      return *actual >= wanted;
    default:
      return false;
  }
}

bool CompareBool(QueryOperator op, bool actual, bool wanted) {
  return op == QueryOperator::kEqual ? actual == wanted : actual != wanted;
}

bool HasEmail(DriveStringList const& emails, std::string_view wanted) {
  return std::any_of(emails.begin(), emails.end(),
                     [&](std::string_view email) { return EqualsIgnoreCase(email, wanted); });
}

bool HasOwner(DriveUserList const& owners, std::string_view wanted) {
  return std::any_of(owners.begin(), owners.end(),
                     [&](DriveUserView const& owner) { return EqualsIgnoreCase(owner.email_address, wanted); });
}

bool HasProperty(DrivePropertyList const& properties, std::string_view key, std::string_view value) {
  return std::any_of(properties.begin(), properties.end(),
                     [&](DrivePropertyView const& property) { return property.first == key && property.second == value; });
}

bool MatchesTerm(QueryExpr const& term, DriveFileView const& file, QueryContext const& context) {
  // 'me' stands for the caller wherever a person is expected.
  std::string_view const person =
      term.text == "me" ? std::string_view(context.caller_email) : std::string_view(term.text);
  switch (term.field) {
    case QueryField::kName:
      return term.op == QueryOperator::kContains ? NameContains(file.name(), term.text)
                                                 : CompareString(term.op, file.name(), term.text);
    case QueryField::kFullText:
      return FullTextContains(file, term.text);
    case QueryField::kMimeType:
      return term.op == QueryOperator::kContains ? ContainsIgnoreCase(file.mime_type(), term.text)
                                                 : CompareString(term.op, file.mime_type(), term.text);
    case QueryField::kModifiedTime:
      return CompareTime(term.op, file.modified_time(), term.time);
    case QueryField::kViewedByMeTime:
      return CompareTime(term.op, file.viewed_by_me_time(), term.time);
    case QueryField::kCreatedTime:
      return CompareTime(term.op, file.created_time(), term.time);
    case QueryField::kTrashed:
      return CompareBool(term.op, file.trashed(), term.flag);
    case QueryField::kStarred:
      return CompareBool(term.op, file.starred(), term.flag);
    case QueryField::kSharedWithMe:
      return CompareBool(term.op, file.shared_with_me_time().has_value(), term.flag);
    case QueryField::kVisibility:
      return CompareString(term.op, file.visibility(), term.text);
    case QueryField::kParents: {
      std::string_view const parent =
          term.text == "root" ? std::string_view(context.root_folder_id) : std::string_view(term.text);
      DriveStringList const parents = file.parents();
      return std::find(parents.begin(), parents.end(), parent) != parents.end();
    }
    case QueryField::kOwners:
      return HasOwner(file.owners(), person);
    case QueryField::kWriters:
      // Owners can write too; Drive lists them among a file's writers.
      return HasEmail(file.writers(), person) || HasOwner(file.owners(), person);
    case QueryField::kReaders:
      return HasEmail(file.readers(), person);
    case QueryField::kProperties:
      return HasProperty(file.properties(), term.text, term.value);
    case QueryField::kAppProperties:
      return HasProperty(file.app_properties(), term.text, term.value);
  }
  return false;
}

}  // namespace

bool MatchesDriveQuery(QueryExpr const& expr, DriveFileView const& file, QueryContext const& context) {
  switch (expr.kind) {
    case QueryExpr::Kind::kAnd:
      return std::all_of(expr.operands.begin(), expr.operands.end(),
                         [&](QueryExpr const& e) { return MatchesDriveQuery(e, file, context); });
    case QueryExpr::Kind::kOr:
      return std::any_of(expr.operands.begin(), expr.operands.end(),
                         [&](QueryExpr const& e) { return MatchesDriveQuery(e, file, context); });
    case QueryExpr::Kind::kNot:
      return !MatchesDriveQuery(expr.operands.front(), file, context);
    case QueryExpr::Kind::kTerm:
      return MatchesTerm(expr, file, context);
  }
  return false;
}

bool MatchesDriveQuery(QueryExpr const& expr, DriveFile const& file, QueryContext const& context) {
  DriveFileStore store;
  store.Add(file);
  return MatchesDriveQuery(expr, store[0], context);
}

}  // namespace gauthflow::mockserver
