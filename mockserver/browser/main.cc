// gauthflow-scripted-browser URL: a program to put in $BROWSER that plays the user on the
// fake Google's pages (see gauthflow/browser/browser_process.h).
#include <cstdlib>

#include "gauthflow/browser/browser_process.h"

int main(int argc, char** argv) {
  return gauthflow::browser::RunBrowserProgram(
      argc, argv, [](std::string const& name) -> std::optional<std::string> {
        char const* value = std::getenv(name.c_str());
        if (value == nullptr) return std::nullopt;
        return std::string(value);
      });
}
