"""The one settings module. Every deployment difference is an environment variable.

Unset `DATABASE_URL` and `REDIS_URL` give the embedded default: a SQLite file and Celery's
filesystem broker under `var/`, so a fresh clone runs with nothing installed but Python.
`.env.example` lists every variable; docs/operations.md explains them.
"""

import sys
from pathlib import Path
from typing import Any

import environ
from django.core.management.utils import get_random_secret_key

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(environ.Env().str("VAR_DIR", default=str(BASE_DIR / "var")))

env = environ.Env()
env_file = BASE_DIR / ".env"
if env_file.exists():
    environ.Env.read_env(env_file)

# pytest imports this module after itself; the test run gets safe local defaults.
TESTING = "pytest" in sys.modules

# --- Core -----------------------------------------------------------------------------------
DEBUG = env.bool("DEBUG", default=False)
# Demo mode: the login page names the demo logins, and `seed_demo` may run.
DEMO_MODE = env.bool("DEMO_MODE", default=DEBUG)

SECRET_KEY = env.str("SECRET_KEY", default="")
# Serving without a configured key is refused (config/wsgi.py and the system check
# accounts.E001); management commands such as makemigrations still run with a throwaway key.
SECRET_KEY_CONFIGURED = bool(SECRET_KEY)
if not SECRET_KEY:
    SECRET_KEY = (
        "insecure-development-key-never-use-in-production"
        if DEBUG or TESTING
        else get_random_secret_key()
    )

# Old keys still accepted (sessions, signed values) and still decrypting what was encrypted
# at rest with them (core.fields.EncryptedSecretField): SECRET_KEY is rotated by moving the
# old key here (docs/operations.md#secrets-at-rest).
SECRET_KEY_FALLBACKS = env.list("SECRET_KEY_FALLBACKS", default=[])
# The salt of the keys derived from SECRET_KEY for fields encrypted at rest (read by
# django-fernet-encrypted-fields under this name); not a secret, but changing it without
# keeping the old one in the list makes what was encrypted unreadable.
SALT_KEY = env.list("FIELD_ENCRYPTION_SALT", default=["filings-fields-at-rest-v1"])

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    # Security: login lockout, one-time passwords (TOTP and recovery codes), the CSP header.
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    # The filing API (api/): Django REST framework, its OpenAPI schema, Swagger UI's files.
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "workcalendar",
    "audit",
    "platforms",
    "assessments",
    "filings",
    "notices",
    "inspections",
    "review",
    "registry",
    "dossiers",
    "webhooks",
    "api",
    "accounts",
    # The demo data and `seed_demo`: the top layer, installed last.
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every page needs a login unless its view is marked @login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # request.user.is_verified() (django-otp's); the client address
    # for the admin log's audit events; then accounts/middleware.py: idle and absolute session
    # lifetime, the second factor for those who need one, no-store on every page a logged-in
    # user sees.
    "django_otp.middleware.OTPMiddleware",
    "audit.middleware.RequestAddressMiddleware",
    "accounts.middleware.SessionLifetimeMiddleware",
    "accounts.middleware.TwoFactorMiddleware",
    "accounts.middleware.NoStoreMiddleware",
    # A logged-in person's own language (their account's), over the browser's.
    "accounts.middleware.UserLanguageMiddleware",
    # Last, as django-axes asks: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
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
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "accounts.context_processors.site",
                "review.context_processors.notifications",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web server, worker and beat share the file: WAL lets them read while one writes,
    # and IMMEDIATE transactions take the write lock up front instead of failing mid-way.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # Pages run many short queries: starting parallel workers cost a query 5 ms that took
        # 1 ms without them (measured on 300,000 filings). docs/performance.md.
        parallel = env.int("PG_PARALLEL_WORKERS_PER_GATHER", default=0)
        # JIT compiling pays for itself on long analytical queries, not on a page's: it added
        # 35 ms to a large operator's count that runs in a few (measured on 300,000 filings).
        DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
            f"-c max_parallel_workers_per_gather={parallel} -c jit=off"
        )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache: never the broker's Redis database (docs/operations.md#several-hosts) -------------
CACHES = {
    "default": env.cache("CACHE_URL", default="locmemcache://"),
}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    CACHES["default"]["BACKEND"] = "config.redis_cache.RedisCache"  # why: in that module
# With a cache every process shares (Redis in production), sessions are read from it and
# written through to the database; a per-process cache (the default) could keep a session
# that another process has ended, so then they are read from the database each time.
SHARED_CACHE = not CACHES["default"]["BACKEND"].endswith(("LocMemCache", "DummyCache"))
if SHARED_CACHE:
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# Dashboard figures cached under per-authority versions (filings/versions.py).
# Only with a cache every process shares: a worker's change must reach the web's cache.
# (Versions move on at commit; tests/review/test_dashboard_cache.py turns it on and commits.)
FIGURE_CACHE = env.bool("FIGURE_CACHE", default=SHARED_CACHE)
FIGURE_CACHE_SECONDS = 24 * 60 * 60  # keys hold the day: yesterday's go unread

