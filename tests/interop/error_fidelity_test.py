#!/usr/bin/python3
"""Interop 4: errors as Google's own clients see them, against gauthflow-mockserver.

- a revoked refresh token: google-auth's Credentials.refresh raises RefreshError, invalid_grant
  "Token has been expired or revoked." (also through googleapiclient, which refreshes on 401);
- a Drive call with a token lacking a Drive scope: googleapiclient's HttpError 403, reason
  insufficientPermissions;
- files.list with an orderBy Drive does not know: HttpError 400.
"""
import json

import harness
from harness import check

OPENID_EMAIL = ["openid", "https://www.googleapis.com/auth/userinfo.email"]


def http_error_details(error):
    body = json.loads(error.content.decode() if isinstance(error.content, bytes) else error.content)
    check("error" in body, "HttpError body is not Google's error shape: %s" % body)
    return body["error"]


def revoked_refresh_token(fake):
    import google.auth.transport.requests
    from google.auth.exceptions import RefreshError
    from googleapiclient.discovery import build
    from googleapiclient.errors import HttpError

    _, creds = harness.python_flow(fake, [harness.DRIVE_METADATA_READONLY])
    check(creds.refresh_token and creds.refresh_token.startswith("1//"),
          "no Google-style refresh token: %r" % creds.refresh_token)
    request = google.auth.transport.requests.Request()
    creds.refresh(request)  # works while the grant stands
    status, _, text = fake.request("POST", "/revoke", form={"token": creds.refresh_token})
    check(status == 200, "revoke answered %d %s" % (status, text))
    try:
        creds.refresh(request)
    except RefreshError as e:
        message = str(e)
        check("invalid_grant" in message and "Token has been expired or revoked." in message,
              "RefreshError says %r, Google says 'invalid_grant: Token has been expired or "
              "revoked.'" % message)
    else:
        harness.fail("refreshing a revoked refresh token raised no RefreshError")

    # googleapiclient with the same (revoked) credentials: the access token is revoked with the
    # grant, Drive answers 401, google-auth-httplib2 refreshes and that refresh fails.
    service = build("drive", "v3", credentials=creds, discoveryServiceUrl=fake.discovery_url)
    try:
        service.files().list(pageSize=5).execute()
    except RefreshError as e:
        check("invalid_grant" in str(e), "Drive call after revocation: %r" % str(e))
    except HttpError as e:
        harness.fail("Drive call after revocation: HttpError %s instead of RefreshError" % e)
    else:
        harness.fail("a Drive call with revoked credentials succeeded")
    statuses = [(e["path"], e["status"]) for e in fake.journal()
                if e["path"] in ("/drive/v3/files", "/token")][-2:]
    check(statuses == [("/drive/v3/files", 401), ("/token", 400)],
          "expected Drive 401 then a failed refresh, the journal has %s" % statuses)


def insufficient_scope(fake):
    from googleapiclient.discovery import build
    from googleapiclient.errors import HttpError
    _, creds = harness.python_flow(fake, OPENID_EMAIL)
    service = build("drive", "v3", credentials=creds, discoveryServiceUrl=fake.discovery_url)
    try:
        service.files().list(orderBy="modifiedByMeTime desc", pageSize=5).execute()
    except HttpError as e:
        check(e.resp.status == 403, "no Drive scope: HttpError %d, Google answers 403" % e.resp.status)
        error = http_error_details(e)
        reasons = [x.get("reason") for x in error.get("errors", [])]
        check(reasons == ["insufficientPermissions"],
              "no Drive scope: reasons %s, Google says insufficientPermissions" % reasons)
        check(error.get("message") == "Request had insufficient authentication scopes.",
              "no Drive scope: message %r" % error.get("message"))
        check("insufficient authentication scopes" in str(e), "HttpError text: %s" % e)
    else:
        harness.fail("files.list with only %s succeeded" % OPENID_EMAIL)


def bad_order_by(fake):
    from googleapiclient.discovery import build
    from googleapiclient.errors import HttpError
    _, creds = harness.python_flow(fake, [harness.DRIVE_METADATA_READONLY])
    service = build("drive", "v3", credentials=creds, discoveryServiceUrl=fake.discovery_url)
    try:
        service.files().list(orderBy="sizeInBytes desc", pageSize=5).execute()
    except HttpError as e:
        check(e.resp.status == 400, "bad orderBy: HttpError %d, Google answers 400" % e.resp.status)
        error = http_error_details(e)
        first = (error.get("errors") or [{}])[0]
        check(first.get("location") == "orderBy" and first.get("locationType") == "parameter",
              "bad orderBy: the error does not name the parameter: %s" % error)
        print("bad orderBy ->", e)
    else:
        harness.fail("files.list(orderBy='sizeInBytes desc') succeeded")


def main():
    harness.require_modules("google_auth_oauthlib.flow", "googleapiclient.discovery",
                            "google_auth_httplib2", "google.auth.transport.requests")
    with harness.FakeGoogle(tls=True) as fake:
        harness.use_fake_ca(fake)
        revoked_refresh_token(fake)
        insufficient_scope(fake)
        bad_order_by(fake)
    print("PASSED")


if __name__ == "__main__":
    main()
