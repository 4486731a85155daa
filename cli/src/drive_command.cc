// gauthflow drive ls: Drive v3 files.list, by default the seed's five most recently
// modified-by-me files.
#include <algorithm>
#include <map>
#include <vector>

#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>

#include "api_call.h"
#include "context.h"
#include "drive_table.h"
#include "gauthflow/cli/exit_codes.h"
#include "gauthflow/drive.h"

namespace gauthflow::cli {

int RunDriveLs(Context& ctx) {
  auto options = ParseDriveLsOptions(ctx.line());
  if (!options) return ctx.Fail(kExitUsage, options.error().message);
  auto http = ctx.MakeHttpClient();
  if (!http) return ctx.Fail(kExitError, ToString(http.error()));
  auto stored = StoredCredentials::Open(ctx, **http);
  if (!stored) return ctx.FailToLoad(stored.error());

  DriveClientOptions drive_options;
  drive_options.allow_insecure_transport = ctx.global().allow_insecure_transport;
  DriveClient drive(**http, ctx.endpoints().drive, drive_options);
  FailureContext failure;
  failure.credentials_path = ctx.global().credentials_path;

  std::vector<DriveFile> files;
  std::optional<std::string> next_page_token;
  auto request = options->request;
  for (int page = 1;; ++page) {
    auto list = CallWithToken<DriveFileList>(
        **stored, [&](std::string const& token) { return drive.ListFiles(token, request); },
        failure.stage);
    if (!list) return ctx.Fail(list.error(), failure);
    for (auto& file : list->files) files.push_back(std::move(file));
    next_page_token = list->next_page_token;
    if (!options->all || !next_page_token) break;
    if (request.page_token == *next_page_token) {
      return ctx.Fail(kExitError, "Drive returned the same nextPageToken twice (page " +
                                      std::to_string(page) + "); stopped");
    }
    request.page_token = *next_page_token;
  }

  if (options->json) {
    Poco::JSON::Object root(Poco::JSON_PRESERVE_KEY_ORDER);
    Poco::JSON::Array array;
    for (auto const& file : files) {
      try {
        Poco::JSON::Parser parser;
        array.add(parser.parse(file.json));
      } catch (Poco::Exception const&) {
        // ParseDriveFileList produced this JSON itself; it always parses.
      }
    }
    root.set("files", array);
    if (next_page_token && !options->all) root.set("nextPageToken", *next_page_token);
    Poco::JSON::Stringifier::stringify(root, ctx.out(), 2);
    ctx.out() << "\n";
    return kExitOk;
  }
  ctx.out() << FormatDriveTable(files);
  if (next_page_token && !options->all) {
    ctx.Note("(more files: --all lists every page)");
  }
  return kExitOk;
}

}  // namespace gauthflow::cli
