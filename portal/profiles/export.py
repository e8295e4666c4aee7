"""Export: everything Vox holds about a member, from every package, as one JSON document or a ZIP
of CSV files. The format is described in the README ("Your data export") and versioned here."""
from __future__ import annotations

import base64
import csv
import io
import json
import zipfile

from portal import personal_data
from portal.accounts.models import Member
from portal.accounts.permissions import require_self_or
from portal.clock import now
from portal.csvcells import safe_cell
from portal.errors import N_, Invalid, NotFound
from portal.profiles import access_log, avatars

FORMAT = "vox.member-export"
# Raise on any change a reader would notice (a section or column renamed or removed); new sections
# and columns are additions within the same version.
VERSION = 1


async def build(actor: Member, member_id: int, *, token_label: str = "", why: str = "") -> dict:
    """The whole export of one member as a JSON-ready dict.

    The member exports their own data; admins may export a member's data on their request,
    saying why (`why`, one of access_log.REASONS, else Invalid("why")). An export by anyone else,
    or through an API token, is written to the member's access log (with the reason), so call it
    only for a CSRF-checked POST or a token request. Emits nothing."""
    require_self_or(actor, member_id, "members.erase")
    member = await Member.get_or_none(id=member_id, status="active")
    if member is None:
        raise NotFound()
    by_staff = actor.pk != member.pk and not token_label
    if by_staff and why not in access_log.REASONS:
        raise Invalid("why", N_("Please tell us why you open this member's data."))
    if by_staff or token_label:
        await access_log.record(member.pk, "export.downloaded", actor=actor, actor_label=token_label,
                                reason=access_log.REASONS[why] if by_staff else "")
    sections: dict[str, list[dict]] = {}
    about: dict[str, str] = {}
    columns: dict[str, list[str]] = {}
    for holding in personal_data.holdings():
        if not holding.section:
            continue
        sections[holding.section] = await personal_data.rows_of(holding, member.pk)
        about[holding.section] = holding.purpose
        columns[holding.section] = holding.exported_fields()
    # Files we keep beside the rows: the uploaded picture, as stored (JSON carries it in base64).
    picture = avatars.exported(member.avatar)
    files = [{"name": picture["name"], "content_type": picture["content_type"],
              "base64": base64.b64encode(picture["content"]).decode()}] if picture else []
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": now().isoformat(),
        "member_id": member.pk,
        "sections": sections,
        "about": about,
        "columns": columns,
        "files": files,
    }


def as_json(document: dict) -> bytes:
    return json.dumps(document, ensure_ascii=False, indent=2).encode()


def as_zip(document: dict) -> bytes:
    """The export as a ZIP: export.json, one CSV file per section, and a short README.txt."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("export.json", as_json(document))
        lines = [f"{FORMAT} version {document['version']}, exported {document['exported_at']}", ""]
        for section, rows in document["sections"].items():
            columns = document["columns"][section]
            text = io.StringIO()
            writer = csv.writer(text)
            writer.writerow(columns)
            for row in rows:
                writer.writerow([safe_cell(row.get(column)) for column in columns])
            archive.writestr(f"{section}.csv", text.getvalue())
            lines.append(f"{section}.csv ({len(rows)} rows): {document['about'][section]}")
        for file in document.get("files", []):
            archive.writestr(file["name"], base64.b64decode(file["base64"]))
            lines.append(f"{file['name']}: your picture, as we store it")
        archive.writestr("README.txt", "\n".join(lines) + "\n")
    return buffer.getvalue()


def filename(member: Member, extension: str) -> str:
    return f"vox-export-{member.handle or member.pk}-{now():%Y-%m-%d}.{extension}"
