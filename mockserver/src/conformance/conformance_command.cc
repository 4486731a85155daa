#include "conformance/conformance_command.h"

#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <optional>

#include <Poco/Exception.h>
#include <Poco/File.h>
#include <Poco/NumberParser.h>
#include <Poco/Path.h>

#include "conformance/app_process.h"
#include "conformance/checks.h"
#include "conformance/report.h"
#include "conformance/scenario.h"
#include "conformance/scenario_runner.h"
#include "conformance/throwaway_certificate.h"

namespace gauthflow::mockserver::conformance {
namespace {

constexpr int kMaxTimeoutSeconds = 3600;

struct Flags {
  std::vector<std::string> scenarios;
  std::vector<std::string> modes;
  int timeout_seconds = 60;
  std::string text_path, junit_path, json_path;
  std::string browser;
  std::string work_dir;
  bool keep_work = false;
  bool tls = false;
  bool list = false;
  bool help = false;
  std::vector<std::string> command;
};

std::string Usage() {
  return std::string("usage: gauthflow-mockserver conformance [flags] ") + kConformanceArguments +
         "\n" + cli::WrapText(kConformanceDescription, 0, 0, 92) + "\n" +
         cli::FormatFlagList(ConformanceFlags()) + "Exit " +
         std::to_string(kConformancePassed) + " when no MUST failed, " +
         std::to_string(kConformanceFailed) + " when one did, " +
         std::to_string(kConformanceUsage) + " for bad flags.\n";
}

cli::FlagSpec const* FindFlag(std::string const& arg) {
  for (auto const& flag : ConformanceFlags()) {
    bool const short_form = flag.short_name != '\0' && arg == std::string("-") + flag.short_name;
    if (arg == "--" + flag.name || short_form) {
      return &flag;
    }
  }
  return nullptr;
}

std::optional<std::string> Parse(std::vector<std::string> const& args, Flags& flags) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string const& arg = args[i];
    if (arg == "--") {
      flags.command.assign(args.begin() + static_cast<long>(i) + 1, args.end());
      return std::nullopt;
    }
    auto value = [&](std::string& into) -> bool {
      if (i + 1 >= args.size()) return false;
      into = args[++i];
      return true;
    };
    std::string text;
    cli::FlagSpec const* flag = FindFlag(arg);
    if (!flag) return "unknown flag \"" + arg + "\" (the application's command goes after --)";
    if (flag->name == "help") {
      flags.help = true;
    } else if (flag->name == "list") {
      flags.list = true;
    } else if (flag->name == "tls") {
      flags.tls = true;
    } else {
      if (!value(text)) return arg + " needs a value";
      if (!flag->choices.empty() &&
          std::find(flag->choices.begin(), flag->choices.end(), text) == flag->choices.end()) {
        std::string list;
        for (auto const& choice : flag->choices) list += (list.empty() ? "" : ", ") + choice;
        return arg + " must be one of " + list;
      }
      if (arg == "--scenario") {
        if (!FindScenario(text)) return "no scenario \"" + text + "\" (--list shows them)";
        flags.scenarios.push_back(text);
      } else if (arg == "--mode") {
        flags.modes.push_back(text);
      } else if (arg == "--timeout") {
        if (!Poco::NumberParser::tryParse(text, flags.timeout_seconds) || flags.timeout_seconds < 1 ||
            flags.timeout_seconds > kMaxTimeoutSeconds) {
          return "--timeout must be a number of seconds in 1.." + std::to_string(kMaxTimeoutSeconds);
        }
      } else if (arg == "--report") {
        flags.text_path = text;
      } else if (arg == "--junit") {
        flags.junit_path = text;
      } else if (arg == "--json") {
        flags.json_path = text;
      } else if (arg == "--browser") {
        flags.browser = text;
      } else {
        flags.work_dir = text;
        flags.keep_work = true;
      }
    }
  }
  return std::nullopt;
}

