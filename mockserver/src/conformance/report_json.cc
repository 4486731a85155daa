#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Stringifier.h>

#include "conformance/report.h"

namespace gauthflow::mockserver::conformance {

void WriteJsonReport(std::vector<CheckResult> const& results,
                     std::vector<ScenarioObservation> const& observations, std::ostream& out) {
  Poco::JSON::Object root(Poco::JSON_PRESERVE_KEY_ORDER);
  root.set("passed", Passed(results));
  Poco::JSON::Array checks;
  for (auto const& r : results) {
    Poco::JSON::Object item(Poco::JSON_PRESERVE_KEY_ORDER);
    item.set("scenario", r.scenario);
    item.set("check", r.id);
    item.set("level", LevelName(r.level));
    item.set("verdict", VerdictName(r.verdict));
    item.set("rule", r.rule);
    item.set("seen", r.seen);
    checks.add(item);
  }
  root.set("checks", checks);
  Poco::JSON::Array scenarios;
  for (auto const& o : observations) {
    Poco::JSON::Object scenario(Poco::JSON_PRESERVE_KEY_ORDER);
    scenario.set("name", o.scenario.name);
    scenario.set("summary", o.scenario.summary);
    scenario.set("expected", o.scenario.expected);
    if (!o.runner_error.empty()) scenario.set("runner_error", o.runner_error);
    Poco::JSON::Array runs;
    for (auto const& run : o.runs) {
      Poco::JSON::Object item(Poco::JSON_PRESERVE_KEY_ORDER);
      item.set("started", run.app.started);
      if (!run.app.start_error.empty()) item.set("start_error", run.app.start_error);
      item.set("exit_code", run.app.exit_code);
      item.set("signal", run.app.signal);
      item.set("timed_out", run.app.timed_out);
      item.set("elapsed_ms", static_cast<std::int64_t>(run.app.elapsed.count()));
      item.set("browser_opened", run.browser_opened);
      item.set("requests_seen", static_cast<int>(run.journal.size()));
      item.set("output_tail", run.app.output_tail);
      runs.add(item);
    }
    scenario.set("runs", runs);
    scenarios.add(scenario);
  }
  root.set("scenarios", scenarios);
  Poco::JSON::Stringifier::stringify(root, out, 2);
  out << "\n";
}

}  // namespace gauthflow::mockserver::conformance
