"""Settings for Community Leadership Grants, read from the environment.

Without any variable set this is the embedded default: SQLite, Celery tasks run in
process, emails printed and written under var/mail/. Production (DJANGO_ENV=production)
refuses to start without SECRET_KEY and ALLOWED_HOSTS.
"""

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

from .schedule import BEAT_SCHEDULE

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

PRODUCTION = env("DJANGO_ENV", default="development") == "production"
DEBUG = env.bool("DEBUG", default=not PRODUCTION)

if PRODUCTION:
    SECRET_KEY = env("SECRET_KEY")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
else:
    SECRET_KEY = env("SECRET_KEY", default="dev-only-not-secret-" + "x" * 40)
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])

INSTALLED_APPS = [
    "config.apps.GrantsAdminConfig",  # django.contrib.admin on the project site (config/admin.py)
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_countries",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "leadership",
    "programs",
    "applications",
    "grants",
    "notifications",
]

MIDDLEWARE = [
    "config.middleware.RequestIdMiddleware",  # outermost: every response and failure log line has the id
    "django.middleware.security.SecurityMiddleware",
    # Above whitenoise, so static files and every error page carry the policies too.
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "config.middleware.RequestSizeLimitMiddleware",  # before CSRF, the first to read the body
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The second factor and idle sign-out, enforced right after the user is known.
    "django_otp.middleware.OTPMiddleware",
    "leadership.middleware.IdleSessionMiddleware",
    "leadership.middleware.SecondFactorMiddleware",
    "leadership.middleware.ConsentMiddleware",  # after the second factor: the notice comes next
    "leadership.middleware.UserPreferencesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "django_ratelimit.middleware.RatelimitMiddleware",
    "applications.access_log.AccessLogMiddleware",  # who read which application, one INSERT per request
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Databases: SQLite file by default; DATABASE_URL (postgres://...) for real use and CI.
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE takes the write lock at BEGIN, so select_for_update-style critical sections
    # (award caps, seat counts) serialise on SQLite as they do on PostgreSQL.
    DATABASES["default"].setdefault("OPTIONS", {})["transaction_mode"] = "IMMEDIATE"
    DATABASES["default"]["OPTIONS"].setdefault("timeout", 20)
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # PostgreSQL's JIT compiles any query its planner thinks costly: the 100k-row award report
        # spent 4 of its 7 s compiling. Pages and exports here are many short plans; off by default.
        DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
            "options", f"-c jit={'on' if env.bool('POSTGRES_JIT', default=False) else 'off'}"
        )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "leadership.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # ModelBackend, reading the user, their roles and their second factor in one query.
    "leadership.backends.UserBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "landing"  # on to where each person works: leadership.workplaces
LOGOUT_REDIRECT_URL = "home"

# Rate limits: django-axes locks an account/address pair after repeated failed log-ins;
# sign-up and password reset are limited per address and per account with django-ratelimit.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_USERNAME_FORM_FIELD = "username"
RATELIMIT_VIEW = "leadership.views.accounts.rate_limited"
RATELIMIT_ENABLE = env.bool("RATELIMIT_ENABLE", default=True)
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"] if not env("REDIS_URL", default="") else []

# Internationalisation: English (default) and French ship; times stored in UTC and shown
# in each user's own time zone (see leadership.middleware).
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=str(VAR_DIR / "staticfiles"))
# Uploads live outside static/ and are served only through permission-checked views.
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(VAR_DIR / "uploads"))
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024

