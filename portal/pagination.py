"""The one pagination helper: page numbers over a Tortoise queryset.

A pager needs to know whether there is a next page; a total ("page 2 of 50") is nicer but costs a
count, and counting a list that grows with the site reads all of it on every request. So the
caller chooses: count the rows (lists that stay small, or are bounded by an index such as one
member's notifications), pass a total it keeps elsewhere (maintained counters, see
ideas/counts.py), or neither: then one row more than a page is read, and the pager shows
previous and next links without a total."""
from __future__ import annotations

from dataclasses import dataclass

MAX_PER_PAGE = 100


@dataclass
class Page:
    items: list
    total: int | None  # None: not known (no count was made)
    page: int
    per_page: int
    more: bool = False  # without a total: whether a next page exists

    @property
    def pages(self) -> int | None:
        """How many pages there are, or None when the total is not known."""
        if self.total is None:
            return None
        return max(1, -(-self.total // self.per_page))

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        pages = self.pages
        return self.more if pages is None else self.page < pages


def page_number(value) -> int:
    """A page number from a query string value; anything odd is page 1."""
    try:
        return max(1, min(int(value), 100_000))
    except (TypeError, ValueError):
        return 1


async def paginate(queryset, page: int, per_page: int = 20, *, total: int | None = None,
                   count: bool = True) -> Page:
    """One page of `queryset`. Its total is `total` when the caller knows it (a maintained
    counter), else a count of the queryset when `count`, else unknown (the page reads one row
    more to tell whether a next page exists)."""
    per_page = max(1, min(per_page, MAX_PER_PAGE))
    offset = (page - 1) * per_page
    if total is None and not count:
        rows = await queryset.offset(offset).limit(per_page + 1)
        return Page(rows[:per_page], None, page, per_page, more=len(rows) > per_page)
    if total is None:
        total = await queryset.count()
    items = await queryset.offset(offset).limit(per_page)
    return Page(items, total, page, per_page)
