"""Settings from the environment.

With nothing set the platform runs embedded: SQLite and media under ./var, and
Celery on a filesystem broker so background jobs need no Redis. Set
DATABASE_URL and REDIS_URL for PostgreSQL and Redis (see docs/configuration.md).
"""

import secrets
from pathlib import Path

import dj_database_url

from labelplatform.env import envbool, envchoice, envheader, envint, envlist, envstr
from labelplatform.oidc_settings import oidc_endpoints, oidc_group_roles
from labelplatform.storage_settings import media_serve_modes, s3_storage

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(envstr("VAR_DIR", str(BASE_DIR / "var")))


def _secret_key() -> str:
    """A persisted random key for the embedded default; production sets SECRET_KEY."""
    key = envstr("SECRET_KEY", "")
    if key:
        return key
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = envbool("DEBUG", "false")
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "labelplatform.accounts",
    "labelplatform.projects",
    "labelplatform.assets",
    "labelplatform.labels",
    "labelplatform.jobs",
    "labelplatform.workflow",
    "labelplatform.quality",
    "labelplatform.datasets",
    "labelplatform.prelabel",
    "labelplatform.discussions",
    "labelplatform.notifications",
    "labelplatform.dataengine",
    "labelplatform.sequences",
    "labelplatform.webhooks",
    "labelplatform.buckets",
    "labelplatform.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "labelplatform.common.middleware.RefuseNulMiddleware",
    "labelplatform.common.middleware.BodyLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "labelplatform.urls"
