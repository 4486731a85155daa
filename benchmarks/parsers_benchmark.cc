#include <benchmark/benchmark.h>

#include "gauthflow/authorization_response.h"
#include "gauthflow/client_secrets.h"

namespace gauthflow {
namespace {

constexpr char kClientSecrets[] = R"({"installed": {
  "client_id": "123456789012-abcdefghijklmnopqrstuvwxyz012345.apps.googleusercontent.com",
  "project_id": "gauthflow-bench",
  "auth_uri": "https://accounts.google.com/o/oauth2/auth",
  "token_uri": "https://oauth2.googleapis.com/token",
  "auth_provider_x509_cert_url": "https://www.googleapis.com/oauth2/v1/certs",
  "client_secret": "GOCSPX-abcdefghijklmnopqrstuvwxyz01",
  "redirect_uris": ["http://localhost"]
}})";

constexpr char kState[] = "q3Jx0b7yqQ9mH2o4Zk1v8rT5sLwN6cE-aP_dUfYgKhI";

void BM_ParseClientSecrets(benchmark::State& state) {
  for (auto _ : state) {
    auto secrets = ParseClientSecrets(kClientSecrets, "<memory>");
    benchmark::DoNotOptimize(secrets);
  }
}
BENCHMARK(BM_ParseClientSecrets);

void BM_ParseRedirect(benchmark::State& state) {
  constexpr char kUrl[] =
      "http://127.0.0.1:8080/?state=q3Jx0b7yqQ9mH2o4Zk1v8rT5sLwN6cE-aP_dUfYgKhI"
      "&code=4%2F0AVG7fiQexampleexampleexampleexampleexampleexampleexample"
      "&scope=email%20openid%20https%3A%2F%2Fwww.googleapis.com%2Fauth%2Fuserinfo.email"
      "%20https%3A%2F%2Fwww.googleapis.com%2Fauth%2Fdrive.metadata.readonly"
      "&authuser=0&prompt=consent";
  for (auto _ : state) {
    auto response = ParseRedirect(kUrl, kState);
    benchmark::DoNotOptimize(response);
  }
}
BENCHMARK(BM_ParseRedirect);

void BM_ParseOobAutoTitle(benchmark::State& state) {
  constexpr char kTitle[] =
      "Success state=q3Jx0b7yqQ9mH2o4Zk1v8rT5sLwN6cE-aP_dUfYgKhI"
      "&code=4/0AVG7fiQexampleexampleexampleexampleexampleexampleexample&scope=email+openid";
  for (auto _ : state) {
    auto response = ParseOobAutoTitle(kTitle, kState);
    benchmark::DoNotOptimize(response);
  }
}
BENCHMARK(BM_ParseOobAutoTitle);

}  // namespace
}  // namespace gauthflow
