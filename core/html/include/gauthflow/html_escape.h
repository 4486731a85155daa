#ifndef GAUTHFLOW_HTML_ESCAPE_H_
#define GAUTHFLOW_HTML_ESCAPE_H_

#include <string>
#include <string_view>

namespace gauthflow {

// `text` as HTML character data or a quoted attribute value: & < > " ' as character
// references. Shared by the pages the loopback listener and the fake serve (gauthflow::html);
// Poco has no HTML escaping outside its XML writer.
std::string HtmlEscape(std::string_view text);

}  // namespace gauthflow

#endif  // GAUTHFLOW_HTML_ESCAPE_H_
