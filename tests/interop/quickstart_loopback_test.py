#!/usr/bin/python3
"""Interop 1: the seed's example — Google's InstalledAppFlow.run_local_server(port=0) and
googleapiclient's Drive v3 — against gauthflow-mockserver, unchanged except for where it points.

A $BROWSER stand-in opens the authorization URL and clicks Allow on the fake's consent page.
Runs twice: as the example is (google-auth-oauthlib 0.4.x sends no PKCE; run_local_server's
default host "localhost"), and with PKCE on (autogenerate_code_verifier) and host="127.0.0.1"
as RFC 8252 §8.3 recommends. Where "localhost" does not resolve (a bare debootstrap has no
/etc/hosts) Google's library cannot bind it, so the first run also uses 127.0.0.1, and says so. Then shows the fake enforces PKCE against Google's own client:
a tampered or missing verifier is refused as Google refuses it.
"""
import json
import os
import socket
import subprocess
import sys

import harness
from harness import check

HERE = os.path.dirname(os.path.abspath(__file__))


def run_quickstart(fake, pkce, host):
    env = fake.client_env()
    env["BROWSER"] = os.path.join(HERE, "approving_browser.py")
    env["INTEROP_BROWSER_LOG"] = os.path.join(fake.workdir, "browser.log")
    args = [sys.executable, os.path.join(HERE, "drive_quickstart.py"), fake.client_secrets_file(),
            fake.discovery_url, "local" if host == "localhost" else "local@" + host] + (
                ["pkce"] if pkce else [])
    try:
        run = subprocess.run(args, env=env, capture_output=True, text=True, timeout=60)
    except subprocess.TimeoutExpired as e:
        harness.fail("the quickstart did not finish in 60 s; output: %s %s" % (e.stdout, e.stderr))
    browser_log = open(env["INTEROP_BROWSER_LOG"]).read() if os.path.exists(
        env["INTEROP_BROWSER_LOG"]) else "(none)"
    check(run.returncode == 0, "the quickstart failed (exit %d):\n%s\n%s\nbrowser log:\n%s"
          % (run.returncode, run.stdout, run.stderr, browser_log))
    result_lines = [l for l in run.stdout.splitlines() if l.startswith("RESULT ")]
    check(result_lines, "no RESULT line in the quickstart's output:\n" + run.stdout)
    print(run.stdout)
    return json.loads(result_lines[-1][len("RESULT "):])


def query_of(entry):
    return {p["name"]: p["value"] for p in entry["query"]}


def form_of(entry):
    return {p["name"]: p["value"] for p in entry["form"]}


def localhost_resolves():
    try:
        socket.getaddrinfo("localhost", 0)
        return True
    except socket.gaierror:
        return False


def check_run(fake, pkce, host):
    fake.admin("POST", "reset")
    result = run_quickstart(fake, pkce, host)
    names = [f["name"] for f in result["files"]]
    check(names == harness.expected_recent(5),
          "files.list(orderBy='modifiedByMeTime desc', pageSize=5) gave %s, the seeded data "
          "says %s" % (names, harness.expected_recent(5)))
    check(result["has_refresh_token"], "access_type=offline consent gave no refresh token")
    check(result["scopes"] == [harness.DRIVE_METADATA_READONLY], "scopes %s" % result["scopes"])

    journal = fake.journal()
    auth = [e for e in journal if e["path"] == "/o/oauth2/auth"]
    token = [e for e in journal if e["path"] == "/token"]
    listing = [e for e in journal if e["path"] == "/drive/v3/files"]
    check(len(auth) == 1 and len(token) == 1 and len(listing) == 1,
          "expected one authorization, one token and one files.list request: %s"
          % [e["path"] for e in journal])
    q = query_of(auth[0])
    check(q["redirect_uri"].startswith("http://%s:" % host) and q["access_type"] == "offline",
          "authorization request: %s" % q)
    check(token[0]["status"] == 200, "token exchange answered %d" % token[0]["status"])
    check(query_of(listing[0]).get("orderBy") == "modifiedByMeTime desc", "files.list %s" % listing)
    kinds = {v["kind"] for v in fake.violations()}
    # RFC 8252 §8.3 recommends 127.0.0.1 over "localhost"; the fake reports the latter.
    check(("localhost_redirect" in kinds) == (host == "localhost"), "violations: %s" % kinds)
    if pkce:
        check(q.get("code_challenge_method") == "S256" and "code_challenge" in q,
              "PKCE on, but the authorization request has no S256 challenge: %s" % q)
        check("code_verifier" in form_of(token[0]),
              "PKCE on, but the token request has no code_verifier: %s" % form_of(token[0]))
        check("no_pkce" not in kinds, "the fake reports no_pkce although PKCE was on: %s" % kinds)
    else:
        check("code_challenge" not in q, "google-auth-oauthlib 0.4 sent PKCE unasked: %s" % q)
        check("no_pkce" in kinds, "the fake did not report the missing PKCE: %s" % kinds)


def check_pkce_enforced(fake):
    """Google's own client with a wrong, then without, its code_verifier: refused as Google does."""
    from google_auth_oauthlib.flow import InstalledAppFlow
    from oauthlib.oauth2.rfc6749.errors import InvalidGrantError
    harness.use_fake_ca(fake)
    for tamper, description in (("wrong", "Invalid code verifier."),
                                ("missing", "Missing code verifier.")):
        flow = InstalledAppFlow.from_client_secrets_file(
            fake.client_secrets_file(), [harness.DRIVE_METADATA_READONLY],
            autogenerate_code_verifier=True)
        flow.redirect_uri = "urn:ietf:wg:oauth:2.0:oob"
        url, _ = flow.authorization_url()
        code = harness.oob_code(fake, url)
        flow.code_verifier = "x" * 64 if tamper == "wrong" else None
        try:
            flow.fetch_token(code=code)
        except InvalidGrantError as e:
            check(e.description == description,
                  "%s verifier: error_description %r, Google says %r"
                  % (tamper, e.description, description))
        else:
            harness.fail("the fake accepted a %s PKCE code_verifier" % tamper)


def main():
    harness.require_modules("google_auth_oauthlib.flow", "googleapiclient.discovery",
                            "google_auth_httplib2")
    with harness.FakeGoogle(tls=True) as fake:
        default_host = "localhost"
        if not localhost_resolves():
            default_host = "127.0.0.1"
            print("NOTE: 'localhost' does not resolve here (no /etc/hosts entry): "
                  "run_local_server's default host cannot work, using host='127.0.0.1'")
        check_run(fake, pkce=False, host=default_host)
        check_run(fake, pkce=True, host="127.0.0.1")
        check_pkce_enforced(fake)
    print("PASSED")


if __name__ == "__main__":
    main()
