#include "oauth/scopes.h"

#include <algorithm>
#include <array>
#include <utility>

namespace gauthflow::mockserver {
namespace {

constexpr std::string_view kAuth = "https://www.googleapis.com/auth/";

// Google's consent-screen wording for the scopes a Drive/identity client asks for.
constexpr std::array<std::pair<std::string_view, std::string_view>, 22> kDescriptions = {{
    {"openid", "Associate you with your personal info on Google"},
    {"https://www.googleapis.com/auth/userinfo.email",
     "See your primary Google Account email address"},
    {"https://www.googleapis.com/auth/userinfo.profile",
     "See your personal info, including any personal info you've made publicly available"},
    {"https://www.googleapis.com/auth/drive",
     "See, edit, create, and delete all of your Google Drive files"},
    {"https://www.googleapis.com/auth/drive.readonly", "See and download all your Google Drive files"},
    {"https://www.googleapis.com/auth/drive.file",
     "See, edit, create, and delete only the specific Google Drive files you use with this app"},
    {"https://www.googleapis.com/auth/drive.metadata",
     "View and manage metadata of files in your Google Drive"},
    {"https://www.googleapis.com/auth/drive.metadata.readonly",
     "See information about your Google Drive files"},
    {"https://www.googleapis.com/auth/drive.appdata",
     "See, create, and delete its own configuration data in your Google Drive"},
    {"https://www.googleapis.com/auth/drive.photos.readonly",
     "View the photos, videos and albums in your Google Photos"},
    {"https://www.googleapis.com/auth/drive.apps.readonly", "View your Google Drive apps"},
    {"https://www.googleapis.com/auth/drive.scripts",
     "Modify your Google Apps Script scripts' behavior"},
    {"https://www.googleapis.com/auth/calendar",
     "See, edit, share, and permanently delete all the calendars you can access using Google "
     "Calendar"},
    {"https://www.googleapis.com/auth/calendar.readonly",
     "See and download any calendar you can access using your Google Calendar"},
    {"https://www.googleapis.com/auth/gmail.readonly", "View your email messages and settings"},
    {"https://www.googleapis.com/auth/spreadsheets",
     "See, edit, create, and delete all your Google Sheets spreadsheets"},
    {"https://www.googleapis.com/auth/spreadsheets.readonly",
     "See all your Google Sheets spreadsheets"},
    {"https://www.googleapis.com/auth/documents",
     "See, edit, create, and delete all your Google Docs documents"},
    {"https://www.googleapis.com/auth/cloud-platform",
     "See, edit, configure, and delete your Google Cloud data and see the email address for your "
     "Google Account"},
    {"https://www.googleapis.com/auth/youtube", "Manage your YouTube account"},
    {"https://www.googleapis.com/auth/youtube.readonly", "View your YouTube account"},
    {"https://www.googleapis.com/auth/photoslibrary.readonly", "View your Google Photos library"},
}};

constexpr std::array<std::string_view, 7> kDeviceScopes = {
    "openid",
    "https://www.googleapis.com/auth/userinfo.email",
    "https://www.googleapis.com/auth/userinfo.profile",
    "https://www.googleapis.com/auth/drive.appdata",
    "https://www.googleapis.com/auth/drive.file",
    "https://www.googleapis.com/auth/youtube",
    "https://www.googleapis.com/auth/youtube.readonly",
};

}  // namespace

std::vector<std::string> SplitScopes(std::string_view text) {
  std::vector<std::string> scopes;
  while (!text.empty()) {
    std::size_t space = text.find(' ');
    std::string_view piece = text.substr(0, space);
    text = space == std::string_view::npos ? std::string_view() : text.substr(space + 1);
    if (piece.empty()) continue;
    if (std::find(scopes.begin(), scopes.end(), piece) == scopes.end()) {
      scopes.emplace_back(piece);
    }
  }
  return scopes;
}

std::string JoinScopes(std::vector<std::string> const& scopes) {
  std::string out;
  for (auto const& scope : scopes) {
    if (!out.empty()) out.push_back(' ');
    out += scope;
  }
  return out;
}

std::string NormalizeScope(std::string_view scope) {
  if (scope == "email") return std::string(kAuth) + "userinfo.email";
  if (scope == "profile") return std::string(kAuth) + "userinfo.profile";
  return std::string(scope);
}

std::optional<std::string> DescribeScope(std::string_view normalized_scope) {
  for (auto const& [scope, description] : kDescriptions) {
    if (scope == normalized_scope) return std::string(description);
  }
  return std::nullopt;
}

bool IsDeviceFlowScope(std::string_view normalized_scope) {
  return std::find(kDeviceScopes.begin(), kDeviceScopes.end(), normalized_scope) !=
         kDeviceScopes.end();
}

}  // namespace gauthflow::mockserver
