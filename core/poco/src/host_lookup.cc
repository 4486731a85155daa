#include "gauthflow/poco/host_lookup.h"

#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>

#include <Poco/Exception.h>
#include <Poco/Net/DNS.h>
#include <Poco/Net/IPAddress.h>

namespace gauthflow {
namespace {

// What the lookup thread and the waiting caller share; the thread keeps it alive after a caller
// that stopped waiting has gone.
struct PendingLookup {
  std::mutex mu;
  std::condition_variable done;
  std::optional<Result<std::string>> answer;
};

}  // namespace

Result<std::string> SystemHostLookup(std::string const& host) {
  try {
    return Poco::Net::DNS::resolveOne(host).toString();
  } catch (Poco::Exception const& e) {
    return MakeError(ErrorCode::kTransport,
                     "cannot resolve host name \"" + host + "\": " + e.displayText());
  }
}

Result<std::string> ResolveBefore(HostLookup const& lookup, std::string const& host,
                                  std::chrono::steady_clock::time_point deadline) {
  Poco::Net::IPAddress literal;
  if (Poco::Net::IPAddress::tryParse(host, literal)) return host;  // nothing to look up
  auto pending = std::make_shared<PendingLookup>();
  try {
    std::thread([pending, lookup, host] {
      Result<std::string> answer = MakeError(ErrorCode::kTransport, "");
      try {
        answer = lookup(host);
      } catch (std::exception const& e) {
        answer = MakeError(ErrorCode::kTransport,
                           "cannot resolve host name \"" + host + "\": " + e.what());
      }
      std::lock_guard<std::mutex> lock(pending->mu);
      pending->answer = std::move(answer);
      pending->done.notify_all();
    }).detach();
  } catch (std::system_error const& e) {
    return MakeError(ErrorCode::kTransport, "cannot start resolving host name \"" + host +
                                                "\": " + e.what());
  }
  std::unique_lock<std::mutex> lock(pending->mu);
  if (!pending->done.wait_until(lock, deadline, [&] { return pending->answer.has_value(); })) {
    return MakeError(ErrorCode::kTimeout,
                     "resolving host name \"" + host + "\" did not finish in time");
  }
  return std::move(*pending->answer);
}

}  // namespace gauthflow