// `self` may be a symbolic link (/proc/self/exe): the file it names.
std::string BesideSelf(std::string const& self, std::string const& name) {
  char target[4096];
  ssize_t const length = ::readlink(self.c_str(), target, sizeof target - 1);
  std::string const resolved = length > 0 ? std::string(target, static_cast<std::size_t>(length)) : self;
  try {
    Poco::Path path(resolved);
    path.setFileName(name);
    return path.toString();
  } catch (Poco::Exception const&) {
    return name;
  }
}

bool WriteReports(Flags const& flags, std::vector<CheckResult> const& results,
                  std::vector<ScenarioObservation> const& observations, std::ostream& out,
                  std::ostream& err) {
  WriteTextReport(results, out);
  bool ok = true;
  auto const write = [&](std::string const& path, auto const& writer) {
    if (path.empty()) return;
    std::ofstream file(path, std::ios::trunc);
    writer(file);
    if (!file) {
      err << "gauthflow-mockserver conformance: cannot write " << path << "\n";
      ok = false;
    }
  };
  write(flags.text_path, [&](std::ostream& file) { WriteTextReport(results, file); });
  write(flags.junit_path, [&](std::ostream& file) { WriteJUnitReport(results, file); });
  write(flags.json_path, [&](std::ostream& file) { WriteJsonReport(results, observations, file); });
  return ok;
}

void RemoveQuietly(std::string const& directory) {
  try {
    Poco::File(directory).remove(true);
  } catch (Poco::Exception const&) {
  }
}

CheckResult RunnerFailure(std::string const& message) {
  CheckResult result;
  result.scenario = "runner";
  result.id = "runner";
  result.rule = "gauthflow conformance";
  result.level = Level::kMust;
  result.verdict = Verdict::kFail;
  result.seen = message;
  return result;
}

}  // namespace

std::vector<cli::FlagSpec> const& ConformanceFlags() {
  static std::vector<cli::FlagSpec> const flags = {
      {.name = "scenario", .value_name = "NAME",
       .help = "run only this scenario (--list shows them)", .repeatable = true},
      {.name = "mode", .value_name = "MODE",
       .help = "a mode the application signs in with (default loopback); each runs that "
               "mode's scenarios (--list shows them)",
       .repeatable = true, .choices = {"loopback", "device", "paste", "oob"}},
      {.name = "timeout", .value_name = "SECONDS",
       .help = "each run of the application (default 60, at most " +
               std::to_string(kMaxTimeoutSeconds) + ")"},
      {.name = "report", .value_name = "FILE", .help = "also write the text report to FILE"},
      {.name = "junit", .value_name = "FILE", .help = "JUnit XML, one test case per check"},
      {.name = "json", .value_name = "FILE", .help = "JSON report"},
      {.name = "browser", .value_name = "PATH",
       .help = "the scripted browser (default: gauthflow-scripted-browser beside this program)"},
      {.name = "work-dir", .value_name = "DIR",
       .help = "make the scenarios' directories in DIR and keep them"},
      {.name = "tls",
       .help = "the fakes serve https with a throwaway self-signed certificate; its path is in "
               "$GAUTHFLOW_CA_FILE, SSL_CERT_FILE and REQUESTS_CA_BUNDLE"},
      {.name = "list", .help = "list the scenarios and exit"},
      {.name = "help", .help = "show this help", .short_name = 'h'},
  };
  return flags;
}

