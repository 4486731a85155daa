#ifndef GAUTHFLOW_BROWSER_HTML_PAGE_H_
#define GAUTHFLOW_BROWSER_HTML_PAGE_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gauthflow::browser {

// Just enough of HTML to behave like a user's browser on Google's (and the fake's) sign-in
// pages: the title, the forms and their controls, the visible text. Tolerant by design: unknown
// tags are skipped, unclosed ones are fine, attribute quotes are optional. All the knowledge of
// the pages' markup lives in this file and scripted_browser.cc.

struct HtmlControl {
  std::string tag{};    // input | button | textarea | select
  std::string type{};   // lower case; "submit" for a button without type
  std::string name{};
  std::string value{};  // textarea: its text; select: the selected (or first) option
  std::string id{};
  std::string label{};  // a button's text
  bool checked = false;
};

struct HtmlForm {
  std::string method = "get";  // lower case
  std::string action{};        // as written (resolve against the page URL)
  std::vector<HtmlControl> controls{};
};

struct HtmlPage {
  std::string title{};
  std::vector<HtmlForm> forms{};
  std::string text{};  // the visible text, whitespace collapsed
  std::map<std::string, std::string> text_by_id{};  // an element's text, by its id attribute
};

HtmlPage ParseHtmlPage(std::string_view html);

// Decodes &amp; &lt; &gt; &quot; &#39; &apos; &nbsp; and numeric references.
std::string DecodeEntities(std::string_view text);

// An error page of the authorization server ("Error 400: redirect_uri_mismatch").
struct AuthorizationErrorPage {
  int status = 0;
  std::string error{};        // "redirect_uri_mismatch", "invalid_client", "invalid_request"
  std::string description{};  // the sentence under it, when the page has one
};
std::optional<AuthorizationErrorPage> FindAuthorizationError(HtmlPage const& page);

// RFC 3986 §5.2 reference resolution for the cases pages use: absolute URLs, "//host/...",
// "/path", "?query" and relative paths.
std::string ResolveUrl(std::string_view base, std::string_view reference);

}  // namespace gauthflow::browser

#endif  // GAUTHFLOW_BROWSER_HTML_PAGE_H_
