#include <benchmark/benchmark.h>

#include "gauthflow/authorization_request.h"
#include "gauthflow/pkce.h"

namespace gauthflow {
namespace {

void BM_BuildAuthorizationUrl(benchmark::State& state) {
  AuthorizationRequest request;
  request.client_id = "123456789012-abcdefghijklmnopqrstuvwxyz012345.apps.googleusercontent.com";
  request.redirect_uri = "http://127.0.0.1:8080/";
  request.scopes = {"openid", "email", "drive.metadata.readonly"};
  request.state = "q3Jx0b7yqQ9mH2o4Zk1v8rT5sLwN6cE-aP_dUfYgKhI";
  request.code_challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
  request.prompt = "consent";
  request.login_hint = "user@example.com";
  for (auto _ : state) {
    auto url = BuildAuthorizationUrl(request);
    benchmark::DoNotOptimize(url);
  }
}
BENCHMARK(BM_BuildAuthorizationUrl);

void BM_S256Challenge(benchmark::State& state) {
  std::string const verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
  for (auto _ : state) {
    auto challenge = S256Challenge(verifier);
    benchmark::DoNotOptimize(challenge);
  }
}
BENCHMARK(BM_S256Challenge);

// Includes reading kernel-seeded randomness through OpenSSL's DRBG.
void BM_GeneratePkce(benchmark::State& state) {
  auto const length = static_cast<std::size_t>(state.range(0));
  for (auto _ : state) {
    auto pkce = GeneratePkce(length);
    benchmark::DoNotOptimize(pkce);
  }
}
BENCHMARK(BM_GeneratePkce)->Arg(43)->Arg(64)->Arg(128);

}  // namespace
}  // namespace gauthflow
