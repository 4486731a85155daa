#include "gauthflow/browser/html_page.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <utility>

#include <Poco/Exception.h>
#include <Poco/URI.h>

namespace gauthflow::browser {
namespace {

std::string Lower(std::string_view text) {
  std::string out(text);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

void AppendUtf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x110000) {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// Appends `text` collapsing runs of whitespace into one space.
void AppendCollapsed(std::string& out, std::string_view text) {
  for (char c : text) {
    if (IsSpace(c)) {
      if (!out.empty() && out.back() != ' ') out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
}

std::string Collapse(std::string_view text) {
  std::string out;
  AppendCollapsed(out, text);
  while (!out.empty() && out.back() == ' ') out.pop_back();
  if (!out.empty() && out.front() == ' ') out.erase(0, 1);
  return out;
}

struct Tag {
  std::string name;  // lower case, without '/'
  bool closing = false;
  std::map<std::string, std::string> attributes;  // names lower case, values decoded
  std::size_t end = 0;  // index just past '>'
};

// Parses the tag starting at html[pos] == '<'. nullopt when it is not a tag.
std::optional<Tag> ParseTag(std::string_view html, std::size_t pos) {
  Tag tag;
  std::size_t i = pos + 1;
  if (i < html.size() && html[i] == '/') {
    tag.closing = true;
    ++i;
  }
  std::size_t const name_start = i;
  while (i < html.size() && (std::isalnum(static_cast<unsigned char>(html[i])) || html[i] == '-')) {
    ++i;
  }
  if (i == name_start) return std::nullopt;
  tag.name = Lower(html.substr(name_start, i - name_start));
  while (i < html.size() && html[i] != '>') {
    if (IsSpace(html[i]) || html[i] == '/') {
      ++i;
      continue;
    }
    std::size_t const attr_start = i;
    while (i < html.size() && !IsSpace(html[i]) && html[i] != '=' && html[i] != '>' &&
           html[i] != '/') {
      ++i;
    }
    std::string name = Lower(html.substr(attr_start, i - attr_start));
    while (i < html.size() && IsSpace(html[i])) ++i;
    std::string value;
    if (i < html.size() && html[i] == '=') {
      ++i;
      while (i < html.size() && IsSpace(html[i])) ++i;
      if (i < html.size() && (html[i] == '"' || html[i] == '\'')) {
        char const quote = html[i++];
        auto const close = html.find(quote, i);
        auto const stop = close == std::string_view::npos ? html.size() : close;
        value = DecodeEntities(html.substr(i, stop - i));
        i = stop == html.size() ? stop : stop + 1;
      } else {
        std::size_t const value_start = i;
        while (i < html.size() && !IsSpace(html[i]) && html[i] != '>') ++i;
        value = DecodeEntities(html.substr(value_start, i - value_start));
      }
    }
    if (!name.empty()) tag.attributes.emplace(std::move(name), std::move(value));
  }
  tag.end = i < html.size() ? i + 1 : html.size();
  return tag;
}

std::string Attribute(Tag const& tag, std::string const& name) {
  auto it = tag.attributes.find(name);
  return it == tag.attributes.end() ? std::string() : it->second;
}

// The raw text up to the matching close tag of `name`, and the index past that close tag.
std::pair<std::string_view, std::size_t> RawUntilClose(std::string_view html, std::size_t from,
                                                       std::string const& name) {
  auto const lower = Lower(html.substr(from));
  auto const close = lower.find("</" + name);
  if (close == std::string::npos) return {html.substr(from), html.size()};
  auto const gt = html.find('>', from + close);
  return {html.substr(from, close), gt == std::string_view::npos ? html.size() : gt + 1};
}

// The element's text: everything up to the close tag of the same name, tags removed.
std::string ElementText(std::string_view html, std::size_t from, std::string const& name) {
  auto [raw, end] = RawUntilClose(html, from, name);
  (void)end;
  std::string text;
  std::size_t i = 0;
  while (i < raw.size()) {
    if (raw[i] == '<') {
      auto const gt = raw.find('>', i);
      if (gt == std::string_view::npos) break;
      text.push_back(' ');
      i = gt + 1;
    } else {
      auto const lt = raw.find('<', i);
      auto const stop = lt == std::string_view::npos ? raw.size() : lt;
      text += DecodeEntities(raw.substr(i, stop - i));
      i = stop;
    }
  }
  return Collapse(text);
}

}  // namespace

std::string DecodeEntities(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '&') {
      out.push_back(text[i]);
      continue;
    }
    auto const semi = text.find(';', i);
    if (semi == std::string_view::npos || semi - i > 10) {
      out.push_back('&');
      continue;
    }
    auto const entity = text.substr(i + 1, semi - i - 1);
    if (entity == "amp") {
      out.push_back('&');
    } else if (entity == "lt") {
      out.push_back('<');
    } else if (entity == "gt") {
      out.push_back('>');
    } else if (entity == "quot") {
      out.push_back('"');
    } else if (entity == "apos") {
      out.push_back('\'');
    } else if (entity == "nbsp") {
      out.push_back(' ');
    } else if (!entity.empty() && entity[0] == '#') {
      std::uint32_t cp = 0;
      bool const hex = entity.size() > 1 && (entity[1] == 'x' || entity[1] == 'X');
      auto digits = entity.substr(hex ? 2 : 1);
      bool ok = !digits.empty();
      for (char c : digits) {
        int d = -1;
        if (c >= '0' && c <= '9') d = c - '0';
        if (hex && c >= 'a' && c <= 'f') d = c - 'a' + 10;
        if (hex && c >= 'A' && c <= 'F') d = c - 'A' + 10;
        if (d < 0 || cp > 0x10FFFF) {
          ok = false;
          break;
        }
        cp = cp * (hex ? 16 : 10) + static_cast<std::uint32_t>(d);
      }
      if (!ok) {
        out.push_back('&');
        continue;
      }
      AppendUtf8(out, cp);
    } else {
      out.push_back('&');
      continue;
    }
    i = semi;
  }
  return out;
}

HtmlPage ParseHtmlPage(std::string_view html) {
  HtmlPage page;
  HtmlForm* form = nullptr;
  std::string text;
  std::size_t i = 0;
  while (i < html.size()) {
    if (html[i] != '<') {
      auto const lt = html.find('<', i);
      auto const stop = lt == std::string_view::npos ? html.size() : lt;
      AppendCollapsed(text, DecodeEntities(html.substr(i, stop - i)));
      i = stop;
      continue;
    }
    if (html.substr(i, 4) == "<!--") {
      auto const end = html.find("-->", i + 4);
      i = end == std::string_view::npos ? html.size() : end + 3;
      continue;
    }
    if (html.substr(i, 2) == "<!" || html.substr(i, 2) == "<?") {
      auto const gt = html.find('>', i);
      i = gt == std::string_view::npos ? html.size() : gt + 1;
      continue;
    }
    auto tag = ParseTag(html, i);
    if (!tag) {
      AppendCollapsed(text, "<");
      ++i;
      continue;
    }
    i = tag->end;
    if (tag->closing) {
      if (tag->name == "form") form = nullptr;
      // Block-level ends separate words in the visible text.
      AppendCollapsed(text, " ");
      continue;
    }
    if (auto id = Attribute(*tag, "id"); !id.empty()) {
      page.text_by_id.emplace(id, ElementText(html, i, tag->name));
    }
    if (tag->name == "script" || tag->name == "style") {
      i = RawUntilClose(html, i, tag->name).second;
      continue;
    }
    if (tag->name == "title") {
      auto [raw, end] = RawUntilClose(html, i, "title");
      page.title = Collapse(DecodeEntities(raw));
      i = end;
      continue;
    }
    if (tag->name == "form") {
      HtmlForm new_form;
      new_form.method = Lower(Attribute(*tag, "method"));
      if (new_form.method.empty()) new_form.method = "get";
      new_form.action = Attribute(*tag, "action");
      page.forms.push_back(std::move(new_form));
      form = &page.forms.back();
      continue;
    }
    if (tag->name == "input" || tag->name == "button" || tag->name == "textarea" ||
        tag->name == "select") {
      HtmlControl control;
      control.tag = tag->name;
      control.type = Lower(Attribute(*tag, "type"));
      if (control.type.empty()) control.type = tag->name == "button" ? "submit" : "text";
      if (tag->name == "textarea" || tag->name == "select") control.type = tag->name;
      control.name = Attribute(*tag, "name");
      control.id = Attribute(*tag, "id");
      control.checked = tag->attributes.count("checked") > 0;
      if (tag->name == "textarea") {
        auto [raw, end] = RawUntilClose(html, i, "textarea");
        control.value = DecodeEntities(raw);
        i = end;
      } else if (tag->name == "select") {
        // The selected option, else the first one.
        auto [raw, end] = RawUntilClose(html, i, "select");
        std::size_t j = 0;
        bool chosen = false;
        while (j < raw.size()) {
          auto const lt = raw.find('<', j);
          if (lt == std::string_view::npos) break;
          auto option = ParseTag(raw, lt);
          j = option ? option->end : lt + 1;
          if (!option || option->closing || option->name != "option") continue;
          bool const selected = option->attributes.count("selected") > 0;
          if (!chosen || selected) {
            control.value = option->attributes.count("value")
                                ? Attribute(*option, "value")
                                : ElementText(raw, option->end, "option");
            chosen = true;
          }
          if (selected) break;
        }
        i = end;
      } else {
        control.value = Attribute(*tag, "value");
        if (tag->name == "button") control.label = ElementText(html, i, "button");
        if (control.tag == "input" && control.label.empty()) control.label = control.value;
      }
      if (form) form->controls.push_back(std::move(control));
      continue;
    }
    if (tag->name == "br" || tag->name == "p" || tag->name == "div" || tag->name == "li" ||
        tag->name == "h1" || tag->name == "h2" || tag->name == "dt" || tag->name == "dd") {
      AppendCollapsed(text, " ");
    }
  }
  page.text = Collapse(text);
  return page;
}

std::optional<AuthorizationErrorPage> FindAuthorizationError(HtmlPage const& page) {
  // Google: "Error 400: redirect_uri_mismatch", "Error 401: invalid_client".
  std::string_view const text = page.text;
  for (auto pos = text.find("Error "); pos != std::string_view::npos;
       pos = text.find("Error ", pos + 1)) {
    auto i = pos + 6;
    if (i + 4 >= text.size()) break;
    if (!std::isdigit(static_cast<unsigned char>(text[i])) ||
        !std::isdigit(static_cast<unsigned char>(text[i + 1])) ||
        !std::isdigit(static_cast<unsigned char>(text[i + 2])) || text[i + 3] != ':') {
      continue;
    }
    AuthorizationErrorPage error;
    error.status = std::stoi(std::string(text.substr(i, 3)));
    i += 4;
    while (i < text.size() && text[i] == ' ') ++i;
    auto const start = i;
    while (i < text.size() && (std::isalnum(static_cast<unsigned char>(text[i])) ||
                               text[i] == '_')) {
      ++i;
    }
    error.error = std::string(text.substr(start, i - start));
    if (error.error.empty()) continue;
    if (auto it = page.text_by_id.find("error-description"); it != page.text_by_id.end()) {
      error.description = it->second;
    } else {
      // The sentence after the code, as far as the next heading-like break.
      auto rest = Collapse(text.substr(i));
      error.description = rest.substr(0, std::min<std::size_t>(rest.size(), 300));
    }
    return error;
  }
  return std::nullopt;
}

std::string ResolveUrl(std::string_view base, std::string_view reference) {
  try {
    Poco::URI uri{std::string(base)};
    uri.resolve(std::string(reference));
    return uri.toString();
  } catch (Poco::Exception const&) {
    return std::string(reference);
  }
}

}  // namespace gauthflow::browser
