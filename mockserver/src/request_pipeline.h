#ifndef GAUTHFLOW_MOCKSERVER_REQUEST_PIPELINE_H_
#define GAUTHFLOW_MOCKSERVER_REQUEST_PIPELINE_H_

#include "http/http_message.h"
#include "routes.h"

namespace gauthflow::mockserver {

// What the fake does with one HTTP request, in the order it happens:
//   parse   the wire request into a Request (path, query, form, credentials)
//   limits  a request the serving layer refused (framing, sizes, deadlines, connection limit)
//           gets Google's error shape
//   fault   an armed fault for the path is taken
//   route   the route (a plain function of RouteContext and Request) answers, unless the
//           fault replaces it
//   journal the exchange is recorded (admin paths are not)
// and the answer goes back with how to end it (a delay, a truncation, a reset).
class RequestPipeline final : public http::RequestHandler {
 public:
  explicit RequestPipeline(RouteContext& ctx) : ctx_(ctx) {}
  http::HttpResponse Handle(http::HttpRequest const& wire) override;

 private:
  RouteContext& ctx_;
};

}  // namespace gauthflow::mockserver

#endif  // GAUTHFLOW_MOCKSERVER_REQUEST_PIPELINE_H_
