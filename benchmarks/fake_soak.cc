// fake_soak: the soak of issue 8 against a running fake Google (started with --auto-approve):
// C concurrent loops of the whole flow (authorization, code exchange, refresh, Drive
// files.list; tests/load/soak_driver.h) for a warm-up and then a measured period, with the
// server's resident memory at the end of each.
//
//   fake_soak --url=http://127.0.0.1:PORT --pid=SERVER_PID --loops=64 --seconds=60 
//       --warmup-seconds=10 [--users=64]
//
// --users=N: loop i signs in as soak<i mod N>@example.com (login_hint), users the fake must have
// been configured with (benchmarks/fake_load.sh writes that --config). Google, and the fake,
// keep at most 100 refresh tokens per client and user and revoke the oldest grant beyond, so
// 64 loops sharing one user would see grants evicted mid-flow.
//
// Prints one line of key=value pairs on stdout (benchmarks/fake_load.sh reads it) and the count
// of each kind of error on stderr. Exit status 0 when no flow failed and nothing was handed out twice, 1
// otherwise, 2 for bad arguments.

#include <charconv>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>

#include "load/process_memory.h"
#include "load/soak_driver.h"

namespace {

struct Options {
  gauthflow::load::SoakOptions soak;
  int seconds = 60;
  int warmup_seconds = 10;
  int pid = 0;
};

bool ParseCount(std::string_view text, int low, int high, int& out) {
  auto const [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
  return error == std::errc() && end == text.data() + text.size() && out >= low && out <= high;
}

std::optional<Options> ParseOptions(int argc, char** argv) {
  Options options;
  // The built-in client of gauthflow-mockserver (mockserver/README.md).
  options.soak.client_id = "gauthflow-demo.apps.googleusercontent.com";
  options.soak.client_secret = "GOCSPX-gauthflow-demo-secret";
  for (int i = 1; i < argc; ++i) {
    std::string_view const arg = argv[i];
    std::size_t const eq = arg.find('=');
    std::string_view const name = eq == std::string_view::npos ? arg : arg.substr(0, eq);
    std::string_view const value = eq == std::string_view::npos ? "" : arg.substr(eq + 1);
    bool ok = eq != std::string_view::npos;
    if (name == "--url") {
      options.soak.base_url = value;
    } else if (name == "--client-id") {
      options.soak.client_id = value;
    } else if (name == "--client-secret") {
      options.soak.client_secret = value;
    } else if (name == "--loops") {
      ok = ok && ParseCount(value, 1, 1024, options.soak.loops);
    } else if (name == "--seconds") {
      ok = ok && ParseCount(value, 1, 3600, options.seconds);
    } else if (name == "--warmup-seconds") {
      ok = ok && ParseCount(value, 0, 600, options.warmup_seconds);
    } else if (name == "--pid") {
      ok = ok && ParseCount(value, 1, 1 << 30, options.pid);
    } else if (name == "--users") {
      int users = 0;
      ok = ok && ParseCount(value, 1, 1024, users);
      for (int u = 0; ok && u < users; ++u) {
        options.soak.login_hints.push_back("soak" + std::to_string(u) + "@example.com");
      }
    } else {
      ok = false;
    }
    if (!ok) {
      std::cerr << "bad or unknown option: " << arg << "\n";
      return std::nullopt;
    }
  }
  if (options.soak.base_url.empty()) {
    std::cerr << "--url=http://127.0.0.1:PORT is required\n";
    return std::nullopt;
  }
  return options;
}

void PrintErrors(gauthflow::load::SoakReport const& report, std::string_view period) {
  for (auto const& [error, count] : report.errors_by_kind) {
    std::cerr << period << ": " << count << "x " << error << "\n";
  }
}

}  // namespace

int main(int argc, char** argv) {
  auto options = ParseOptions(argc, argv);
  if (!options) return 2;
  auto resident = [&]() -> std::optional<std::size_t> {
    if (options->pid == 0) return std::nullopt;
    return gauthflow::load::ReadResidentBytes(options->pid);
  };

  gauthflow::load::SoakDriver driver(options->soak);
  std::optional<std::size_t> const rss_start = resident();
  gauthflow::load::SoakReport warmup;
  if (options->warmup_seconds > 0) {
    warmup = driver.Run(std::chrono::seconds(options->warmup_seconds));
    PrintErrors(warmup, "warm-up");
  }
  std::optional<std::size_t> const rss_warm = resident();
  gauthflow::load::SoakReport const measured = driver.Run(std::chrono::seconds(options->seconds));
  PrintErrors(measured, "measured");
  std::optional<std::size_t> const rss_end = resident();

  std::uint64_t const errors = warmup.errors + measured.errors;
  std::uint64_t const duplicates = warmup.duplicates + measured.duplicates;
  double const seconds = static_cast<double>(measured.elapsed.count()) / 1000.0;
  char rate[32];
  std::snprintf(rate, sizeof rate, "%.1f", seconds > 0 ? static_cast<double>(measured.flows_completed) / seconds : 0.0);
  std::cout << "loops=" << options->soak.loops << " warmup_s=" << options->warmup_seconds
            << " seconds=" << options->seconds << " flows=" << measured.flows_completed
            << " flows_per_s=" << rate << " requests=" << measured.requests
            << " warmup_flows=" << warmup.flows_completed << " errors=" << errors
            << " lost=" << (warmup.lost + measured.lost) << " duplicates=" << duplicates;
  if (rss_start && rss_warm && rss_end) {
    char growth[32];
    std::snprintf(growth, sizeof growth, "%.1f",
                  100.0 * (static_cast<double>(*rss_end) - static_cast<double>(*rss_warm)) /
                      static_cast<double>(*rss_warm));
    std::cout << " rss_start_kb=" << *rss_start / 1024 << " rss_warm_kb=" << *rss_warm / 1024
              << " rss_end_kb=" << *rss_end / 1024 << " rss_growth_pct=" << growth;
  }
  std::cout << std::endl;
  return errors == 0 && duplicates == 0 ? 0 : 1;
}
