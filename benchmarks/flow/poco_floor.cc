// The floor under every gauthflow process (benchmarks/flow.sh, "The floor"): a program that does
// nothing but is linked with the Poco libraries a command needs, so that its run time is what the
// dynamic loader and the libraries' static initialisation cost before any of gauthflow's own
// code runs. Built twice: Foundation + JSON (what `gauthflow` itself links), and with Net as well
// (what a command that connects loads). The calls below never run; they keep --as-needed from
// dropping the libraries.
#include <Poco/JSON/Parser.h>
#if defined(GAUTHFLOW_FLOOR_WITH_NET)
#include <Poco/Net/SocketAddress.h>
#endif

int main(int argc, char** argv) {
  if (argc > 1000) {
    Poco::JSON::Parser parser;
    parser.parse(argv[0]);
#if defined(GAUTHFLOW_FLOOR_WITH_NET)
    Poco::Net::SocketAddress address(argv[0]);
#endif
  }
  return 0;
}
