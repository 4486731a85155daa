#include "internal/json_error_position.h"

namespace gauthflow::internal {
namespace {

// A recursive-descent recognizer for RFC 8259 §2-§7. It builds nothing: each function
// advances `pos_` over one production or stops at the first byte that cannot continue it.
class Scanner {
 public:
  explicit Scanner(std::string_view text) : text_(text) {}

  std::optional<std::size_t> FirstError() {
    SkipSpace();
    if (!Value(0)) return pos_;
    SkipSpace();
    if (pos_ != text_.size()) return pos_;
    return std::nullopt;
  }

 private:
  // Deeper nesting than this is reported as an error rather than risking the stack.
  static constexpr int kMaxDepth = 256;

  bool AtEnd() const { return pos_ >= text_.size(); }
  char Peek() const { return text_[pos_]; }

  void SkipSpace() {
    while (!AtEnd() && (Peek() == ' ' || Peek() == '\t' || Peek() == '\n' || Peek() == '\r')) {
      ++pos_;
    }
  }

  bool Literal(std::string_view word) {
    for (char c : word) {
      if (AtEnd() || Peek() != c) return false;
      ++pos_;
    }
    return true;
  }

  static bool IsDigit(char c) { return c >= '0' && c <= '9'; }
  static bool IsHex(char c) {
    return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  bool Digits() {
    if (AtEnd() || !IsDigit(Peek())) return false;
    while (!AtEnd() && IsDigit(Peek())) ++pos_;
    return true;
  }

  bool Number() {
    if (Peek() == '-') ++pos_;
    if (AtEnd()) return false;
    if (Peek() == '0') {
      ++pos_;
    } else if (!Digits()) {
      return false;
    }
    if (!AtEnd() && Peek() == '.') {
      ++pos_;
      if (!Digits()) return false;
    }
    if (!AtEnd() && (Peek() == 'e' || Peek() == 'E')) {
      ++pos_;
      if (!AtEnd() && (Peek() == '+' || Peek() == '-')) ++pos_;
      if (!Digits()) return false;
    }
    return true;
  }

  bool String() {
    ++pos_;  // the opening quote
    while (!AtEnd()) {
      auto const c = static_cast<unsigned char>(Peek());
      if (c == '"') {
        ++pos_;
        return true;
      }
      if (c < 0x20) return false;  // §7: control characters must be escaped
      if (c == '\\') {
        ++pos_;
        if (AtEnd()) return false;
        char const e = Peek();
        if (e == 'u') {
          ++pos_;
          for (int i = 0; i < 4; ++i) {
            if (AtEnd() || !IsHex(Peek())) return false;
            ++pos_;
          }
          continue;
        }
        if (std::string_view("\"\\/bfnrt").find(e) == std::string_view::npos) return false;
      }
      ++pos_;
    }
    return false;
  }

  bool Container(int depth, char close, bool is_object) {
    if (depth >= kMaxDepth) return false;
    ++pos_;  // '{' or '['
    SkipSpace();
    if (!AtEnd() && Peek() == close) {
      ++pos_;
      return true;
    }
    while (true) {
      if (is_object) {
        if (AtEnd() || Peek() != '"' || !String()) return false;
        SkipSpace();
        if (AtEnd() || Peek() != ':') return false;
        ++pos_;
        SkipSpace();
      }
      if (!Value(depth + 1)) return false;
      SkipSpace();
      if (AtEnd()) return false;
      if (Peek() == close) {
        ++pos_;
        return true;
      }
      if (Peek() != ',') return false;
      ++pos_;
      SkipSpace();
    }
  }

  bool Value(int depth) {
    if (AtEnd()) return false;
    switch (Peek()) {
      case '{': return Container(depth, '}', true);
      case '[': return Container(depth, ']', false);
      case '"': return String();
      case 't': return Literal("true");
      case 'f': return Literal("false");
      case 'n': return Literal("null");
      default: return (Peek() == '-' || IsDigit(Peek())) && Number();
    }
  }

  std::string_view text_;
  std::size_t pos_ = 0;
};

}  // namespace

std::optional<std::size_t> JsonSyntaxErrorOffset(std::string_view text) {
  return Scanner(text).FirstError();
}

std::string DescribeOffset(std::string_view text, std::size_t offset) {
  if (offset > text.size()) offset = text.size();
  std::size_t line = 1;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  return "line " + std::to_string(line) + ", column " + std::to_string(offset - line_start + 1);
}

}  // namespace gauthflow::internal
