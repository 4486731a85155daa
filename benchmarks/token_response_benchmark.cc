// Micro benchmarks of the token endpoint parsers: they run once per sign-in or refresh, so
// these figures only guard against accidental blow-ups (e.g. re-parsing the body per field).

#include <benchmark/benchmark.h>

#include <chrono>
#include <string>

#include "gauthflow/token_response.h"

namespace {

// Google's answer to the first code exchange with openid (sizes close to real ones).
std::string const kTokenBody = std::string(R"({
  "access_token": "ya29.)") + std::string(200, 'a') + R"(",
  "expires_in": 3599,
  "refresh_token": "1//0g)" + std::string(100, 'r') + R"(",
  "scope": "https://www.googleapis.com/auth/drive.readonly openid https://www.googleapis.com/auth/userinfo.email",
  "token_type": "Bearer",
  "id_token": "eyJhbGciOiJSUzI1NiJ9.)" + std::string(900, 'i') + R"(.sig"
})";

std::string const kErrorBody =
    R"({"error": "invalid_grant", "error_description": "Token has been expired or revoked."})";

std::string const kHtmlErrorBody =
    "<!DOCTYPE html><html lang=en><meta charset=utf-8><title>Error 502 (Server Error)!!1</title>"
    "<p><b>502.</b> <ins>That's an error.</ins><p>The server encountered a temporary error and "
    "could not complete your request.<p>Please try again in 30 seconds. <ins>That's all we "
    "know.</ins>";

void BM_ParseTokenResponse(benchmark::State& state) {
  auto const now = std::chrono::system_clock::now();
  for (auto _ : state) {
    auto token = gauthflow::ParseTokenResponse(kTokenBody, now);
    benchmark::DoNotOptimize(token);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(kTokenBody.size()));
}
BENCHMARK(BM_ParseTokenResponse);

void BM_ParseTokenError(benchmark::State& state) {
  for (auto _ : state) {
    auto error = gauthflow::ParseTokenError(400, kErrorBody, "token endpoint");
    benchmark::DoNotOptimize(error);
  }
}
BENCHMARK(BM_ParseTokenError);

void BM_ParseTokenErrorHtml(benchmark::State& state) {
  for (auto _ : state) {
    auto error = gauthflow::ParseTokenError(502, kHtmlErrorBody, "token endpoint");
    benchmark::DoNotOptimize(error);
  }
}
BENCHMARK(BM_ParseTokenErrorHtml);

}  // namespace
