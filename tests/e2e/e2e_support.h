#ifndef GAUTHFLOW_TESTS_E2E_E2E_SUPPORT_H_
#define GAUTHFLOW_TESTS_E2E_E2E_SUPPORT_H_

// Shared by the end-to-end tests: HTTP to the fake's admin API, free ports, temporary
// directories, and the two programs (gauthflow-mockserver, gauthflow) run as processes.

#include <chrono>
#include <condition_variable>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <Poco/Exception.h>
#include <Poco/File.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/IPAddress.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Path.h>
#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <Poco/TemporaryFile.h>
#include <gtest/gtest.h>

#include "gauthflow/authorized_user.h"
#include "gauthflow/credentials_store.h"
#include "gauthflow/http_client.h"
#include "gauthflow/poco/poco_http_client.h"

namespace gauthflow::e2e {

// One HTTP client for the tests' own requests (admin API, the test playing the browser).
inline HttpClient& TestHttp() {
  static std::unique_ptr<PocoHttpClient> client = [] {
    auto made = PocoHttpClient::Create({});
    if (!made) throw std::runtime_error(made.error().message);
    return *std::move(made);
  }();
  return *client;
}

inline HttpResponse Send(std::string method, std::string url, std::string body = "") {
  HttpRequest request;
  request.method = std::move(method);
  request.url = std::move(url);
  if (!body.empty()) request.headers.emplace_back("Content-Type", "application/json");
  request.body = std::move(body);
  auto response = TestHttp().Send(request);
  if (!response) {
    ADD_FAILURE() << request.method << " " << request.url << ": " << response.error().message;
    return {};
  }
  return *response;
}

inline Poco::JSON::Object::Ptr Json(std::string const& body) {
  try {
    Poco::JSON::Parser parser;
    return parser.parse(body).extract<Poco::JSON::Object::Ptr>();
  } catch (Poco::Exception const& e) {
    ADD_FAILURE() << "not a JSON object (" << e.displayText() << "): " << body;
    return new Poco::JSON::Object;
  }
}

// POST /__admin/PATH with a JSON body; the test fails unless the answer is 200.
inline void Admin(std::string const& base, std::string const& path, std::string const& json) {
  auto response = Send("POST", base + "/__admin/" + path, json);
  EXPECT_EQ(response.status, 200) << path << ": " << response.body;
}

inline void AdvanceServerClock(std::string const& base, int seconds) {
  Admin(base, "clock/advance", R"({"seconds": )" + std::to_string(seconds) + "}");
}

// `count` requests to `path` answer `status` with an OAuth error body.
inline void ArmFault(std::string const& base, std::string const& path, int status, int count) {
  Admin(base, "faults",
        R"({"path": ")" + path + R"(", "kind": "status", "status": )" + std::to_string(status) +
            R"(, "count": )" + std::to_string(count) + "}");
}

struct JournalEntry {
  std::string method;
  std::string path;
  int status = 0;
  std::map<std::string, std::string> form;
  std::map<std::string, std::string> query;
};

inline std::vector<JournalEntry> Journal(std::string const& base) {
  std::vector<JournalEntry> entries;
  auto root = Json(Send("GET", base + "/__admin/journal").body);
  auto array = root->getArray("entries");
  if (!array) return entries;
  for (std::size_t i = 0; i < array->size(); ++i) {
    auto item = array->getObject(static_cast<unsigned>(i));
    JournalEntry entry;
    entry.method = item->getValue<std::string>("method");
    entry.path = item->getValue<std::string>("path");
    entry.status = item->getValue<int>("status");
    for (auto const& [key, target] : {std::pair{"form", &entry.form}, {"query", &entry.query}}) {
      if (auto params = item->getArray(key)) {
        for (std::size_t j = 0; j < params->size(); ++j) {
          auto param = params->getObject(static_cast<unsigned>(j));
          (*target)[param->getValue<std::string>("name")] = param->getValue<std::string>("value");
        }
      }
    }
    entries.push_back(std::move(entry));
  }
  return entries;
}

// The statuses of the journal's requests to `path`, in order.
inline std::vector<int> StatusesOf(std::string const& base, std::string const& path) {
  std::vector<int> statuses;
  for (auto const& entry : Journal(base)) {
    if (entry.path == path) statuses.push_back(entry.status);
  }
  return statuses;
}

// A port nobody listens on right now: bind port 0, read it, close.
inline int FreePort() {
  Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
  int const port = socket.address().port();
  socket.close();
  return port;
}

inline bool HasIpv6Loopback() {
  try {
    Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("[::1]:0"));
    socket.close();
    return true;
  } catch (Poco::Exception const&) {
    return false;
  }
}

