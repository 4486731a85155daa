#ifndef GAUTHFLOW_MOCKSERVER_DRIVE_DRIVE_DISCOVERY_DOCUMENT_H_
#define GAUTHFLOW_MOCKSERVER_DRIVE_DRIVE_DISCOVERY_DOCUMENT_H_

#include <string>

namespace gauthflow::mockserver {

// A Drive v3 discovery document (https://developers.google.com/discovery/v1/reference/apis)
// describing what the fake serves, rebased on `base_url`. It has what Google's Python client
// (googleapiclient.discovery.build / build_from_document) reads: rootUrl and servicePath
// (joined into the base URL), batchPath, the root `parameters` (merged into every method),
// `auth.oauth2.scopes` (the credentials' default scopes), `resources.files.methods.list/get`
// and `resources.about.methods.get` with id, path, httpMethod, parameters (type, location,
// required, format, minimum/maximum as strings, default), parameterOrder, response $ref and
// scopes, and the `schemas` those refer to (FileList.nextPageToken makes list_next exist;
// files.get's supportsMediaDownload makes get_media exist).
std::string DriveDiscoveryDocument(std::string const& base_url);

}  // namespace gauthflow::mockserver

#endif  // GAUTHFLOW_MOCKSERVER_DRIVE_DRIVE_DISCOVERY_DOCUMENT_H_
