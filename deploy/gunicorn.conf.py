"""gunicorn for the web container (Dockerfile CMD, docker-compose.yml `web`): gunicorn -c deploy/gunicorn.conf.py.

The access log never holds a secret: the format prints the path without its query string (%(U)s,
not the request line %(r)s) and no referrer, and the logger masks the token in answer, offer,
calendar-feed and password-reset paths (heatportal.logmask).
"""

import os

wsgi_app = "heatportal.wsgi"
bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
# Caddy's reverse_proxy waits for an answer without limit (only dialing times out, after 3 s), so
# this is what ends a request that hangs: 60 s, not gunicorn's 30 s default, which cut off a paste
# of 2,000 invitees before it was saved. Every page answers in well under a few seconds; anything
# longer runs as a Celery task. The Dockerfile CMD and the compose `web` command pass the same value.
timeout = 60
accesslog = "-"
errorlog = "-"
logger_class = "heatportal.logmask.GunicornLogger"
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(M)sms "%(a)s"'