# --- Authentication ---------------------------------------------------------------------------
# docs/security.md explains each of these.
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:dashboard"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Argon2id first; the others only verify (and upgrade) hashes made before the switch.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
if TESTING:
    # Hashing cost is not under test; a fast hasher keeps the suite quick.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses a locked-out user or address before any password check.
    "accounts.security.LockoutBackend",
    # Django's, under a name of ours that logged-in sessions already carry (security.py).
    "accounts.security.ModelBackend",
]
# Lockout (django-axes): LOGIN_FAILURE_LIMIT failed logins lock the username (from any
# address) and, separately, the address (for any username) for LOGIN_LOCKOUT_MINUTES.
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.int("LOGIN_LOCKOUT_MINUTES", default=15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# The client address for lockout and the audit trail: REMOTE_ADDR, unless TRUSTED_PROXY_COUNT
# proxies that each append to X-Forwarded-For stand in front (audit.services.client_address).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "audit.services.client_address"
# Two factors (TOTP, with recovery codes) for regulators and admins. Production requires them;
# the demo (DEBUG) does not, and its login page says so.
REQUIRE_2FA = env.bool("REQUIRE_2FA", default=not DEBUG and not TESTING)
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="Filings")
# The admin may delete a lost device, never read its key: it could otherwise clone the factor.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
# The audit trail (bottom of the dependency graph) names a user's role through this function.
AUDIT_ROLE_RESOLVER = "accounts.security.audit_role"

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = env.str("LANGUAGE_CODE", default="en")
LANGUAGES = [("en", "English"), ("zh-hans", "简体中文")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"  # statutory deadlines are counted in China Standard Time
USE_I18N = True
USE_TZ = True

# --- Static files and uploads ---------------------------------------------------------------
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
    # Evidence lives outside any public URL; only a permission-checked view serves it. On
    # this host's disk by default; in a private bucket when EVIDENCE_S3_BUCKET is set (below).
    "evidence": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": env.str("EVIDENCE_ROOT", default=str(VAR_DIR / "evidence"))},
    },
}
# Several web and worker hosts share evidence through an S3-compatible store (MinIO or Ceph
# in production): docs/operations.md#file-storage. Empty keys: boto3's own chain (AWS_ACCESS_KEY_ID
# and AWS_SECRET_ACCESS_KEY, a profile, an instance role).
EVIDENCE_S3_BUCKET = env.str("EVIDENCE_S3_BUCKET", default="")
if EVIDENCE_S3_BUCKET:
    _s3_keys = {
        "access_key": env.str("EVIDENCE_S3_ACCESS_KEY_ID", default=""),
        "secret_key": env.str("EVIDENCE_S3_SECRET_ACCESS_KEY", default=""),
    }
    STORAGES["evidence"] = {
        "BACKEND": "assessments.storage.EvidenceS3Storage",
        "OPTIONS": {
            "bucket_name": EVIDENCE_S3_BUCKET,
            "endpoint_url": env.str("EVIDENCE_S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("EVIDENCE_S3_REGION", default="us-east-1"),
            "location": env.str("EVIDENCE_S3_PREFIX", default=""),
            "addressing_style": env.str("EVIDENCE_S3_ADDRESSING_STYLE", default="path"),
            **{key: value for key, value in _s3_keys.items() if value},
        },
    }
# In development and tests static files come from the app folders as they change.
WHITENOISE_AUTOREFRESH = DEBUG or TESTING
WHITENOISE_USE_FINDERS = DEBUG or TESTING
MEDIA_ROOT = VAR_DIR / "media"
EVIDENCE_MAX_BYTES = 20 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Django's two handlers, but a file past FILE_UPLOAD_MAX_MEMORY_SIZE (2.5 MB) goes to a
# temporary file whose name does not carry a long extension (assessments.uploads).
FILE_UPLOAD_HANDLERS = [
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "assessments.uploads.TemporaryFileUploadHandler",
]

# --- E-mail ---------------------------------------------------------------------------------
vars().update(env.email("EMAIL_URL", default="consolemail://"))
# EMAIL_URL names the usual backends (smtp://, consolemail://, filemail://); EMAIL_BACKEND
# overrides it with any other class (the worker crash test uses a slow one).
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="") or vars()["EMAIL_BACKEND"]
# For filemail:// (django-environ drops the leading slash of an absolute path).
EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH", default="") or vars().get("EMAIL_FILE_PATH", "")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="filings@localhost")
# Links in e-mails point here.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
# Reminders (filings/services/reminders.py): a worker's claim on a row expires after the
# lease (it died); this many reminders or more for one person go out as one digest e-mail;
# a send that keeps failing is marked failed after this many attempts.
REMINDER_CLAIM_LEASE_SECONDS = env.int("REMINDER_CLAIM_LEASE_SECONDS", default=300)
REMINDER_DIGEST_THRESHOLD = env.int("REMINDER_DIGEST_THRESHOLD", default=3)
REMINDER_EMAIL_MAX_ATTEMPTS = env.int("REMINDER_EMAIL_MAX_ATTEMPTS", default=5)
# Webhooks (webhooks/, docs/api.md#webhooks): endpoints must be https and resolve to public
# addresses (no calls into our own network), except where these are on (development, tests);
# a worker's claim on a delivery expires after the lease (longer than the timeouts); after a
# secret's rotation the previous one also signs for the grace period.
WEBHOOK_ALLOW_HTTP = env.bool("WEBHOOK_ALLOW_HTTP", default=DEBUG)
WEBHOOK_ALLOW_PRIVATE_ADDRESSES = env.bool("WEBHOOK_ALLOW_PRIVATE_ADDRESSES", default=DEBUG)
WEBHOOK_CONNECT_TIMEOUT = env.float("WEBHOOK_CONNECT_TIMEOUT", default=3.0)
WEBHOOK_READ_TIMEOUT = env.float("WEBHOOK_READ_TIMEOUT", default=10.0)
WEBHOOK_CLAIM_LEASE_SECONDS = env.int("WEBHOOK_CLAIM_LEASE_SECONDS", default=60)
WEBHOOK_ROTATION_GRACE_HOURS = env.int("WEBHOOK_ROTATION_GRACE_HOURS", default=24)

