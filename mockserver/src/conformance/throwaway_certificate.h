#ifndef GAUTHFLOW_MOCKSERVER_CONFORMANCE_THROWAWAY_CERTIFICATE_H_
#define GAUTHFLOW_MOCKSERVER_CONFORMANCE_THROWAWAY_CERTIFICATE_H_

#include <string>

#include "conformance/admin_client.h"

namespace gauthflow::mockserver::conformance {

// The runner's --tls certificate: a fresh P-256 key and a self-signed certificate for
// 127.0.0.1, ::1 and localhost, valid from an hour ago for two days, that is its own CA
// (basicConstraints CA:TRUE), so that an application trusts the fake by trusting this one file.
// Written as PEM to `cert_path` and `key_path` (the key with mode 0600). Made per run and
// thrown away with the run's work directory.
Outcome<void> WriteThrowawayCertificate(std::string const& cert_path, std::string const& key_path);

}  // namespace gauthflow::mockserver::conformance

#endif  // GAUTHFLOW_MOCKSERVER_CONFORMANCE_THROWAWAY_CERTIFICATE_H_
