#include "drive/drive_files_list.h"

#include <algorithm>
#include <cctype>
#include <charconv>

#include <Poco/JSON/Array.h>

#include "drive/drive_errors.h"
#include "drive/drive_field_selector.h"
#include "drive/drive_file_json.h"
#include "drive/drive_ids.h"
#include "drive/drive_order_by.h"
#include "drive/drive_page_token.h"
#include "drive/drive_query_evaluator.h"
#include "drive/drive_query_parser.h"
#include "drive/drive_schemas.h"
#include "drive/drive_scopes.h"

namespace gauthflow::mockserver {
namespace {

constexpr int kDefaultPageSize = 100;
constexpr int kMaxPageSize = 1000;

std::string_view Trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  return text;
}

std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// pageSize: an integer in [1, 1000]; Drive's message names the range.
bool ReadPageSize(DriveParams const& params, int& out, HttpAnswer& error) {
  std::optional<std::string> const text = params.Get("pageSize");
  if (!text) {
    out = kDefaultPageSize;
    return true;
  }
  int value = 0;
  auto const [end, failure] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (failure != std::errc() || end != text->data() + text->size() || value < 1 || value > kMaxPageSize) {
    error = DriveInvalidParameter(
        "pageSize", "Invalid value '" + *text + "'. Values must be within the range: [1, 1000]");
    return false;
  }
  out = value;
  return true;
}

// corpora: only the user's own corpus exists in the fake (no shared drives, no domain).
bool ReadCorpora(DriveParams const& params, std::string& out, HttpAnswer& error) {
  bool include_all_drives = false;
  bool include_team_drive_items = false;
  bool ignored = false;
  if (!params.Bool("includeItemsFromAllDrives", false, include_all_drives, error) ||
      !params.Bool("includeTeamDriveItems", false, include_team_drive_items, error) ||
      !params.Bool("supportsAllDrives", false, ignored, error) ||
      !params.Bool("supportsTeamDrives", false, ignored, error) ||
      !params.Bool("includePermissionsForView", false, ignored, error) ||
      !params.Bool("includeLabels", false, ignored, error)) {
    return false;
  }
  out = params.Get("corpora").value_or(params.Get("corpus").value_or("user"));
  std::optional<std::string> const drive_id = params.Get("driveId");
  if (out == "drive") {
    if (!drive_id) {
      error = DriveBadRequest("driveId",
                              "The driveId parameter must be specified if and only if corpora is set to drive.");
      return false;
    }
    error = GoogleApiError(404, "NOT_FOUND",
                           ApiErrorItem{"Shared drive not found: " + *drive_id, "global", "notFound",
                                        "driveId", "parameter"});
    return false;
  }
  if (drive_id) {
    error = DriveBadRequest("driveId",
                            "The driveId parameter must be specified if and only if corpora is set to drive.");
    return false;
  }
  if (out == "allDrives" && !(include_all_drives || include_team_drive_items)) {
    error = DriveBadRequest(
        "includeItemsFromAllDrives",
        "The includeItemsFromAllDrives parameter must be set to true when corpora is set to allDrives.");
    return false;
  }
  if (out != "user" && out != "domain" && out != "allDrives") {
    error = DriveInvalidValue("corpora");
    return false;
  }
  return true;
}

bool ReadSpaces(DriveParams const& params, DriveVisibility const& visibility,
                std::vector<std::string>& out, HttpAnswer& error) {
  std::string const requested = params.Get("spaces").value_or("drive");
  std::string_view text = requested;
  while (true) {
    std::size_t const comma = text.find(',');
    std::string const space(Trim(text.substr(0, comma)));
    if (space != "drive" && space != "appDataFolder") {
      error = DriveInvalidValue("spaces");
      return false;
    }
    if (std::find(out.begin(), out.end(), space) == out.end()) out.push_back(space);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  for (std::string const& space : out) {
    if (!visibility.CanSeeSpace(space)) {
      error = DriveSpacesNotGranted();
      return false;
    }
  }
  return true;
}

}  // namespace

HttpAnswer ListDriveFiles(DriveParams const& params, DriveCaller const& caller, DriveCorpus const& corpus) {
  HttpAnswer error;
  bool media = false;
  bool pretty = true;
  if (!params.Standard(/*allow_media=*/false, media, pretty, error)) return error;
  int page_size = 0;
  if (!ReadPageSize(params, page_size, error)) return error;
  std::string corpora;
  if (!ReadCorpora(params, corpora, error)) return error;
  DriveVisibility const visibility = VisibilityFor(caller.scopes);
  std::vector<std::string> spaces;
  if (!ReadSpaces(params, visibility, spaces, error)) return error;

  std::string parse_error;
  DriveOrder order;
  std::string const order_text = params.Get("orderBy").value_or("");
  if (!ParseDriveOrderBy(order_text, order, parse_error)) return DriveInvalidValue("orderBy");
  std::string const q = params.Get("q").value_or("");
  DriveQuery query;
  if (!ParseDriveQuery(q, query, parse_error)) return DriveInvalidValue("q");
  if (query.uses_full_text && !order.terms.empty()) {
    return DriveBadRequest("orderBy",
                           "Sorting is not supported for queries with fullText terms. Results are always "
                           "in descending relevance order.");
  }

  std::optional<std::string> const fields = params.Get("fields");
  FieldSelection selection = FieldSelection::Everything();
  if (fields) {
    std::string bad_field;
    if (!ParseFieldSelection(*fields, selection, bad_field) ||
        !ValidateFieldSelection(selection, DriveFileListSchema(), bad_field)) {
      return DriveInvalidFieldSelection(bad_field);
    }
  }

  // The token is valid only for the query that produced it: same user and same parameters
  // (a hash, so the token stays short).
  std::string spaces_key;
  for (std::string const& space : spaces) spaces_key += space + ",";
  std::uint64_t const query_hash = internal::Fnv1a64(
      Lower(corpus.user_email()) + '\n' + q + '\n' + order.Canonical() + '\n' + std::to_string(page_size) +
      '\n' + spaces_key + '\n' + corpora);

  std::shared_ptr<DriveCorpus::Index const> const index = corpus.SortedIndex(order);
  std::size_t start = 0;
  if (std::optional<std::string> const token_text = params.Get("pageToken")) {
    DrivePageToken token;
    if (!DecodeDrivePageToken(*token_text, token) || token.query_hash != query_hash) {
      return DriveInvalidValue("pageToken");
    }
    if (token.corpus_version == corpus.version()) {
      start = static_cast<std::size_t>(std::min<std::uint64_t>(token.offset, index->size()));
    } else {
      // The files changed since the token was cut: continue after the last file returned.
      start = corpus.PositionAfter(*index, order, token.last_id)
                  .value_or(static_cast<std::size_t>(std::min<std::uint64_t>(token.offset, index->size())));
    }
  }

  QueryContext const context{caller.user_email, corpus.root_folder_id()};
  DriveFileStore const& files = corpus.files();
  auto const matches = [&](DriveFileView const& file) {
    return std::find(spaces.begin(), spaces.end(), file.space()) != spaces.end() && visibility.CanSee(file) &&
           (!query.root || MatchesDriveQuery(*query.root, file, context));
  };
  // Walk the sorted index from the token's position; stop at pageSize matches plus one more
  // (which only tells whether there is a next page).
  std::vector<std::uint32_t> page;
  page.reserve(static_cast<std::size_t>(page_size));
  std::size_t position = start;
  std::size_t next_start = index->size();
  bool more = false;
  for (; position < index->size(); ++position) {
    if (!matches(files[(*index)[position]])) continue;
    if (page.size() == static_cast<std::size_t>(page_size)) {
      more = true;
      break;
    }
    page.push_back((*index)[position]);
    next_start = position + 1;
  }

  Poco::JSON::Object root(Poco::JSON_PRESERVE_KEY_ORDER);
  if (selection.Selects("kind")) root.set("kind", "drive#fileList");
  if (more && selection.Selects("nextPageToken")) {
    DrivePageToken token;
    token.query_hash = query_hash;
    token.corpus_version = corpus.version();
    token.offset = next_start;
    token.last_id = std::string(files[page.back()].id());
    root.set("nextPageToken", EncodeDrivePageToken(token));
  }
  if (selection.Selects("incompleteSearch")) root.set("incompleteSearch", false);
  if (selection.Selects("files")) {
    FieldSelection const& file_selection = fields ? selection.Child("files") : DefaultFileSelection();
    FileJsonContext const json_context{caller.user_email, caller.display_name};
    Poco::JSON::Array::Ptr array = new Poco::JSON::Array();
    for (std::uint32_t i : page) array->add(DriveFileToJson(files[i], file_selection, json_context));
    root.set("files", array);
  }
  return DriveJsonAnswer(root, pretty);
}

}  // namespace gauthflow::mockserver