# --- Celery ---------------------------------------------------------------------------------
# The broker may go away (Redis restarted, failed over, unreachable) and come back. Then a
# request still succeeds at once (the outbox row is saved; publishing fails fast and the sweep
# republishes), and the worker and the beat wait for the broker, reconnect by themselves and
# carry on; the next sweep catches up from the database (docs/reminders.md#when-the-broker-is-down).
REDIS_URL = env.str("REDIS_URL", default="")
# Named apart so that the outage tests can apply them to a Redis of their own.
REDIS_BROKER_TRANSPORT_OPTIONS: dict[str, Any] = {
    # A task unacknowledged this long is handed out again: far longer than any task runs
    # (retries back off to 60 s at most), and the claims make a second run a no-op.
    "visibility_timeout": 3600,
    # A hanging Redis must not hang a request: connecting and each command give up after
    # 2 s. (The worker's blocking reads wait 1 s, inside this.)
    "socket_connect_timeout": 2,
    "socket_timeout": 2,
    # One connection attempt when a task is published: without it kombu sleeps 2 s and
    # tries again, so a refused connection cost a request 2 s for nothing. Only publishing
    # reads this; the worker and the beat reconnect as CELERY_BROKER_CONNECTION_* say.
    "max_retries": 0,
    # Notice a connection that died without a word (a host gone, a NAT entry dropped):
    # TCP keepalive, and kombu's check every 10 s, which drops a worker's read that is
    # 1 + 10 s overdue and reconnects (redis-py also PINGs a connection idle that long).
    "socket_keepalive": True,
    "health_check_interval": 10,
    # `retry_on_timeout` stays off: it repeats a timed-out command, which doubles the
    # time a request waits on a hanging Redis, and the worker reconnects anyway.
}
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = REDIS_BROKER_TRANSPORT_OPTIONS
else:
    # The embedded broker: messages are files under var/celery. It needs no server and no
    # extra package, and unlike the SQLAlchemy transport it never contends with the app for
    # the SQLite write lock.
    _broker_dir = VAR_DIR / "celery" / "broker"
    _control_dir = VAR_DIR / "celery" / "control"
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir),
        "data_folder_out": str(_broker_dir),
        "control_folder": str(_control_dir),
    }
    if not TESTING:
        _broker_dir.mkdir(parents=True, exist_ok=True)
        _control_dir.mkdir(parents=True, exist_ok=True)
