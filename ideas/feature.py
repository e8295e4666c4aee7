"""The idea board's declaration: everything the site needs to know about it, in one place.
Listed in pyproject.toml under [project.entry-points."vox.features"]."""
from __future__ import annotations

from ideas import api, board, bridge, demo, home, listeners, personal, profile, routes, rules, scale, staff
from ideas.events import IDEA_KINDS
from ideas.models import STATUS_LABELS
from portal.errors import N_
from portal.features import Feature
from portal.navigation import HomeSection, NavEntry


async def _interests(language: str) -> list[tuple[str, str]]:
    """The board's tags as interests a member may choose, named in `language`."""
    return [(tag.slug, tag.name_de if language == "de" else tag.name_en) for tag in await board.tags()]


FEATURE = Feature(
    name="ideas",
    models=("ideas.models",),
    migrations="ideas.migrations",
    routes=(*routes.routes, *staff.routes),
    api=tuple(api.operations),
    permissions={
        "ideas.triage": frozenset({"product"}),
        # Moderators and product staff both tidy the board: edit any idea, merge duplicates.
        "ideas.edit_any": frozenset({"moderator", "product"}),
        "ideas.merge": frozenset({"moderator", "product"}),
    },
    events=IDEA_KINDS,
    consumers=(listeners.NOTIFY,),
    search=listeners.DOC_TYPES,
    holdings=personal.HOLDINGS,
    customer_view=(personal.CUSTOMER_VIEW,),
    nav=(
        NavEntry("/ideas", N_("Ideas"), order=10),
        NavEntry("/roadmap", N_("Roadmap"), order=20),
        NavEntry("/campaigns", N_("Campaigns"), order=30),
        NavEntry("/staff/ideas", N_("Triage"), menu="staff", permission="ideas.triage", order=10),
    ),
    home=(
        HomeSection("ideas.trending", "ideas/_home_trending.html", home.trending, order=10),
        HomeSection("ideas.campaign", "ideas/_home_campaign.html", home.next_campaign, order=10, side=True),
        HomeSection("ideas.changes", "ideas/_home_changes.html", home.changes, order=20, side=True),
        HomeSection("ideas.shipped", "ideas/_home_shipped.html", home.shipped, order=30, side=True),
    ),
    # A member's ideas, comments and shipped co-authored ideas on their profile page.
    profile=profile.SECTIONS,
    notifications=listeners.NOTIFICATIONS,
    # The vote button asks the services' own rule whether the member may vote (ideas/rules.py).
    template_globals={"status_labels": STATUS_LABELS, "idea_voting": rules.voting},
    access_reasons={"triage": N_("Reading your ideas")},
    pitch=N_("Propose ideas, vote for the ones you want, and see them move from “new” to “shipped”."),
    # A visitor's vote, cast once they have logged in (portal/web/resume.py).
    resumes={"ideas.vote": routes.resume_vote},
    # Other features may make an idea of their content ("Turn into an idea" in the forums).
    bridges=(bridge.IDEA_BRIDGE,),
    interests=_interests,
    demo=demo.seed_demo,
    scale=scale.seed_scale,
)
