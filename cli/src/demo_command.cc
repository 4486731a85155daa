// gauthflow demo: the seed's whole example against an embedded fake Google — sign in, list the
// five most recently modified files, clean up.
#include <stdlib.h>
#include <unistd.h>

#include <memory>
#include <string>
#include <vector>

#include "context.h"
#include "demo_server.h"
#include "drive_table.h"
#include "gauthflow/cli/exit_codes.h"
#include "gauthflow/credentials_store.h"
#include "gauthflow/drive.h"
#include "gauthflow/poco/module_loader.h"
#include "login_flow.h"

namespace gauthflow::cli {
namespace {

// A private directory for the demo's credentials, removed with everything in it at the end.
class TempDir {
 public:
  static Result<TempDir> Create(Environment const& env) {
    std::string base = env("TMPDIR").value_or("/tmp");
    if (base.empty()) base = "/tmp";
    std::string pattern = base + "/gauthflow-demo-XXXXXX";
    if (::mkdtemp(pattern.data()) == nullptr) {
      return MakeError(ErrorCode::kFileWriteFailed,
                       "cannot create a temporary directory under " + base);
    }
    return TempDir(pattern);
  }
  TempDir(TempDir&& other) noexcept : path_(std::move(other.path_)) { other.path_.clear(); }
  TempDir& operator=(TempDir&&) = delete;
  ~TempDir() {
    if (path_.empty()) return;
    FileCredentialsStore(File()).Remove();  // the only file the demo writes
    ::rmdir(path_.c_str());
  }
  std::string const& path() const { return path_; }
  std::string File() const { return path_ + "/credentials.json"; }

 private:
  explicit TempDir(std::string path) : path_(std::move(path)) {}
  std::string path_;
};

// The demo's fake Google, from its module (demo_server.h): $GAUTHFLOW_DEMO_MODULE when set (the
// only place then looked at), else beside an install's bin/, in this build tree, or at the
// configured install path.
Result<std::unique_ptr<DemoServer>> StartDemoServer(Environment const& env) {
  std::vector<std::string> candidates;
  if (auto module = env("GAUTHFLOW_DEMO_MODULE"); module && !module->empty()) {
    candidates.push_back(*module);
  } else {
    candidates = ModuleCandidates(kDemoServerModule, GAUTHFLOW_MODULE_DIR_FROM_BIN,
                                  {GAUTHFLOW_DEMO_MODULE_BUILD_PATH,
                                   GAUTHFLOW_DEMO_MODULE_INSTALL_PATH});
  }
  auto start = LoadModuleSymbol("the demo's fake Google server", candidates,
                                kStartDemoServerSymbol);
  if (!start) return tl::unexpected(start.error());
  std::string reason;
  std::unique_ptr<DemoServer> server(
      reinterpret_cast<StartDemoServerFunction>(*start)(&reason));
  if (!server) return MakeError(ErrorCode::kUnsupported, reason);
  return server;
}

}  // namespace

int RunDemo(Context& ctx) {
  auto options = ParseDemoOptions(ctx.line());
  if (!options) return ctx.Fail(kExitUsage, options.error().message);

  auto server = StartDemoServer(ctx.deps().environment);
  if (!server) {
    return ctx.Fail(kExitError, "cannot start the fake Google server: " + server.error().message);
  }
  auto const& fake = (*server)->info();
  auto endpoints = EndpointsAtBase(fake.base_url);
  if (!endpoints) return ctx.Fail(kExitError, ToString(endpoints.error()));
  ctx.Note("Fake Google server at " + fake.base_url + " (client " + fake.client_id + ", user " +
           fake.user_email + ")");

  auto dir = TempDir::Create(ctx.deps().environment);
  if (!dir) return ctx.Fail(kExitError, ToString(dir.error()));
  auto http = ctx.MakeHttpClient();
  if (!http) return ctx.Fail(kExitError, ToString(http.error()));

  LoginFlowInput input;
  input.secrets.client_id = fake.client_id;
  input.secrets.client_secret = fake.client_secret;
  input.secrets.redirect_uris = fake.redirect_uris;
  input.secrets.auth_uri = endpoints->auth;
  input.secrets.token_uri = endpoints->token;
  input.endpoints = *endpoints;
  input.options.scopes = SplitScopeList(
      {options->redirect.mode == LoginMode::kDevice ? "openid email drive.file" : kDefaultScopes});
  input.options.redirect = options->redirect;
  input.narrate_browser = true;
  if (!options->real_browser) {
    ScriptedDecision decision;
    decision.account = fake.user_email;
    input.options.scripted_browser = decision;
    ctx.Note("Signing in with --mode " + LoginModeName(options->redirect.mode) +
             "; a scripted browser plays the user and clicks Allow:");
  } else {
    ctx.Note("Signing in with --mode " + LoginModeName(options->redirect.mode) +
             " in your browser: choose the account and click Allow.");
  }

  FailureContext failure;
  failure.credentials_path = dir->File();
  auto result = RunLoginFlow(ctx, **http, input, failure);
  if (!result) return ctx.Fail(result.error(), failure);
  FileCredentialsStore store(dir->File());
  if (auto saved = store.Save(result->credentials); !saved) {
    return ctx.Fail(kExitError, ToString(saved.error()));
  }
  ReportLogin(ctx, *result, store.path() + " (removed when the demo ends)");

  DriveClient drive(**http, endpoints->drive);
  DriveListRequest request;
  request.order_by = "modifiedByMeTime desc";
  request.page_size = 5;
  request.fields = "files(id,name,mimeType,modifiedTime)";
  auto list = drive.ListFiles(result->credentials.access_token, request);
  FailureContext api;
  api.stage = Stage::kApi;
  if (!list) return ctx.Fail(list.error(), api);
  ctx.Note("\nThe " + std::to_string(list->files.size()) +
           " files " + fake.user_email + " modified most recently (Drive files.list, orderBy="
           "modifiedByMeTime desc, pageSize=5):\n");
  ctx.out() << FormatDriveTable(list->files);
  ctx.out().flush();
  ctx.Note("\nDone: the credentials are deleted and the fake server stops.");
  return kExitOk;
}

}  // namespace gauthflow::cli
