"""The forums' declaration: everything the site needs to know about them, in one place.
Listed in pyproject.toml under [project.entry-points."vox.features"]."""
from __future__ import annotations

from forums import home, profile, routes, staff
from forums.events import FORUM_KINDS
from portal.errors import N_
from portal.features import Feature
from portal.navigation import HomeSection, NavEntry

FEATURE = Feature(
    name="forums",
    models=("forums.models",),
    migrations="forums.migrations",
    permissions={
        # Admins open and arrange categories (admins hold every permission).
        "forums.manage": frozenset(),
    },
    events=FORUM_KINDS,
    nav=(
        NavEntry("/forums", N_("Forums"), order=5),
        NavEntry("/staff/forums/categories", N_("Forum categories"), menu="staff", permission="forums.manage",
                 order=40),
    ),
    routes=(*routes.routes, *staff.routes),
    home=(HomeSection("forums.latest", "forums/_home_latest.html", home.latest, order=20),),
    # The threads a member started, on their profile page.
    profile=profile.SECTIONS,
    pitch=N_("Ask questions, answer other customers, and get official answers from the team."),
)
