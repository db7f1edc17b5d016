# Fixtures shared by every test folder (tests/ and each app's tests/), one module per concern
# (tests/fixtures/__init__.py lists them). Order matters: a plugin listed later overrides fixtures
# of the same name, so ours (celery_config, ...) come after celery's; and a module comes after
# those it imports, or pytest cannot rewrite its asserts.
pytest_plugins = (
    "celery.contrib.pytest",
    "tests.fixtures.world",
    "tests.fixtures.browser",
    "tests.fixtures.celery_redis",
    "tests.fixtures.servers",
    "tests.fixtures.smtp",
    "tests.fixtures.workers",
    "tests.fixtures.scale",
    "tests.fixtures.oidc",
    "tests.fixtures.otp",
    "tests.fixtures.media",
)
