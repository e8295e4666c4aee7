"""The core's own declaration, in the same shape as a feature's: accounts, profiles and privacy,
notifications and mail, search, the API's core operations. The site is the core followed by the
features named in settings (see portal/features.py)."""
from __future__ import annotations

from collections.abc import Sequence

from portal import api, features
from portal.accounts import permissions
from portal.accounts import personal as account_data
from portal.accounts import routes as account_routes
from portal.accounts import sso_routes
from portal.errors import N_
from portal.event_kinds import CORE_KINDS
from portal.web import dead_letters
from portal.features import Feature
from portal.notify import kinds as notification_kinds
from portal.notify import mail
from portal.notify import newsletter_routes
from portal.notify import personal as notify_data
from portal.notify import routes as notify_routes
from portal.notify import service as notify
from portal.profiles import avatar_routes, avatars
from portal.profiles import personal as profile_data
from portal.profiles import consents, privacy_routes
from portal.profiles import routes as profile_routes
from portal.profiles import service as profiles
from portal.profiles import staff_routes as member_staff_routes
from portal.web import pages
from portal.navigation import NavEntry

CORE = Feature(
    name="portal",
    models=("portal.accounts.models", "portal.profiles.models", "portal.events.models", "portal.notify.models",
            "portal.site_key", "portal.search.models"),
    migrations="portal.migrations",
    routes=(*pages.routes, *account_routes.routes, *sso_routes.routes, *profile_routes.routes, *avatar_routes.routes,
            *privacy_routes.routes, *member_staff_routes.routes, *notify_routes.routes,
            *newsletter_routes.routes, *dead_letters.routes),
    api=tuple(api.core_operations),
    permissions=permissions.CORE_PERMISSIONS,
    events=CORE_KINDS,
    consumers=(notify.NOTIFY, mail.MAIL),
    search=(profiles.PROFILE_DOCS,),
    holdings=(*account_data.HOLDINGS, *profile_data.HOLDINGS, *notify_data.HOLDINGS),
    erasers=(avatars.erase, *account_data.ERASERS, *notify_data.ERASERS),
    notifications=notification_kinds.CORE_KINDS,
    consents=consents.CORE_PURPOSES,
    pitch=N_("Your profile is yours: you decide who sees what, take it home as a file, or leave."),
    nav=(
        NavEntry("/staff/members", N_("Members"), menu="staff", permission="members.view", order=80),
        NavEntry("/staff/newsletter", N_("Newsletter"), menu="staff", permission="newsletter.send", order=90),
        NavEntry("/staff/events", N_("Undelivered events"), menu="staff", permission="admin.settings", order=95),
    ),
)


def installed(names: Sequence[str] | None) -> list[Feature]:
    """The site: the core, then the features named (None: every installed feature)."""
    return [CORE, *features.select(names)]
