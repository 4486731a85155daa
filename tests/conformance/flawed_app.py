#!/usr/bin/python3
"""A small installed app for the conformance tests: Google sign-in on the loopback redirect,
(or the device flow), then one Drive files.list, written to behave correctly except for the one
flaw it is given.

    flawed_app.py [--mode loopback|device|paste] [--flaw NAME]

Flaws (each one a check of `gauthflow-mockserver conformance` must flag):
  constant-state       the same state on every run (state_unique)
  no-pkce              no code_challenge (pkce_s256)
  any-state            accepts a callback (or a pasted address) whatever its state
                       (forged_code_rejected)
  code-twice           exchanges the authorization code twice (code_once)
  retry-invalid-grant  asks again after invalid_grant (no_invalid_grant_retry)
  token-in-query       sends the access token as ?access_token= (token_in_header)
  poll-fast            device mode: polls every second, whatever the interval and slow_down
                       (slow_down_honoured; device_interval_honoured warns)

It reads what the runner gives every app: GAUTHFLOW_CLIENT_SECRETS, GAUTHFLOW_DRIVE_URI,
GAUTHFLOW_DEVICE_AUTHORIZATION_URI and $BROWSER; it keeps its tokens in ./token.json (the runner's work directory). Standard library
only; every wait is bounded.
"""
import base64
import hashlib
import http.server
import json
import os
import secrets
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import webbrowser

FLAWS = ("constant-state", "no-pkce", "any-state", "code-twice", "retry-invalid-grant",
         "token-in-query", "poll-fast")
DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code"
DEVICE_SCOPE = "https://www.googleapis.com/auth/drive.file"  # Google allows drive.file here
SCOPE = "https://www.googleapis.com/auth/drive.metadata.readonly"
HTTP_TIMEOUT = 5        # seconds, every request
CALLBACK_TIMEOUT = 30   # seconds, waiting for the browser


def post_form(url, fields):
    body = urllib.parse.urlencode(fields).encode()
    request = urllib.request.Request(url, data=body, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=HTTP_TIMEOUT) as answer:
            return answer.status, json.load(answer), answer.headers
    except urllib.error.HTTPError as e:
        try:
            payload = json.load(e)
        except ValueError:
            payload = {}
        return e.code, payload, e.headers


def token_request(url, fields):
    """Three attempts on 429/5xx, 1 s then 2 s apart or as Retry-After says."""
    delay = 1.0
    for attempt in range(3):
        status, payload, headers = post_form(url, fields)
        if status not in (429, 500, 503) or attempt == 2:
            return status, payload
        wait = delay
        if headers.get("Retry-After", "").isdigit():
            wait = max(wait, float(headers["Retry-After"]))
        time.sleep(wait)
        delay *= 2
    return status, payload


def paste_redirect(authorization_url, state, flaw):
    """No browser here: print the URL, read the address the user's browser ended on."""
    print("Open this URL in a browser on any machine:\n    " + authorization_url, flush=True)
    print("Paste the address the browser ends on (it will not load): ", end="", flush=True)
    line = sys.stdin.readline().strip()
    query = dict(urllib.parse.parse_qsl(urllib.parse.urlparse(line).query))
    if query.get("state") != state and flaw != "any-state":
        sys.exit("state mismatch: the pasted address belongs to another sign-in")
    return query


def sign_in(client, flaw, mode):
    state = "state123" if flaw == "constant-state" else secrets.token_urlsafe(32)
    verifier = secrets.token_urlsafe(64)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    received = {}

    class Callback(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            query = dict(urllib.parse.parse_qsl(urllib.parse.urlparse(self.path).query))
            if query.get("state") != state and flaw != "any-state":
                self.send_response(400)
                self.end_headers()
                self.wfile.write(b"state mismatch: ignored")
                return
            received.update(query)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"done: return to the app")

        def log_message(self, *args):
            pass

    server = None if mode == "paste" else http.server.HTTPServer(("127.0.0.1", 0), Callback)
    redirect_uri = "http://127.0.0.1:8085/" if mode == "paste" else "http://127.0.0.1:%d/" % server.server_port
    params = {"client_id": client["client_id"], "redirect_uri": redirect_uri,
              "response_type": "code", "scope": SCOPE, "state": state,
              "access_type": "offline", "prompt": "consent"}
    if flaw != "no-pkce":
        params.update(code_challenge=challenge, code_challenge_method="S256")
    url = client["auth_uri"] + "?" + urllib.parse.urlencode(params)
    if mode == "paste":
        received.update(paste_redirect(url, state, flaw))
    else:
        webbrowser.open(url)
        server.timeout = 1
        deadline = time.monotonic() + CALLBACK_TIMEOUT
        while not received and time.monotonic() < deadline:
            server.handle_request()
        server.server_close()
    if not received:
        sys.exit("no callback within %d s" % CALLBACK_TIMEOUT)
    if "error" in received:
        sys.exit("sign-in failed: " + received["error"])
    fields = {"grant_type": "authorization_code", "code": received["code"],
              "redirect_uri": redirect_uri, "client_id": client["client_id"],
              "client_secret": client["client_secret"]}
    if flaw != "no-pkce":
        fields["code_verifier"] = verifier
    status, token = token_request(client["token_uri"], fields)
    if flaw == "code-twice":
        token_request(client["token_uri"], fields)
    if status != 200:
        sys.exit("code exchange failed: %d %s" % (status, token.get("error")))
    return token


