// The Drive `fields` selector: ParseFieldSelection, then what the server does with a selection
// that parses: validation against the File, FileList and About schemas, and pruning of file
// resources (DriveFileToJson) and of a fixed JSON value (ApplyFieldSelection).

#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>

#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "drive/drive_field_selector.h"
#include "drive/drive_file_json.h"
#include "drive/drive_schemas.h"
#include "drive_fixture.h"
#include "fuzz_support.h"

namespace {

namespace ms = gauthflow::mockserver;
using gauthflow::fuzz::Check;

Poco::Dynamic::Var const& FixedValue() {
  static Poco::Dynamic::Var const kValue = Poco::JSON::Parser().parse(R"({
    "kind": "drive#about", "user": {"displayName": "Alice", "emailAddress": "alice@example.com"},
    "storageQuota": {"limit": "16106127360", "usage": "1024"},
    "files": [{"id": "a", "owners": [{"emailAddress": "x"}, {"displayName": "y"}]}, 3, null],
    "exportFormats": {"text/plain": ["a", "b"]}, "maxImportSizes": {}
  })");
  return kValue;
}

void Render(Poco::Dynamic::Var const& value) {
  std::ostringstream out;
  Poco::JSON::Stringifier::stringify(value, out);
  Check(!out.str().empty());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
  auto const text = gauthflow::fuzz::AsText(data, size);
  ms::FieldSelection selection;
  std::string bad_field;
  if (!ms::ParseFieldSelection(text, selection, bad_field)) {
    Check(!bad_field.empty() || text.empty());
    return 0;
  }
  Render(ms::ApplyFieldSelection(FixedValue(), selection));

  ms::FileJsonContext const context{"alice@example.com", "Alice"};
  std::string bad;
  if (ms::ValidateFieldSelection(selection, ms::DriveFileSchema(), bad)) {
    for (auto const& file : gauthflow::fuzz::FixtureFiles()) {
      Render(ms::DriveFileToJson(file, selection, context));
    }
  }
  if (ms::ValidateFieldSelection(selection, ms::DriveFileListSchema(), bad) &&
      selection.Selects("files")) {
    for (auto const& file : gauthflow::fuzz::FixtureFiles()) {
      Render(ms::DriveFileToJson(file, selection.Child("files"), context));
    }
  }
  ms::ValidateFieldSelection(selection, ms::DriveAboutSchema(), bad);
  return 0;
}