// A private directory, removed with its contents at the end of the test.
class TempDir {
 public:
  TempDir() : path_(Poco::TemporaryFile::tempName()) { Poco::File(path_).createDirectories(); }
  ~TempDir() {
    try {
      Poco::File(path_).remove(true);
    } catch (Poco::Exception const&) {
    }
  }
  std::string File(std::string const& name) const { return path_ + "/" + name; }
  std::string Write(std::string const& name, std::string const& content) const {
    std::ofstream(File(name)) << content;
    return File(name);
  }

 private:
  std::string path_;
};

inline std::string ClientSecretsJson(std::string const& id, std::string const& secret) {
  return R"({"installed": {"client_id": ")" + id + R"(", "client_secret": ")" + secret +
         R"(", "project_id": "gauthflow-e2e", "redirect_uris": ["http://127.0.0.1"]}})";
}

inline constexpr char kDemoClientId[] = "gauthflow-demo.apps.googleusercontent.com";
inline constexpr char kDemoClientSecret[] = "GOCSPX-gauthflow-demo-secret";

// What a CLI process test signs in with: the demo client's client_secret.json and a credentials
// path in a fresh directory, and an environment that ignores the developer's own GAUTHFLOW_*
// settings and retries without waiting.
class CliFilesTest : public ::testing::Test {
 protected:
  TempDir dir_;
  std::string const secrets_ =
      dir_.Write("client_secret.json", ClientSecretsJson(kDemoClientId, kDemoClientSecret));
  std::string const credentials_ = dir_.File("credentials.json");
  std::map<std::string, std::string> env_ = {{"GAUTHFLOW_RETRY_DELAY_MS", "1"},
                                             {"GAUTHFLOW_ENDPOINT_BASE", ""},
                                             {"GAUTHFLOW_CLIENT_SECRETS", ""}};
};
inline constexpr char kDemoUser[] = "alice@example.com";

inline Credentials LoadCredentials(std::string const& path) {
  FileCredentialsStore store(path);
  auto credentials = store.Load();
  if (!credentials) {
    ADD_FAILURE() << credentials.error().message;
    return {};
  }
  return *credentials;
}

