"""What members may name as their interests: the choices the installed features offer (the idea
board its tags), each with a label in the reader's language, and free entries beside them.

A feature offers choices through its declaration (`Feature.interests`, see portal/features.py):
an async callable taking a language code and returning (value, label) pairs. Stored interests are
values (slugs); one no feature offers any more, or typed freely, is shown as it was stored."""
from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Sequence

Choices = Callable[[str], Awaitable[Sequence[tuple[str, str]]]]

_providers: list[Choices] = []


def install(providers: Iterable[Choices]) -> None:
    """Replace the providers with the installed features' (features.install calls this)."""
    _providers[:] = list(providers)


async def choices(language: str) -> list[tuple[str, str]]:
    """Every offered (value, label) pair, labels in `language`, sorted by label; a value offered
    twice keeps its first label. Anyone may call it; emits nothing."""
    found: dict[str, str] = {}
    for provider in _providers:
        for value, label in await provider(language):
            found.setdefault(value, label)
    return sorted(found.items(), key=lambda pair: pair[1].casefold())


async def labelled(values: Iterable[str], language: str) -> list[tuple[str, str]]:
    """Stored interests as (value, label) pairs in their stored order: an offered one by its
    label in `language`, any other as it was stored. Anyone may call it; emits nothing."""
    values = list(values or [])
    labels = dict(await choices(language)) if values else {}
    return [(value, labels.get(value, value)) for value in values]
