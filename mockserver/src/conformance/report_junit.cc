#include "conformance/report.h"
#include "oauth/html_pages.h"

namespace gauthflow::mockserver::conformance {
namespace {

// The fake's HTML escaping covers XML's five special characters (&#39; is a valid XML
// character reference); the C0 controls XML 1.0 §2.2 cannot carry at all become '?'.
std::string Escape(std::string const& text) {
  std::string safe = text;
  for (auto& c : safe) {
    if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t' && c != '\r') c = '?';
  }
  return HtmlEscape(safe);
}

}  // namespace

void WriteJUnitReport(std::vector<CheckResult> const& results, std::ostream& out) {
  int failures = 0;
  for (auto const& r : results) failures += r.verdict == Verdict::kFail;
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      << "<testsuites name=\"gauthflow-conformance\" tests=\"" << results.size() << "\" failures=\""
      << failures << "\">\n"
      << "  <testsuite name=\"gauthflow-conformance\" tests=\"" << results.size() << "\" failures=\""
      << failures << "\" errors=\"0\" skipped=\"0\">\n";
  for (auto const& r : results) {
    out << "    <testcase classname=\"" << Escape(r.scenario) << "\" name=\"" << Escape(r.id) << " ("
        << Escape(LevelName(r.level) + ", " + r.rule) << ")\">\n";
    if (r.verdict == Verdict::kFail) {
      out << "      <failure message=\"" << Escape(r.seen) << "\">" << Escape(r.rule + ": " + r.seen)
          << "</failure>\n";
    } else {
      out << "      <system-out>" << Escape(VerdictName(r.verdict) + ": " + r.seen) << "</system-out>\n";
    }
    out << "    </testcase>\n";
  }
  out << "  </testsuite>\n</testsuites>\n";
}

}  // namespace gauthflow::mockserver::conformance
