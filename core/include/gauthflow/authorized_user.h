#ifndef GAUTHFLOW_AUTHORIZED_USER_H_
#define GAUTHFLOW_AUTHORIZED_USER_H_

#include <string>
#include <string_view>

#include "gauthflow/credentials.h"
#include "gauthflow/error.h"

namespace gauthflow {

// Google's `authorized_user` JSON, the file format of google-auth's
// `Credentials.to_json()` / `from_authorized_user_info()` and of gcloud's Application Default
// Credentials. Pure text in, text out: the file I/O lives in FileCredentialsStore.

// Writes {"type": "authorized_user", "client_id", "client_secret", "refresh_token", "token",
// "token_uri", "scopes": [...], "expiry", "id_token"}. Absent optionals (no access token, no
// refresh token, unknown expiry, no id_token) are left out, as google-auth leaves out None.
// The expiry is RFC 3339 UTC with whole seconds and a trailing Z, e.g. "2026-11-27T22:05:48Z":
// google-auth reads it with `expiry.rstrip("Z").split(".")[0]` and "%Y-%m-%dT%H:%M:%S".
// The output contains secrets: callers must write it with owner-only permissions.
std::string SerializeAuthorizedUser(Credentials const& credentials);

// Parses the JSON text. `source` names where it came from (a path, "<memory>") in every error.
//  - kMalformedJson: not JSON, or not a JSON object.
//  - kInvalidField: a "type" other than "authorized_user" (an absent type is accepted, as
//    google-auth's from_authorized_user_info does); a field of the wrong JSON type; an expiry
//    that is not an RFC 3339 date-time.
//  - kMissingField: client_id or client_secret absent, null or empty. (google-auth also
//    requires refresh_token; here it is optional — absent, null or "" gives nullopt — so that
//    credentials without one, from a sign-in that brought none or left by `revoke`, can be
//    read and explained. The files written with a refresh token stay google-auth's format.)
// The access token is read from "token" (google-auth) or, failing that, "access_token". Scopes
// are an array or a space-separated string (google-auth accepts both). Fractional seconds in the
// expiry are dropped, as google-auth drops them; an offset other than Z is converted to UTC.
// token_uri defaults to Google's when absent. (google-auth always overrides it with Google's;
// we keep the stored one so that credentials issued by a fake or private server refresh there.)
Result<Credentials> ParseAuthorizedUser(std::string_view json, std::string_view source);

}  // namespace gauthflow

#endif  // GAUTHFLOW_AUTHORIZED_USER_H_
