#include "drive/drive_interned_strings.h"


namespace gauthflow::mockserver::internal {

InternedStrings::InternedStrings() : starts_{0, 0} {
  index_.Insert(HashKey(""), 0, [](std::uint32_t) { return HashKey(""); });
}

std::uint32_t InternedStrings::Intern(std::string_view text) {
  if (text.empty()) return 0;  // the most common value (no description, no display name)
  std::uint64_t const hash = HashKey(text);
  if (auto const found = index_.Find(hash, [&](std::uint32_t id) { return (*this)[id] == text; })) {
    return *found;
  }
  auto const id = static_cast<std::uint32_t>(starts_.size() - 1);
  text_.append(text);
  starts_.push_back(text_.size());
  index_.Insert(hash, id, [this](std::uint32_t other) { return HashKey((*this)[other]); });
  return id;
}

}  // namespace gauthflow::mockserver::internal