WSGI_APPLICATION = "labelplatform.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        envstr("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=envint("DB_CONN_MAX_AGE", "60"),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process read while the worker writes job progress.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Invitation notices and sign-up links (projects/invitations.py), password links (accounts/services.py).
# The console backend prints them: the embedded install has no mail server. Production sets
# EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend and the SMTP settings below
# (docs/getting-started.md).
EMAIL_BACKEND = envstr("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = envstr("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", "25")
EMAIL_HOST_USER = envstr("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = envstr("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", "false")
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "labelplatform@localhost")
# Which in-app notifications also go out by e-mail (notifications/services.py): a comma-separated
# list of kinds, e.g. "mention,rework"; none by default. SITE_URL starts the links in them.
NOTIFICATION_EMAIL_KINDS = envlist("NOTIFICATION_EMAIL_KINDS", "")
SITE_URL = envstr("SITE_URL", "")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(envstr("STATIC_ROOT", str(VAR_DIR / "static")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns on every request without it
FRONTEND_DIST = Path(envstr("FRONTEND_DIST", str(BASE_DIR / "frontend" / "dist")))
STATICFILES_DIRS = [("app", FRONTEND_DIST)] if FRONTEND_DIST.is_dir() else []
MEDIA_ROOT = Path(envstr("MEDIA_ROOT", str(VAR_DIR / "media")))
# Media on the local disk by default; S3_BUCKET moves it to an S3-compatible store (docs/configuration.md).
S3_BUCKET = envstr("S3_BUCKET", "")
STORAGES = {
    "default": s3_storage(S3_BUCKET) if S3_BUCKET else {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Where workers keep files they only need for a while (export parts, downloaded models); always local.
SCRATCH_ROOT = Path(envstr("SCRATCH_ROOT", str(VAR_DIR / "scratch")))
# Built-in models installed by scripts/models (MobileSAM); local on every web and worker machine.
MODELS_ROOT = Path(envstr("MODELS_ROOT", str(VAR_DIR / "models")))
# MobileSAM's encoder on the workers: "int8" (MatMul weights quantized, ~20 % less CPU, same NoC) or "float".
MOBILESAM_ENCODER = envchoice("MOBILESAM_ENCODER", "int8", ("int8", "float"))
# No MEDIA_URL is routed: every image goes through a view that checks membership.
MEDIA_URL = "/media-internal/"
# How the checked view hands the file out: "django" streams it itself,
# "nginx" answers X-Accel-Redirect to MEDIA_ACCEL_PREFIX, "sendfile" answers X-Sendfile,
# "signed" redirects to a presigned S3 URL that expires after MEDIA_SIGNED_URL_SECONDS.
MEDIA_SERVE = envchoice("MEDIA_SERVE", "django", media_serve_modes(S3_BUCKET))
MEDIA_ACCEL_PREFIX = envstr("MEDIA_ACCEL_PREFIX", "/protected-media/")
MEDIA_SIGNED_URL_SECONDS = envint("MEDIA_SIGNED_URL_SECONDS", "300")

# Uploads: per-file byte limit and the decompression-bomb pixel limit.
MAX_UPLOAD_BYTES = envint("MAX_UPLOAD_BYTES", str(200 * 1024 * 1024))
MAX_IMAGE_PIXELS = envint("MAX_IMAGE_PIXELS", str(120_000_000))
MAX_UPLOAD_FILES = envint("MAX_UPLOAD_FILES", "500")
# A whole upload request, refused from its Content-Length before the body is read (common/middleware.py).
MAX_UPLOAD_REQUEST_BYTES = envint("MAX_UPLOAD_REQUEST_BYTES", str(200 * 1024 * 1024))
# The most memory one full-resolution image decode may take (width x height x bytes per pixel).
MAX_DECODE_BYTES = envint("MAX_DECODE_BYTES", str(512 * 1024 * 1024))
DATA_UPLOAD_MAX_MEMORY_SIZE = envint("MAX_JSON_BYTES", str(64 * 1024 * 1024))
DATA_UPLOAD_MAX_NUMBER_FILES = MAX_UPLOAD_FILES
# Form fields per request: an import's `urls` (at most 1000) and the form's other fields, so 1001 urls
# get the import's own 400 rather than Django's field-count refusal
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1100
FILE_UPLOAD_MAX_MEMORY_SIZE = 4 * 1024 * 1024
# Django's two handlers, reading 1 MiB at a time instead of 64 KiB (common/uploads.py)
FILE_UPLOAD_HANDLERS = ["labelplatform.common.uploads.MemoryHandler",
                        "labelplatform.common.uploads.TemporaryFileHandler"]
THUMBNAIL_SIZE = envint("THUMBNAIL_SIZE", "256")
# Runs per mask and per label (labels/objects.py): a noisy 12 MP mask has a few million; 25M took 2.7 GB.
MAX_MASK_RUNS = envint("MAX_MASK_RUNS", "4000000")
MAX_LABEL_RUNS = envint("MAX_LABEL_RUNS", "8000000")

# Imports and exports (docs/datasets.md).
IMPORT_ROOTS = envlist("IMPORT_ROOTS", "")  # server folders an import may read; empty = none
# Outbound HTTP (URL imports, model servers) refuses private, loopback, link-local and metadata
# addresses (common/outbound.py); these name the hosts and networks it may reach anyway.
OUTBOUND_ALLOW_HOSTS = [host.lower() for host in envlist("OUTBOUND_ALLOW_HOSTS", "")]
OUTBOUND_ALLOW_NETWORKS = envlist("OUTBOUND_ALLOW_NETWORKS", "")
# The customers' buckets (labelplatform/buckets, docs/api.md): how their images reach the browser
# ("signed": a presigned URL; "proxy": streamed by the server), how often beat syncs them (0: never),
# at most how many new objects one sync registers and how many keys it lists, TLS verification.
BUCKET_SERVE = envchoice("BUCKET_SERVE", "signed", ("signed", "proxy"))
BUCKET_SYNC_INTERVAL_S = envint("BUCKET_SYNC_INTERVAL_S", "3600")
BUCKET_SYNC_MAX_OBJECTS = envint("BUCKET_SYNC_MAX_OBJECTS", "10000")
BUCKET_SYNC_MAX_LISTED = envint("BUCKET_SYNC_MAX_LISTED", "1000000")
BUCKET_VERIFY_TLS = envbool("BUCKET_VERIFY_TLS", "true")
MAX_IMPORT_BYTES = envint("MAX_IMPORT_BYTES", str(20 * 1024**3))
EXPORT_PART_ASSETS = envint("EXPORT_PART_ASSETS", "1000")  # assets per export part a worker writes

# Sequences (labelplatform/sequences, docs/api.md): a video or zip of frames past these is refused at upload
# when its header tells, else its decoding job fails with the reason and keeps no frame.
SEQUENCE_MAX_UPLOAD_BYTES = envint("SEQUENCE_MAX_UPLOAD_BYTES", str(2 * 1024**3))
SEQUENCE_MAX_DURATION_S = envint("SEQUENCE_MAX_DURATION_S", "600")
SEQUENCE_MAX_FRAMES = envint("SEQUENCE_MAX_FRAMES", "5000")
SEQUENCE_MAX_PIXELS = envint("SEQUENCE_MAX_PIXELS", str(4096 * 2160))  # per frame
SEQUENCE_FRAME_FORMAT = envchoice("SEQUENCE_FRAME_FORMAT", "jpeg", ("jpeg", "png"))  # how video frames are stored
SEQUENCE_DECODE_TIMEOUT_S = envint("SEQUENCE_DECODE_TIMEOUT_S", "1800")  # one ffmpeg run, then it is killed

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "labelplatform.accounts.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "labelplatform.common.pagination.Pagination",
    "DEFAULT_SCHEMA_CLASS": "labelplatform.common.schema.Schema",  # error answers added (common/schema.py)
    "EXCEPTION_HANDLER": "labelplatform.common.errors.exception_handler",
    # JSON bodies with a depth limit, uploads as multipart; no NUL or lone surrogate in any (common/parsers.py).
    "DEFAULT_PARSER_CLASSES": [
        "labelplatform.common.parsers.LimitedJSONParser",
        "labelplatform.common.parsers.FormParser",
        "labelplatform.common.parsers.MultiPartParser",
    ],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "labelplatform API",
    "DESCRIPTION": "Projects, ontologies, assets and pixel-exact labels (masks as COCO RLE).",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Choice sets shared by fields of one name across components: give them stable names.
    "ENUM_NAME_OVERRIDES": {
        "LabelStatusEnum": "labelplatform.labels.models.LabelStatus",
        "LabelChoiceEnum": "labelplatform.datasets.models.LabelChoice",
        "DeliveryStatusEnum": "labelplatform.webhooks.models.DeliveryStatus",
        "SequenceStatusEnum": "labelplatform.sequences.models.SequenceStatus",
        "JobStatusEnum": "labelplatform.jobs.models.JobStatus",  # job answers and a sequence upload's answer
    },
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums",
                             "labelplatform.webhooks.payloads.schema_components"],
}

# Celery: Redis when REDIS_URL is set, otherwise a filesystem broker (no server).
REDIS_URL = envstr("REDIS_URL", "")
# The cache every process shares (login throttling): Redis with REDIS_URL, else a database table
# (`manage.py createcachetable`, run by scripts/serve).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL,
                      "KEY_PREFIX": "lp"} if REDIS_URL else
          {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "django_cache"}}
BROKER_DIR = VAR_DIR / "broker"
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    # A Redis that does not answer fails a publish in seconds (the job start answers 503), not minutes.
    CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, object] = {"visibility_timeout": 3600, "socket_connect_timeout": 3}
