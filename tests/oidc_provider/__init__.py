"""A real OpenID Connect provider for the tests (django-oauth-toolkit), run in a subprocess on
loopback by tests/fixtures/oidc.py: its own settings, SQLite database and RSA key."""
