#include "drive/drive_service.h"

#include <algorithm>
#include <cctype>
#include <mutex>

#include "drive/drive_about.h"
#include "drive/drive_corpus.h"
#include "drive/drive_discovery_document.h"
#include "drive/drive_errors.h"
#include "drive/drive_files_get.h"
#include "drive/drive_files_list.h"
#include "drive/drive_ids.h"
#include "drive/drive_request.h"
#include "drive/drive_scopes.h"

namespace gauthflow::mockserver {
namespace {

std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

bool NeedsNormalising(DriveFile const& file) {
  return file.owners.empty() || std::find(file.parents.begin(), file.parents.end(), "root") != file.parents.end();
}

void Normalise(DriveFile& file, std::string const& user_email, std::string const& root_id) {
  if (file.owners.empty()) file.owners.push_back(DriveUser{user_email, ""});
  for (std::string& parent : file.parents) {
    if (parent == "root") parent = root_id;
  }
}

// Drive's write methods on the paths the fake serves, by HTTP method and path shape.
std::string UnimplementedMethod(std::string const& method, std::string const& path) {
  bool const is_files = path == "/files";
  bool const is_file = path.rfind("/files/", 0) == 0 && path.find('/', 7) == std::string::npos && path.size() > 7;
  if (method == "POST" && is_files) return "drive.files.create";
  if (method == "DELETE" && path == "/files/trash") return "drive.files.emptyTrash";
  if (method == "PATCH" && is_file) return "drive.files.update";
  if (method == "DELETE" && is_file) return "drive.files.delete";
  if (method == "GET" && path == "/files/generateIds") return "drive.files.generateIds";
  if (path.rfind("/files/", 0) == 0) {
    std::size_t const slash = path.find('/', 7);
    if (slash != std::string::npos) {
      std::string const action = path.substr(slash + 1);
      if (method == "POST" && action == "copy") return "drive.files.copy";
      if (method == "GET" && action == "export") return "drive.files.export";
      if (method == "POST" && action == "watch") return "drive.files.watch";
    }
  }
  return "";
}

}  // namespace

DriveService::DriveService() = default;
DriveService::~DriveService() = default;

void DriveService::ReplaceFiles(std::string const& user_email, std::vector<DriveFile> files) {
  Store(user_email, NormalisedPuts(files, user_email), files.size(), /*replace=*/true);
}

void DriveService::AddFiles(std::string const& user_email, std::vector<DriveFile> files) {
  Store(user_email, NormalisedPuts(files, user_email), files.size(), /*replace=*/false);
}

void DriveService::AddGeneratedFiles(std::string const& user_email, int count,
                                     std::chrono::system_clock::time_point now) {
  // Generated files have owners and no "root" parent: nothing to normalise.
  Store(user_email, [&](DriveFileStore& store) { GenerateDriveFiles(count, user_email, now, store); },
        static_cast<std::size_t>(std::max(count, 0)), /*replace=*/false);
}

DriveService::FileSource DriveService::NormalisedPuts(std::vector<DriveFile> const& files,
                                                      std::string const& user_email) {
  return [&files, &user_email](DriveFileStore& store) {
    std::string const root_id = internal::RootFolderId(Lower(user_email));
    for (DriveFile const& file : files) {
      if (!NeedsNormalising(file)) {
        store.Put(file);
        continue;
      }
      DriveFile normalised = file;
      Normalise(normalised, user_email, root_id);
      store.Put(normalised);
    }
  };
}

void DriveService::Store(std::string const& user_email, FileSource const& source, std::size_t count,
                         bool replace) {
  std::string const key = Lower(user_email);
  // Packing happens outside the lock: a listing in progress is never blocked by a large
  // seed. Adding retries if another change landed meanwhile.
  while (true) {
    std::shared_ptr<DriveCorpus const> base;
    if (!replace) {
      std::shared_lock<std::shared_mutex> lock(mutex_);
      if (auto const it = corpora_.find(key); it != corpora_.end()) base = it->second;
    }
    // A copy of the base store is a few memcpys; a later file with an id replaces an earlier one in place.
    DriveFileStore merged = base ? base->files() : DriveFileStore{};
    merged.Reserve(count);
    source(merged);
    auto corpus = std::make_shared<DriveCorpus const>(key, std::move(merged), next_version_++);
    std::unique_lock<std::shared_mutex> lock(mutex_);
    auto const it = corpora_.find(key);
    std::shared_ptr<DriveCorpus const> const current = it == corpora_.end() ? nullptr : it->second;
    if (!replace && current != base) continue;
    corpora_[key] = std::move(corpus);
    return;
  }
}

void DriveService::Clear() {
  std::unique_lock<std::shared_mutex> lock(mutex_);
  corpora_.clear();
  // Versions keep counting, so page tokens from before the reset do not match new snapshots.
}

std::shared_ptr<DriveCorpus const> DriveService::Snapshot(std::string const& user_email) const {
  std::string const key = Lower(user_email);
  {
    std::shared_lock<std::shared_mutex> lock(mutex_);
    if (auto const it = corpora_.find(key); it != corpora_.end()) return it->second;
  }
  // A user without files: an empty snapshot (version 0 is never given to a stored one).
  return std::make_shared<DriveCorpus const>(key, DriveFileStore{}, 0);
}

HttpAnswer DriveService::Handle(std::string const& method, std::string const& path,
                                std::vector<std::pair<std::string, std::string>> const& query,
                                DriveCaller const& caller) const {
  DriveParams const params(query);
  // HEAD is GET without a body; the server drops the body.
  bool const is_get = method == "GET" || method == "HEAD";
  if (is_get && path == "/files") {
    if (!HasAnyScope(caller.scopes, AcceptedScopes(DriveMethod::kFilesList))) {
      return DriveInsufficientScopes(AcceptedScopes(DriveMethod::kFilesList),
                                     RpcMethodName(DriveMethod::kFilesList));
    }
    return ListDriveFiles(params, caller, *Snapshot(caller.user_email));
  }
  if (is_get && path == "/about") return GetDriveAbout(params, caller, *Snapshot(caller.user_email));
  if (is_get && path.rfind("/files/", 0) == 0 && path.size() > 7 &&
      path.find('/', 7) == std::string::npos && path != "/files/generateIds") {
    return GetDriveFile(path.substr(7), params, caller, *Snapshot(caller.user_email));
  }
  if (std::string const unimplemented = UnimplementedMethod(method, path); !unimplemented.empty()) {
    return DriveNotImplemented(unimplemented);
  }
  return DriveRouteNotFound();
}

std::string DriveService::DiscoveryDocument(std::string const& base_url) const {
  return DriveDiscoveryDocument(base_url);
}

}  // namespace gauthflow::mockserver
