// The Drive v3 discovery document: what googleapiclient.discovery.build reads from it.

#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include "drive/drive_scopes.h"
#include "drive/drive_service.h"

namespace gauthflow::mockserver {
namespace {

using ::testing::Contains;
using Poco::JSON::Object;

class DriveDiscoveryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Poco::JSON::Parser parser;
    doc_ = parser.parse(service_.DiscoveryDocument("http://127.0.0.1:8123")).extract<Object::Ptr>();
  }

  Object::Ptr Method(std::string const& resource, std::string const& method) const {
    return doc_->getObject("resources")->getObject(resource)->getObject("methods")->getObject(method);
  }

  DriveService service_;
  Object::Ptr doc_;
};

TEST_F(DriveDiscoveryTest, IdentifiesDriveV3OnThisServer) {
  EXPECT_EQ(doc_->getValue<std::string>("kind"), "discovery#restDescription");
  EXPECT_EQ(doc_->getValue<std::string>("discoveryVersion"), "v1");
  EXPECT_EQ(doc_->getValue<std::string>("id"), "drive:v3");
  EXPECT_EQ(doc_->getValue<std::string>("name"), "drive");
  EXPECT_EQ(doc_->getValue<std::string>("version"), "v3");
  EXPECT_EQ(doc_->getValue<std::string>("protocol"), "rest");
  // googleapiclient: base = urljoin(rootUrl, servicePath); batch = rootUrl + batchPath.
  EXPECT_EQ(doc_->getValue<std::string>("rootUrl"), "http://127.0.0.1:8123/");
  EXPECT_EQ(doc_->getValue<std::string>("servicePath"), "drive/v3/");
  EXPECT_EQ(doc_->getValue<std::string>("baseUrl"), "http://127.0.0.1:8123/drive/v3/");
  EXPECT_EQ(doc_->getValue<std::string>("basePath"), "/drive/v3/");
  EXPECT_EQ(doc_->getValue<std::string>("batchPath"), "batch/drive/v3");
  Poco::JSON::Parser parser;
  auto const trailing =
      parser.parse(service_.DiscoveryDocument("https://localhost:9/")).extract<Object::Ptr>();
  EXPECT_EQ(trailing->getValue<std::string>("rootUrl"), "https://localhost:9/");
}

TEST_F(DriveDiscoveryTest, DeclaresTheStandardParameters) {
  auto const params = doc_->getObject("parameters");
  for (char const* name : {"alt", "fields", "key", "oauth_token", "prettyPrint", "quotaUser", "userIp",
                           "access_token", "callback", "uploadType", "upload_protocol", "$.xgafv"}) {
    ASSERT_TRUE(params->has(name)) << name;
    EXPECT_EQ(params->getObject(name)->getValue<std::string>("location"), "query") << name;
    EXPECT_TRUE(params->getObject(name)->has("type")) << name;
  }
  EXPECT_EQ(params->getObject("prettyPrint")->getValue<std::string>("type"), "boolean");
  EXPECT_EQ(params->getObject("alt")->getValue<std::string>("default"), "json");
}

TEST_F(DriveDiscoveryTest, DeclaresTheScopes) {
  auto const scopes = doc_->getObject("auth")->getObject("oauth2")->getObject("scopes");
  for (char const* scope : {kDriveScope, kDriveReadonlyScope, kDriveMetadataScope, kDriveMetadataReadonlyScope,
                            kDriveFileScope, kDriveAppdataScope}) {
    ASSERT_TRUE(scopes->has(scope)) << scope;
    EXPECT_FALSE(scopes->getObject(scope)->getValue<std::string>("description").empty());
  }
}

