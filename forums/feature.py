"""The forums' declaration: everything the site needs to know about them, in one place.
Listed in pyproject.toml under [project.entry-points."vox.features"]."""
from __future__ import annotations

from forums import (api, compose_routes, demo, following_routes, health_routes, home, image_routes,
                    listeners, moderation_routes, personal, profile, routes, staff)
from forums.events import FORUM_KINDS
from portal.errors import N_
from portal.features import Feature
from portal.navigation import HomeSection, NavEntry

FEATURE = Feature(
    name="forums",
    models=("forums.models",),
    migrations="forums.migrations",
    api=tuple(api.operations),
    permissions={
        # Admins open and arrange categories (admins hold every permission).
        "forums.manage": frozenset(),
        # Product staff turn a customer's thread into an idea (its author may too).
        "forums.convert": frozenset({"product"}),
    },
    events=FORUM_KINDS,
    # Search documents kept in step (the search consumer), and who hears of what (notify).
    consumers=(listeners.SEARCH, listeners.NOTIFY),
    search=listeners.DOC_TYPES,
    notifications=listeners.NOTIFICATIONS,
    holdings=personal.HOLDINGS,
    erasers=personal.ERASERS,
    customer_view=(personal.CUSTOMER_VIEW,),
    demo=demo.seed_demo,
    nav=(
        NavEntry("/forums", N_("Forums"), order=5),
        NavEntry("/staff/forums", N_("Support health"), menu="staff", permission="staff.access", order=20),
        NavEntry("/staff/forums/categories", N_("Forum categories"), menu="staff", permission="forums.manage",
                 order=40),
        NavEntry("/staff/forums/queue", N_("Moderation queue"), menu="staff", permission="content.moderate",
                 order=21),
        NavEntry("/staff/forums/log", N_("Moderation log"), menu="staff", permission="staff.access", order=22),
    ),
    # compose_routes first: /forums/similar is not a category.
    routes=(*compose_routes.routes, *routes.routes, *following_routes.routes, *staff.routes,
            *health_routes.routes, *moderation_routes.routes, *image_routes.routes),
    uploads=(image_routes.UPLOAD_PATH,),  # pictures for posts: bodies up to the upload limit
    home=(HomeSection("forums.latest", "forums/_home_latest.html", home.latest, order=20),),
    # The threads a member started, on their profile page.
    profile=profile.SECTIONS,
    pitch=N_("Ask questions, answer other customers, and get official answers from the team."),
)
