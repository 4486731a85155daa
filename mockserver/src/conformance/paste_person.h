#ifndef GAUTHFLOW_MOCKSERVER_CONFORMANCE_PASTE_PERSON_H_
#define GAUTHFLOW_MOCKSERVER_CONFORMANCE_PASTE_PERSON_H_

#include <chrono>
#include <optional>
#include <string>

namespace gauthflow::mockserver::conformance {

// The person in the paste scenario (gauthflow's --mode paste, gcloud's --no-browser): the
// application prints the authorization URL and asks for the address the browser ends on. The
// person opens the URL "on another machine" (the scripted browser, in the runner), signs in,
// lands on the redirect to a loopback address where nothing of the application listens, and
// pastes that address from the address bar into the application's stdin.
class PastePerson {
 public:
  // `output_path`: the application's output; `base_url`: the fake's (the URL to look for);
  // `ca_file`: the --tls certificate, or empty.
  // With a `forged_state`, the person is an attacker's victim instead (RFC 6749 §10.12): they
  // paste the address of the attacker's sign-in (the application's request under that state,
  // approved as `forged_account`), whose code the application must not exchange.
  PastePerson(std::string output_path, std::string base_url, std::string ca_file, std::string account,
              std::string forged_state = {}, std::string forged_account = {});

  // On the runner's ticks: at most every 100 ms looks for the URL in the output; once it is
  // there, visits it (bounded by the browser's HTTP deadlines) and returns the line to type.
  std::optional<std::string> Tick();

  bool found_url() const { return found_url_; }
  bool typed() const { return typed_; }
  std::string const& error() const { return error_; }  // why the visit gave nothing to paste
  // What was pasted, as the browser report would say it: redirect URI, and with a forged state
  // that state and the code the pasted address carried.
  std::string const& redirect_uri() const { return redirect_uri_; }
  std::string const& forged_code() const { return forged_code_; }

 private:
  std::string const output_path_;
  std::string const base_url_;
  std::string const ca_file_;
  std::string const account_;
  std::string const forged_state_;
  std::string const forged_account_;
  std::string redirect_uri_;
  std::string forged_code_;
  std::chrono::steady_clock::time_point next_look_{};
  bool found_url_ = false;
  bool typed_ = false;
  std::string error_;
};

}  // namespace gauthflow::mockserver::conformance

#endif  // GAUTHFLOW_MOCKSERVER_CONFORMANCE_PASTE_PERSON_H_
