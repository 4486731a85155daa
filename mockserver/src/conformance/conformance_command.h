#ifndef GAUTHFLOW_MOCKSERVER_CONFORMANCE_CONFORMANCE_COMMAND_H_
#define GAUTHFLOW_MOCKSERVER_CONFORMANCE_CONFORMANCE_COMMAND_H_

#include <ostream>
#include <string>
#include <vector>

#include "gauthflow/cli/flag_spec.h"

namespace gauthflow::mockserver::conformance {

inline constexpr int kConformancePassed = 0;
inline constexpr int kConformanceFailed = 1;  // a MUST failed (or the application could not run)
inline constexpr int kConformanceUsage = 2;   // bad flags; a failing report is still written

// The command's flags: its parser, its --help and gauthflow-mockserver's man page and
// completions read this table.
std::vector<cli::FlagSpec> const& ConformanceFlags();
inline constexpr char kConformanceArguments[] = "-- CLIENT_COMMAND [ARGS...]";
inline constexpr char kConformanceSummary[] = "grade an application's Google sign-in";
inline constexpr char kConformanceDescription[] =
    "Runs CLIENT_COMMAND against fresh fake Googles, one per scenario, with $BROWSER set to a "
    "scripted user, and grades its sign-in (mockserver/CONFORMANCE.md).";

// `gauthflow-mockserver conformance [flags] -- CLIENT_COMMAND [ARGS...]`; `args` are the words
// after "conformance". `self` is the path of the running binary (the scripted browser is looked
// for beside it). The text report goes to `out`, messages to `err`.
int RunConformanceCommand(std::vector<std::string> const& args, std::string const& self,
                          std::ostream& out, std::ostream& err);

}  // namespace gauthflow::mockserver::conformance

#endif  // GAUTHFLOW_MOCKSERVER_CONFORMANCE_CONFORMANCE_COMMAND_H_
