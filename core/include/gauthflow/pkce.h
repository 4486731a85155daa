#ifndef GAUTHFLOW_PKCE_H_
#define GAUTHFLOW_PKCE_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "gauthflow/error.h"

namespace gauthflow {

// RFC 7636 §4.1: a code_verifier has 43..128 characters from [A-Za-z0-9-._~].
inline constexpr std::size_t kMinVerifierLength = 43;
inline constexpr std::size_t kMaxVerifierLength = 128;
inline constexpr std::size_t kDefaultVerifierLength = 64;

// A PKCE pair: the verifier stays on this machine (token request), the challenge and method go
// in the authorization URL.
struct Pkce {
  std::string verifier;
  std::string challenge;
  std::string method = "S256";
};

// A random code_verifier of `length` characters from a CSPRNG (the kernel's, getrandom(2)).
// kInvalidArgument for a length outside 43..128; kUnsupported if the CSPRNG fails.
Result<std::string> GenerateCodeVerifier(std::size_t length = kDefaultVerifierLength);

// RFC 7636 §4.2: BASE64URL-ENCODE(SHA256(ASCII(code_verifier))), without padding.
std::string S256Challenge(std::string_view verifier);

// A fresh random PKCE pair with method S256.
Result<Pkce> GeneratePkce(std::size_t verifier_length = kDefaultVerifierLength);

// The S256 pair for a given verifier (tests, or a verifier kept across a paste-back flow).
// kInvalidArgument if the verifier breaks RFC 7636 §4.1 (length or characters).
Result<Pkce> PkceFromVerifier(std::string verifier);

// An unguessable `state` (RFC 6749 §10.12): 32 random bytes, base64url without padding
// (43 characters, 256 bits).
Result<std::string> GenerateState();

// Compares in time that depends only on the lengths, never on where the contents differ.
// Different lengths compare unequal at once (the length is not secret; the contents are).
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace gauthflow

#endif  // GAUTHFLOW_PKCE_H_