else:
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR / "queue"),
        "data_folder_out": str(BROKER_DIR / "queue"),
        "processed_folder": str(BROKER_DIR / "processed"),
        "control_folder": str(BROKER_DIR / "control"),
        "store_processed": False,
    }
CELERY_TASK_ALWAYS_EAGER = envbool("CELERY_TASK_ALWAYS_EAGER", "false")
CELERY_TASK_ACKS_LATE = True
# A worker waits out a broker outage of any length, at startup too, instead of exiting after 100 tries.
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SERIALIZER = "json"
# A worker child above this resident size (KiB) is replaced after its task; 0 turns it off.
CELERY_WORKER_MAX_MEMORY_PER_CHILD = envint("WORKER_MAX_MEMORY_MB", "2048") * 1024 or None
# A hard cap on a worker child's memory (RLIMIT_DATA, MiB): past it allocations fail (MemoryError)
# and the job fails, instead of the kernel killing the worker. 0 = no cap.
WORKER_MEMORY_LIMIT_MB = envint("WORKER_MEMORY_LIMIT_MB", "0")
# A job whose worker died this many times (acks_late redelivers it each time) is failed, not started again.
JOB_MAX_ATTEMPTS = envint("JOB_MAX_ATTEMPTS", "3")
# A running job's worker writes a heartbeat every JOB_HEARTBEAT_S; one quiet for JOB_STALE_S is taken
# for dead and the sweeper (every JOB_SWEEP_S) re-enqueues it: a dead worker's job moves within a minute.
JOB_HEARTBEAT_S = envint("JOB_HEARTBEAT_S", "10")
JOB_STALE_S = envint("JOB_STALE_S", "40")
JOB_SWEEP_S = envint("JOB_SWEEP_S", "15")
CELERY_BEAT_SCHEDULE: dict[str, dict[str, object]] = {
    # Expired leases are free without it; this only tidies asset statuses for the asset list.
    "tidy-claims": {"task": "workflow.tidy_claims", "schedule": 300.0},
    # Retraining is also started on submit; this catches projects whose labels came in by import.
    "prelabel-retrain": {"task": "prelabel.retrain_due", "schedule": 300.0},
    # Dead workers' jobs and jobs the broker never got (it was down, or lost them): jobs/sweeper.py.
    "jobs-sweep": {"task": "jobs.sweep", "schedule": float(JOB_SWEEP_S), "options": {"expires": JOB_SWEEP_S}},
    # Webhook deliveries whose message the broker lost (webhooks/services.py).
    "webhooks-sweep": {"task": "webhooks.sweep", "schedule": 60.0, "options": {"expires": 60}},
    # The customers' buckets synced every BUCKET_SYNC_INTERVAL_S (buckets/services.py syncs_due).
    "buckets-sync": {"task": "buckets.sync_due", "schedule": 60.0, "options": {"expires": 60}},
}
# Webhook deliveries (docs/webhooks.md): attempts in all, the first retry's delay (doubling), the answer's time limit.
WEBHOOK_MAX_ATTEMPTS = envint("WEBHOOK_MAX_ATTEMPTS", "8")
WEBHOOK_RETRY_BASE_S = envint("WEBHOOK_RETRY_BASE_S", "30")
WEBHOOK_TIMEOUT_S = envint("WEBHOOK_TIMEOUT_S", "10")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "INFO")},
}

