"""heatportal settings, read from the environment.

With nothing set the portal runs on its embedded default: SQLite, Celery tasks run in-process,
email written to var/mail/. Production sets DATABASE_URL, REDIS_URL, SMTP_* and SECRET_KEY.
A malformed value raises ImproperlyConfigured at start-up rather than misbehaving later.
"""

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _
from kombu import Queue

from heatportal.env import env, env_bool, env_int, env_secret
from heatportal.settings_access import *  # noqa: F403
from heatportal.settings_access import OIDC_ENABLED, OIDC_OP_AUTHORIZATION_ENDPOINT, check_oidc, oidc_origin

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

DEBUG = env_bool("DEBUG", default=False)
SECRET_KEY = env_secret("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set SECRET_KEY (or SECRET_KEY_FILE), or DEBUG=true for development.")
    SECRET_KEY = "dev-only-insecure-key-never-use-in-production-0123456789abcdef"  # noqa: S105

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "heatportal.apps.PortalStaticFilesConfig",
    "django.contrib.humanize",
    "django.forms",
    "django_htmx",
    # Imports every app's rules.py at start-up: each app registers its own permission rules.
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    "axes",
    "heatportal.apps.HeatportalConfig",
    "heatportal.mail",
    "heatportal.audit",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "mozilla_django_oidc",
    "accounts",
    "municipalities",
    "sessions.apps.SessionsConfig",
    "labs",
    "people",
    "outcomes",
    "progress",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Before anything that reads the session cookie or the database: refuses NUL bytes.
    "heatportal.middleware.EdgeMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Right after authentication, so it also sees the answers of everything below it.
    "heatportal.middleware.PrivateCacheMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After messages (its logout says why): ends a session idle for SESSION_IDLE_TIMEOUT_SECONDS.
    "accounts.middleware.IdleTimeoutMiddleware",
    # Marks request.user as verified when this session passed the second factor.
    "django_otp.middleware.OTPMiddleware",
    # Sends those who need the second factor, and have not given it this session, to it.
    "accounts.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django_ratelimit.middleware.RatelimitMiddleware",
    # Last: turns a login that django-axes refused into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "heatportal.urls"
WSGI_APPLICATION = "heatportal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "heatportal.navigation.navigation",
                "accounts.context_processors.organisation_login",
            ],
            "builtins": ["django.templatetags.i18n", "django.templatetags.static"],
        },
    },
]

# --- Database -----------------------------------------------------------------------------
VAR_DIR.mkdir(exist_ok=True)
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'heatportal.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("CONN_MAX_AGE", env_int("DB_CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache (rate limits, shared between web processes) -----------------------------------
# Only rate-limit counters live here (sessions and login lockouts are in the database). With Redis
# unreachable the cache answers as empty within the socket timeouts and limits let requests through
# (RATELIMIT_FAIL_OPEN): an outage costs rate limiting, never a page or a login.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "heatportal.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25, "RETRY_AFTER": 5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Accounts -----------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out login before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24  # a reset link works for one day
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "accounts.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Sessions, second factor, organisation login --------------------------------------------
# A session ends after this long without a request (BIO: accounts.middleware.IdleTimeoutMiddleware).
SESSION_IDLE_TIMEOUT_SECONDS = env_int("SESSION_IDLE_TIMEOUT_SECONDS", default=2 * 60 * 60)
SESSION_COOKIE_AGE = SESSION_IDLE_TIMEOUT_SECONDS
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="Warmteportaal")

# --- Language and time --------------------------------------------------------------------
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

