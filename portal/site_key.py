"""The site's signing key, kept in the database so every machine serving the site signs alike.

CSRF tokens, the flash cookie, device cookies, customer-view and unsubscribe links and consent
pseudonyms are all signed with one key. When `PORTAL_SECRET_KEY` is not set, the first process to
start makes the key and stores it here; every other process, on this machine or another, reads
the same one. A key an older install generated into its data dir is adopted, so nobody is logged
out by the upgrade.
"""
from __future__ import annotations

import secrets
from pathlib import Path

from tortoise import fields
from tortoise.exceptions import IntegrityError
from tortoise.models import Model

from portal import settings

NAME = "signing"


class SiteKey(Model):
    name = fields.CharField(max_length=32, primary_key=True)
    value = fields.TextField()
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "site_key"


def _legacy_key(data_dir: Path) -> str | None:
    path = data_dir / "secret_key"
    return path.read_text().strip() or None if path.exists() else None


async def shared_key(data_dir: Path) -> str:
    """The site's signing key from the database, made (or adopted from the data dir) on first use.

    Safe when several processes start at once: one insert wins, every process reads the winner."""
    row = await SiteKey.get_or_none(name=NAME)
    if row is not None:
        return row.value
    try:
        await SiteKey.create(name=NAME, value=_legacy_key(data_dir) or secrets.token_urlsafe(48))
    except IntegrityError:
        pass  # another process was first
    return (await SiteKey.get(name=NAME)).value


async def configure() -> settings.Settings:
    """Give the settings in force a signing key: PORTAL_SECRET_KEY when set, else the shared one
    from the database. The app's lifespan and every database command call this once the database
    is open."""
    current = settings.current()
    if current.secret_key:
        return current
    return settings.configure(current.with_(secret_key=await shared_key(current.data_dir)))
