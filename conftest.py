# Fixtures shared by every test folder (tests/ and each app's tests/). Order matters: a plugin
# listed later overrides fixtures of the same name, so ours (celery_config, ...) come last.
pytest_plugins = ("celery.contrib.pytest", "tests.fixtures")