# --- Static files (from npm packages, never from a CDN) -------------------------------------
# static/vendor/heatportal.css is built from the Utrecht packages by scripts/build-css.mjs (make deps,
# the Dockerfile's assets stage): only the tokens and component rules the templates use.
STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))  # never served: labs' materials
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/htmx", BASE_DIR / "node_modules/htmx.org/dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# --- Email --------------------------------------------------------------------------------
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Warmteportaal <noreply@warmteportaal.nl>")
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
SMTP_HOST = env.str("SMTP_HOST", default="")
EMAIL_FILE_DIR = Path(env.str("EMAIL_FILE_DIR", default=str(VAR_DIR / "mail")))
# SMTP_SSL (TLS from the first byte, port 465) and SMTP_STARTTLS (port 587) exclude each other;
# STARTTLS is on unless SMTP_SSL is chosen; asking for both stops the start, not every send.
SMTP_SSL = env_bool("SMTP_SSL", default=False)
SMTP_STARTTLS = env_bool("SMTP_STARTTLS", default=not SMTP_SSL)
if SMTP_SSL and SMTP_STARTTLS:
    raise ImproperlyConfigured("Set SMTP_SSL=true or SMTP_STARTTLS=true, not both (465 uses SSL, 587 STARTTLS).")
if SMTP_HOST:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": SMTP_HOST,
                "port": env_int("SMTP_PORT", default=465 if SMTP_SSL else 587),
                "username": env.str("SMTP_USER", default="") or None,
                "password": env_secret("SMTP_PASSWORD", default="") or None,
                "use_tls": SMTP_STARTTLS,
                "use_ssl": SMTP_SSL,
                "timeout": env_int("SMTP_TIMEOUT", default=20),
            },
        }
    }
else:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": str(EMAIL_FILE_DIR)},
        }
    }
# How often a message is tried before it is marked failed, and the first retry delay.
EMAIL_MAX_ATTEMPTS = env_int("EMAIL_MAX_ATTEMPTS", default=5)
EMAIL_RETRY_BASE_SECONDS = env_int("EMAIL_RETRY_BASE_SECONDS", default=60)
# Recovery of what a broker or a worker lost (the sweep runs every EMAIL_SWEEP_SECONDS):
# a queued message nobody picked up for EMAIL_SWEEP_QUEUED_SECONDS is handed to the broker again
# (harmless if a worker still has it: claiming is a conditional update); a message in sending for
# longer than EMAIL_IN_FLIGHT_SECONDS belonged to a worker that died. No attempt can outlive that
# limit: send_email is killed at two thirds of it (CELERY_TASK_ANNOTATIONS), well past SMTP_TIMEOUT.
EMAIL_SWEEP_SECONDS = env_int("EMAIL_SWEEP_SECONDS", default=60)
EMAIL_SWEEP_QUEUED_SECONDS = env_int("EMAIL_SWEEP_QUEUED_SECONDS", default=60)
EMAIL_IN_FLIGHT_SECONDS = env_int("EMAIL_IN_FLIGHT_SECONDS", default=90)
EMAIL_SWEEP_BATCH = env_int("EMAIL_SWEEP_BATCH", default=1000)
# Queued or sending and unchanged for this long: the outbox and session pages say it is waiting.
EMAIL_STALLED_AFTER_SECONDS = env_int("EMAIL_STALLED_AFTER_SECONDS", default=60)
# Invitations requested but not yet in the outbox after this long lost their queueing task.
INVITATIONS_LOST_AFTER_SECONDS = env_int("INVITATIONS_LOST_AFTER_SECONDS", default=60)
if SMTP_HOST and env_int("SMTP_TIMEOUT", default=20) * 2 > EMAIL_IN_FLIGHT_SECONDS // 2:
    raise ImproperlyConfigured("EMAIL_IN_FLIGHT_SECONDS must be at least four times SMTP_TIMEOUT.")
# Mail servers throttle: at most this many messages a minute from each mail worker (Celery counts
# rate limits per worker). Empty: none. Messages queued together go out EMAIL_BATCH_SIZE to a
# task over one SMTP connection, never more than a minute's allowance.
_rate = env.str("EMAIL_RATE_LIMIT_PER_MINUTE", default="").strip()
EMAIL_RATE_LIMIT_PER_MINUTE = env_int("EMAIL_RATE_LIMIT_PER_MINUTE", default=0) if _rate else None
EMAIL_BATCH_SIZE = min(env_int("EMAIL_BATCH_SIZE", default=100), EMAIL_RATE_LIMIT_PER_MINUTE or 1000)
if EMAIL_BATCH_SIZE < 1 or (EMAIL_RATE_LIMIT_PER_MINUTE is not None and EMAIL_RATE_LIMIT_PER_MINUTE < 1):
    raise ImproperlyConfigured("EMAIL_RATE_LIMIT_PER_MINUTE (empty for none) and EMAIL_BATCH_SIZE must be positive.")