# Attachments go to the default storage, which every web host and worker must reach: MEDIA_ROOT
# on a shared file system, or an object store chosen here without code changes, e.g.
# STORAGE_BACKEND=storages.backends.s3.S3Storage STORAGE_OPTIONS='{"bucket_name": "grants"}'
# (with django-storages installed). See README, "Adding web hosts and workers".
STORAGES = {
    "default": {
        "BACKEND": env("STORAGE_BACKEND", default="django.core.files.storage.FileSystemStorage"),
        "OPTIONS": env.json("STORAGE_OPTIONS", default={}),
    },
    "staticfiles": {
        "BACKEND": (
            "config.static_storage.StaticFilesStorage"  # whitenoise's, each URL computed once
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Caches: Redis when available (shared rate-limit counters across web hosts), else memory.
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": env("CACHE_URL", default=REDIS_URL),
        }
    }
    # Sessions stay rows in the database (sign-out and idle sign-out end them everywhere), read
    # through the cache: one Redis GET instead of a query on every signed-in request.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Email: console + files under var/mail/ by default, SMTP via EMAIL_URL.
EMAIL_FILE_PATH = env.path("EMAIL_FILE_PATH", default=str(VAR_DIR / "mail"))
if env("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = env("EMAIL_BACKEND", default="notifications.backends.ConsoleAndFileBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Community Leadership Grants <grants@example.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_TIMEOUT = 20
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

# Celery: a real broker with REDIS_URL, otherwise tasks run in process.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = "UTC"
# A broker outage must fail fast: only the outbox relay publishes email tasks, and it retries.
CELERY_TASK_PUBLISH_RETRY = False
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 2,
    "socket_timeout": 3,
    "max_retries": 0,
    "visibility_timeout": 3600,
}
# The outbox (notifications/README.md): a worker owns a row it sends for the lease, so a
# killed one is retried after it; a row handed to the broker but not taken within the
# handoff (a lost task) is handed over again by the relay.
NOTIFICATIONS_LEASE_SECONDS = env.int("NOTIFICATIONS_LEASE_SECONDS", default=300)
NOTIFICATIONS_HANDOFF_SECONDS = env.int("NOTIFICATIONS_HANDOFF_SECONDS", default=120)
# Periodic tasks: config/schedule.py.
CELERY_BEAT_SCHEDULE = BEAT_SCHEDULE

# Retention (applications/retention.py): declined, ineligible and withdrawn applications are
# anonymised this long after their round's decisions; unsubmitted drafts are deleted after this
# long without a save, never sooner than the warning period after their admins were emailed.
RETENTION_MONTHS_AFTER_DECISION = env.int("RETENTION_MONTHS_AFTER_DECISION", default=24)
RETENTION_DRAFT_INACTIVE_MONTHS = env.int("RETENTION_DRAFT_INACTIVE_MONTHS", default=12)
RETENTION_DRAFT_WARNING_DAYS = 30

# Security: Django's protections on; production adds HTTPS-only cookies and HSTS.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# Content-Security-Policy (django-csp 4): scripts only from our own static files, never inline,
# so injected markup cannot run. Inline <style> elements are refused too; style *attributes* are
# allowed because the admin's email preview (a srcdoc iframe, which inherits this policy) shows
# the email's inline styles, and progress bars set their width from data. CSP_REPORT_ONLY=true
# sends the same policy as Content-Security-Policy-Report-Only, to try a change on live traffic.
# With DEBUG on, django-csp leaves Django's own 404 and 500 debug pages (inline code) alone.
csp_policy = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "report-uri": env("CSP_REPORT_URI", default="") or None,
    }
}
if env.bool("CSP_REPORT_ONLY", default=False):
    CONTENT_SECURITY_POLICY_REPORT_ONLY = csp_policy
else:
    CONTENT_SECURITY_POLICY = csp_policy
