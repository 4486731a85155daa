#ifndef GAUTHFLOW_MOCKSERVER_CLI_DOCS_SERVER_OPTIONS_H_
#define GAUTHFLOW_MOCKSERVER_CLI_DOCS_SERVER_OPTIONS_H_

#include <string>

#include <Poco/Util/OptionSet.h>

#include "gauthflow/cli/program_doc.h"

namespace gauthflow::mockserver {

inline constexpr char kServerProgram[] = "gauthflow-mockserver";

// Adds gauthflow-mockserver's own options, each bound to a "mock.*" configuration key (--help
// and --version are handled by the application), to `options`.
void AddServerOptions(Poco::Util::OptionSet& options);

// Every option the binary accepts, in --help's order: ServerApplication's (--daemon, --umask,
// --pidfile on POSIX) and ours. Makes a Poco Application for the while: never call it while
// another one exists.
Poco::Util::OptionSet AllServerOptions();

// `gauthflow-mockserver --help`: Poco's HelpFormatter over `options`.
std::string ServerHelpText(Poco::Util::OptionSet const& options);

// The binary's command line for its man page and completions: `options` (AllServerOptions), the
// conformance command's flag table and the document commands.
cli::ProgramDoc ServerProgramDoc(Poco::Util::OptionSet const& options, std::string version);

}  // namespace gauthflow::mockserver

#endif  // GAUTHFLOW_MOCKSERVER_CLI_DOCS_SERVER_OPTIONS_H_
