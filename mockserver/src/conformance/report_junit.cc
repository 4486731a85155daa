#include "conformance/report.h"

namespace gauthflow::mockserver::conformance {
namespace {

// XML 1.0 §2.4 and §3.3.3: the five predefined entities, and the C0 controls XML cannot carry
// at all replaced by '?'. (Written by hand: Poco's XML library is not among our dependencies.)
std::string Escape(std::string const& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t' && c != '\r') {
          out += '?';
        } else {
          out += c;
        }
    }
  }
  return out;
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