// Reads a pipe to the end on its own thread, so that a child never blocks on a full pipe;
// WaitFor lets a test act on output as it appears.
class PipeReader {
 public:
  explicit PipeReader(Poco::Pipe& pipe)
      : thread_([this, &pipe] {
          Poco::PipeInputStream in(pipe);
          // Byte by byte: a prompt has no newline, and the test must see it.
          char c = 0;
          while (in.get(c)) {
            std::lock_guard<std::mutex> lock(mu_);
            text_.push_back(c);
            cv_.notify_all();
          }
          std::lock_guard<std::mutex> lock(mu_);
          closed_ = true;
          cv_.notify_all();
        }) {}
  ~PipeReader() { Join(); }
  void Join() {
    if (thread_.joinable()) thread_.join();
  }
  // Blocks until the output contains `needle` (true) or the pipe closes without it (false).
  // The bound is a safety net against a hung child, not a synchronisation delay.
  bool WaitFor(std::string const& needle) {
    std::unique_lock<std::mutex> lock(mu_);
    return cv_.wait_for(lock, std::chrono::seconds(60), [&] {
      return text_.find(needle) != std::string::npos || closed_;
    }) && text_.find(needle) != std::string::npos;
  }
  // Like WaitFor, but also waits for the end of the line holding `needle` (output arrives in
  // pieces: a URL may be half written).
  bool WaitForLineWith(std::string const& needle) {
    std::unique_lock<std::mutex> lock(mu_);
    auto const complete = [&] {
      auto const pos = text_.find(needle);
      return pos != std::string::npos && text_.find('\n', pos) != std::string::npos;
    };
    return cv_.wait_for(lock, std::chrono::seconds(60), [&] { return complete() || closed_; }) &&
           complete();
  }
  std::string Text() {
    std::lock_guard<std::mutex> lock(mu_);
    return text_;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::string text_;
  bool closed_ = false;
  std::thread thread_;
};

// gauthflow-mockserver on port 0; stopped with SIGTERM and reaped at the end.
class ServerProcess {
 public:
  explicit ServerProcess(std::vector<std::string> args = {}) {
    args.insert(args.begin(), "--port=0");
    handle_ = std::make_unique<Poco::ProcessHandle>(
        Poco::Process::launch(GAUTHFLOW_MOCKSERVER_BINARY, args, nullptr, &out_, nullptr));
    Poco::PipeInputStream in(out_);
    std::getline(in, base_url_);
    // The rest of its output (the configuration summary) is small; drain it so that the pipe
    // never fills.
    drain_ = std::thread([this] {
      Poco::PipeInputStream rest(out_);
      std::string line;
      while (std::getline(rest, line)) {
      }
    });
  }
  ~ServerProcess() {
    try {
      Poco::Process::requestTermination(handle_->id());
    } catch (Poco::Exception const&) {
    }
    handle_->wait();
    if (drain_.joinable()) drain_.join();
  }
  std::string const& base_url() const { return base_url_; }

 private:
  Poco::Pipe out_;
  std::unique_ptr<Poco::ProcessHandle> handle_;
  std::string base_url_;
  std::thread drain_;
};

struct CliResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// The gauthflow binary as a child process with its three standard streams piped.
class CliProcess {
 public:
  explicit CliProcess(std::vector<std::string> const& args,
                      std::map<std::string, std::string> env = {})
      : handle_(Poco::Process::launch(GAUTHFLOW_CLI_BINARY, args, &in_, &out_pipe_, &err_pipe_,
                                      env)),
        out_(out_pipe_),
        err_(err_pipe_) {}
  // A test that stopped early (a failed assertion) must not wait for a CLI still waiting for
  // its sign-in: terminate it.
  ~CliProcess() {
    if (finished_) return;
    try {
      Poco::Process::requestTermination(handle_.id());
    } catch (Poco::Exception const&) {
    }
    Finish();
  }
  PipeReader& err() { return err_; }
  PipeReader& out() { return out_; }
  void WriteLine(std::string const& line) {
    Poco::PipeOutputStream stream(in_);
    stream << line << "\n";
    stream.flush();
  }
  void CloseStdin() { in_.close(Poco::Pipe::CLOSE_WRITE); }
  CliResult Finish() {
    finished_ = true;
    CloseStdin();
    CliResult result;
    result.exit_code = handle_.wait();
    out_.Join();
    err_.Join();
    result.out = out_.Text();
    result.err = err_.Text();
    return result;
  }

 private:
  Poco::Pipe in_;
  Poco::Pipe out_pipe_;
  Poco::Pipe err_pipe_;
  Poco::ProcessHandle handle_;
  PipeReader out_;
  PipeReader err_;
  bool finished_ = false;
};

inline CliResult RunCli(std::vector<std::string> const& args,
                        std::map<std::string, std::string> env = {}) {
  CliProcess process(args, std::move(env));
  return process.Finish();
}

// The first http(s) URL in `text`.
inline std::string FirstUrl(std::string const& text) {
  auto const pos = text.find("http");
  if (pos == std::string::npos) return {};
  auto const end = text.find_first_of(" \n\t", pos);
  return text.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
}

}  // namespace gauthflow::e2e

#endif  // GAUTHFLOW_TESTS_E2E_E2E_SUPPORT_H_
