#include "drive/generate_drive_files.h"

#include <array>
#include <numeric>
#include <random>
#include <string_view>
#include <utility>

#include "drive/drive_ids.h"

namespace gauthflow::mockserver {
namespace {

constexpr std::uint64_t kSeed = 0x6761757468666c6fULL;  // "gauthflo"

struct FileKind {
  std::string_view mime_type;
  std::string_view extension;  // empty for Google Docs types
  int weight;
};

constexpr std::array<FileKind, 11> kKinds = {{
    {"application/vnd.google-apps.document", "", 20},
    {"application/vnd.google-apps.spreadsheet", "", 14},
    {"application/vnd.google-apps.presentation", "", 6},
    {"application/pdf", ".pdf", 14},
    {"image/jpeg", ".jpg", 12},
    {"image/png", ".png", 8},
    {"text/plain", ".txt", 8},
    {"text/csv", ".csv", 6},
    {"application/zip", ".zip", 4},
    {"video/mp4", ".mp4", 3},
    {"application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx", 5},
}};

constexpr std::array<std::string_view, 24> kSubjects = {
    "Quarterly report", "Budget",        "Meeting notes",  "Project plan",  "Invoice",
    "Roadmap",          "Design review", "Team photo",     "Contract",      "Release notes",
    "Onboarding guide", "Sales figures", "Travel receipts", "Architecture", "Interview notes",
    "Backlog",          "Newsletter",    "Survey results", "Holiday",       "Benchmark",
    "Resume",           "Expense claim", "Lecture slides", "Recipe"};

constexpr std::array<std::string_view, 10> kFolderNames = {
    "Projects", "Archive", "Finance", "Photos", "Shared", "Clients", "Personal", "Reports", "Drafts", "Scans"};

constexpr std::array<std::string_view, 16> kWords = {
    "alpha", "budget", "customer", "deadline", "estimate", "forecast", "growth", "hiring",
    "invoice", "journal", "kickoff", "launch", "milestone", "network", "offsite", "pipeline"};

class Random {
 public:
  Random() : engine_(kSeed) {}
  std::uint64_t Next() { return engine_(); }
  // Uniform enough for test data; exactly reproducible.
  std::uint64_t Below(std::uint64_t bound) { return bound == 0 ? 0 : Next() % bound; }
  bool Percent(int percent) { return Below(100) < static_cast<std::uint64_t>(percent); }

 private:
  std::mt19937_64 engine_;
};

std::vector<std::uint32_t> Permutation(std::size_t count, Random& random) {
  std::vector<std::uint32_t> values(count);
  std::iota(values.begin(), values.end(), 0U);
  for (std::size_t i = count; i > 1; --i) std::swap(values[i - 1], values[random.Below(i)]);
  return values;
}

FileKind const& PickKind(Random& random) {
  int total = 0;
  for (FileKind const& kind : kKinds) total += kind.weight;
  int pick = static_cast<int>(random.Below(static_cast<std::uint64_t>(total)));
  for (FileKind const& kind : kKinds) {
    if (pick < kind.weight) return kind;
    pick -= kind.weight;
  }
  return kKinds.front();
}

}  // namespace

std::vector<DriveFile> GenerateDriveFiles(int count, std::string const& owner_email,
                                          std::chrono::system_clock::time_point now) {
  std::vector<DriveFile> files;
  if (count <= 0) return files;
  Random random;
  std::size_t const n = static_cast<std::size_t>(count);
  files.reserve(n);
  DriveTime const end = std::chrono::time_point_cast<std::chrono::milliseconds>(now);
  // Distinct times: modified times are a shuffled ladder of 97-second steps ending before
  // `now`; created times a shuffled ladder entirely before the earliest modified time.
  std::vector<std::uint32_t> const modified_rank = Permutation(n, random);
  std::vector<std::uint32_t> const created_rank = Permutation(n, random);
  std::chrono::milliseconds const modified_step(97'013);
  std::chrono::milliseconds const created_step(13'001);
  DriveTime const earliest_modified = end - modified_step * static_cast<std::int64_t>(n + 1);
  std::string const root_id = internal::RootFolderId(owner_email);
  std::size_t const folder_count = std::max<std::size_t>(1, n / 10);
  std::vector<std::string> folder_ids;

  for (std::size_t i = 0; i < n; ++i) {
    DriveFile file;
    file.id = internal::MakeDriveFileId(random.Next());
    file.modified_time = end - modified_step * static_cast<std::int64_t>(modified_rank[i] + 1);
    file.created_time =
        earliest_modified - created_step * static_cast<std::int64_t>(created_rank[i] + 1);
    file.parents.push_back(folder_ids.empty() || random.Percent(30)
                               ? root_id
                               : folder_ids[random.Below(folder_ids.size())]);
    bool const shared_with_me = i >= folder_count && random.Percent(10);
    std::string const owner = shared_with_me
                                  ? "colleague" + std::to_string(random.Below(40)) + "@example.com"
                                  : owner_email;
    file.owners.push_back(DriveUser{owner, ""});
    if (i < folder_count) {
      file.mime_type = kFolderMimeType;
      file.name = std::string(kFolderNames[random.Below(kFolderNames.size())]) + " " +
                  std::to_string(random.Below(200));
      folder_ids.push_back(file.id);
    } else {
      FileKind const& kind = PickKind(random);
      file.mime_type = std::string(kind.mime_type);
      file.name = std::string(kSubjects[random.Below(kSubjects.size())]) + " " +
                  std::to_string(2015 + random.Below(11)) + " (" + std::to_string(1 + random.Below(120)) +
                  ")" + std::string(kind.extension);
      if (!kind.extension.empty()) {
        file.size = static_cast<std::int64_t>(1024 + random.Below(50'000'000));
        file.quota_bytes_used = *file.size;
      }
      file.content = std::string(kWords[random.Below(kWords.size())]) + " " +
                     std::string(kWords[random.Below(kWords.size())]) + " " +
                     std::string(kWords[random.Below(kWords.size())]);
    }
    if (shared_with_me) {
      file.shared_with_me_time = file.modified_time - std::chrono::milliseconds(random.Below(86'400'000));
      file.readers.push_back(owner_email);
    } else {
      file.modified_by_me_time = file.modified_time;
      if (random.Percent(15)) file.writers.push_back("colleague" + std::to_string(random.Below(40)) + "@example.com");
    }
    if (random.Percent(60)) {
      // Viewed at most a week after the last change, never after `now`.
      auto const viewed = file.modified_time + std::chrono::milliseconds(random.Below(604'800'000));
      file.viewed_by_me_time = std::min(viewed, end);
    }
    file.starred = random.Percent(5);
    file.trashed = random.Percent(3);
    file.is_app_authorized = random.Percent(20);
    if (random.Percent(10)) file.properties["project"] = kWords[random.Below(kWords.size())];
    if (random.Percent(5)) file.app_properties["syncState"] = random.Percent(50) ? "clean" : "dirty";
    if (random.Percent(5)) file.visibility = "anyoneWithLink";
    if (i >= folder_count && random.Percent(1)) {
      file.space = "appDataFolder";
      file.parents = {"appDataFolder"};
    }
    files.push_back(std::move(file));
  }
  return files;
}

}  // namespace gauthflow::mockserver