# Permissions-Policy: the site needs no device or sensor; passkeys and the clipboard stay ours.
unused_features = (
    "accelerometer autoplay browsing-topics camera display-capture encrypted-media gamepad geolocation "
    "gyroscope hid idle-detection local-fonts magnetometer microphone midi payment picture-in-picture "
    "screen-wake-lock serial usb xr-spatial-tracking"
)
PERMISSIONS_POLICY: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(unused_features.split(), ()),
    "clipboard-write": ("self",),
    "fullscreen": ("self",),
    "publickey-credentials-create": ("self",),
    "publickey-credentials-get": ("self",),
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "config.middleware.RequestIdLogFilter"}},
    "formatters": {"plain": {"format": "%(levelname)s %(name)s request_id=%(request_id)s %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["request_id"], "formatter": "plain"}
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

# Award reports: an XLSX above this many rows is built by a Celery task while staff wait;
# the file stays under MEDIA_ROOT/exports/ for EXPORT_FILE_HOURS, fetchable only by its requester.
EXPORT_BACKGROUND_ROWS = env.int("EXPORT_BACKGROUND_ROWS", default=3000)
EXPORT_FILE_HOURS = 24
# Duplicate and fraud flags (applications.flags): how many communities one account may create
# within how many minutes before it is flagged.
FLAGS_BURST_MINUTES = env.int("FLAGS_BURST_MINUTES", default=60)
FLAGS_BURST_COUNT = env.int("FLAGS_BURST_COUNT", default=3)


# Data rights (leadership/privacy): a person's ZIP of their data can be fetched for this many
# days from its email; beat deletes the file after that.
PRIVACY_EXPORT_LINK_DAYS = env.int("PRIVACY_EXPORT_LINK_DAYS", default=7)

# Uploads: a request whose Content-Length is over MAX_REQUEST_BYTES is answered 413 before its
# body is read (config.middleware). The largest attachment plus room for the form's other
# fields; set the TLS proxy's limit to match (nginx: client_max_body_size 12m).
MAX_REQUEST_BYTES = env.int("MAX_REQUEST_BYTES", default=MAX_ATTACHMENT_BYTES + 2 * 1024 * 1024)

# Health: /healthz (process alive) and /readyz (database, broker, outbox, beat) for load
# balancers; plain-HTTP probes are not redirected. Beat records a heartbeat every minute.
READYZ_MAX_OUTBOX_AGE = env.int("READYZ_MAX_OUTBOX_AGE", default=300)  # seconds an email may wait
READYZ_MAX_BEAT_AGE = env.int("READYZ_MAX_BEAT_AGE", default=180)  # seconds since beat's last heartbeat
READYZ_BROKER_TIMEOUT = 1.0  # seconds for the Redis PING
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]

# Error reporting: Sentry when SENTRY_DSN is set, off otherwise. No personal data is sent.
SENTRY_DSN = env("SENTRY_DSN", default="")
if SENTRY_DSN:
    import sentry_sdk

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=env("SENTRY_ENVIRONMENT", default="production" if PRODUCTION else "development"),
        send_default_pii=False,
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
    )
# Second factor and idle sessions (issue 10). Superusers, program staff and reviewers verify
# a TOTP code (django-otp) before any page; applicants may turn it on from their profile.
# leadership.middleware enforces both, right after AuthenticationMiddleware.
OTP_TOTP_ISSUER = "Community Leadership Grants"
# django-otp's own back-off (1 s, 2 s, 4 s ...) is off: leadership.services.second_factor
# allows MFA_FAILURE_LIMIT wrong codes, then one try per MFA_LOCKOUT_SECONDS, and says so.
OTP_TOTP_THROTTLE_FACTOR = 0
OTP_STATIC_THROTTLE_FACTOR = 0
MFA_FAILURE_LIMIT = env.int("MFA_FAILURE_LIMIT", default=5)
MFA_LOCKOUT_SECONDS = env.int("MFA_LOCKOUT_SECONDS", default=900)
MFA_BACKUP_CODE_COUNT = 10
# Signed out after this long without a request: staff and reviewers move money and read every
# application, applicants only their own. Activity is written to the session at most once per
# SESSION_ACTIVITY_RESOLUTION_SECONDS so autosave does not rewrite the session row each time.
SESSION_IDLE_STAFF_SECONDS = env.int("SESSION_IDLE_STAFF_SECONDS", default=30 * 60)
SESSION_IDLE_SECONDS = env.int("SESSION_IDLE_SECONDS", default=12 * 60 * 60)
SESSION_IDLE_WARNING_SECONDS = 5 * 60
SESSION_ACTIVITY_RESOLUTION_SECONDS = 60