TEST_F(DriveDiscoveryTest, DescribesFilesList) {
  auto const list = Method("files", "list");
  EXPECT_EQ(list->getValue<std::string>("id"), "drive.files.list");
  EXPECT_EQ(list->getValue<std::string>("path"), "files");
  EXPECT_EQ(list->getValue<std::string>("httpMethod"), "GET");
  EXPECT_EQ(list->getObject("response")->getValue<std::string>("$ref"), "FileList");
  auto const params = list->getObject("parameters");
  for (char const* name : {"corpora", "driveId", "includeItemsFromAllDrives", "orderBy", "pageSize", "pageToken",
                           "q", "spaces", "supportsAllDrives"}) {
    ASSERT_TRUE(params->has(name)) << name;
    EXPECT_EQ(params->getObject(name)->getValue<std::string>("location"), "query");
  }
  auto const page_size = params->getObject("pageSize");
  EXPECT_EQ(page_size->getValue<std::string>("type"), "integer");
  EXPECT_EQ(page_size->getValue<std::string>("format"), "int32");
  EXPECT_EQ(page_size->getValue<std::string>("minimum"), "1");
  EXPECT_EQ(page_size->getValue<std::string>("maximum"), "1000");
  EXPECT_EQ(page_size->getValue<std::string>("default"), "100");
  EXPECT_EQ(params->getObject("includeItemsFromAllDrives")->getValue<std::string>("type"), "boolean");
  EXPECT_EQ(list->getArray("parameterOrder")->size(), 0U);
  EXPECT_GT(list->getArray("scopes")->size(), 4U);
  // list_next exists when the response schema has nextPageToken and the method pageToken.
  EXPECT_TRUE(doc_->getObject("schemas")->getObject("FileList")->getObject("properties")->has("nextPageToken"));
}

TEST_F(DriveDiscoveryTest, DescribesFilesGetAndAboutGet) {
  auto const get = Method("files", "get");
  EXPECT_EQ(get->getValue<std::string>("id"), "drive.files.get");
  EXPECT_EQ(get->getValue<std::string>("path"), "files/{fileId}");
  EXPECT_EQ(get->getArray("parameterOrder")->getElement<std::string>(0), "fileId");
  auto const file_id = get->getObject("parameters")->getObject("fileId");
  EXPECT_EQ(file_id->getValue<std::string>("location"), "path");
  EXPECT_TRUE(file_id->getValue<bool>("required"));
  EXPECT_TRUE(get->getValue<bool>("supportsMediaDownload"));
  EXPECT_EQ(get->getObject("response")->getValue<std::string>("$ref"), "File");

  auto const about = Method("about", "get");
  EXPECT_EQ(about->getValue<std::string>("id"), "drive.about.get");
  EXPECT_EQ(about->getValue<std::string>("path"), "about");
  EXPECT_EQ(about->getValue<std::string>("httpMethod"), "GET");
  EXPECT_EQ(about->getObject("response")->getValue<std::string>("$ref"), "About");
}

// Every $ref names a schema, and every schema's $refs too.
void ExpectRefsResolve(Poco::Dynamic::Var const& value, Object::Ptr const& schemas, std::string const& where) {
  if (value.type() == typeid(Object::Ptr)) {
    auto const object = value.extract<Object::Ptr>();
    if (object->has("$ref")) {
      EXPECT_TRUE(schemas->has(object->getValue<std::string>("$ref"))) << where;
    }
    for (auto const& [key, child] : *object) ExpectRefsResolve(child, schemas, where + "/" + key);
  } else if (value.type() == typeid(Poco::JSON::Array::Ptr)) {
    auto const array = value.extract<Poco::JSON::Array::Ptr>();
    for (std::size_t i = 0; i < array->size(); ++i) ExpectRefsResolve(array->get(static_cast<unsigned>(i)), schemas, where);
  }
}

TEST_F(DriveDiscoveryTest, EveryRefResolves) {
  auto const schemas = doc_->getObject("schemas");
  for (char const* name : {"File", "FileList", "About", "User", "Permission"}) {
    ASSERT_TRUE(schemas->has(name)) << name;
    EXPECT_EQ(schemas->getObject(name)->getValue<std::string>("id"), name);
  }
  ExpectRefsResolve(doc_, schemas, "");
}

}  // namespace
}  // namespace gauthflow::mockserver
