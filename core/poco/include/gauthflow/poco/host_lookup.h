#ifndef GAUTHFLOW_POCO_HOST_LOOKUP_H_
#define GAUTHFLOW_POCO_HOST_LOOKUP_H_

#include <chrono>
#include <functional>
#include <string>

#include "gauthflow/error.h"

namespace gauthflow {

// Turns a host name into one numeric address ("142.250.74.106", "::1"). It may block: the
// HTTP client runs it on a thread of its own and waits for it only until the exchange's connect
// time runs out. kTransport when the name does not resolve.
using HostLookup = std::function<Result<std::string>(std::string const& host)>;

// The system resolver (getaddrinfo, through Poco::Net::DNS): /etc/hosts, then DNS as
// /etc/nsswitch.conf and /etc/resolv.conf say.
Result<std::string> SystemHostLookup(std::string const& host);

// `host` as a numeric address, looked up with `lookup` unless it is one already. getaddrinfo
// has no timeout of its own (its retries follow resolv.conf and can take 30 s and more), so the
// lookup runs on a detached thread and this waits no later than `deadline`: kTimeout then, and
// the lookup, still running, finishes on its own and its answer is dropped.
Result<std::string> ResolveBefore(HostLookup const& lookup, std::string const& host,
                                  std::chrono::steady_clock::time_point deadline);

}  // namespace gauthflow

#endif  // GAUTHFLOW_POCO_HOST_LOOKUP_H_
