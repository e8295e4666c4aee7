"""What Vox holds about a person, declared once per table by the package that owns the table.

Export, erasure, the completeness test and the data model in the README all read this registry:
a package that adds a table with a person in it declares the table in its feature declaration (what the
rows are for, how long they are kept, what erasure does to them) and nothing else has to change.

Erasure actions:
- "delete": the rows go (sessions, tokens, consents, follows, notifications, …).
- "detach": the rows stay but no longer name the person (votes keep counting).
- "keep": the rows stay with the erased account, which no longer holds anything personal, so they
  read as "former member" (ideas and comments: the conversation stays readable).
- "custom": an erasure step the feature declares (`erasers`) handles the table (the member row itself).
"""
from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from tortoise.fields.relational import BackwardFKRelation, ManyToManyFieldInstance
from tortoise.models import Model

from portal.markdown import is_stored_html

ERASE_ACTIONS = ("delete", "detach", "keep", "custom")


@dataclass(frozen=True)
class Holding:
    """One table's rows about a member."""

    model: type[Model]
    owner: str  # the field naming the member: a foreign key ("member", "author") or "id" for the member row
    section: str  # the export's section name
    purpose: str  # why we keep it, in plain words (README and export description)
    kept: str  # how long
    erase: str  # one of ERASE_ACTIONS
    omit: Mapping[str, str] = field(default_factory=dict)  # field -> why it is not exported
    # Rows in the words of the member's page instead of stored columns (the access log says who
    # looked by name and role, not by an internal id): the export's rows and their columns.
    describe: Callable[[int], Awaitable[list[dict]]] | None = None
    described_fields: tuple[str, ...] = ()

    @property
    def owner_column(self) -> str:
        return self.owner if self.owner == "id" or self.owner.endswith("_id") else f"{self.owner}_id"

    def exported_fields(self) -> list[str]:
        """Every stored column of the table except the omitted ones and the HTML stored beside a
        Markdown source (portal/markdown.py), foreign keys as `<name>_id`; a described holding's own columns."""
        if self.describe is not None:
            return list(self.described_fields)
        meta = self.model._meta
        names = []
        for name in meta.fields_db_projection:
            instance = meta.fields_map.get(name)
            if isinstance(instance, (BackwardFKRelation, ManyToManyFieldInstance)):
                continue
            if name in self.omit or name.removesuffix("_id") in self.omit:
                continue
            # The HTML stored beside a Markdown source is derived, not the customer's data: the
            # export carries the text they wrote.
            if is_stored_html(name, meta.fields_db_projection):
                continue
            names.append(name)
        return names


_holdings: list[Holding] = []
_erasers: list[Callable[[object], Awaitable[None]]] = []


def install(holdings: Iterable[Holding], erasers: Iterable[Callable[[object], Awaitable[None]]]) -> None:
    """Replace the registry with the installed features' holdings and custom erasure steps."""
    holdings = list(holdings)
    for holding in holdings:
        if holding.erase not in ERASE_ACTIONS:
            raise ValueError(f"unknown erase action {holding.erase!r}")
    _holdings[:] = holdings
    _erasers[:] = list(erasers)


def holdings() -> list[Holding]:
    return list(_holdings)


def erasers() -> list[Callable[[object], Awaitable[None]]]:
    return list(_erasers)


def plain(value):
    """A stored value as JSON can carry it."""
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return value.hex()
    return value


async def rows_of(holding: Holding, member_id: int) -> list[dict]:
    """The member's rows of one table, with every exported column, oldest first."""
    if holding.describe is not None:
        return await holding.describe(member_id)
    names = holding.exported_fields()
    rows = await holding.model.filter(**{holding.owner_column: member_id}).order_by(
        holding.model._meta.pk_attr).values(*names)
    return [{name: plain(row[name]) for name in names} for row in rows]


async def apply_erase(holding: Holding, member_id: int) -> None:
    """Run the declared erasure action for one table (custom ones run as `on_erase` steps)."""
    rows = holding.model.filter(**{holding.owner_column: member_id})
    if holding.erase == "delete":
        await rows.delete()
    elif holding.erase == "detach":
        await rows.update(**{holding.owner_column: None})
