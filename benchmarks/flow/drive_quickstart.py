#!/usr/bin/python3
"""The seed's Python example, as benchmarks/flow.sh times it beside `gauthflow login` +
`gauthflow drive ls`: Google's installed-app flow (google-auth-oauthlib's run_local_server, the
browser is $BROWSER) and Drive client (googleapiclient's files().list), pointed at a fake
Google by the client_secret.json's auth_uri/token_uri and the discovery URL.

    drive_quickstart.py CLIENT_SECRET_JSON DISCOVERY_URL

Run it with Debian's /usr/bin/python3 (python3-google-auth-oauthlib, python3-googleapi). The
fake is plain http on loopback, so it needs OAUTHLIB_INSECURE_TRANSPORT=1 in the environment.
"""
import sys

from google_auth_oauthlib.flow import InstalledAppFlow
from googleapiclient.discovery import build

SCOPES = ["https://www.googleapis.com/auth/drive.metadata.readonly"]


def main(client_secrets, discovery_url):
    flow = InstalledAppFlow.from_client_secrets_file(client_secrets, SCOPES)
    creds = flow.run_local_server(port=0)
    service = build("drive", "v3", credentials=creds, discoveryServiceUrl=discovery_url)
    results = service.files().list(orderBy="modifiedByMeTime desc", pageSize=5).execute()
    items = results.get("files", [])
    if not items:
        print("No files found.")
    for item in items:
        print("{0} ({1})".format(item["name"], item["id"]))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
