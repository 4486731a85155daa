#!/usr/bin/python3
"""A stand-in for the user's web browser, for $BROWSER: Python's webbrowser module runs it with
the authorization URL, as it would run firefox.

Like a real browser launcher it returns at once (webbrowser.open waits for the command, and
google-auth-oauthlib only starts answering on its loopback port after open() returns), and the
"user" carries on in a detached child: it loads the URL, clicks Allow on the fake's consent page
(or Deny, with INTEROP_BROWSER_DECISION=deny), and follows the redirect to the application's
loopback receiver. It trusts $INTEROP_CA_FILE (the fake's self-signed certificate) and logs to
$INTEROP_BROWSER_LOG.
"""
import os
import ssl
import subprocess
import sys
import traceback
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))


def browse(url):
    import harness
    context = ssl.create_default_context(cafile=os.environ.get("INTEROP_CA_FILE") or None)
    opener = urllib.request.build_opener(urllib.request.HTTPSHandler(context=context))
    with opener.open(url, timeout=30) as resp:
        page = resp.read().decode()
        page_url = resp.geturl()
    log("loaded %s" % page_url.split("?")[0])
    if "<form" in page:
        decision = os.environ.get("INTEROP_BROWSER_DECISION", "allow")
        with harness.submit_consent(page, page_url, decision=decision, opener=opener) as resp:
            resp.read()
            log("%s -> %s %d" % (decision, resp.geturl().split("?")[0], resp.status))


def log(message):
    path = os.environ.get("INTEROP_BROWSER_LOG")
    if path:
        with open(path, "a") as f:
            f.write(message + "\n")


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--user":
        try:
            browse(sys.argv[2])
        except Exception:
            log("browser failed:\n" + traceback.format_exc())
            return 1
        return 0
    if len(sys.argv) != 2:
        print("usage: approving_browser.py URL", file=sys.stderr)
        return 2
    subprocess.Popen([sys.executable, os.path.abspath(__file__), "--user", sys.argv[1]],
                     start_new_session=True, stdin=subprocess.DEVNULL,
                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return 0


if __name__ == "__main__":
    sys.exit(main())
