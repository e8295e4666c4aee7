"""Configuration from the environment; names as in DESIGN.md's configuration table."""
from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path


SEARCH_BACKENDS = ("whoosh", "postgres")


def is_postgres(database_url: str) -> bool:
    return database_url.startswith(("postgres://", "postgresql://"))


@dataclass(frozen=True)
class Settings:
    database_url: str = "sqlite://data/vox.sqlite3"
    data_dir: Path = Path("data")
    secret_key: str = ""  # empty until portal.site_key.configure() has read the shared one
    base_url: str = "http://127.0.0.1:8000"
    port: int = 8000
    smtp_url: str | None = None
    mail_from: str = "Vox <no-reply@localhost>"
    ratelimit_url: str = "memory://"
    oidc_issuer: str | None = None
    oidc_client_id: str | None = None
    oidc_client_secret: str | None = None
    # Dev and tests run the event dispatcher in the web process; production leaves it to `portal worker`.
    run_dispatcher: bool = True
    # Tests manage the database themselves (a fresh one per test).
    manage_db: bool = True
    max_body_bytes: int = 1_000_000
    # The body limit of the upload routes (web/middleware.py UPLOAD_PATHS): a phone photo and the
    # form around it. The avatar service refuses files over its own, smaller limit with a message.
    max_upload_bytes: int = 6_000_000
    session_days: int = 30
    log_requests: bool = True
    # API calls each token (or session, or address) may make in any minute.
    api_calls_per_minute: int = 600
    # Origins whose pages may call /api/v1 from the browser (CORS); empty: none.
    cors_origins: tuple[str, ...] = ()
    # The features to build the site from, by name (PORTAL_FEATURES); None: every installed one.
    features: tuple[str, ...] | None = None
    # The search backend (PORTAL_SEARCH): "whoosh" (the embedded index under the data dir) or
    # "postgres" (full-text search in the site's PostgreSQL database; the default there).
    search_backend: str = "whoosh"
    # Seconds a web process keeps a page that every visitor sees alike (PORTAL_PAGE_CACHE_SECONDS,
    # portal/web/page_cache.py); 0 switches it off.
    page_cache_seconds: float = 3.0
    extra: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.search_backend not in SEARCH_BACKENDS:
            raise ValueError(f"PORTAL_SEARCH={self.search_backend!r} is not a search backend; "
                             f"choose one of: {', '.join(SEARCH_BACKENDS)}")
        if self.search_backend == "postgres" and not is_postgres(self.database_url):
            raise ValueError("PORTAL_SEARCH=postgres needs a PostgreSQL database (DATABASE_URL=postgres://…); "
                             "on SQLite use whoosh")

    @property
    def https(self) -> bool:
        return self.base_url.startswith("https://")

    @property
    def cookie_prefix(self) -> str:
        # The __Host- prefix makes the browser refuse the cookie unless Secure, host-only and Path=/.
        return "__Host-" if self.https else ""

    def with_(self, **changes) -> "Settings":
        return replace(self, **changes)


def load_settings(env: Mapping[str, str] | None = None) -> Settings:
    """Build the settings from environment variables (see README, "Configuration")."""
    env = os.environ if env is None else env
    data_dir = Path(env.get("PORTAL_DATA_DIR", "data"))
    default_db = f"sqlite://{data_dir / 'vox.sqlite3'}"
    database_url = env.get("DATABASE_URL", default_db)
    return Settings(
        database_url=database_url,
        data_dir=data_dir,
        # Empty: the key shared through the database (portal/site_key.py), read once it is open.
        secret_key=env.get("PORTAL_SECRET_KEY", ""),
        base_url=env.get("PORTAL_BASE_URL", "http://127.0.0.1:8000").rstrip("/"),
        port=int(env.get("PORT", "8000")),
        smtp_url=env.get("PORTAL_SMTP_URL") or None,
        mail_from=env.get("PORTAL_MAIL_FROM", "Vox <no-reply@localhost>"),
        ratelimit_url=env.get("PORTAL_RATELIMIT_URL", "memory://"),
        oidc_issuer=env.get("PORTAL_OIDC_ISSUER") or None,
        oidc_client_id=env.get("PORTAL_OIDC_CLIENT_ID") or None,
        oidc_client_secret=env.get("PORTAL_OIDC_CLIENT_SECRET") or None,
        run_dispatcher=env.get("PORTAL_DISPATCHER", "inprocess") == "inprocess",
        log_requests=env.get("PORTAL_LOG_REQUESTS", "on").lower() not in ("0", "off", "false", "no"),
        api_calls_per_minute=int(env.get("PORTAL_API_RATE", "600")),
        page_cache_seconds=_seconds(env, "PORTAL_PAGE_CACHE_SECONDS", 3.0),
        cors_origins=tuple(o.strip().rstrip("/") for o in env.get("PORTAL_CORS_ORIGINS", "").split(",") if o.strip()),
        features=features_named(env),
        search_backend=search_backend_named(env, database_url),
    )


def _seconds(env: Mapping[str, str], name: str, default: float) -> float:
    """A number of seconds, 0 or more, from the environment (unset or empty: the default)."""
    raw = env.get(name, "").strip()
    try:
        value = float(raw) if raw else default
    except ValueError:
        value = -1.0
    if not value >= 0:  # also refuses nan
        raise ValueError(f"{name}={raw!r} is not a number of seconds (0 or more; 0 switches it off)")
    return value


def search_backend_named(env: Mapping[str, str], database_url: str) -> str:
    """PORTAL_SEARCH, lower-cased; unset or empty: postgres on a PostgreSQL database, else whoosh
    (Settings refuses an unknown name, and postgres on SQLite)."""
    chosen = env.get("PORTAL_SEARCH", "").strip().lower()
    return chosen or ("postgres" if is_postgres(database_url) else "whoosh")


def features_named(env: Mapping[str, str]) -> tuple[str, ...] | None:
    """PORTAL_FEATURES as names: "ideas, forums" -> ("ideas", "forums"); set but empty names none
    (the core alone); unset is None (every installed feature)."""
    if "PORTAL_FEATURES" not in env:
        return None
    return tuple(name for name in env["PORTAL_FEATURES"].replace(",", " ").split())


_current: Settings | None = None


def configure(settings: Settings) -> Settings:
    """Make these the settings every service reads (the app factory and the CLI call this)."""
    global _current
    _current = settings
    return settings


def current() -> Settings:
    """The settings in force; loaded from the environment on first use."""
    return _current if _current is not None else configure(load_settings())
