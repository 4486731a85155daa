#!/usr/bin/python3
"""Interop 5: `gauthflow login` with its real SystemBrowserLauncher opening headless Chromium
($BROWSER = headless_chromium.sh, a fresh profile) against the fake in --auto-approve mode. The
flow completes only through Chromium's own requests: the authorization URL, the fake's redirect,
and the GET (plus whatever else Chromium sends, favicon and extra connections included) to
gauthflow's loopback receiver. Then `gauthflow drive ls` lists the files with the stored
credentials.
"""
import os
import threading

import harness
from harness import check

HERE = os.path.dirname(os.path.abspath(__file__))
CHROMIUM = "/usr/bin/chromium"


class FifoReader:
    """Reads one line from a FIFO in the background, from before the writer starts."""

    def __init__(self, path):
        self.result = []
        self.thread = threading.Thread(target=self._read, args=(path,), daemon=True)
        self.thread.start()

    def _read(self, path):
        with open(path) as f:
            self.result.append(f.read().strip())

    def wait(self, timeout):
        self.thread.join(timeout)
        return self.result[0] if self.result else None


def main():
    cli = os.environ.get("GAUTHFLOW_CLI", "")
    check(os.access(cli, os.X_OK), "GAUTHFLOW_CLI must name the gauthflow executable")
    if not os.access(CHROMIUM, os.X_OK):
        harness.skip(CHROMIUM + " is missing: install Debian's chromium with ci/install-deps.sh")
    with harness.FakeGoogle(tls=False, auto_approve=harness.USER) as fake:
        work = fake.workdir
        secrets = fake.client_secrets_file()
        credentials = os.path.join(work, "credentials.json")
        done = os.path.join(work, "chromium-done")
        os.mkfifo(done)
        chromium_done = FifoReader(done)
        env = dict(os.environ, BROWSER=os.path.join(HERE, "headless_chromium.sh"),
                   INTEROP_CHROMIUM_DOM=os.path.join(work, "final-page.html"),
                   INTEROP_CHROMIUM_LOG=os.path.join(work, "chromium.log"),
                   INTEROP_CHROMIUM_DONE=done, XDG_CONFIG_HOME=work, TMPDIR=work)
        common = ["--endpoint-base", fake.base, "--credentials", credentials]
        login = harness.Program([cli, "login", "--client-secrets", secrets, "--scopes",
                                 "drive.metadata.readonly", "--timeout", "60"] + common, env=env)
        code = login.finish(90)
        chromium_status = chromium_done.wait(60)
        chromium_log = open(env["INTEROP_CHROMIUM_LOG"]).read() if os.path.exists(
            env["INTEROP_CHROMIUM_LOG"]) else ""
        check(code == 0, "gauthflow login with Chromium exited %d; %s\nchromium log (tail):\n%s"
              % (code, login.describe(), chromium_log[-2000:]))
        check(chromium_status == "0", "Chromium did not finish cleanly (status %r); log:\n%s"
              % (chromium_status, chromium_log[-2000:]))
        final_page = open(env["INTEROP_CHROMIUM_DOM"]).read()
        check("<html" in final_page.lower(), "Chromium's final page is empty: %r" % final_page[:200])
        print("Chromium ended on: " + " ".join(final_page.split())[:300])

        auth = [e for e in fake.journal() if e["path"].startswith("/o/oauth2/")]
        check(auth and auth[0]["method"] == "GET" and auth[0]["status"] == 302,
              "the fake saw no browser GET of the authorization URL: %s" % auth)
        query = {p["name"]: p["value"] for p in auth[0]["query"]}
        check(query.get("redirect_uri", "").startswith("http://127.0.0.1:")
              and query.get("code_challenge_method") == "S256" and query.get("state"),
              "authorization request: %s" % query)
        check(not fake.violations(), "gauthflow committed violations: %s" % fake.violations())
        check(os.path.exists(credentials), "no credentials stored")

        ls = harness.Program([cli, "drive", "ls", "--format", "json"] + common, env=env)
        check(ls.finish(60) == 0, "gauthflow drive ls failed; " + ls.describe())
        listed = "".join(ls.stdout_lines)
        positions = [listed.find(name) for name in harness.expected_recent(5)]
        check(all(p >= 0 for p in positions) and positions == sorted(positions),
              "gauthflow drive ls did not list %s in order:\n%s" % (harness.expected_recent(5), listed))
    print("PASSED")


if __name__ == "__main__":
    main()