int RunConformanceCommand(std::vector<std::string> const& args, std::string const& self,
                          std::ostream& out, std::ostream& err) {
  Flags flags;
  auto const fail = [&](std::string const& message) {
    err << "gauthflow-mockserver conformance: " << message << "\n";
    WriteReports(flags, {RunnerFailure(message)}, {}, out, err);
    return kConformanceUsage;
  };
  if (auto problem = Parse(args, flags)) return fail(*problem + "\n" + Usage());
  if (flags.help) {
    out << Usage();
    return kConformancePassed;
  }
  if (flags.list) {
    for (auto const& s : AllScenarios()) out << s.name << ": " << s.summary << "\n    expected: " << s.expected << "\n";
    return kConformancePassed;
  }
  if (flags.command.empty()) return fail("no application to run: give its command after --");
  if (FindProgram(flags.command.front()).empty()) {
    return fail("the application's program \"" + flags.command.front() + "\" " +
                (flags.command.front().find('/') != std::string::npos ? "is not an executable file"
                                                                      : "is not on PATH"));
  }
  RunnerOptions options;
  options.command = flags.command;
  options.timeout = std::chrono::seconds(flags.timeout_seconds);
  options.browser_program = flags.browser.empty() ? BesideSelf(self, "gauthflow-scripted-browser") : flags.browser;
  if (FindProgram(options.browser_program).empty() || options.browser_program.find('/') == std::string::npos) {
    return fail("the scripted browser \"" + options.browser_program +
                "\" is not an executable file (--browser PATH)");
  }
  // Python's webbrowser and gauthflow split $BROWSER on ':' and take the whole entry as the
  // program (gauthflow also splits words): one absolute path without either.
  if (options.browser_program.find_first_of(": ") != std::string::npos) {
    return fail("the scripted browser's path must not contain ':' or spaces: " + options.browser_program);
  }
  if (flags.modes.empty()) flags.modes = {"loopback"};

  std::vector<Scenario> chosen;
  for (auto const& s : AllScenarios()) {
    if (!flags.scenarios.empty() &&
        std::find(flags.scenarios.begin(), flags.scenarios.end(), s.name) == flags.scenarios.end()) {
      continue;
    }
    bool const supported = std::all_of(s.modes.begin(), s.modes.end(), [&](std::string const& m) {
      return std::find(flags.modes.begin(), flags.modes.end(), m) != flags.modes.end();
    });
    if (!supported) {
      err << "gauthflow-mockserver conformance: leaving out " << s.name << " (needs the "
          << s.modes.front() << " mode)\n";
      continue;
    }
    chosen.push_back(s);
  }
  if (chosen.empty()) return fail("no scenario applies to the modes given (--mode)");

  std::string work_root = flags.work_dir;
  if (work_root.empty()) {
    char const* tmp = std::getenv("TMPDIR");
    std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/gauthflow-conformance-XXXXXX";
    if (!::mkdtemp(pattern.data())) return fail("cannot make a work directory under " + pattern);
    work_root = pattern;
  } else {
    try {
      Poco::File(work_root).createDirectories();
    } catch (Poco::Exception const& e) {
      return fail("cannot make --work-dir " + work_root + ": " + e.displayText());
    }
  }
  options.work_root = work_root;
  if (flags.tls) {
    options.tls_cert_file = work_root + "/tls-certificate.pem";
    options.tls_key_file = work_root + "/tls-key.pem";
    if (auto made = WriteThrowawayCertificate(options.tls_cert_file, options.tls_key_file); !made) {
      if (!flags.keep_work) RemoveQuietly(work_root);
      return fail("--tls: no throwaway certificate: " + made.error());
    }
  }

  std::vector<ScenarioObservation> observations;
  std::vector<CheckResult> results;
  for (auto const& scenario : chosen) {
    err << "gauthflow-mockserver conformance: scenario " << scenario.name << ": " << scenario.summary << "\n";
    observations.push_back(RunScenario(scenario, options));
    auto graded = GradeScenario(observations.back());
    results.insert(results.end(), graded.begin(), graded.end());
  }
  auto across = GradeAcrossScenarios(observations);
  results.insert(results.end(), across.begin(), across.end());
  bool const written = WriteReports(flags, results, observations, out, err);
  if (!flags.keep_work) {
    RemoveQuietly(work_root);
  } else {
    err << "gauthflow-mockserver conformance: the scenarios' files are in " << work_root << "\n";
  }
  return Passed(results) && written ? kConformancePassed : kConformanceFailed;
}

}  // namespace gauthflow::mockserver::conformance
