"""Settings of the Celery workers that fault tests start in a subprocess (tests/fixtures/workers.py):
the test settings, with a real broker instead of eager tasks. Database, SMTP server and sweep
timings come from the environment the test sets (DATABASE_URL, SMTP_*, EMAIL_*)."""

import os

from heatportal.settings_test import *  # noqa: F403

CELERY_TASK_ALWAYS_EAGER = False
CELERY_BROKER_URL = os.environ["CELERY_BROKER_URL"]
