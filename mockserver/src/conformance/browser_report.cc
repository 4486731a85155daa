#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include "conformance/observation.h"

namespace gauthflow::mockserver::conformance {

Outcome<BrowserReport> ParseBrowserReport(std::string const& json_text) {
  try {
    Poco::JSON::Parser parser;
    auto value = parser.parse(json_text);
    if (value.type() != typeid(Poco::JSON::Object::Ptr)) {
      return tl::unexpected(std::string("the browser's report is not a JSON object"));
    }
    auto root = value.extract<Poco::JSON::Object::Ptr>();
    BrowserReport report;
    report.redirect_uri = root->optValue<std::string>("redirect_uri", "");
    report.redirect_port = root->optValue<int>("redirect_port", 0);
    if (auto listeners = root->getArray("listeners")) {
      for (std::size_t i = 0; i < listeners->size(); ++i) {
        auto item = listeners->getObject(static_cast<unsigned>(i));
        if (!item) continue;
        report.listeners.push_back({item->optValue<std::string>("address", ""),
                                    item->optValue<int>("port", 0),
                                    item->optValue<bool>("loopback", false)});
      }
    }
    if (auto forged = root->getObject("forged")) {
      report.forged_state = forged->optValue<std::string>("state", "");
      report.forged_code = forged->optValue<std::string>("code", "");
    }
    if (auto visit = root->getObject("visit")) {
      report.final_status = visit->optValue<int>("status", 0);
      report.final_error = visit->optValue<std::string>("error", "");
    }
    if (root->has("error")) report.final_error = root->optValue<std::string>("error", "");
    return report;
  } catch (Poco::Exception const& e) {
    return tl::unexpected("the browser's report does not parse: " + e.displayText());
  }
}

}  // namespace gauthflow::mockserver::conformance
