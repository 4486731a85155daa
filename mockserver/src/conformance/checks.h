#ifndef GAUTHFLOW_MOCKSERVER_CONFORMANCE_CHECKS_H_
#define GAUTHFLOW_MOCKSERVER_CONFORMANCE_CHECKS_H_

#include <string>
#include <vector>

#include "conformance/observation.h"

namespace gauthflow::mockserver::conformance {

enum class Level { kMust, kShould };
// A MUST that is not met fails; a SHOULD that is not met warns.
enum class Verdict { kPass, kFail, kWarn };

struct CheckResult {
  std::string scenario;  // "all" for the checks across scenarios
  std::string id;        // pkce_s256, state_unique, ...
  std::string rule;      // "RFC 7636 §4.2"
  Level level = Level::kMust;
  Verdict verdict = Verdict::kPass;
  std::string seen;      // what the fake saw, in a sentence
};

// The checks of one scenario, from what it saw. Pure: no I/O.
std::vector<CheckResult> GradeScenario(ScenarioObservation const& observation);
// Checks over every scenario together: state and PKCE verifier different on every run.
std::vector<CheckResult> GradeAcrossScenarios(std::vector<ScenarioObservation> const& observations);

// True when no MUST failed.
bool Passed(std::vector<CheckResult> const& results);

std::string LevelName(Level level);      // MUST | SHOULD
std::string VerdictName(Verdict verdict);  // PASS | FAIL | WARN

}  // namespace gauthflow::mockserver::conformance

#endif  // GAUTHFLOW_MOCKSERVER_CONFORMANCE_CHECKS_H_
