#!/usr/bin/python3
"""Interop 3: the credentials file between gauthflow and Google's Python libraries.

gauthflow -> Python: the file `gauthflow login` writes is read by google-auth's
Credentials.from_authorized_user_file, refreshed at the fake's token endpoint, and used by
googleapiclient to list Drive files.

Python -> gauthflow: google-auth-oauthlib's own tool (google-oauthlib-tool --save --headless)
writes its credentials file; `gauthflow drive ls --credentials FILE` loads it, refreshes at its
token_uri and lists the files; google-auth can still read the file afterwards. (google-auth 1.5.1, Debian 12's, has no Credentials.to_json; where a newer google-auth
has it, its output is checked too.)
"""
import json
import os
import stat
import subprocess
import sys

import harness
from harness import check

CLI = os.environ.get("GAUTHFLOW_CLI", "")
GOOGLE_TOKEN_URI = "https://oauth2.googleapis.com/token"


def drive_names(result):
    return [f["name"] for f in result.get("files", [])]


def gauthflow_to_python(fake):
    import google.auth.transport.requests
    from google.oauth2.credentials import Credentials
    from googleapiclient.discovery import build

    path = os.path.join(fake.workdir, "gauthflow", "credentials.json")
    run = subprocess.run(
        [CLI, "login", "--client-secrets", fake.client_secrets_file(), "--scopes",
         "drive.metadata.readonly", "--scripted-browser", "allow", "--timeout", "30"]
        + cli_globals(fake, path), capture_output=True, text=True, timeout=60)
    check(run.returncode == 0, "gauthflow login failed (exit %d): %s" % (run.returncode, run.stderr))
    mode = stat.S_IMODE(os.stat(path).st_mode)
    check(mode == 0o600, "gauthflow wrote the credentials with mode %o, not 600" % mode)
    stored = json.load(open(path))
    check(stored.get("type") == "authorized_user", "gauthflow's file: %s" % sorted(stored))

    creds = Credentials.from_authorized_user_file(path)
    check(creds.refresh_token == stored["refresh_token"] and creds.client_id == harness.CLIENT_ID
          and creds.client_secret == harness.CLIENT_SECRET,
          "google-auth read other values than gauthflow wrote")
    if creds.token_uri != stored["token_uri"]:
        # google-auth up to 1.x sets Google's token endpoint whatever the file says; the public
        # constructor is how the library lets a caller name another one.
        check(creds.token_uri == GOOGLE_TOKEN_URI, "token_uri %r" % creds.token_uri)
        print("google-auth ignored the file's token_uri (%s); re-pointed through the "
              "Credentials constructor" % creds.token_uri)
        creds = Credentials(None, refresh_token=creds.refresh_token,
                            token_uri=stored["token_uri"], client_id=creds.client_id,
                            client_secret=creds.client_secret, scopes=stored.get("scopes"))
    fake.admin("DELETE", "journal")
    creds.refresh(google.auth.transport.requests.Request())
    check(creds.token and creds.token != stored.get("token"), "the refresh gave no new access token")
    refresh = [e for e in fake.journal() if e["path"] == "/token"]
    check(len(refresh) == 1 and refresh[0]["status"] == 200 and
          {"name": "grant_type", "value": "refresh_token"} in refresh[0]["form"],
          "expected one refresh_token grant at the fake, the journal has %s" % refresh)
    service = build("drive", "v3", credentials=creds, discoveryServiceUrl=fake.discovery_url)
    result = service.files().list(orderBy="modifiedByMeTime desc", pageSize=5).execute()
    check(drive_names(result) == harness.expected_recent(5),
          "Drive with gauthflow's credentials listed %s" % drive_names(result))
    print("gauthflow -> google-auth: OK (%s)" % ", ".join(sorted(stored)))


def cli_globals(fake, credentials):
    return ["--endpoint-base", fake.base, "--ca-file", fake.ca_file, "--credentials", credentials]


def gauthflow_uses(fake, path, what):
    from google.oauth2.credentials import Credentials
    fake.admin("DELETE", "journal")
    run = subprocess.run([CLI, "drive", "ls", "--format", "json"] + cli_globals(fake, path),
                         capture_output=True, text=True, timeout=60)
    check(run.returncode == 0, "gauthflow drive ls could not use %s (exit %d): %s"
          % (what, run.returncode, run.stderr))
    names = drive_names(json.loads(run.stdout))
    check(names == harness.expected_recent(5), "gauthflow with %s listed %s" % (what, names))
    grants = [p["value"] for e in fake.journal() if e["path"] == "/token"
              for p in e["form"] if p["name"] == "grant_type"]
    check(grants == ["refresh_token"], "gauthflow should refresh once at the file's token_uri: %s"
          % grants)
    # Whatever gauthflow stored back, Google's library still reads it.
    again = Credentials.from_authorized_user_file(path)
    check(again.refresh_token and again.client_id == harness.CLIENT_ID,
          "google-auth cannot read %s after gauthflow used it" % path)
    print("%s -> gauthflow: OK" % what)


def python_tool_to_gauthflow(fake):
    path = os.path.join(fake.workdir, "google-oauthlib-tool", "credentials.json")
    tool = harness.Program(
        [sys.executable, "-m", "google_auth_oauthlib.tool", "--client-secrets",
         fake.client_secrets_file(), "--scope", harness.DRIVE_METADATA_READONLY, "--save",
         "--credentials", path, "--headless"], env=fake.client_env())
    prompt = "Please visit this URL to authorize this application: "
    line = tool.wait_for_line(lambda l: l.startswith(prompt), 30, "the authorization URL")
    tool.send(harness.oob_code(fake, line[len(prompt):].strip()) + "\n")
    check(tool.finish(60) == 0, "google-oauthlib-tool failed; " + tool.describe())
    written = json.load(open(path))
    check(written.get("token_uri") == fake.base + "/token" and "type" not in written,
          "google-oauthlib-tool's file: %s" % written)
    gauthflow_uses(fake, path, "google-oauthlib-tool's file (%s)" % ", ".join(sorted(written)))


def python_to_json_to_gauthflow(fake):
    from google.oauth2.credentials import Credentials
    if not hasattr(Credentials, "to_json"):
        print("this google-auth has no Credentials.to_json (newer versions have it): "
              "its format is not checked")
        return
    _, creds = harness.python_flow(fake, [harness.DRIVE_METADATA_READONLY])
    path = os.path.join(fake.workdir, "to_json.json")
    with open(path, "w") as f:
        f.write(creds.to_json())
    gauthflow_uses(fake, path, "Credentials.to_json's file")


def main():
    harness.require_modules("google_auth_oauthlib.flow", "google_auth_oauthlib.tool",
                            "googleapiclient.discovery", "google_auth_httplib2",
                            "google.auth.transport.requests")
    check(os.access(CLI, os.X_OK), "GAUTHFLOW_CLI must name the gauthflow executable")
    with harness.FakeGoogle(tls=True) as fake:
        harness.use_fake_ca(fake)
        gauthflow_to_python(fake)
        python_tool_to_gauthflow(fake)
        python_to_json_to_gauthflow(fake)
    print("PASSED")


if __name__ == "__main__":
    main()