# The worker and the beat wait for the broker at start-up and after losing it, for as long
# as it takes: None is "forever" (0 is "never retry": the worker logged "Unrecoverable error"
# and exited at the first outage). kombu waits 2 s, 4 s, ... up to 30 s between attempts, so
# they are back within 30 s of the broker.
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_RETRY = True
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
# Publishing must never hang a request: at most this long to connect, then the outbox
# sweep retries later.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
# One publish attempt (the default retries three times): a user waits at most the timeout.
# The beat's sweep is not retried either: the next one, a minute later, does the same work.
CELERY_TASK_PUBLISH_RETRY = False
# A task running when the connection drops finishes its work in the database (cancelling it
# would leave its claim held for the lease, or send an e-mail that is never marked sent). Its
# late acknowledgement is lost with the connection, so Redis delivers it again after the
# visibility timeout, and that run finds nothing left to claim.
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = False
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=TESTING)
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE = {
    # A sweep not started within a minute is dropped: the next one does the same work, so
    # sweeps queued while the worker was away do not all run when it is back.
    "sweep": {"task": "filings.tasks.sweep", "schedule": 60.0, "options": {"expires": 55}},
    # Notices' reminders count in whole days: every ten minutes is soon enough.
    "notices-sweep": {
        "task": "notices.tasks.sweep",
        "schedule": 600.0,
        "options": {"expires": 540},
    },
    # Dossiers whose build was lost are built; superseded ones are deleted.
    "dossiers-sweep": {
        "task": "dossiers.tasks.sweep",
        "schedule": 600.0,
        "options": {"expires": 540},
    },
}
# How long a superseded or failed dossier (a generated PDF) is kept (dossiers.services.sweep).
DOSSIER_KEEP_DAYS = env.int("DOSSIER_KEEP_DAYS", default=7)

# --- The API (api/, docs/api.md) -----------------------------------------------------------
# Tokens only (no session, so no CSRF), JSON only, cursor pages, RFC 9457 problem details.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.authentication.BearerTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.TokenScope"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Cursor",
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.TokenRateThrottle"],
    "EXCEPTION_HANDLER": "api.problems.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "SCHEMA_COERCE_PATH_PK": False,  # the schema's paths say {pk}, as the parameters do
}
# Requests per token (DRF's rate syntax: "600/minute"), counted in the default cache: set
# CACHE_URL to a shared cache when several web processes serve the API.
API_RATE_LIMIT = env.str("API_RATE_LIMIT", default="600/minute")
SPECTACULAR_SETTINGS = {
    "TITLE": "Security self-assessment filings API",
    "DESCRIPTION": "Operators' and regulators' systems: docs/api.md.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # Swagger UI from this site's static files, never a CDN (the CSP allows only 'self').
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # No badge from the public validator service: the page loads nothing from elsewhere.
    "SWAGGER_UI_SETTINGS": {"validatorUrl": None, "deepLinking": True},
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.add_problem_responses",  # every operation's errors, as problem details
    ],
    # Several models name a field `state`, `kind` or `status`: one enum name for each.
    "ENUM_NAME_OVERRIDES": {
        "FilingStateEnum": "filings.models.State",
        "ReviewStateEnum": "filings.models.ReviewState",
        "DeadlineKindEnum": "filings.models.DeadlineKind",
        "DeadlineStatusEnum": "filings.models.Deadline.Status",
        "RevisionKindEnum": "filings.models.FilingRevision.Kind",
        "CommentKindEnum": "filings.models.Comment.Kind",
        "FeatureStatusEnum": "platforms.models.PlannedFeature.Status",
        "RectificationStatusEnum": "filings.models.RectificationOrder.Status",
        "RecipientStatusEnum": "notices.models.RecipientStatus",
        "NoticeStateEnum": "notices.models.Notice.State",
        "NoticeKindEnum": "notices.models.Notice.Kind",
        "NoticeScopeEnum": "notices.models.Notice.Scope",
        "AnswerChangeStatusEnum": "api.serializers.ANSWER_CHANGE_STATUSES",
    },
}

# --- Forms ----------------------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Sessions -------------------------------------------------------------------------------
# accounts.middleware.SessionLifetimeMiddleware logs out after SESSION_IDLE_SECONDS without a
# request and SESSION_ABSOLUTE_SECONDS after the login, whichever comes first.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 3600)
SESSION_IDLE_SECONDS = env.int("SESSION_IDLE_SECONDS", default=30 * 60)
SESSION_ABSOLUTE_SECONDS = env.int("SESSION_ABSOLUTE_SECONDS", default=SESSION_COOKIE_AGE)

# --- Security -------------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_COOKIE_HTTPONLY = True
# Content Security Policy (django-csp 4): no inline script or style anywhere; base.html loads
# only vendored files from /static/. Bootstrap's CSS draws a few icons from data: URIs.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'none'"],
    }
}
if not DEBUG and not TESTING:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
    if env.bool("BEHIND_TLS_PROXY", default=False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- Logging --------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3" and not TESTING:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