if not DEBUG:
    SESSION_COOKIE_HTTPONLY = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
# Logins (accounts/throttling.py): free failures per account and address, then a doubling wait up to
# LOGIN_MAX_DELAY seconds; looser ceilings per account and per address within the window.
LOGIN_FREE_FAILURES = envint("LOGIN_FREE_FAILURES", "5")
LOGIN_MAX_DELAY = envint("LOGIN_MAX_DELAY", "900")
LOGIN_ACCOUNT_CEILING = envint("LOGIN_ACCOUNT_CEILING", "100")
LOGIN_ADDRESS_CEILING = envint("LOGIN_ADDRESS_CEILING", "200")
LOGIN_FAILURE_WINDOW = envint("LOGIN_FAILURE_WINDOW", "3600")
# Password-reset requests, the same way (each may send a mail): free per address and account, then
# a doubling wait; ceilings per account (the e-mail asked about) and per address within the window.
RESET_FREE_REQUESTS = envint("RESET_FREE_REQUESTS", "3")
RESET_MAX_DELAY = envint("RESET_MAX_DELAY", "3600")
RESET_ACCOUNT_CEILING = envint("RESET_ACCOUNT_CEILING", "10")
RESET_ADDRESS_CEILING = envint("RESET_ADDRESS_CEILING", "30")
RESET_WINDOW = envint("RESET_WINDOW", "3600")
# E-mail verification links (accounts/verification.py) work this many seconds; asking for one is
# throttled like a password reset (the RESET_* numbers, counted per account).
EMAIL_VERIFY_TIMEOUT = envint("EMAIL_VERIFY_TIMEOUT", str(3 * 24 * 3600))
# Proxies whose X-Forwarded-For is believed (common/client_address.py); empty = none, use REMOTE_ADDR.
TRUSTED_PROXY_NETWORKS = envlist("TRUSTED_PROXY_NETWORKS", "")

