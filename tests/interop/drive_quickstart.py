#!/usr/bin/python3
"""The seed's example, unchanged except for where it points: Google's own installed-app flow
and Drive client, with the client_secret.json and the discovery URL of a fake Google.

    drive_quickstart.py CLIENT_SECRET_JSON DISCOVERY_URL local|local@HOST|console [pkce]

`local` is run_local_server(port=0) (the browser is $BROWSER; its default host, "localhost"),
`local@127.0.0.1` the same with host="127.0.0.1", `console` the OOB flow run_console() (the code
is typed at the prompt). `pkce` turns on PKCE the way
google-auth-oauthlib 0.4.x offers it (autogenerate_code_verifier; 1.0+ does it by default).
The last line printed is `RESULT <json>` with the files for the test to compare.
"""
import json
import sys

from google_auth_oauthlib.flow import InstalledAppFlow
from googleapiclient.discovery import build

SCOPES = ["https://www.googleapis.com/auth/drive.metadata.readonly"]


def main(client_secrets, discovery_url, mode, pkce=False):
    kwargs = {"autogenerate_code_verifier": True} if pkce else {}
    flow = InstalledAppFlow.from_client_secrets_file(client_secrets, SCOPES, **kwargs)
    if mode == "local":
        creds = flow.run_local_server(port=0)
    elif mode.startswith("local@"):
        creds = flow.run_local_server(host=mode[len("local@"):], port=0)
    else:
        creds = flow.run_console()

    service = build("drive", "v3", credentials=creds, discoveryServiceUrl=discovery_url)
    results = service.files().list(orderBy="modifiedByMeTime desc", pageSize=5).execute()
    files = results.get("files", [])
    print("Your five most recently modified files:")
    for f in files:
        print("  %s (%s)" % (f["name"], f["id"]))
    print("RESULT " + json.dumps({"files": files,
                                  "has_refresh_token": bool(creds.refresh_token),
                                  "scopes": sorted(creds.scopes or [])}), flush=True)


if __name__ == "__main__":
    if len(sys.argv) not in (4, 5) or sys.argv[3].split("@")[0] not in ("local", "console"):
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2], sys.argv[3], len(sys.argv) == 5 and sys.argv[4] == "pkce")
