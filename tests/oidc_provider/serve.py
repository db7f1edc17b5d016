"""Start the test OpenID Connect provider: `python -m tests.oidc_provider.serve STATE_DIR`.

Generates an RSA key, migrates a fresh SQLite database, registers the portal as a confidential
client and the people in STATE_DIR/setup.json, then serves on a free loopback port and prints
`PORT <n>` once it listens.
"""

import json
import os
import sys
from pathlib import Path
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server


class _Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):  # noqa: A002
        pass


def _write_key(state: Path) -> None:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    (state / "rsa.pem").write_bytes(pem)


def _register(setup: dict) -> None:
    from django.contrib.auth.models import Group, User
    from oauth2_provider.models import Application

    unverified = Group.objects.create(name="unverified")
    for person in setup["users"]:
        user = User.objects.create_user(
            username=person["username"],
            email=person["email"],
            password=person["password"],
            first_name=person.get("first_name", ""),
            last_name=person.get("last_name", ""),
        )
        if not person.get("email_verified", True):
            user.groups.add(unverified)
    client = setup["client"]
    Application.objects.create(
        name="Warmteportaal (test)",
        client_id=client["client_id"],
        client_secret=client["client_secret"],
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=client["redirect_uri"],
        algorithm=Application.RS256_ALGORITHM,
        skip_authorization=client.get("skip_authorization", False),
    )


def main() -> None:
    state = Path(sys.argv[1])
    os.environ["OP_STATE_DIR"] = str(state)
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.oidc_provider.settings"
    _write_key(state)

    import django

    django.setup()
    from django.core.management import call_command
    from django.core.wsgi import get_wsgi_application

    call_command("migrate", verbosity=0, interactive=False)
    _register(json.loads((state / "setup.json").read_text()))
    server = make_server("127.0.0.1", 0, get_wsgi_application(), server_class=_Server, handler_class=_QuietHandler)
    print(f"PORT {server.server_port}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
