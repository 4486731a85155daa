// The Drive `orderBy` parser. What parses has a canonical form that parses to itself, and
// orders the fixed files consistently (antisymmetric, and no two distinct files equal).

#include <cstddef>
#include <cstdint>
#include <string>

#include "drive/drive_order_by.h"
#include "drive_fixture.h"
#include "fuzz_support.h"

namespace {

int Sign(int value) { return (value > 0) - (value < 0); }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
  namespace ms = gauthflow::mockserver;
  using gauthflow::fuzz::Check;
  ms::DriveOrder order;
  std::string error;
  if (!ms::ParseDriveOrderBy(gauthflow::fuzz::AsText(data, size), order, error)) {
    Check(!error.empty());
    return 0;
  }
  std::string const canonical = order.Canonical();
  ms::DriveOrder again;
  Check(ms::ParseDriveOrderBy(canonical, again, error));
  Check(again.Canonical() == canonical);
  Check(again.terms.size() == order.terms.size());

  auto const& files = gauthflow::fuzz::FixtureFiles();
  for (auto const& a : files) {
    for (auto const& b : files) {
      int const ab = ms::CompareDriveFiles(order, a, b);
      Check(Sign(ab) == -Sign(ms::CompareDriveFiles(order, b, a)));
      Check((ab == 0) == (&a == &b));
    }
  }
  return 0;
}
