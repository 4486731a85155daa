#ifndef GAUTHFLOW_MOCKSERVER_HTTP_HANDLER_H_
#define GAUTHFLOW_MOCKSERVER_HTTP_HANDLER_H_

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>

#include "gauthflow/mockserver/server_config.h"
#include "routes.h"

namespace gauthflow::mockserver {

// Makes one handler per request (Poco's model). The handlers read the request once into a
// Request, apply armed faults, route, journal, and write the HttpAnswer.
class RequestHandlerFactory final : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  RequestHandlerFactory(RouteContext& ctx, ServerLimits limits) : ctx_(ctx), limits_(limits) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(
      Poco::Net::HTTPServerRequest const& request) override;

 private:
  RouteContext& ctx_;
  ServerLimits const limits_;
};

}  // namespace gauthflow::mockserver

#endif  // GAUTHFLOW_MOCKSERVER_HTTP_HANDLER_H_
