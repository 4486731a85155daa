#include <algorithm>
#include <iomanip>

#include "conformance/report.h"

namespace gauthflow::mockserver::conformance {

void WriteTextReport(std::vector<CheckResult> const& results, std::ostream& out) {
  std::size_t id_width = 0;
  std::size_t scenario_width = 0;
  for (auto const& r : results) {
    id_width = std::max(id_width, r.id.size());
    scenario_width = std::max(scenario_width, r.scenario.size() + 2);
  }
  int failed = 0;
  int warned = 0;
  for (auto const& r : results) {
    failed += r.verdict == Verdict::kFail;
    warned += r.verdict == Verdict::kWarn;
    out << std::left << std::setw(6) << VerdictName(r.verdict) << std::setw(8) << LevelName(r.level)
        << std::setw(static_cast<int>(id_width) + 2) << r.id
        << std::setw(static_cast<int>(scenario_width) + 2) << ("[" + r.scenario + "]") << r.rule
        << ": " << r.seen << "\n";
  }
  out << results.size() << " checks: " << (results.size() - static_cast<std::size_t>(failed + warned))
      << " passed, " << failed << " failed (MUST), " << warned << " warnings (SHOULD) -> "
      << (failed == 0 ? "PASS" : "FAIL") << "\n";
}

}  // namespace gauthflow::mockserver::conformance
