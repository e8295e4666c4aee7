"""The one pagination helper: page numbers over a Tortoise queryset."""
from __future__ import annotations

from dataclasses import dataclass

MAX_PER_PAGE = 100


@dataclass
class Page:
    items: list
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def page_number(value) -> int:
    """A page number from a query string value; anything odd is page 1."""
    try:
        return max(1, min(int(value), 100_000))
    except (TypeError, ValueError):
        return 1


async def paginate(queryset, page: int, per_page: int = 20) -> Page:
    per_page = max(1, min(per_page, MAX_PER_PAGE))
    total = await queryset.count()
    items = await queryset.offset((page - 1) * per_page).limit(per_page)
    return Page(items, total, page, per_page)
