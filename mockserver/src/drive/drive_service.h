#ifndef GAUTHFLOW_MOCKSERVER_DRIVE_DRIVE_SERVICE_H_
#define GAUTHFLOW_MOCKSERVER_DRIVE_DRIVE_SERVICE_H_

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <shared_mutex>
#include <string>
#include <utility>
#include <vector>

#include "drive/drive_caller.h"
#include "drive/drive_file.h"
#include "drive/drive_file_store.h"
#include "drive/generate_drive_files.h"
#include "http_answer.h"

namespace gauthflow::mockserver {

class DriveCorpus;

// The fake Drive v3 API: files.list, files.get (metadata and alt=media), about.get, for the
// users' seeded files, with Drive's scopes, parameters, JSON shapes and errors.
//
// Thread-safe. Each user's files are an immutable snapshot (DriveCorpus) swapped under a
// reader/writer lock; a request takes the lock only to copy the snapshot pointer, then
// filters, pages and serialises without any lock. Sorted indexes are built lazily per
// snapshot and orderBy, and vanish with the snapshot when files change.
//
// Decisions where the fake must pick a behaviour:
// - drive.file shows exactly the files whose isAppAuthorized is set (seed field
//   "isAppAuthorized": true); drive.appdata only the "appDataFolder" space; the broad scopes
//   everything but appDataFolder.
// - Without orderBy (and for fullText queries, whose "relevance" the fake does not model)
//   files come in id order.
// - Write methods Drive has (files.create, files.update, files.delete, files.copy, ...) answer
//   501 in Google's error shape, so a client sees they are not faked rather than a 404 that
//   looks like a missing file. Paths and methods Drive does not have answer 404.
class DriveService {
 public:
  DriveService();
  ~DriveService();
  DriveService(DriveService const&) = delete;
  DriveService& operator=(DriveService const&) = delete;

  // The user's files become `files`. Files without owners get the user as owner; the parent
  // "root" becomes the user's root folder id; a later file with an id replaces an earlier one.
  void ReplaceFiles(std::string const& user_email, std::vector<DriveFile> files);
  // Adds (or, by id, replaces) files for the user, with the same normalisation.
  void AddFiles(std::string const& user_email, std::vector<DriveFile> files);
  // Adds GenerateDriveFiles(count, user_email, now) for the user, packing each file as it is
  // generated (no vector of a million DriveFile on the way).
  void AddGeneratedFiles(std::string const& user_email, int count, std::chrono::system_clock::time_point now);
  void Clear();

  // `path`: the part after "/drive/v3", e.g. "/files", "/files/ID", "/about"; `query`: the
  // decoded query parameters in order. The caller is already authenticated.
  HttpAnswer Handle(std::string const& method, std::string const& path,
                    std::vector<std::pair<std::string, std::string>> const& query,
                    DriveCaller const& caller) const;

  // The Drive v3 discovery document, served at GET /discovery/v1/apis/drive/v3/rest, with
  // every URL on `base_url` (e.g. "http://127.0.0.1:8080").
  std::string DiscoveryDocument(std::string const& base_url) const;

 private:
  std::shared_ptr<DriveCorpus const> Snapshot(std::string const& user_email) const;
  // Puts the files into the store it is given, in order; may run more than once.
  using FileSource = std::function<void(DriveFileStore&)>;
  // Puts `files` with the user as owner where they have none and "root" as the user's root.
  static FileSource NormalisedPuts(std::vector<DriveFile> const& files, std::string const& user_email);
  void Store(std::string const& user_email, FileSource const& source, std::size_t count, bool replace);

  mutable std::shared_mutex mutex_;
  std::map<std::string, std::shared_ptr<DriveCorpus const>> corpora_;  // by lower-case e-mail
  std::atomic<std::uint64_t> next_version_{1};
};

}  // namespace gauthflow::mockserver

#endif  // GAUTHFLOW_MOCKSERVER_DRIVE_DRIVE_SERVICE_H_
