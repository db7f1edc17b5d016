"""Test overrides: real PostgreSQL and Redis on loopback, fast password hashing, eager tasks.

Tests that need a real Celery worker use the `celery_on_redis` fixture (tests/fixtures/celery_redis.py),
which points Celery at Redis instead.
"""

import os

os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "test-only-key-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGHIJ")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/heatportal")
os.environ.setdefault("ALLOWED_HOSTS", "*")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")

from heatportal.settings import *  # noqa: E402, F403
from heatportal.settings import CELERY_BEAT_SCHEDULE  # noqa: E402, F401

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CELERY_TASK_ALWAYS_EAGER = True
CELERY_BROKER_URL = "memory://"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
EMAIL_RETRY_BASE_SECONDS = 1
# Serve static files straight from the finders (no collectstatic before tests).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
