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
  files.reserve(static_cast<std::size_t>(std::max(count, 0)));
  GenerateDriveFiles(count, owner_email, now, [&](DriveFile const& file) { files.push_back(file); });
  return files;
}

void GenerateDriveFiles(int count, std::string const& owner_email, std::chrono::system_clock::time_point now,
                        std::function<void(DriveFile const&)> const& each) {
  if (count <= 0) return;
  Random random;
  std::size_t const n = static_cast<std::size_t>(count);
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
  folder_ids.reserve(folder_count);
  auto const colleague = [&random] { return "colleague" + std::to_string(random.Below(40)) + "@example.com"; };

  // The draws below come in a fixed order, the one GCC gave the former one-expression name
  // and content builders (right to left; C++ leaves that order unspecified): the generated
  // corpus stays the same file for file, and now on every compiler.
  // One DriveFile, reset field by field for each file so that its strings and vectors keep
  // their capacity: no allocation per file for most fields.
  DriveFile file;
  for (std::size_t i = 0; i < n; ++i) {
    file.name.clear();
    file.content.clear();
    file.writers.clear();
    file.readers.clear();
    file.properties.clear();
    file.app_properties.clear();
    file.size.reset();
    file.quota_bytes_used = 0;
    file.modified_by_me_time.reset();
    file.viewed_by_me_time.reset();
    file.shared_with_me_time.reset();
    file.space.assign("drive");
    file.visibility.assign("limited");
    file.id = internal::MakeDriveFileId(random.Next());
    file.modified_time = end - modified_step * static_cast<std::int64_t>(modified_rank[i] + 1);
    file.created_time =
        earliest_modified - created_step * static_cast<std::int64_t>(created_rank[i] + 1);
    file.parents.resize(1);
    file.parents[0] = folder_ids.empty() || random.Percent(30) ? root_id
                                                               : folder_ids[random.Below(folder_ids.size())];
    bool const shared_with_me = i >= folder_count && random.Percent(10);
    file.owners.resize(1);
    file.owners[0].email_address = shared_with_me ? colleague() : owner_email;
    if (i < folder_count) {
      file.mime_type.assign(kFolderMimeType);
      std::uint64_t const number = random.Below(200);
      file.name.append(kFolderNames[random.Below(kFolderNames.size())]).append(" ").append(std::to_string(number));
      folder_ids.push_back(file.id);
    } else {
      FileKind const& kind = PickKind(random);
      file.mime_type.assign(kind.mime_type);
      std::uint64_t const copy = 1 + random.Below(120);
      std::uint64_t const year = 2015 + random.Below(11);
      file.name.append(kSubjects[random.Below(kSubjects.size())])
          .append(" ")
          .append(std::to_string(year))
          .append(" (")
          .append(std::to_string(copy))
          .append(")")
          .append(kind.extension);
      if (!kind.extension.empty()) {
        file.size = static_cast<std::int64_t>(1024 + random.Below(50'000'000));
        file.quota_bytes_used = *file.size;
      }
      std::string_view const third = kWords[random.Below(kWords.size())];
      std::string_view const second = kWords[random.Below(kWords.size())];
      std::string_view const first = kWords[random.Below(kWords.size())];
      file.content.append(first).append(" ").append(second).append(" ").append(third);
    }
    if (shared_with_me) {
      file.shared_with_me_time = file.modified_time - std::chrono::milliseconds(random.Below(86'400'000));
      file.readers.push_back(owner_email);
    } else {
      file.modified_by_me_time = file.modified_time;
      if (random.Percent(15)) file.writers.push_back(colleague());
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
      file.parents[0].assign("appDataFolder");
    }
    each(file);
  }
}

}  // namespace gauthflow::mockserver