# --- Celery -------------------------------------------------------------------------------
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A worker keeps trying to reach a broker that went away, however long it takes.
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
# Publishing from a web request must fail fast when the broker is down or hangs (the work is
# stored and the sweep sends it later): about a second, not kombu's default of waiting forever.
CELERY_BROKER_CONNECTION_TIMEOUT = 1
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 1,
    "socket_timeout": 2,  # above the worker's 1 s BRPOP poll
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}
# After a failed publish, skip further ones in the same process for this long (logged each time).
ENQUEUE_PAUSE_AFTER_BROKER_ERROR_SECONDS = env_int("ENQUEUE_PAUSE_AFTER_BROKER_ERROR_SECONDS", default=5)
# Mail has a queue and a worker of its own (docker-compose.yml `mail-worker`): a fan-out never waits
# behind other work, nor other work behind it. A worker started without -Q takes both. Each queue
# its own routing key, or Celery binds both to the default one and a message lands in both.
CELERY_TASK_QUEUES = (Queue("celery", routing_key="celery"), Queue("mail", routing_key="mail"))
CELERY_TASK_DEFAULT_QUEUE = "celery"
EMAIL_TASKS = ("heatportal.mail.tasks.send_email", "heatportal.mail.tasks.send_email_batch")
CELERY_TASK_ROUTES = dict.fromkeys(EMAIL_TASKS, {"queue": "mail"})
# A batch claims no row after a quarter of EMAIL_IN_FLIGHT_SECONDS, so it has one message's limits.
_limits = {"soft_time_limit": EMAIL_IN_FLIGHT_SECONDS // 2, "time_limit": EMAIL_IN_FLIGHT_SECONDS * 2 // 3}
CELERY_TASK_ANNOTATIONS = {name: dict(_limits) for name in EMAIL_TASKS}
for _name, _messages in zip(EMAIL_TASKS, (1, EMAIL_BATCH_SIZE), strict=True):  # a batch counts as its size
    if EMAIL_RATE_LIMIT_PER_MINUTE:
        CELERY_TASK_ANNOTATIONS[_name]["rate_limit"] = f"{EMAIL_RATE_LIMIT_PER_MINUTE / _messages:g}/m"
CELERY_TIMEZONE = TIME_ZONE
# Beat keeps its schedule in memory, not in a shelve file: every job is an idempotent sweep over
# the database, and no file a busy machine can fail to lock ("locking protocol" killed beat once).
CELERY_BEAT_SCHEDULER = "celery.beat:Scheduler"
CELERY_BEAT_SCHEDULE = {
    # Every minute, so nothing a broker or worker lost waits more than about two minutes.
    "mail-requeue-stuck": {
        "task": "heatportal.mail.tasks.requeue_stuck_emails",
        "schedule": float(EMAIL_SWEEP_SECONDS),
    },
    "sessions-queue-lost-invitations": {
        "task": "sessions.tasks.queue_lost_invitations",
        "schedule": float(EMAIL_SWEEP_SECONDS),
    },
    "sessions-send-due-messages": {"task": "sessions.tasks.send_due_messages", "schedule": 600.0},
    "audit-purge": {"task": "heatportal.audit.tasks.purge_old_actions", "schedule": 86400.0},
    "labs-process-due": {"task": "labs.tasks.process_due", "schedule": 600.0},
    "progress-monthly-digest": {"task": "progress.tasks.send_monthly_digests", "schedule": 3600.0},
    "progress-deadlines": {"task": "progress.tasks.refresh_deadlines", "schedule": 24 * 3600.0},  # daily
    # Daily; access reviews go out only in ACCESS_REVIEW_MONTH, once a year per approver.
    "people-send-access-reviews": {"task": "people.tasks.send_access_reviews", "schedule": 24 * 3600.0},
    # Daily; anonymises what is past its retention period (heatportal/retention.py), idempotent.
    "retention-apply": {"task": "heatportal.tasks.retention_apply", "schedule": 24 * 3600.0},
}

# --- Security -----------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True  # htmx sends the token from the page (hx-headers), never reads the cookie
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    # Inline style attributes are allowed (progress bars, map colours); scripts never inline.
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
# The lockout (AXES_*), the organisation login (OIDC_*) and retention periods: settings_access.py.
if OIDC_ENABLED:
    check_oidc()
    AUTHENTICATION_BACKENDS.append("accounts.oidc.OrganisationOIDCBackend")
    # A form that starts the organisation login (the invitation page's button) ends, through
    # redirects, at the provider: browsers hold every hop of a form's redirects to form-action.
    SECURE_CSP["form-action"].append(oidc_origin(OIDC_OP_AUTHORIZATION_ENDPOINT))
BEHIND_TLS_PROXY = env_bool("BEHIND_TLS_PROXY", default=False)
# Drive the production-like stack (DEBUG=false) over plain http on this machine: HTTP clients do
# not send Secure cookies over http, so without this no form post (CSRF) or login works there.
# Refused unless every allowed host is loopback, so it can never reach a real deployment.
INSECURE_COOKIES_FOR_LOCAL_HTTP = env_bool("INSECURE_COOKIES_FOR_LOCAL_HTTP", default=False)
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
if INSECURE_COOKIES_FOR_LOCAL_HTTP and not DEBUG and not set(ALLOWED_HOSTS) <= LOOPBACK_HOSTS:
    raise ImproperlyConfigured(
        "INSECURE_COOKIES_FOR_LOCAL_HTTP=true is only for loopback: ALLOWED_HOSTS may then contain only "
        f"127.0.0.1, localhost and ::1 (got {', '.join(ALLOWED_HOSTS) or 'nothing'})."
    )
if not DEBUG:
    secure_cookies = not INSECURE_COOKIES_FOR_LOCAL_HTTP
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True) and secure_cookies
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SESSION_COOKIE_SECURE = secure_cookies
    CSRF_COOKIE_SECURE = secure_cookies
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    if BEHIND_TLS_PROXY:
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