# Single sign-on with OpenID Connect (mozilla-django-oidc; flows/sso.py, docs/configuration.md): on when
# OIDC_RP_CLIENT_ID is set. The provider redirects back to /api/v1/auth/oidc/callback/.
OIDC_RP_CLIENT_ID = envstr("OIDC_RP_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = envstr("OIDC_RP_CLIENT_SECRET", "")
OIDC_ENABLED = bool(OIDC_RP_CLIENT_ID)
_OIDC_ENDPOINTS = oidc_endpoints(OIDC_RP_CLIENT_ID)
OIDC_OP_AUTHORIZATION_ENDPOINT = _OIDC_ENDPOINTS["OIDC_OP_AUTHORIZATION_ENDPOINT"]
OIDC_OP_TOKEN_ENDPOINT = _OIDC_ENDPOINTS["OIDC_OP_TOKEN_ENDPOINT"]
OIDC_OP_USER_ENDPOINT = _OIDC_ENDPOINTS["OIDC_OP_USER_ENDPOINT"]
OIDC_OP_JWKS_ENDPOINT = _OIDC_ENDPOINTS["OIDC_OP_JWKS_ENDPOINT"]
OIDC_ISSUER = envstr("OIDC_ISSUER", "")  # when set, an ID token from another issuer is refused
OIDC_RP_SIGN_ALGO = envstr("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = envstr("OIDC_RP_SCOPES", "openid email profile")
OIDC_USE_PKCE = envbool("OIDC_USE_PKCE", "true")
OIDC_TIMEOUT = envint("OIDC_TIMEOUT_S", "10")
OIDC_PROVIDER_NAME = envstr("OIDC_PROVIDER_NAME", "single sign-on")  # the login page's "Sign in with ..."
OIDC_CREATE_USER = envbool("OIDC_CREATE_USER", "true")  # false: only accounts that exist may sign in
OIDC_GROUPS_CLAIM = envstr("OIDC_GROUPS_CLAIM", "groups")
OIDC_GROUP_ROLES = oidc_group_roles("OIDC_GROUP_ROLES")  # {"group": {"project": 3, "role": "labeler"}}
OIDC_STAFF_GROUPS = envlist("OIDC_STAFF_GROUPS", "")  # set: the provider's groups decide staff
OIDC_AUTHENTICATION_CALLBACK_URL = "oidc-callback"
LOGIN_REDIRECT_URL = "/"
LOGIN_REDIRECT_URL_FAILURE = "/login"
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend",
                           *(["labelplatform.flows.sso_backend.OidcBackend"] if OIDC_ENABLED else [])]

SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", "false")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# Behind HTTPS (docs/deployment.md): redirect plain HTTP, send HSTS, and learn the scheme from the
# header the TLS proxy sets to "https" (e.g. X-Forwarded-Proto; only a proxy that overwrites it).
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "false")
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", "0")
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", "false")
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", "false")
_PROXY_SSL_HEADER = envheader("SECURE_PROXY_SSL_HEADER", "")
SECURE_PROXY_SSL_HEADER = (_PROXY_SSL_HEADER, "https") if _PROXY_SSL_HEADER else None
# /healthz answers the container's plain-HTTP health check from inside; it never redirects.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
WHITENOISE_USE_FINDERS = True  # serve the frontend build and app static files without collectstatic
