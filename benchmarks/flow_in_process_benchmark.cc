// The whole loopback flow in one process (issue 9, "Speed"): core's InstalledAppFlow with the
// real Poco HTTP client and loopback receiver, the fake Google embedded on 127.0.0.1 port 0 with
// --auto-approve, and an in-process browser that follows the authorization URL's redirect to the
// app's listener — then Drive files.list (orderBy=modifiedByMeTime desc, pageSize=5), as the
// seed's example does. Everything is real loopback TCP; what is left out is process start-up.
//   cmake -S . -B build-release -DCMAKE_BUILD_TYPE=Release -DGAUTHFLOW_BUILD_BENCHMARKS=ON
//   cmake --build build-release --target flow_in_process_benchmark
//   build-release/benchmarks/flow_in_process_benchmark --benchmark_repetitions=10
// The median of the repetitions is the p50 in benchmarks/results/flow.md.
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <utility>

#include <benchmark/benchmark.h>

#include "gauthflow/drive.h"
#include "gauthflow/endpoints.h"
#include "gauthflow/installed_app_flow.h"
#include "gauthflow/mockserver/fake_google_server.h"
#include "gauthflow/poco/loopback_redirect_receiver.h"
#include "gauthflow/poco/poco_http_client.h"
#include "gauthflow/poco/system_clock.h"

namespace gauthflow {
namespace {

// Plays the user's browser the way benchmarks/flow/redirect_browser does as a process: Open
// returns at once (the flow only starts answering on its listener afterwards), and a thread
// GETs the URL and follows Location hops (the fake auto-approves with a 302 to the loopback
// redirect) until an answer is not a redirect. The URLs are absolute: the fake's Location is
// the registered redirect_uri with the code.
class RedirectFollowingBrowser : public BrowserLauncher {
 public:
  explicit RedirectFollowingBrowser(HttpClient& http) : http_(http) {}
  ~RedirectFollowingBrowser() override { Join(); }

  Status Open(std::string const& url) override {
    Join();
    user_ = std::thread([this, url] { Follow(url); });
    return {};
  }

  Result<std::string> WaitForPageTitle(Clock::time_point, CancellationToken const*) override {
    return MakeError(ErrorCode::kUnsupported, "loopback only");
  }

  // The last sign-in's failure, if any (after Join).
  std::string TakeFailure() {
    Join();
    return std::exchange(failure_, {});
  }

 private:
  static constexpr int kMaxHops = 10;

  void Follow(std::string url) {
    for (int hop = 0; hop < kMaxHops; ++hop) {
      HttpRequest request;
      request.url = url;
      auto answer = http_.Send(request);
      if (!answer) {
        failure_ = "browser: " + ToString(answer.error());
        return;
      }
      auto location = FindHeader(answer->headers, "Location");
      if (answer->status < 300 || answer->status >= 400 || !location) return;
      url = *location;
    }
    failure_ = "browser: too many redirects";
  }

  void Join() {
    if (user_.joinable()) user_.join();
  }

  HttpClient& http_;
  std::thread user_;
  std::string failure_;
};

class SilentConsole : public Console {
 public:
  void Print(std::string_view) override {}
  Result<std::string> ReadLine(std::string_view) override {
    return MakeError(ErrorCode::kUnsupported, "no console in the benchmark");
  }
};

void BM_LoopbackFlowAndDriveList(benchmark::State& state) {
  auto config = mockserver::DefaultServerConfig();
  config.host = "127.0.0.1";
  config.port = 0;
  config.auto_approve_user = config.users.front().email;
  mockserver::FakeGoogleServer server(config, std::make_shared<mockserver::SystemClock>());
  if (auto started = server.Start(); !started) {
    state.SkipWithError(started.error().message.c_str());
    return;
  }
  auto const& client = server.config().clients.front();
  auto endpoints = EndpointsAtBase(server.base_url());
  auto app_http = PocoHttpClient::Create({});
  auto browser_http = PocoHttpClient::Create({});
  if (!endpoints || !app_http || !browser_http) {
    state.SkipWithError("cannot set up the endpoints or HTTP clients");
    return;
  }
  ClientSecrets secrets;
  secrets.client_id = client.id;
  secrets.client_secret = client.secret;
  secrets.redirect_uris = client.redirect_uris;
  secrets.auth_uri = endpoints->auth;
  secrets.token_uri = endpoints->token;

  FlowOptions options;
  options.scopes = {"https://www.googleapis.com/auth/drive.metadata.readonly"};
  options.allow_insecure_transport = true;  // the fake is plain http on loopback
  DriveListRequest list;
  list.order_by = "modifiedByMeTime desc";
  list.page_size = 5;

  SystemClock clock;
  SilentConsole console;
  RedirectFollowingBrowser browser(**browser_http);
  for (auto _ : state) {
    LoopbackRedirectReceiver receiver(clock);
    InstalledAppFlow flow(secrets, *endpoints, {**app_http, browser, receiver, clock, console});
    auto signed_in = flow.RunLocalServer(LoopbackRedirect{}, options);
    if (auto failure = browser.TakeFailure(); !failure.empty()) {
      state.SkipWithError(failure.c_str());
      break;
    }
    if (!signed_in) {
      state.SkipWithError(ToString(signed_in.error()).c_str());
      break;
    }
    DriveClientOptions drive_options;
    drive_options.allow_insecure_transport = true;
    DriveClient drive(**app_http, endpoints->drive, drive_options);
    auto files = drive.ListFiles(signed_in->credentials.access_token, list);
    if (!files || files->files.size() != 5) {
      state.SkipWithError(files ? "files.list did not return 5 files"
                                : ToString(files.error()).c_str());
      break;
    }
    benchmark::DoNotOptimize(files->files.data());
  }
}
BENCHMARK(BM_LoopbackFlowAndDriveList)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace gauthflow