RATELIMIT_VIEW = "heatportal.views.ratelimited"
# A dead Redis answers "no count": let the request through rather than refuse everyone.
RATELIMIT_FAIL_OPEN = True
# Behind the TLS proxy every request comes from the proxy: rate limits and login lockouts key on
# the client address the proxy appended to X-Forwarded-For instead.
RATELIMIT_IP_META_KEY = "heatportal.views.client_ip" if BEHIND_TLS_PROXY else None
AXES_CLIENT_IP_CALLABLE = "heatportal.views.client_ip" if BEHIND_TLS_PROXY else "heatportal.views.remote_addr"

# Every handler masks tokens in URL paths and drops query strings (heatportal/logmask.py): a
# request line or "Not Found: <path>" must not hand out an answer, offer, feed or reset link.
# django.server (runserver's request lines) gets its own masked handler instead of Django's.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"mask_tokens": {"()": "heatportal.logmask.TokenMaskFilter"}},
    "formatters": {
        "django.server": {"()": "django.utils.log.ServerFormatter", "format": "[{server_time}] {message}", "style": "{"}
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["mask_tokens"]},
        "django.server": {"class": "logging.StreamHandler", "formatter": "django.server", "filters": ["mask_tokens"]},
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
        # django-axes reports every login and clean-up at INFO; lockouts (WARNING) are what matter.
        "axes": {"level": "WARNING"},
    },
}

# SQLite (the embedded default) cannot build NULLS NOT DISTINCT; PostgreSQL, used in production
# and tests, does. Services look rows up before creating them, so SQLite stays consistent too.
SILENCED_SYSTEM_CHECKS = ["models.W047"]

FORM_RENDERER = "heatportal.forms.PortalFormRenderer"
