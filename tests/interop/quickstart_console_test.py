#!/usr/bin/python3
"""Interop 2: the seed's run_console() (OOB) flow. The Python program prints the authorization
URL and waits at "Enter the authorization code: "; a scripted user opens the URL, clicks Allow,
copies the code from the fake's OOB page and types it at the prompt (the program's stdin).
"""
import json
import os
import sys

import harness
from harness import check

HERE = os.path.dirname(os.path.abspath(__file__))
PROMPT_URL = "Please visit this URL to authorize this application: "


def main():
    harness.require_modules("google_auth_oauthlib.flow", "googleapiclient.discovery",
                            "google_auth_httplib2")
    with harness.FakeGoogle(tls=True) as fake:
        program = harness.Program(
            [sys.executable, "-u", os.path.join(HERE, "drive_quickstart.py"),
             fake.client_secrets_file(), fake.discovery_url, "console"], env=fake.client_env())
        line = program.wait_for_line(lambda l: l.startswith(PROMPT_URL), 30,
                                     "the authorization URL")
        url = line[len(PROMPT_URL):].strip()
        check("redirect_uri=urn%3Aietf%3Awg%3Aoauth%3A2.0%3Aoob" in url,
              "run_console did not ask for the OOB redirect: " + url)
        code = harness.oob_code(fake, url)
        check(code.startswith("4/0A"), "the OOB code %r does not look like Google's" % code)
        program.send(code + "\n")
        exit_code = program.finish(60)
        check(exit_code == 0, "the program failed (exit %d); %s" % (exit_code, program.describe()))
        output = program.stdout_lines
        stdout = "".join(output)
        check("Enter the authorization code: Your five" in stdout,
              "the program did not prompt for the code; " + program.describe())
        result = json.loads([l for l in output if l.startswith("RESULT ")][-1][7:])
        names = [f["name"] for f in result["files"]]
        check(names == harness.expected_recent(5),
              "OOB flow listed %s, expected %s" % (names, harness.expected_recent(5)))
        token = [e for e in fake.journal() if e["path"] == "/token"]
        form = {p["name"]: p["value"] for p in token[0]["form"]}
        check(form.get("redirect_uri") == "urn:ietf:wg:oauth:2.0:oob", "token request %s" % form)
        print(stdout)
    print("PASSED")


if __name__ == "__main__":
    main()
