"""The catalogue of event kinds, generated from their declarations (`portal events catalogue`).

Each kind with its description, the feature that declares it (when known) and the fields of its
payload: name, type and the field's description from the pydantic schema."""
from __future__ import annotations

import types
import typing
from collections.abc import Iterable, Mapping

from portal.events.kinds import EventKind


def _type_name(annotation) -> str:
    if annotation is None or annotation is type(None):
        return "None"
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        return " | ".join(_type_name(arg) for arg in typing.get_args(annotation))
    if origin is not None:
        args = ", ".join(_type_name(arg) for arg in typing.get_args(annotation))
        return f"{getattr(origin, '__name__', str(origin))}[{args}]"
    return getattr(annotation, "__name__", str(annotation))


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def markdown(kinds: Iterable[EventKind], declared_by: Mapping[str, str] | None = None) -> str:
    """Markdown for the given kinds, sorted by name. `declared_by` maps a kind to its feature."""
    declared_by = declared_by or {}
    lines = ["| kind | what happened | declared by | payload |", "|---|---|---|---|"]
    sections = []
    for kind in sorted(kinds, key=lambda k: k.name):
        model = kind.payload
        fields = model.model_fields
        summary = ", ".join(f"`{name}`" for name in fields) or "—"
        lines.append(f"| `{kind.name}` | {_cell(kind.description)} | {declared_by.get(kind.name, '')} | "
                     f"{summary} |")
        doc = (model.__doc__ or "").strip()
        section = [f"### `{kind.name}`", "", _cell(kind.description), ""]
        if doc and not doc.startswith("The payload of a kind whose subject"):
            section += [_cell(doc), ""]
        if fields:
            section += ["| field | type | description |", "|---|---|---|"]
            for name, info in fields.items():
                optional = "" if info.is_required() else " (optional)"
                section.append(f"| `{name}` | `{_type_name(info.annotation)}`{optional} | "
                               f"{_cell(info.description or '')} |")
        else:
            section.append("No payload: the subject (and actor) say it all.")
        sections.append("\n".join(section))
    return "\n".join(lines) + "\n\n" + "\n\n".join(sections) + "\n"
