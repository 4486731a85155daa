#!/usr/bin/python3
"""Interop: the fake's id_tokens verified by google-auth (google.oauth2.id_token.verify_token),
with the signing certificates from the fake's /oauth2/v1/certs (the format google-auth 1.x
reads), and — with gauthflow-mockserver --id-token-issuer=https://accounts.google.com — passing
the issuer check Google's documentation tells applications to make.
"""
import harness
from harness import check

GOOGLE_ISSUERS = ("accounts.google.com", "https://accounts.google.com")


def verify(fake):
    import google.auth.transport.requests
    from google.oauth2 import id_token
    _, creds = harness.python_flow(fake, ["openid", "https://www.googleapis.com/auth/userinfo.email"])
    check(creds.id_token, "no id_token for the openid scope")
    request = google.auth.transport.requests.Request()
    info = id_token.verify_token(creds.id_token, request, audience=harness.CLIENT_ID,
                                 certs_url=fake.base + "/oauth2/v1/certs")
    check(info["aud"] == harness.CLIENT_ID and info["email"] == harness.USER
          and info["email_verified"] is True, "id_token claims: %s" % info)
    # A token whose signature does not match is refused.
    header, payload, signature = creds.id_token.split(".")
    forged = ".".join([header, payload, signature[:-4] + ("AAAA" if signature[-4:] != "AAAA" else "BBBB")])
    try:
        id_token.verify_token(forged, request, audience=harness.CLIENT_ID,
                              certs_url=fake.base + "/oauth2/v1/certs")
    except ValueError:
        pass
    else:
        harness.fail("google-auth accepted an id_token with a broken signature")
    return info


def main():
    harness.require_modules("google_auth_oauthlib.flow", "google.oauth2.id_token",
                            "google.auth.transport.requests")
    with harness.FakeGoogle(tls=True) as fake:
        harness.use_fake_ca(fake)
        info = verify(fake)
        check(info["iss"] == fake.base, "default iss %r, expected the base URL" % info["iss"])
    with harness.FakeGoogle(tls=True, extra_args=["--id-token-issuer=https://accounts.google.com"]) as fake:
        harness.use_fake_ca(fake)
        info = verify(fake)
        # google-auth's documented check (google/oauth2/id_token.py).
        check(info["iss"] in GOOGLE_ISSUERS, "iss %r is not Google's" % info["iss"])
    print("PASSED")


if __name__ == "__main__":
    main()
