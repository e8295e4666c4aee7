"""Every personal field of the profile, declared once: where it lives, its limits, who may see it.

Forms, the API, visibility checks, search and (later) export and erasure all read this list, so a
new field is added here and nowhere else."""
from __future__ import annotations

from dataclasses import dataclass

from portal.errors import N_

VISIBILITY_LEVELS = ("public", "members", "staff", "private")
VISIBILITY_LABELS = {
    "public": N_("Everyone"),
    "members": N_("Members"),
    "staff": N_("Staff only"),
    "private": N_("Only me"),
}
# Who a viewer is, relative to a profile, and which levels they may see.
SEES = {
    "anonymous": {"public"},
    "member": {"public", "members"},
    "staff": {"public", "members", "staff"},
    "self": set(VISIBILITY_LEVELS),
}
DIGEST_CHOICES = {"off": N_("No digest: mail at once"), "daily": N_("Daily digest"),
                  "weekly": N_("Weekly digest")}


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    table: str  # "member" or "profile"
    kind: str  # text, textarea, country, tags, language, email
    max_length: int = 0
    # None: fixed, shown as `fixed_visibility`; otherwise the member picks, starting from this.
    default_visibility: str | None = "public"
    fixed_visibility: str = "public"
    help: str = ""
    staff_label: str = ""  # how staff views name it, where `label` speaks to the member ("About you")
    # Markdown, kept with its HTML rendered when written in `<name>_html` (portal/markdown.py).
    markdown: bool = False

    @property
    def label_for_staff(self) -> str:
        return self.staff_label or self.label


FIELDS: tuple[Field, ...] = (
    Field("display_name", N_("Display name"), "member", "text", 80, None, "public",
          N_("Shown with everything you post.")),
    Field("handle", N_("Handle"), "member", "text", 24, None, "public",
          N_("Your address on this site: /u/handle. Lowercase letters, digits and _.")),
    Field("bio", N_("About you"), "profile", "textarea", 500, "public", staff_label=N_("About"),
          markdown=True),
    Field("company", N_("Company"), "profile", "text", 100, "members"),
    Field("country", N_("Country"), "profile", "country", 2, "public"),
    Field("interests", N_("Product interests"), "profile", "tags", 8, "public",
          help=N_("Separated by commas, e.g. touring, winter. Up to 8 interests in all.")),
    Field("email", N_("Email"), "member", "email", 320, None, "private",
          N_("Never shown to other members.")),
    Field("language", N_("Language"), "member", "language", 5, None, "private"),
)
BY_NAME = {f.name: f for f in FIELDS}
CHOOSABLE = tuple(f.name for f in FIELDS if f.default_visibility is not None)
# Fields the profile form and PATCH /api/v1/me may change (email has its own, password-checked flow).
EDITABLE = ("display_name", "handle", "bio", "company", "country", "interests", "language")


def visibility_of(profile, name: str) -> str:
    field = BY_NAME[name]
    if field.default_visibility is None:
        return field.fixed_visibility
    return (profile.visibility or {}).get(name, field.default_visibility)


def viewer_kind(viewer, owner_id: int) -> str:
    if viewer is None:
        return "anonymous"
    if viewer.pk == owner_id:
        return "self"
    return "staff" if viewer.is_staff else "member"
