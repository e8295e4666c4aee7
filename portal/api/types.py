"""Field types every API model uses: text without control characters, bounded ids and counts.

Strict and honest: the limits here are also what the OpenAPI document tells callers, so a client
(and the schemathesis run in the tests) learns them from the schema."""
from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from portal.web.convertors import ID_MAX  # every id column is a 32-bit IntField (PostgreSQL `integer`)

# No NUL or other control characters (C0, DEL, C1): they break PostgreSQL text, logs and mail.
# Long text keeps tab, line feed and carriage return. Lone surrogates never get this far: the JSON
# parser refuses them (400), and query strings are decoded with replacement characters.
LINE_PATTERN = r"^[^\x00-\x1f\x7f-\x9f]*$"
TEXT_PATTERN = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]*$"


def Line(max_length: int, min_length: int = 0) -> Any:
    """One line of text (a title, a name, a slug) of at most `max_length` characters:
    `title: Annotated[str, Line(120, 3)]` (a type checker needs the type written out)."""
    return Field(min_length=min_length, max_length=max_length, pattern=LINE_PATTERN)


def Text(max_length: int, min_length: int = 0) -> Any:
    """Longer text (a description, a comment) that may hold line breaks and tabs:
    `body: Annotated[str, Text(5000)]`."""
    return Field(min_length=min_length, max_length=max_length, pattern=TEXT_PATTERN)


Id = Annotated[int, Field(ge=1, le=ID_MAX, description="An id (1 to 2^31-1).")]
Slug = Annotated[str, Field(min_length=1, max_length=24, pattern=r"^[A-Za-z0-9_-]+$")]


class Input(BaseModel):
    """A request body: strict JSON types (no null where text is wanted, no "1" for 1), and fields
    nobody declared are refused."""

    model_config = ConfigDict(strict=True, extra="forbid")


class Output(BaseModel):
    """A response body: what the API promises to send."""

    model_config = ConfigDict(extra="forbid")


def _no_default(schema: dict) -> None:
    schema.pop("default", None)


def Omittable(description: str | None = None):
    """A body field that may be left out (meaning "unchanged") but is never null when sent: the
    default stays out of the schema, which only describes what a caller may send."""
    return Field(default=None, json_schema_extra=_no_default, description=description)
