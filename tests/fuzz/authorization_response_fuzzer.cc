// The redirect parsers: ParseRedirect, ParsePastedRedirectUrl, ParsePastedCode and
// ParseOobAutoTitle. Input: "<expected state>\n<expected redirect_uri>\n<text>", the text
// being what the browser or the user handed back (it may contain newlines).

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_support.h"
#include "gauthflow/authorization_response.h"

namespace {

using gauthflow::fuzz::Check;

// ParsePastedCode refuses a code with any of these.
bool HasWhitespace(std::string_view text) {
  return text.find_first_of(" \t\n\r\f\v") != std::string_view::npos;
}

// SplitScopes separates scopes at these (RFC 6749 §3.3 says one space; any other byte, even
// another control character, stays in the scope, which the server then rejects as unknown).
bool HasScopeSeparator(std::string_view text) {
  return text.find_first_of(" \t\n\r") != std::string_view::npos;
}

// A successful response carries a code and, when it carries a state, the expected one.
void CheckResponse(gauthflow::Result<gauthflow::AuthorizationResponse> const& response,
                   std::string_view expected_state, bool state_required) {
  if (!response) {
    Check(!response.error().message.empty());
    return;
  }
  Check(!expected_state.empty());
  Check(!response->code.empty());
  if (state_required || !response->state.empty()) Check(response->state == expected_state);
  for (auto const& scope : response->scopes) Check(!scope.empty() && !HasScopeSeparator(scope));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
  auto const fields = gauthflow::fuzz::SplitFields(gauthflow::fuzz::AsText(data, size), 3);
  std::string_view const state = fields[0];
  std::string_view const redirect_uri = fields[1];
  std::string_view const text = fields[2];

  CheckResponse(gauthflow::ParseRedirect(text, state), state, /*state_required=*/true);
  CheckResponse(gauthflow::ParsePastedRedirectUrl(text, redirect_uri, state), state,
                /*state_required=*/true);
  CheckResponse(gauthflow::ParseOobAutoTitle(text, state), state, /*state_required=*/false);

  auto const code = gauthflow::ParsePastedCode(text);
  if (code) {
    Check(!code->empty());
    Check(!HasWhitespace(*code));
  } else {
    Check(!code.error().message.empty());
  }
  return 0;
}
