// A minimal application built against an installed gauthflow.
#include <iostream>

#include "gauthflow/error.h"
#include "gauthflow/http_client.h"

int main() {
  gauthflow::HttpHeaders headers{{"Content-Type", "application/json"}};
  auto const type = gauthflow::FindHeader(headers, "content-type");
  if (!type || *type != "application/json") return 1;
  std::cout << "consumer ok: " << gauthflow::ErrorCodeName(gauthflow::ErrorCode::kInvalidGrant)
            << "\n";
  return 0;
}
