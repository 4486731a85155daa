#include "drive/generate_drive_files.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <numeric>
#include <span>
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

// The index in kKinds of a kind drawn by weight.
std::size_t PickKind(Random& random) {
  int total = 0;
  for (FileKind const& kind : kKinds) total += kind.weight;
  int pick = static_cast<int>(random.Below(static_cast<std::uint64_t>(total)));
  for (std::size_t k = 0; k < kKinds.size(); ++k) {
    if (pick < kKinds[k].weight) return k;
    pick -= kKinds[k].weight;
  }
  return 0;
}

}  // namespace

std::vector<DriveFile> GenerateDriveFiles(int count, std::string const& owner_email,
                                          std::chrono::system_clock::time_point now) {
  DriveFileStore store;
  GenerateDriveFiles(count, owner_email, now, store);
  std::vector<DriveFile> files;
  files.reserve(store.size());
  for (std::uint32_t i = 0; i < store.size(); ++i) files.push_back(ToDriveFile(store[i]));
  return files;
}

void GenerateDriveFiles(int count, std::string const& owner_email, std::chrono::system_clock::time_point now,
                        DriveFileStore& store) {
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
  std::size_t const folder_count = std::max<std::size_t>(1, n / 10);

  // Every value files share is interned once, here or on first use; a file then refers to
  // numbers, and its id, name and content are written into buffers that keep their capacity.
  std::uint32_t const root = store.Intern(internal::RootFolderId(owner_email));
  std::uint32_t const owner = store.Intern(owner_email);
  std::uint32_t const folder_mime_type = store.Intern(kFolderMimeType);
  std::array<std::uint32_t, kKinds.size()> kind_mime_types{};
  for (std::size_t k = 0; k < kKinds.size(); ++k) kind_mime_types[k] = store.Intern(kKinds[k].mime_type);
  std::array<std::uint32_t, kWords.size()> words{};
  for (std::size_t w = 0; w < kWords.size(); ++w) words[w] = store.Intern(kWords[w]);
  std::uint32_t const drive_space = store.Intern("drive");
  std::uint32_t const app_data_folder = store.Intern("appDataFolder");
  std::uint32_t const limited = store.Intern("limited");
  std::uint32_t const anyone_with_link = store.Intern("anyoneWithLink");
  std::uint32_t const project = store.Intern("project");
  std::uint32_t const sync_state = store.Intern("syncState");
  std::uint32_t const clean = store.Intern("clean");
  std::uint32_t const dirty = store.Intern("dirty");
  constexpr std::uint64_t kColleagues = 40;
  std::array<std::uint32_t, kColleagues> colleagues{};  // 0: not interned yet
  auto const colleague = [&] {
    std::uint64_t const which = random.Below(kColleagues);
    if (colleagues[which] == 0) {
      colleagues[which] = store.Intern("colleague" + std::to_string(which) + "@example.com");
    }
    return colleagues[which];
  };
  std::vector<std::uint32_t> folders;  // the folders' ids, interned as each is made
  folders.reserve(folder_count);
  std::string id;
  std::string next_id;
  std::string name;
  std::string content;
  auto const append_number = [](std::string& out, std::uint64_t number) {
    std::array<char, 20> digits{};
    auto const [last, error] = std::to_chars(digits.data(), digits.data() + digits.size(), number);
    (void)error;  // 20 digits hold any 64-bit number
    out.append(digits.data(), last);
  };

  // The draws below come in a fixed order, the one GCC gave the former one-expression name
  // and content builders (right to left; C++ leaves that order unspecified): the generated
  // corpus stays the same file for file, and now on every compiler. Each file's id is the
  // first draw after the previous file's last one; it is made before the previous file is put,
  // so that its place in the store's id index is loading meanwhile.
  internal::AppendDriveFileId(random.Next(), id);
  for (std::size_t i = 0; i < n; ++i) {
    DriveFileFields file;
    name.clear();
    content.clear();
    file.id = id;
    file.modified_time = end - modified_step * static_cast<std::int64_t>(modified_rank[i] + 1);
    file.created_time = earliest_modified - created_step * static_cast<std::int64_t>(created_rank[i] + 1);
    std::uint32_t parent = folders.empty() || random.Percent(30) ? root : folders[random.Below(folders.size())];
    bool const shared_with_me = i >= folder_count && random.Percent(10);
    std::array<std::uint32_t, 2> const owners = {shared_with_me ? colleague() : owner, 0};  // no display name
    if (i < folder_count) {
      file.mime_type = folder_mime_type;
      std::uint64_t const number = random.Below(200);
      name.append(kFolderNames[random.Below(kFolderNames.size())]).append(" ");
      append_number(name, number);
      folders.push_back(store.Intern(id));
    } else {
      std::size_t const kind = PickKind(random);
      file.mime_type = kind_mime_types[kind];
      std::uint64_t const copy = 1 + random.Below(120);
      std::uint64_t const year = 2015 + random.Below(11);
      name.append(kSubjects[random.Below(kSubjects.size())]).append(" ");
      append_number(name, year);
      name.append(" (");
      append_number(name, copy);
      name.append(")").append(kKinds[kind].extension);
      if (!kKinds[kind].extension.empty()) {
        file.size = static_cast<std::int64_t>(1024 + random.Below(50'000'000));
        file.quota_bytes_used = *file.size;
      }
      std::string_view const third = kWords[random.Below(kWords.size())];
      std::string_view const second = kWords[random.Below(kWords.size())];
      std::string_view const first = kWords[random.Below(kWords.size())];
      content.append(first).append(" ").append(second).append(" ").append(third);
    }
    file.name = name;
    file.content = content;
    std::array<std::uint32_t, 1> writer{};
    std::array<std::uint32_t, 1> const reader = {owner};
    if (shared_with_me) {
      file.shared_with_me_time = file.modified_time - std::chrono::milliseconds(random.Below(86'400'000));
      file.readers = reader;
    } else {
      file.modified_by_me_time = file.modified_time;
      if (random.Percent(15)) {
        writer[0] = colleague();
        file.writers = writer;
      }
    }
    if (random.Percent(60)) {
      // Viewed at most a week after the last change, never after `now`.
      auto const viewed = file.modified_time + std::chrono::milliseconds(random.Below(604'800'000));
      file.viewed_by_me_time = std::min(viewed, end);
    }
    file.starred = random.Percent(5);
    file.trashed = random.Percent(3);
    file.is_app_authorized = random.Percent(20);
    std::array<std::uint32_t, 2> properties{};
    if (random.Percent(10)) {
      properties = {project, words[random.Below(kWords.size())]};
      file.properties = properties;
    }
    std::array<std::uint32_t, 2> app_properties{};
    if (random.Percent(5)) {
      app_properties = {sync_state, random.Percent(50) ? clean : dirty};
      file.app_properties = app_properties;
    }
    file.visibility = random.Percent(5) ? anyone_with_link : limited;
    file.space = drive_space;
    if (i >= folder_count && random.Percent(1)) {
      file.space = app_data_folder;
      parent = app_data_folder;
    }
    file.parents = std::span<std::uint32_t const>(&parent, 1);
    file.owners = owners;
    if (i + 1 < n) {
      next_id.clear();
      internal::AppendDriveFileId(random.Next(), next_id);
      store.PrefetchPut(next_id);
    }
    store.Put(file);
    id.swap(next_id);
  }
}

}  // namespace gauthflow::mockserver
