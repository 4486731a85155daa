// The Drive query language: lexer, parser (valid and malformed queries) and evaluator.

#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "drive/drive_query_evaluator.h"
#include "drive/drive_query_lexer.h"
#include "drive/drive_query_parser.h"
#include "drive/drive_service.h"
#include "mockserver/drive_testing.h"

namespace gauthflow::mockserver {
namespace {

using testing::ErrorItem;
using testing::kAlice;

DriveTime Time(std::string const& text) {
  DriveTime time{};
  EXPECT_TRUE(ParseDriveTime(text, time)) << text;
  return time;
}

DriveFile SampleFile() {
  DriveFile file;
  file.id = "file-1";
  file.name = "Quarterly Report 2024.pdf";
  file.mime_type = "application/pdf";
  file.description = "Numbers for the board";
  file.content = "Revenue grew in the northern region. HelloWorld";
  file.created_time = Time("2024-01-10T08:00:00Z");
  file.modified_time = Time("2024-03-01T12:00:00.500Z");
  file.viewed_by_me_time = Time("2024-03-02T09:00:00Z");
  file.starred = true;
  file.parents = {"root-id", "folder-7"};
  file.owners = {DriveUser{"Alice@Example.com", "Alice"}};
  file.writers = {"bob@example.com"};
  file.readers = {"carol@example.com"};
  file.properties = {{"project", "apollo"}};
  file.app_properties = {{"sync", "clean"}};
  file.visibility = "anyoneWithLink";
  return file;
}

bool Matches(std::string const& q, DriveFile const& file = SampleFile()) {
  DriveQuery query;
  std::string error;
  EXPECT_TRUE(ParseDriveQuery(q, query, error)) << q << ": " << error;
  if (!query.root) return true;
  return MatchesDriveQuery(*query.root, file, QueryContext{kAlice, "root-id"});
}

TEST(DriveQueryLexer, ResolvesEscapesAndKeepsPositions) {
  std::vector<QueryToken> tokens;
  std::string error;
  ASSERT_TRUE(LexDriveQuery(R"(name = 'Valentine\'s \\ day' and x>=y)", tokens, error)) << error;
  ASSERT_EQ(tokens.size(), 8U);
  EXPECT_EQ(tokens[2].kind, QueryTokenKind::kString);
  EXPECT_EQ(tokens[2].text, R"(Valentine's \ day)");
  EXPECT_EQ(tokens[5].kind, QueryTokenKind::kOperator);
  EXPECT_EQ(tokens[5].text, ">=");
  EXPECT_EQ(tokens[7].kind, QueryTokenKind::kEnd);
  EXPECT_EQ(tokens[3].position, 29U);
}

TEST(DriveQueryLexer, RejectsUnterminatedStringsAndStrayCharacters) {
  std::vector<QueryToken> tokens;
  std::string error;
  EXPECT_FALSE(LexDriveQuery("name = 'abc", tokens, error));
  EXPECT_FALSE(LexDriveQuery(R"(name = 'abc\')", tokens, error));
  EXPECT_FALSE(LexDriveQuery(R"(name = 'a\nb')", tokens, error));
  EXPECT_FALSE(LexDriveQuery("name ! 'x'", tokens, error));
  EXPECT_FALSE(LexDriveQuery("name = 'x' ; drop", tokens, error));
}

class ValidQueryTest : public ::testing::TestWithParam<std::string> {};

TEST_P(ValidQueryTest, Parses) {
  DriveQuery query;
  std::string error;
  EXPECT_TRUE(ParseDriveQuery(GetParam(), query, error)) << error;
}

INSTANTIATE_TEST_SUITE_P(
    EveryTermAndOperator, ValidQueryTest,
    ::testing::Values("", "   ", "name = 'report'", "name != 'report'", "name contains 'rep'",
                      "fullText contains 'revenue'", R"(fullText contains '"northern region"')",
                      "mimeType = 'application/pdf'", "mimeType != 'image/png'", "mimeType contains 'image/'",
                      "modifiedTime > '2024-01-01T00:00:00'", "modifiedTime >= '2024-01-01T00:00:00Z'",
                      "modifiedTime < '2024-01-01T00:00:00.123+02:00'", "modifiedTime <= '2024-01-01'",
                      "modifiedTime = '2024-03-01T12:00:00.500Z'", "modifiedTime != '2024-03-01T12:00:00Z'",
                      "viewedByMeTime > '2020-01-01T00:00:00Z'", "createdTime < '2030-01-01T00:00:00Z'",
                      "trashed = false", "trashed != true", "starred = true", "sharedWithMe = true",
                      "'root' in parents", "'me' in owners", "'bob@example.com' in writers",
                      "'carol@example.com' in readers", "properties has { key='project' and value='apollo' }",
                      "appProperties has {key='sync' and value='clean'}", "visibility = 'anyoneWithLink'",
                      "not starred = true", "not 'me' in owners", "not not trashed = false",
                      "(name = 'a' or name = 'b') and not (trashed = true or starred = true)",
                      "((((name = 'deep'))))", R"(name = 'it\'s')", R"(name = "double quoted")",
                      "name='tight'and trashed=false",
                      "mimeType = 'application/vnd.google-apps.folder' and 'root' in parents and trashed = false"));

class MalformedQueryTest : public ::testing::TestWithParam<std::string> {};

TEST_P(MalformedQueryTest, IsRejected) {
  DriveQuery query;
  std::string error;
  EXPECT_FALSE(ParseDriveQuery(GetParam(), query, error));
  EXPECT_FALSE(error.empty());
}

INSTANTIATE_TEST_SUITE_P(
    Malformed, MalformedQueryTest,
    ::testing::Values(
        // unbalanced parentheses
        "(name = 'a'", "name = 'a')", "((name = 'a')", "()",
        // unterminated string, bad escapes
        "name = 'abc", R"(name = 'abc\')", R"(name = 'a\tb')",
        // unknown terms
        "title = 'x'", "size > '10'", "Name = 'x'", "'x' in folders",
        // wrong operator for the term
        "name > 'x'", "fullText = 'x'", "trashed contains 'true'", "mimeType < 'a'", "modifiedTime contains '2024'",
        "'x' in name", "parents = 'x'", "parents in 'x'", "owners contains 'me'", "properties = 'x'",
        "starred has { key='a' and value='b' }",
        // wrong value type
        "trashed = 'true'", "starred = yes", "name = report", "modifiedTime > 'yesterday'",
        "modifiedTime > '2024-13-01T00:00:00Z'", "modifiedTime > 2024", "visibility = limited",
        // incomplete or dangling
        "name", "name =", "name contains", "and name = 'x'", "name = 'x' and", "name = 'x' or",
        "not", "name = 'x' name = 'y'", "'x'", "'x' in", "name = 'x' AND trashed = false",
        // has clauses
        "properties has { key='a' }", "properties has key='a' and value='b'",
        "properties has { value='b' and key='a' }", "properties has { key='a' and value='b'",
        "properties has { key=a and value='b' }"));

TEST(DriveQueryParser, RejectsAbsurdNesting) {
  std::string const deep = std::string(200, '(') + "name = 'x'" + std::string(200, ')');
  DriveQuery query;
  std::string error;
  EXPECT_FALSE(ParseDriveQuery(deep, query, error));
  std::string nots;
  for (int i = 0; i < 200; ++i) nots += "not ";
  EXPECT_FALSE(ParseDriveQuery(nots + "starred = true", query, error));
}

TEST(DriveQueryParser, NotesFullTextTerms) {
  DriveQuery query;
  std::string error;
  ASSERT_TRUE(ParseDriveQuery("name = 'x' or not fullText contains 'y'", query, error));
  EXPECT_TRUE(query.uses_full_text);
  ASSERT_TRUE(ParseDriveQuery("name contains 'fullText'", query, error));
  EXPECT_FALSE(query.uses_full_text);
}

TEST(DriveQueryEvaluator, NameContainsIsAWordPrefixMatch) {
  EXPECT_TRUE(Matches("name contains 'quarter'"));
  EXPECT_TRUE(Matches("name contains 'REP'"));
  EXPECT_TRUE(Matches("name contains '2024'"));
  EXPECT_FALSE(Matches("name contains 'port'"));
  EXPECT_TRUE(Matches("name = 'Quarterly Report 2024.pdf'"));
  EXPECT_FALSE(Matches("name = 'quarterly report 2024.pdf'"));
  EXPECT_TRUE(Matches("name != 'other'"));
}

TEST(DriveQueryEvaluator, FullTextMatchesWholeWordsAndPhrases) {
  EXPECT_TRUE(Matches("fullText contains 'revenue'"));
  EXPECT_TRUE(Matches("fullText contains 'board'"));           // description
  EXPECT_TRUE(Matches("fullText contains 'quarterly'"));       // name
  EXPECT_TRUE(Matches("fullText contains 'northern revenue'"));  // all words, any order
  EXPECT_TRUE(Matches(R"(fullText contains '"northern region"')"));
  EXPECT_FALSE(Matches(R"(fullText contains '"region northern"')"));
  EXPECT_TRUE(Matches("fullText contains 'HelloWorld'"));
  EXPECT_FALSE(Matches("fullText contains 'Hello'"));
  EXPECT_FALSE(Matches("fullText contains 'reven'"));
}

TEST(DriveQueryEvaluator, MimeTypesTimesAndBooleans) {
  EXPECT_TRUE(Matches("mimeType = 'application/pdf'"));
  EXPECT_TRUE(Matches("mimeType contains 'PDF'"));
  EXPECT_FALSE(Matches("mimeType != 'application/pdf'"));
  EXPECT_TRUE(Matches("modifiedTime > '2024-03-01T12:00:00Z'"));
  EXPECT_TRUE(Matches("modifiedTime = '2024-03-01T12:00:00.500Z'"));
  EXPECT_TRUE(Matches("modifiedTime = '2024-03-01T14:00:00.500+02:00'"));
  EXPECT_FALSE(Matches("modifiedTime < '2024-03-01'"));
  EXPECT_TRUE(Matches("createdTime <= '2024-01-10T08:00:00Z'"));
  EXPECT_TRUE(Matches("viewedByMeTime >= '2024-03-02T09:00:00Z'"));
  DriveFile never_viewed = SampleFile();
  never_viewed.viewed_by_me_time.reset();
  EXPECT_FALSE(Matches("viewedByMeTime > '2000-01-01'", never_viewed));
  EXPECT_TRUE(Matches("viewedByMeTime != '2000-01-01'", never_viewed));
  EXPECT_TRUE(Matches("starred = true"));
  EXPECT_TRUE(Matches("trashed = false"));
  EXPECT_TRUE(Matches("trashed != true"));
  EXPECT_FALSE(Matches("sharedWithMe = true"));
  EXPECT_TRUE(Matches("visibility = 'anyoneWithLink'"));
}

TEST(DriveQueryEvaluator, CollectionsAndProperties) {
  EXPECT_TRUE(Matches("'root' in parents"));
  EXPECT_TRUE(Matches("'folder-7' in parents"));
  EXPECT_FALSE(Matches("'folder-8' in parents"));
  EXPECT_TRUE(Matches("'me' in owners"));
  EXPECT_TRUE(Matches("'alice@example.com' in owners"));
  EXPECT_TRUE(Matches("'bob@example.com' in writers"));
  EXPECT_TRUE(Matches("'me' in writers"));  // an owner can write
  EXPECT_FALSE(Matches("'bob@example.com' in readers"));
  EXPECT_TRUE(Matches("'carol@example.com' in readers"));
  EXPECT_TRUE(Matches("properties has { key='project' and value='apollo' }"));
  EXPECT_FALSE(Matches("properties has { key='project' and value='gemini' }"));
  EXPECT_FALSE(Matches("properties has { key='sync' and value='clean' }"));
  EXPECT_TRUE(Matches("appProperties has { key='sync' and value='clean' }"));
}

TEST(DriveQueryEvaluator, AndBindsTighterThanOrAndNotNegates) {
  EXPECT_TRUE(Matches("name = 'nope' or starred = true and trashed = false"));
  EXPECT_FALSE(Matches("(name = 'nope' or starred = true) and trashed = true"));
  EXPECT_TRUE(Matches("not trashed = true"));
  EXPECT_FALSE(Matches("not (starred = true or trashed = true)"));
  EXPECT_TRUE(Matches("not not starred = true"));
}

TEST(DriveQueryService, MalformedQueriesAnswerInvalidValueAtQ) {
  DriveService service;
  for (std::string q : {"(name = 'a'", "name = 'abc", "title = 'x'", "name > 'x'", "trashed = 'true'"}) {
    HttpAnswer const answer = service.Handle("GET", "/files", {{"q", q}}, testing::ReadonlyCaller());
    ASSERT_EQ(answer.status, 400) << q;
    EXPECT_EQ(testing::ErrorMessage(answer), "Invalid Value");
    EXPECT_EQ(ErrorItem(answer)->getValue<std::string>("reason"), "invalid");
    EXPECT_EQ(ErrorItem(answer)->getValue<std::string>("location"), "q");
    EXPECT_EQ(ErrorItem(answer)->getValue<std::string>("locationType"), "parameter");
  }
}

}  // namespace
}  // namespace gauthflow::mockserver
