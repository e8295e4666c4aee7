"""A feature declares itself once: `<feature>/feature.py` holds one `Feature`, and the site is
built from the list of features (the `vox.features` entry points in pyproject.toml, optionally
narrowed by PORTAL_FEATURES). Nothing in `portal` names a feature; the core declares itself the
same way (portal/core.py) and comes first.

`install()` hands each part of a declaration to the registry that owns it (database apps,
templates, navigation, front page, permissions, event kinds and consumers, search documents,
personal data, customer view, notification kinds, interest choices, demo and scale seeders). It
replaces what was installed before, so a test can build the site with another list."""
from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib.metadata import entry_points

from starlette.routing import BaseRoute

from portal import bridges, db, events, personal_data, search, seed
from portal.accounts import permissions
from portal.api.operations import Operation
from portal.events import EventKind, Subscription
from portal.notify import kinds as notification_kinds
from portal.notify.kinds import Kind
from portal.personal_data import Holding
from portal.profiles import access_log, activity, consents, customer_view, interests
from portal.profiles import service as profiles
from portal.profiles.activity import ProfileSection
from portal.profiles.consents import Purpose
from portal.profiles.customer_view import Section
from portal.search import DocType
from portal import navigation, rendering
from portal.navigation import HomeSection, NavEntry
from portal.web import middleware, resume
from portal.web.resume import ResumeStep

ENTRY_POINT_GROUP = "vox.features"

DemoStep = Callable[[], Awaitable[None]]
ScaleStep = Callable[..., Awaitable[None]]


@dataclass(frozen=True)
class Feature:
    """Everything the site needs to know about one feature package."""

    name: str  # the package, its Tortoise app label and its templates/ folder
    models: Sequence[str] = ()  # model modules, e.g. ("ideas.models",)
    migrations: str | None = None  # e.g. "ideas.migrations"
    routes: Sequence[BaseRoute] = ()  # web routes (pages, htmx partials, staff pages)
    api: Sequence[Operation] = ()  # operations under /api/v1, typed from pydantic schemas
    permissions: Mapping[str, frozenset[str]] = field(default_factory=dict)  # name -> roles
    events: Sequence[EventKind] = ()  # the kinds this feature emits, with payload schemas
    consumers: Sequence[Subscription] = ()  # what it does after commit, by consumer name
    search: Sequence[DocType] = ()  # searchable document types
    holdings: Sequence[Holding] = ()  # tables with a person in them (export, erasure)
    customer_view: Sequence[Section] = ()  # its part of the staff customer view
    nav: Sequence[NavEntry] = ()  # links in the header (main or staff menu)
    home: Sequence[HomeSection] = ()  # sections of the front page
    profile: Sequence[ProfileSection] = ()  # what a member did, on their profile page (/u/{handle})
    notifications: Sequence[Kind] = ()  # notification kinds (preferences page lists them)
    erasers: Sequence[Callable[[object], Awaitable[None]]] = ()  # steps for "custom" holdings
    template_globals: Mapping[str, object] = field(default_factory=dict)
    access_reasons: Mapping[str, str] = field(default_factory=dict)  # why staff open a customer view
    consents: Sequence[Purpose] = ()  # what members may agree to, for this feature's sake
    pitch: str = ""  # one line on the sign-up page: what a member does here (a message id)
    bridges: Sequence[bridges.Bridge] = ()  # what it makes from other features' content (portal/bridges.py)
    resumes: Mapping[str, ResumeStep] = field(default_factory=dict)  # what a visitor may start before login
    uploads: Sequence[str] = ()  # paths of its routes that take a file (a body up to max_upload_bytes)
    # What members may choose as their interests: async (language) -> [(value, label)] (the idea
    # board: its tags, named in the reader's language). See portal/profiles/interests.py.
    interests: interests.Choices | None = None
    demo: DemoStep | None = None  # writes its part of the demo community (idempotent)
    scale: ScaleStep | None = None  # bulk data for benchmarks, run after the members exist


def available() -> dict[str, Feature]:
    """Every installed feature package, by name, in the order the installed entry points come
    (alphabetical by name today: nothing may depend on another feature's going first)."""
    found: dict[str, Feature] = {}
    for point in entry_points(group=ENTRY_POINT_GROUP):
        feature = point.load()
        if not isinstance(feature, Feature):
            raise TypeError(f"entry point {point.value} is not a Feature")
        found[feature.name] = feature
    return found


def select(names: Sequence[str] | None) -> list[Feature]:
    """The features to build the site from: all available ones, or those named (in that order)."""
    everything = available()
    if names is None:
        return list(everything.values())
    unknown = [name for name in names if name not in everything]
    if unknown:
        raise ValueError(f"PORTAL_FEATURES names unknown features: {', '.join(unknown)} "
                         f"(installed: {', '.join(everything) or 'none'})")
    return [everything[name] for name in names]


def _merged(site: Sequence[Feature], part: str) -> dict:
    """One mapping from every feature's `part`; a name declared twice is a mistake, not an override."""
    merged: dict = {}
    for feature in site:
        for name, value in getattr(feature, part).items():
            if name in merged:
                raise ValueError(f"{feature.name} declares {part} {name!r} again")
            merged[name] = value
    return merged


def _every(site: Sequence[Feature], part: str) -> list:
    return [item for feature in site for item in getattr(feature, part)]


def install(site: Sequence[Feature]) -> None:
    """Hand each part of every declaration to the registry that owns it, replacing what was there.
    `site` is the core's declaration followed by the features' (see portal/core.py)."""
    kinds = _every(site, "events")
    names = [kind.name for kind in kinds]
    if len(names) != len(set(names)):
        raise ValueError(f"an event kind is declared twice: {sorted(n for n in names if names.count(n) > 1)}")
    db.install({feature.name: (list(feature.models), feature.migrations) for feature in site if feature.models})
    rendering.install([feature.name for feature in site], _merged(site, "template_globals"))
    # The core's line (your data is yours) comes after what the features offer.
    navigation.install(_every(site, "nav"), _every(site, "home"), [f.pitch for f in [*site[1:], *site[:1]]])
    permissions.install(_merged(site, "permissions"))
    personal_data.install(_every(site, "holdings"), _every(site, "erasers"))
    customer_view.install(_every(site, "customer_view"))
    activity.install(_every(site, "profile"))
    notification_kinds.install(_every(site, "notifications"))
    access_log.install(_merged(site, "access_reasons"))
    consents.install(_every(site, "consents"))
    bridges.install(_every(site, "bridges"))
    resume.install(_merged(site, "resumes"))
    middleware.install_upload_paths(_every(site, "uploads"))
    interests.install([feature.interests for feature in site if feature.interests])
    search_consumer = search.install(_every(site, "search"))
    events.install(kinds, [search_consumer, *_every(site, "consumers")])
    seed.install([f.demo for f in site if f.demo], [f.scale for f in site if f.scale])
    # A member may not take a handle that reads like a part of the site.
    profiles.reserve_handles([feature.name for feature in site]
                             + [entry.path.strip("/").split("/")[0] for entry in _every(site, "nav")])
