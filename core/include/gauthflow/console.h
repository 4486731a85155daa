#ifndef GAUTHFLOW_CONSOLE_H_
#define GAUTHFLOW_CONSOLE_H_

#include <string>
#include <string_view>

#include "gauthflow/error.h"

namespace gauthflow {

// Where the flow talks to the person: the authorization URL, the device code, and the pasted
// code or redirect URL. The CLI implements it on a terminal; tests script it.
class Console {
 public:
  virtual ~Console() = default;
  virtual void Print(std::string_view text) = 0;
  // Shows `prompt` and reads one line (without its newline); kInvalidArgument at end of input.
  virtual Result<std::string> ReadLine(std::string_view prompt) = 0;
};

}  // namespace gauthflow

#endif  // GAUTHFLOW_CONSOLE_H_
