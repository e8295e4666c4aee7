"""The forums' declaration: everything the site needs to know about them, in one place.
Listed in pyproject.toml under [project.entry-points."vox.features"]."""
from __future__ import annotations

from forums import api
from forums.events import FORUM_KINDS
from portal.errors import N_
from portal.features import Feature
from portal.navigation import NavEntry

FEATURE = Feature(
    name="forums",
    models=("forums.models",),
    migrations="forums.migrations",
    api=tuple(api.operations),
    permissions={
        # Admins open and arrange categories (admins hold every permission).
        "forums.manage": frozenset(),
    },
    events=FORUM_KINDS,
    nav=(NavEntry("/forums", N_("Forums"), order=5),),
    pitch=N_("Ask questions, answer other customers, and get official answers from the team."),
)
