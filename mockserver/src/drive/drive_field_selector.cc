#include "drive/drive_field_selector.h"

#include <cctype>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

namespace gauthflow::mockserver {
namespace {

// Bounds recursion on hostile input; real selections nest two or three levels. Every level of
// the tree counts, whether it comes from a path ("a/b") or a sub-list ("a(b)"), since Merge,
// ValidateFieldSelection, ApplyFieldSelection and the destructor all recurse over the tree.
constexpr int kMaxDepth = 32;

bool IsNameCharacter(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$' || c == '.' || c == '-';
}

void Merge(FieldSelection& into, FieldSelection const& from) {
  into.all = into.all || from.all;
  for (auto const& [name, child] : from.children) Merge(into.children[name], child);
}

class Reader {
 public:
  explicit Reader(std::string_view text) : text_(text) {}

  bool ParseList(FieldSelection& node, int depth) {
    if (depth > kMaxDepth) return false;
    do {
      if (!ParseItem(node, depth)) return false;
      SkipSpace();
    } while (Consume(','));
    return true;
  }

  bool AtEnd() {
    SkipSpace();
    return pos_ == text_.size();
  }
  std::string_view Rest() const { return text_.substr(pos_); }

 private:
  bool ParseItem(FieldSelection& node, int depth) {
    FieldSelection* target = &node;
    bool star = false;
    do {
      SkipSpace();
      std::string name;
      if (Consume('*')) {
        star = true;
      } else {
        while (pos_ < text_.size() && IsNameCharacter(text_[pos_])) name.push_back(text_[pos_++]);
        if (name.empty() || star || ++depth > kMaxDepth) return false;
        target = &target->children[name];
      }
      SkipSpace();
    } while (!star && Consume('/'));
    if (star) {
      target->all = true;
      return true;
    }
    if (Consume('(')) {
      FieldSelection sub;
      if (!ParseList(sub, depth)) return false;  // `depth` already counts this item's names
      SkipSpace();
      if (!Consume(')')) return false;
      Merge(*target, sub);
    } else {
      target->all = true;
    }
    return true;
  }

  void SkipSpace() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
  }
  bool Consume(char c) {
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }

  std::string_view text_;
  std::size_t pos_ = 0;
};

}  // namespace

FieldSelection const& FieldSelection::Child(std::string_view name) const {
  static FieldSelection const kEverything = Everything();
  if (all) return kEverything;
  auto const it = children.find(name);
  return it == children.end() ? kEverything : it->second;
}

FieldSelection FieldSelection::Everything() {
  FieldSelection selection;
  selection.all = true;
  return selection;
}

bool ParseFieldSelection(std::string_view text, FieldSelection& out, std::string& bad_field) {
  Reader reader(text);
  FieldSelection selection;
  if (!reader.ParseList(selection, 0) || !reader.AtEnd()) {
    std::string_view const rest = reader.Rest();
    bad_field = std::string(rest.empty() ? text : rest);
    return false;
  }
  out = std::move(selection);
  return true;
}

bool ValidateFieldSelection(FieldSelection const& selection, FieldSchema const& schema,
                            std::string& bad_field) {
  if (schema.open) return true;
  for (auto const& [name, child] : selection.children) {
    auto const it = schema.properties.find(name);
    if (it == schema.properties.end()) {
      bad_field = name;
      return false;
    }
    if (child.children.empty()) continue;
    if (it->second == nullptr) {
      // A scalar has nothing to select inside it.
      bad_field = child.children.begin()->first;
      return false;
    }
    if (!ValidateFieldSelection(child, *it->second, bad_field)) return false;
  }
  return true;
}

Poco::Dynamic::Var ApplyFieldSelection(Poco::Dynamic::Var const& value, FieldSelection const& selection) {
  if (selection.all || selection.children.empty()) return value;
  if (value.type() == typeid(Poco::JSON::Object::Ptr)) {
    auto const object = value.extract<Poco::JSON::Object::Ptr>();
    Poco::JSON::Object::Ptr pruned = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    for (auto const& name : object->getNames()) {
      auto const it = selection.children.find(name);
      if (it != selection.children.end()) pruned->set(name, ApplyFieldSelection(object->get(name), it->second));
    }
    return pruned;
  }
  if (value.type() == typeid(Poco::JSON::Array::Ptr)) {
    auto const array = value.extract<Poco::JSON::Array::Ptr>();
    Poco::JSON::Array::Ptr pruned = new Poco::JSON::Array();
    for (std::size_t i = 0; i < array->size(); ++i) {
      pruned->add(ApplyFieldSelection(array->get(static_cast<unsigned int>(i)), selection));
    }
    return pruned;
  }
  return value;
}

}  // namespace gauthflow::mockserver