def device_sign_in(client, flaw):
    """RFC 8628: a device code, then polls every `interval` s, 5 s more after each slow_down."""
    status, code, _ = post_form(os.environ["GAUTHFLOW_DEVICE_AUTHORIZATION_URI"],
                                {"client_id": client["client_id"], "scope": DEVICE_SCOPE})
    if status != 200:
        sys.exit("no device code: %d %s" % (status, code.get("error")))
    print("Visit %s and enter the code %s" % (code["verification_url"], code["user_code"]), flush=True)
    interval = code.get("interval", 5)
    deadline = time.monotonic() + min(code.get("expires_in", 1800), CALLBACK_TIMEOUT)
    while time.monotonic() < deadline:
        time.sleep(1 if flaw == "poll-fast" else interval)
        status, answer, _ = post_form(client["token_uri"], {
            "grant_type": DEVICE_GRANT, "device_code": code["device_code"],
            "client_id": client["client_id"], "client_secret": client["client_secret"]})
        if status == 200:
            return answer
        error = answer.get("error")
        if error == "slow_down":
            interval += 5
        elif error != "authorization_pending":
            sys.exit("sign-in failed: %s" % error)  # access_denied, expired_token: final
    sys.exit("the code was not approved within %d s" % CALLBACK_TIMEOUT)


def refresh(client, token, flaw):
    fields = {"grant_type": "refresh_token", "refresh_token": token["refresh_token"],
              "client_id": client["client_id"], "client_secret": client["client_secret"]}
    for _ in range(3 if flaw == "retry-invalid-grant" else 1):
        status, answer = token_request(client["token_uri"], fields)
        if status == 200:
            token.update(answer)
            return token
    print("sign-in needed: the refresh token was refused (%s)" % answer.get("error"))
    sys.exit(3)


def list_files(drive, token, flaw):
    url = drive + "files?pageSize=5"
    headers = {}
    if flaw == "token-in-query":
        url += "&access_token=" + urllib.parse.quote(token["access_token"])
    else:
        headers["Authorization"] = "Bearer " + token["access_token"]
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers),
                                    timeout=HTTP_TIMEOUT) as answer:
            return 200, json.load(answer)
    except urllib.error.HTTPError as e:
        return e.code, {}


def main():
    args = dict(zip(sys.argv[1::2], sys.argv[2::2]))
    flaw = args.pop("--flaw", None)
    mode = args.pop("--mode", "loopback")
    if flaw not in FLAWS + (None,) or mode not in ("loopback", "device", "paste") or args or len(sys.argv) % 2 == 0:
        sys.exit(__doc__)
    with open(os.environ["GAUTHFLOW_CLIENT_SECRETS"]) as f:
        client = json.load(f)["installed"]
    drive = os.environ["GAUTHFLOW_DRIVE_URI"]
    if os.path.exists("token.json"):
        with open("token.json") as f:
            token = json.load(f)
    else:
        token = device_sign_in(client, flaw) if mode == "device" else sign_in(client, flaw, mode)
    status, files = list_files(drive, token, flaw)
    if status == 401:
        token = refresh(client, token, flaw)
        status, files = list_files(drive, token, flaw)
    with open("token.json", "w") as f:
        json.dump(token, f)
    if status != 200:
        sys.exit("Drive answered %d" % status)
    for item in files.get("files", []):
        print(item["name"])


if __name__ == "__main__":
    main()
