#include "gauthflow/html_escape.h"

#include <gtest/gtest.h>

namespace gauthflow {
namespace {

TEST(HtmlEscape, EscapesTheFiveCharactersThatEndTextOrAnAttribute) {
  EXPECT_EQ(HtmlEscape(R"(<a href="x">Tom & Jerry's</a>)"),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;");
}

TEST(HtmlEscape, LeavesEverythingElseAsItIs) {
  EXPECT_EQ(HtmlEscape(""), "");
  EXPECT_EQ(HtmlEscape("access_denied: caf\xc3\xa9 \t\n"), "access_denied: caf\xc3\xa9 \t\n");
  EXPECT_EQ(HtmlEscape("&amp;"), "&amp;amp;");  // escaped text is text: no double-guessing
}

}  // namespace
}  // namespace gauthflow
