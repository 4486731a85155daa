"""Shared helpers for the interop tests: start and stop gauthflow-mockserver, its admin API,
and a scripted user who clicks through the fake's consent page.

Standard library only. Every wait is bounded; nothing sleeps to synchronise.
"""

import html.parser
import json
import os
import shutil
import ssl
import subprocess
import sys
import tempfile
import threading
import urllib.error
import urllib.parse
import urllib.request

SKIP = 77  # ctest SKIP_RETURN_CODE of every interop test

CLIENT_ID = "interop.apps.googleusercontent.com"
CLIENT_SECRET = "GOCSPX-interop-secret"
USER = "alice@example.com"
OTHER_USER = "bob@example.com"
DRIVE_METADATA_READONLY = "https://www.googleapis.com/auth/drive.metadata.readonly"


def skip(message):
    print("SKIPPED: " + message, flush=True)
    sys.exit(SKIP)


def fail(message):
    print("FAILED: " + message, flush=True)
    sys.exit(1)


def check(condition, message):
    if not condition:
        fail(message)


def require_modules(*names):
    """Skips the test (exit 77) when one of Google's Debian Python packages is missing."""
    import importlib
    for name in names:
        try:
            importlib.import_module(name)
        except ImportError as e:
            skip("%s is not importable (%s): install the Debian package with ci/install-deps.sh"
                 % (name, e))


def mockserver_binary():
    path = os.environ.get("GAUTHFLOW_MOCKSERVER")
    check(path and os.access(path, os.X_OK),
          "GAUTHFLOW_MOCKSERVER must name the gauthflow-mockserver executable (ctest sets it)")
    return path


# Drive files of the fake user. modifiedByMeTime decides the order the quickstart must see;
# modifiedTime is deliberately in a different order, so that sorting by the wrong key shows.
def seeded_files():
    names = [
        ("f01", "Budget 2026.xlsx", "application/vnd.google-apps.spreadsheet"),
        ("f02", "Holiday photos", "application/vnd.google-apps.folder"),
        ("f03", "Meeting notes", "application/vnd.google-apps.document"),
        ("f04", "scan-0042.pdf", "application/pdf"),
        ("f05", "Roadmap", "application/vnd.google-apps.presentation"),
        ("f06", "todo.txt", "text/plain"),
        ("f07", "cat.jpg", "image/jpeg"),
        ("f08", "Old draft", "application/vnd.google-apps.document"),
    ]
    by_me_days = [11, 3, 27, 8, 19, 1, 14, 5]       # day of month of modifiedByMeTime
    modified_days = [2, 28, 4, 26, 6, 24, 8, 22]    # another order entirely
    files = []
    for (file_id, name, mime), by_me, modified in zip(names, by_me_days, modified_days):
        files.append({
            "id": file_id, "name": name, "mimeType": mime,
            "createdTime": "2026-01-01T09:00:00.000Z",
            "modifiedTime": "2026-03-%02dT10:00:00.000Z" % modified,
            "modifiedByMeTime": "2026-03-%02dT10:00:00.000Z" % by_me,
            "parents": ["root"],
        })
    return files


def expected_recent(count=5):
    files = sorted(seeded_files(), key=lambda f: f["modifiedByMeTime"], reverse=True)
    return [f["name"] for f in files[:count]]


def default_config():
    return {
        "clients": [{
            "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET, "type": "installed",
            "name": "Interop Quickstart",
            "redirect_uris": ["http://127.0.0.1", "http://localhost", "urn:ietf:wg:oauth:2.0:oob",
                              "urn:ietf:wg:oauth:2.0:oob:auto"],
        }],
        "users": [
            {"email": USER, "name": "Alice Example", "given_name": "Alice",
             "family_name": "Example"},
            {"email": OTHER_USER, "name": "Bob Example", "given_name": "Bob",
             "family_name": "Example"},
        ],
        "files": {USER: seeded_files(), OTHER_USER: []},
    }


