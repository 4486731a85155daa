#ifndef GAUTHFLOW_MOCKSERVER_CONFORMANCE_REPORT_H_
#define GAUTHFLOW_MOCKSERVER_CONFORMANCE_REPORT_H_

#include <ostream>
#include <vector>

#include "conformance/checks.h"
#include "conformance/observation.h"

namespace gauthflow::mockserver::conformance {

// For people: one line per check ("FAIL  MUST    pkce_s256  [happy]  RFC 7636 §4.2: ..."), then a
// summary line.
void WriteTextReport(std::vector<CheckResult> const& results, std::ostream& out);

// JUnit XML, one <testcase> per check (classname: the scenario); a failed MUST is a <failure>,
// a warning passes with the warning in <system-out>.
void WriteJUnitReport(std::vector<CheckResult> const& results, std::ostream& out);

// JSON: {"passed", "checks": [{scenario, check, level, verdict, rule, seen}],
// "scenarios": [{name, runs: [{started, exit_code, signal, timed_out, elapsed_ms, output_tail}]}]}.
void WriteJsonReport(std::vector<CheckResult> const& results,
                     std::vector<ScenarioObservation> const& observations, std::ostream& out);

}  // namespace gauthflow::mockserver::conformance

#endif  // GAUTHFLOW_MOCKSERVER_CONFORMANCE_REPORT_H_
