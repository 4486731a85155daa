#include "drive/drive_order_by.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>

namespace gauthflow::mockserver {
namespace {

std::map<std::string_view, OrderKey> const& Keys() {
  static std::map<std::string_view, OrderKey> const kKeys = {
      {"createdTime", OrderKey::kCreatedTime},
      {"folder", OrderKey::kFolder},
      {"modifiedByMeTime", OrderKey::kModifiedByMeTime},
      {"modifiedTime", OrderKey::kModifiedTime},
      {"name", OrderKey::kName},
      {"name_natural", OrderKey::kNameNatural},
      {"quotaBytesUsed", OrderKey::kQuotaBytesUsed},
      {"recency", OrderKey::kRecency},
      {"sharedWithMeTime", OrderKey::kSharedWithMeTime},
      {"starred", OrderKey::kStarred},
      {"viewedByMeTime", OrderKey::kViewedByMeTime},
  };
  return kKeys;
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  return text;
}

template <typename T>
int Compare3(T const& a, T const& b) {
  return a < b ? -1 : (b < a ? 1 : 0);
}

int Fold(char c) { return std::tolower(static_cast<unsigned char>(c)); }
bool IsDigit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

int CompareName(std::string_view a, std::string_view b) {
  std::size_t const n = std::min(a.size(), b.size());
  for (std::size_t i = 0; i < n; ++i) {
    if (int const d = Fold(a[i]) - Fold(b[i]); d != 0) return d < 0 ? -1 : 1;
  }
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  return a.compare(b) < 0 ? -1 : (a == b ? 0 : 1);
}

int CompareNatural(std::string_view a, std::string_view b) {
  std::size_t i = 0;
  std::size_t j = 0;
  while (i < a.size() && j < b.size()) {
    if (IsDigit(a[i]) && IsDigit(b[j])) {
      std::size_t const start_i = i;
      std::size_t const start_j = j;
      while (i < a.size() && IsDigit(a[i])) ++i;
      while (j < b.size() && IsDigit(b[j])) ++j;
      std::string_view x(a.data() + start_i, i - start_i);
      std::string_view y(b.data() + start_j, j - start_j);
      while (x.size() > 1 && x.front() == '0') x.remove_prefix(1);
      while (y.size() > 1 && y.front() == '0') y.remove_prefix(1);
      if (x.size() != y.size()) return x.size() < y.size() ? -1 : 1;
      if (int const d = x.compare(y); d != 0) return d < 0 ? -1 : 1;
      continue;
    }
    if (int const d = Fold(a[i]) - Fold(b[j]); d != 0) return d < 0 ? -1 : 1;
    ++i;
    ++j;
  }
  if (i < a.size() || j < b.size()) return i < a.size() ? 1 : -1;
  return CompareName(a, b);
}

DriveTime OrEarliest(std::optional<DriveTime> const& time) {
  return time.value_or(DriveTime::min());
}

DriveTime Recency(DriveFileView const& file) {
  return std::max({file.created_time(), file.modified_time(), OrEarliest(file.modified_by_me_time()),
                   OrEarliest(file.viewed_by_me_time()), OrEarliest(file.shared_with_me_time())});
}

bool IsFolder(DriveFileView const& file) { return file.mime_type() == kFolderMimeType; }

int CompareKey(OrderKey key, DriveFileView const& a, DriveFileView const& b) {
  switch (key) {
    case OrderKey::kCreatedTime:
      return Compare3(a.created_time(), b.created_time());
    case OrderKey::kFolder:
      // Ascending puts folders first, as Drive's "folder,name" listings show them.
      return Compare3(!IsFolder(a), !IsFolder(b));
    case OrderKey::kModifiedByMeTime:
      return Compare3(OrEarliest(a.modified_by_me_time()), OrEarliest(b.modified_by_me_time()));
    case OrderKey::kModifiedTime:
      return Compare3(a.modified_time(), b.modified_time());
    case OrderKey::kName:
      return CompareName(a.name(), b.name());
    case OrderKey::kNameNatural:
      return CompareNatural(a.name(), b.name());
    case OrderKey::kQuotaBytesUsed:
      return Compare3(a.quota_bytes_used(), b.quota_bytes_used());
    case OrderKey::kRecency:
      return Compare3(Recency(a), Recency(b));
    case OrderKey::kSharedWithMeTime:
      return Compare3(OrEarliest(a.shared_with_me_time()), OrEarliest(b.shared_with_me_time()));
    case OrderKey::kStarred:
      return Compare3(!a.starred(), !b.starred());
    case OrderKey::kViewedByMeTime:
      return Compare3(OrEarliest(a.viewed_by_me_time()), OrEarliest(b.viewed_by_me_time()));
  }
  return 0;
}

}  // namespace

std::string DriveOrder::Canonical() const {
  std::string out;
  for (OrderTerm const& term : terms) {
    if (!out.empty()) out += ',';
    for (auto const& [name, key] : Keys()) {
      if (key == term.key) out += name;
    }
    if (term.descending) out += " desc";
  }
  return out;
}

bool ParseDriveOrderBy(std::string_view text, DriveOrder& out, std::string& error) {
  DriveOrder order;
  if (Trim(text).empty()) {
    out = order;
    return true;
  }
  while (true) {
    std::size_t const comma = text.find(',');
    std::string_view item = Trim(text.substr(0, comma));
    OrderTerm term;
    std::size_t const space = item.find_first_of(" \t");
    std::string_view const name = item.substr(0, space);
    if (space != std::string_view::npos) {
      std::string_view const modifier = Trim(item.substr(space));
      if (modifier == "desc") {
        term.descending = true;
      } else if (modifier != "asc") {
        error = "bad sort modifier in '" + std::string(item) + "'";
        return false;
      }
    }
    auto const it = Keys().find(name);
    if (it == Keys().end()) {
      error = "unknown sort key '" + std::string(name) + "'";
      return false;
    }
    term.key = it->second;
    order.terms.push_back(term);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  out = std::move(order);
  return true;
}

int CompareDriveFiles(DriveOrder const& order, DriveFileView const& a, DriveFileView const& b) {
  for (OrderTerm const& term : order.terms) {
    int const c = CompareKey(term.key, a, b);
    if (c != 0) return term.descending ? -c : c;
  }
  return Compare3(a.id(), b.id());
}

int CompareDriveFiles(DriveOrder const& order, DriveFile const& a, DriveFile const& b) {
  DriveFileStore store;
  store.Add(a);
  store.Add(b);
  return CompareDriveFiles(order, store[0], store[1]);
}

}  // namespace gauthflow::mockserver
