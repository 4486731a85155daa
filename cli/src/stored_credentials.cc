#include "stored_credentials.h"

#include <sstream>
#include <utility>

#include <Poco/Base64Decoder.h>
#include <Poco/Base64Encoder.h>
#include <Poco/Exception.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include "time_format.h"

namespace gauthflow::cli {
namespace {

TokenClientConfig ConfigFor(Context& ctx, Credentials const& credentials) {
  // The stored token_uri wins: credentials issued by a fake or private server refresh there.
  return ctx.TokenClientConfigFor(credentials.token_uri, credentials.client_id,
                                  credentials.client_secret);
}

std::optional<AccessToken> Initial(Credentials const& credentials) {
  if (credentials.access_token.empty()) return std::nullopt;
  AccessToken token;
  token.token = credentials.access_token;
  // Unknown expiry: served until an API says otherwise (as google-auth does for expiry None).
  token.expiry = credentials.expiry.value_or(std::chrono::system_clock::time_point::max());
  return token;
}

}  // namespace

StoredCredentials::StoredCredentials(Context& ctx, HttpClient& http, FileCredentialsStore store,
                                     Credentials credentials)
    : ctx_(ctx),
      store_(std::move(store)),
      client_(http, ctx.deps().clock, ConfigFor(ctx, credentials)) {
  auto const initial = Initial(credentials);
  FileRefreshOptions options;
  options.on_save_error = [this](Error const& error) {
    // The token is still good for this run; say why the next run will refresh again.
    ctx_.Note("warning: could not save the refreshed credentials: " + error.message);
  };
  auto refreshing = std::make_unique<FileRefreshingTokenSource>(client_, store_,
                                                                std::move(credentials), options);
  refreshing_ = refreshing.get();
  cached_ = std::make_unique<CachedTokenSource>(std::move(refreshing), initial);
}

Result<std::unique_ptr<StoredCredentials>> StoredCredentials::Open(Context& ctx,
                                                                   HttpClient& http) {
  auto const& path = ctx.global().credentials_path;
  if (path.empty()) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "no credentials file: set --credentials, $XDG_CONFIG_HOME or $HOME");
  }
  FileCredentialsStore store(path);
  auto loaded = store.Read();
  if (!loaded) return tl::unexpected(loaded.error());
  for (auto const& warning : loaded->warnings) ctx.Note("warning: " + warning);
  return std::make_unique<StoredCredentials>(ctx, http, std::move(store),
                                             std::move(loaded->credentials));
}

Result<AccessToken> StoredCredentials::Token() {
  if (HoldsNoToken(Current())) return tl::unexpected(WhyNoToken());
  return Explained(cached_->GetToken(ctx_.deps().clock.Now()));
}

Result<AccessToken> StoredCredentials::Refresh() {
  return Explained(refreshing_->GetToken(ctx_.deps().clock.Now()));
}

// The core's "no refresh_token" says what is missing; the person needs to know why it matters.
Result<AccessToken> StoredCredentials::Explained(Result<AccessToken> token) const {
  if (token || token.error().code != ErrorCode::kMissingField) return token;
  return tl::unexpected(WhyNoToken());
}

Error StoredCredentials::WhyNoToken() const {
  auto const current = Current();
  if (HoldsNoToken(current)) {
    return Error{ErrorCode::kMissingField,
                 "the credentials at " + store_.path() +
                     " hold no token: they were revoked (gauthflow revoke)"};
  }
  std::string when;
  if (current.expiry) when = " at " + FormatRfc3339(*current.expiry);
  return Error{ErrorCode::kMissingField,
               "the access token expired" + when +
                   " and no refresh token is stored (Google sent none at sign-in), so it cannot "
                   "be renewed"};
}

Credentials StoredCredentials::Current() const { return refreshing_->credentials(); }

Credentials WithoutTokens(Credentials credentials) {
  credentials.access_token.clear();
  credentials.expiry.reset();
  credentials.refresh_token.reset();
  credentials.id_token.reset();
  return credentials;
}

bool HoldsNoToken(Credentials const& credentials) {
  return credentials.access_token.empty() &&
         (!credentials.refresh_token || credentials.refresh_token->empty());
}

std::string EmailFromIdToken(std::string const& id_token) {
  auto const first = id_token.find('.');
  auto const second = id_token.find('.', first == std::string::npos ? 0 : first + 1);
  if (first == std::string::npos || second == std::string::npos) return {};
  std::string payload = id_token.substr(first + 1, second - first - 1);
  while (payload.size() % 4 != 0) payload.push_back('=');
  try {
    std::istringstream in(payload);
    Poco::Base64Decoder decoder(in, Poco::BASE64_URL_ENCODING);
    std::string json((std::istreambuf_iterator<char>(decoder)), std::istreambuf_iterator<char>());
    Poco::JSON::Parser parser;
    auto object = parser.parse(json).extract<Poco::JSON::Object::Ptr>();
    return object ? object->optValue<std::string>("email", "") : std::string();
  } catch (Poco::Exception const&) {
    return {};
  }
}

}  // namespace gauthflow::cli
