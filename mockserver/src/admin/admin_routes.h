#ifndef GAUTHFLOW_MOCKSERVER_ADMIN_ADMIN_ROUTES_H_
#define GAUTHFLOW_MOCKSERVER_ADMIN_ADMIN_ROUTES_H_

#include "http_answer.h"
#include "request.h"
#include "routes.h"

namespace gauthflow::mockserver {

// /__admin/...: journal, reset, clock, faults, seeding, device decisions, violations.
HttpAnswer HandleAdmin(RouteContext& ctx, Request const& request);

}  // namespace gauthflow::mockserver

#endif  // GAUTHFLOW_MOCKSERVER_ADMIN_ADMIN_ROUTES_H_
