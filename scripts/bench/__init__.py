"""`make bench` (python -m scripts.bench): issue 10's benchmark.

config (the environment), database (build, cache, copy), stack (gunicorn, Celery, SMTP), client
(HTTP with cookies and CSRF), targets (which pages, as whom), pages, mailing, run (one scale),
report and table (results.json, README).
"""
