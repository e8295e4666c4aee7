"""Tables of accounts: the member, their sessions, one-time tokens and API tokens."""
from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from portal.errors import N_

ROLES = ("member", "moderator", "product", "service", "admin")
STAFF_ROLES = frozenset(ROLES) - {"member"}
# How each staff role is named to others (message ids), e.g. on a profile: "Team · Product".
ROLE_LABELS = {"moderator": N_("Moderation"), "product": N_("Product"), "service": N_("Customer service"),
               "admin": N_("Administration")}


class Member(Model):
    """A person with an account. Erasure keeps the row (so contributions stay readable) but
    empties every personal field and sets status to "erased"."""

    id = fields.IntField(primary_key=True)
    email = fields.CharField(max_length=320, unique=True, null=True)
    email_verified_at = fields.DatetimeField(null=True)
    password_hash = fields.CharField(max_length=255, null=True)
    display_name = fields.CharField(max_length=80)
    handle = fields.CharField(max_length=32, unique=True, null=True)
    roles: fields.JSONField[list[str]] = fields.JSONField(default=list)
    language = fields.CharField(max_length=5, default="en")
    status = fields.CharField(max_length=16, default="active", db_index=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    # The file name of the uploaded picture under the data dir (portal/profiles/avatars.py), or
    # empty for the generated one. On the member row, as the name is: both go with every post.
    avatar = fields.CharField(max_length=40, default="", db_default="")

    class Meta:
        table = "member"

    @property
    def is_verified(self) -> bool:
        return self.email_verified_at is not None

    def without_staff_powers(self) -> "Member":
        """Let this request act as a plain member whatever the roles (an API token without the
        `staff` scope). Held on this object only, never stored, so every permission check in every
        service sees it without knowing about tokens."""
        self._plain_member = True
        return self

    @property
    def acting_roles(self) -> tuple[str, ...]:
        """The roles in force for this request: the member's, or just "member" (see above)."""
        if getattr(self, "_plain_member", False):
            return ("member",)
        return tuple(self.roles or ())

    @property
    def is_staff(self) -> bool:
        return bool(STAFF_ROLES.intersection(self.acting_roles))

    def has_role(self, role: str) -> bool:
        return role in self.acting_roles or "admin" in self.acting_roles

    def __str__(self) -> str:
        return self.display_name


class Session(Model):
    """A login. Only a hash of the token in the cookie is stored, so a database leak opens no session."""

    id = fields.IntField(primary_key=True)
    member: fields.ForeignKeyRelation[Member] = fields.ForeignKeyField(
        "portal.Member", related_name="sessions", on_delete=fields.CASCADE)
    member_id: int
    token_hash = fields.CharField(max_length=64, unique=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    last_used_at = fields.DatetimeField()
    expires_at = fields.DatetimeField()
    user_agent = fields.CharField(max_length=255, default="")
    ip = fields.CharField(max_length=45, default="")
    via = fields.CharField(max_length=8, default="password")  # "password" or "sso"

    class Meta:
        table = "member_session"


class OneTimeToken(Model):
    """A single-use, expiring link token (email verification, password reset, email change).

    Only the hash of its secret is stored, and only from the moment its mail is sent: until then
    token_hash is empty and the link does not exist (see portal/accounts/tokens.py)."""

    id = fields.IntField(primary_key=True)
    member: fields.ForeignKeyRelation[Member] = fields.ForeignKeyField(
        "portal.Member", related_name="one_time_tokens", on_delete=fields.CASCADE)
    member_id: int
    purpose = fields.CharField(max_length=16)
    token_hash = fields.CharField(max_length=64, unique=True, null=True)
    data: fields.JSONField[dict] = fields.JSONField(default=dict)
    created_at = fields.DatetimeField(auto_now_add=True)
    expires_at = fields.DatetimeField()
    used_at = fields.DatetimeField(null=True)

    class Meta:
        table = "one_time_token"


class ApiToken(Model):
    """A bearer token for the JSON API. Only its hash is kept: the secret is shown once."""

    id = fields.IntField(primary_key=True)
    member: fields.ForeignKeyRelation[Member] = fields.ForeignKeyField(
        "portal.Member", related_name="api_tokens", on_delete=fields.CASCADE)
    member_id: int
    name = fields.CharField(max_length=80)
    prefix = fields.CharField(max_length=12)
    token_hash = fields.CharField(max_length=64, unique=True)
    scopes: fields.JSONField[list[str]] = fields.JSONField(default=list)
    created_at = fields.DatetimeField(auto_now_add=True)
    last_used_at = fields.DatetimeField(null=True)
    revoked_at = fields.DatetimeField(null=True)

    class Meta:
        table = "api_token"


class SsoLink(Model):
    """A login at an OpenID Connect provider that is linked to this member (issuer + subject)."""

    id = fields.IntField(primary_key=True)
    member: fields.ForeignKeyRelation[Member] = fields.ForeignKeyField(
        "portal.Member", related_name="sso_links", on_delete=fields.CASCADE)
    member_id: int
    issuer = fields.CharField(max_length=255)
    subject = fields.CharField(max_length=255)
    email = fields.CharField(max_length=320, default="")
    created_at = fields.DatetimeField(auto_now_add=True)
    last_login_at = fields.DatetimeField(null=True)

    class Meta:
        table = "sso_link"
        unique_together = (("issuer", "subject"),)