class FakeGoogle:
    """gauthflow-mockserver as a process on 127.0.0.1, port 0.

    tls=True serves HTTPS with a throw-away self-signed certificate for 127.0.0.1 (made with the
    openssl command), as Google's clients expect https endpoints; `ca_file` is that certificate.
    """

    def __init__(self, tls=True, auto_approve=None, config=None, extra_args=(), start_timeout=20):
        self.workdir = tempfile.mkdtemp(prefix="gauthflow-interop-")
        self.tls = tls
        self.ca_file = None
        self.context = None
        self.lines = []
        config_path = os.path.join(self.workdir, "fake-config.json")
        with open(config_path, "w") as f:
            json.dump(config if config is not None else default_config(), f)
        args = [mockserver_binary(), "--port=0", "--host=127.0.0.1", "--config=" + config_path,
                "--threads=4"]
        if tls:
            self.ca_file, key = self._make_certificate()
            args += ["--tls-cert=" + self.ca_file, "--tls-key=" + key]
            self.context = ssl.create_default_context(cafile=self.ca_file)
        if auto_approve is not None:
            args.append("--auto-approve" + ("=" + auto_approve if auto_approve else ""))
        args += list(extra_args)
        self.process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                        text=True)
        first = _read_line_with_timeout(self.process.stdout, start_timeout)
        if not first or not first.startswith("http"):
            err = self.process.stderr.read() if self.process.poll() is not None else ""
            self.stop()
            fail("gauthflow-mockserver did not print its base URL (got %r) %s" % (first, err))
        self.base = first.strip()
        # Keep draining its output so that it can never block on a full pipe.
        threading.Thread(target=self._drain, daemon=True).start()

    def _make_certificate(self):
        if not shutil.which("openssl"):
            skip("the openssl command is missing (Debian package openssl): cannot serve HTTPS")
        cert = os.path.join(self.workdir, "fake-google.pem")
        key = os.path.join(self.workdir, "fake-google.key")
        run = subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-sha256", "-days", "2",
             "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
             "-addext", "basicConstraints=critical,CA:TRUE",
             "-keyout", key, "-out", cert], capture_output=True, text=True, timeout=60)
        check(run.returncode == 0, "openssl req failed: " + run.stderr)
        return cert, key

    def _drain(self):
        for line in self.process.stdout:
            self.lines.append(line)

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        shutil.rmtree(self.workdir, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()
        return False

    # --- files a Google client reads -----------------------------------------------------

    def client_secrets_file(self, path=None):
        """A client_secret.json as the Cloud Console downloads it, pointing at the fake."""
        path = path or os.path.join(self.workdir, "client_secret.json")
        with open(path, "w") as f:
            json.dump({"installed": {
                "client_id": CLIENT_ID,
                "project_id": "gauthflow-interop",
                "auth_uri": self.base + "/o/oauth2/auth",
                "token_uri": self.base + "/token",
                "auth_provider_x509_cert_url": self.base + "/oauth2/v1/certs",
                "client_secret": CLIENT_SECRET,
                "redirect_uris": ["http://localhost"],
            }}, f, indent=2)
        return path

    @property
    def discovery_url(self):
        # googleapiclient's DISCOVERY_URI template, on the fake.
        return self.base + "/discovery/v1/apis/{api}/{apiVersion}/rest"

    def client_env(self):
        """Environment for a Google client process: trust the fake's certificate."""
        env = dict(os.environ)
        if self.ca_file:
            env["REQUESTS_CA_BUNDLE"] = self.ca_file   # google-auth, requests-oauthlib
            env["HTTPLIB2_CA_CERTS"] = self.ca_file    # googleapiclient (httplib2)
            env["INTEROP_CA_FILE"] = self.ca_file      # approving_browser.py
        return env

    # --- HTTP -------------------------------------------------------------------------------

    def request(self, method, path_or_url, body=None, headers=None, form=None):
        """(status, headers, body text); HTTP errors are answers too. Never follows redirects."""
        url = path_or_url if "://" in path_or_url else self.base + path_or_url
        data = None
        headers = dict(headers or {})
        if form is not None:
            data = urllib.parse.urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        elif body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        req = urllib.request.Request(url, data=data, method=method, headers=headers)
        opener = urllib.request.build_opener(_NoRedirect(),
                                             urllib.request.HTTPSHandler(context=self.context))
        try:
            with opener.open(req, timeout=30) as resp:
                return resp.status, resp.headers, resp.read().decode()
        except urllib.error.HTTPError as e:
            return e.code, e.headers, e.read().decode()

    def admin(self, method, path, body=None):
        status, _, text = self.request(method, "/__admin/" + path, body=body)
        check(200 <= status < 300, "admin %s %s: %d %s" % (method, path, status, text))
        return json.loads(text) if text else {}

    def journal(self):
        return self.admin("GET", "journal")["entries"]

    def violations(self):
        return self.admin("GET", "violations")["violations"]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _read_line_with_timeout(stream, timeout):
    result = []
    reader = threading.Thread(target=lambda: result.append(stream.readline()), daemon=True)
    reader.start()
    reader.join(timeout)
    return result[0] if result else None


# --- a scripted user ---------------------------------------------------------------------------

class _FormParser(html.parser.HTMLParser):
    """Collects the forms of a page: action, method, inputs and submit buttons."""

    def __init__(self):
        super().__init__()
        self.forms = []
        self.title = ""
        self._in_title = False
        self._textarea = None
        self.textareas = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append({"action": a.get("action", ""), "method": a.get("method", "get"),
                               "inputs": [], "buttons": []})
        elif tag == "input" and self.forms:
            self.forms[-1]["inputs"].append(a)
        elif tag == "button" and self.forms:
            self.forms[-1]["buttons"].append(a)
        elif tag == "title":
            self._in_title = True
        elif tag == "textarea":
            self._textarea = a.get("id", "")
            self.textareas[self._textarea] = ""

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        if self._textarea is not None:
            self.textareas[self._textarea] += data


def parse_page(text):
    parser = _FormParser()
    parser.feed(text)
    return parser


def submit_consent(page_text, page_url, decision="allow", account=None, opener=None):
    """Fills in the consent form as a person would: picks the account (default: the one the page
    pre-selected), presses Allow or Deny. Returns the HTTP answer of the form POST."""
    page = parse_page(page_text)
    forms = [f for f in page.forms if any(b.get("value") == decision for b in f["buttons"])]
    check(forms, "no consent form with a %r button on the page titled %r" % (decision, page.title))
    form = forms[0]
    fields = []
    radios = [i for i in form["inputs"] if i.get("type") == "radio"]
    for i in form["inputs"]:
        if i.get("type") == "hidden":
            fields.append((i["name"], i.get("value", "")))
    if radios:
        chosen = [r for r in radios if r.get("value") == account] if account else \
                 [r for r in radios if "checked" in r] or radios[:1]
        check(chosen, "account %r is not offered on the consent page" % account)
        fields.append((chosen[0]["name"], chosen[0]["value"]))
    button = [b for b in form["buttons"] if b.get("value") == decision][0]
    fields.append((button["name"], button["value"]))
    action = urllib.parse.urljoin(page_url, form["action"])
    data = urllib.parse.urlencode(fields).encode()
    req = urllib.request.Request(action, data=data, method=form["method"].upper(),
                                 headers={"Content-Type": "application/x-www-form-urlencoded"})
    return (opener or urllib.request.build_opener()).open(req, timeout=30)


def approve(fake, authorization_url, decision="allow", account=None):
    """A person opening the authorization URL and answering the consent page. Returns the page
    the browser ends on as (url, title, textareas, text): for an OOB redirect URI the fake's code
    page. Redirects to a loopback receiver are not followed (there is none in-process)."""
    opener = urllib.request.build_opener(_NoRedirect(),
                                         urllib.request.HTTPSHandler(context=fake.context))
    with opener.open(authorization_url, timeout=30) as resp:
        page_text = resp.read().decode()
    try:
        resp = submit_consent(page_text, authorization_url, decision, account, opener)
    except urllib.error.HTTPError as e:
        if e.code in (301, 302, 303):
            return e.headers["Location"], "", {}, ""
        raise
    with resp:
        text = resp.read().decode()
        page = parse_page(text)
        return resp.geturl(), page.title.strip(), page.textareas, text


def oob_code(fake, authorization_url, account=None):
    """Approves and reads the code off the fake's OOB page, as a person copying it would."""
    _, title, textareas, _ = approve(fake, authorization_url, account=account)
    check(title.startswith("Success code="), "the OOB page's title is %r" % title)
    code = textareas.get("code", "").strip()
    check(code and title == "Success code=" + code,
          "the code on the OOB page (%r) differs from its title (%r)" % (code, title))
    return code


def python_flow(fake, scopes, **kwargs):
    """google-auth-oauthlib's InstalledAppFlow on the fake, OOB redirect, approved by a scripted
    user; returns (flow, credentials)."""
    from google_auth_oauthlib.flow import InstalledAppFlow
    flow = InstalledAppFlow.from_client_secrets_file(fake.client_secrets_file(), scopes, **kwargs)
    flow.redirect_uri = "urn:ietf:wg:oauth:2.0:oob"
    url, _ = flow.authorization_url(prompt="consent")
    flow.fetch_token(code=oob_code(fake, url))
    return flow, flow.credentials


def use_fake_ca(fake):
    """Makes Google's clients in this process trust the fake's certificate."""
    for name, value in fake.client_env().items():
        if name in ("REQUESTS_CA_BUNDLE", "HTTPLIB2_CA_CERTS", "INTEROP_CA_FILE"):
            os.environ[name] = value
    # httplib2 reads HTTPLIB2_CA_CERTS once, when it is imported.
    if "httplib2" in sys.modules and fake.ca_file:
        sys.modules["httplib2"].CA_CERTS = fake.ca_file


class Program:
    """A child process whose stdout arrives line by line on a queue and whose stderr is collected
    in the background, so that waiting on one never blocks on the other."""

    def __init__(self, args, **kwargs):
        import queue
        self._queue = queue.Queue()
        self.stdout_lines = []
        self._stderr = []
        self.process = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, text=True, **kwargs)
        threading.Thread(target=self._pump_stdout, daemon=True).start()
        self._stderr_thread = threading.Thread(target=self._pump_stderr, daemon=True)
        self._stderr_thread.start()

    def _pump_stdout(self):
        for line in self.process.stdout:
            self.stdout_lines.append(line)
            self._queue.put(line)
        self._queue.put(None)

    def _pump_stderr(self):
        for line in self.process.stderr:
            self._stderr.append(line)

    @property
    def stderr(self):
        return "".join(self._stderr)

    def describe(self):
        return "stdout:\n%s\nstderr:\n%s" % ("".join(self.stdout_lines), self.stderr)

    def wait_for_line(self, predicate, timeout, what):
        """The first stdout line for which predicate(line) holds; fails after `timeout` seconds
        in all, or when the program ends first."""
        import queue
        import time
        deadline = time.monotonic() + timeout
        while True:
            try:
                line = self._queue.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                self.kill()
                fail("no %s within %d s; %s" % (what, timeout, self.describe()))
            if line is None:
                self.process.wait(timeout=10)
                fail("the program ended (exit %s) before printing %s; %s"
                     % (self.process.returncode, what, self.describe()))
            if predicate(line):
                return line

    def send(self, text):
        self.process.stdin.write(text)
        self.process.stdin.flush()

    def finish(self, timeout):
        """Waits for the exit; returns the exit code. Fails (after killing) on a timeout."""
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            fail("the program did not end within %d s; %s" % (timeout, self.describe()))
        self._stderr_thread.join(timeout=10)
        return self.process.returncode

    def kill(self):
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)
