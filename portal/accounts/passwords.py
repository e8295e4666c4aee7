"""Password hashing (argon2id) and the password policy."""
from __future__ import annotations

from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from zxcvbn.frequency_lists import FREQUENCY_LISTS

from portal.errors import N_, Invalid

MIN_LENGTH = 8
MAX_LENGTH = 1024  # long passphrases are welcome; this only stops hashing megabytes

# argon2-cffi's defaults (argon2id, m=64 MiB, t=3, p=4) exceed ASVS 5.0's minimum for argon2id.
_hasher = PasswordHasher()
# A hash to verify against when the account does not exist, so both paths take the same time.
_DUMMY_HASH = _hasher.hash("vox-timing-equaliser")


@lru_cache(maxsize=1)
def _common_passwords() -> frozenset[str]:
    # The 30,000 most common passwords from leaked-password corpora, shipped with zxcvbn.
    return frozenset(FREQUENCY_LISTS["passwords"])


def check_policy(password: str, *, field: str = "password", email: str = "") -> None:
    """Raise Invalid when a new password is too short, too long or among the most common ones."""
    if len(password) < MIN_LENGTH:
        raise Invalid(field, N_("Use at least 8 characters."))
    if len(password) > MAX_LENGTH:
        raise Invalid(field, N_("That password is too long (at most 1024 characters)."))
    lowered = password.lower()
    if lowered in _common_passwords() or (email and lowered == email.lower()):
        raise Invalid(field, N_("That password is too common. Please choose another one."))


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Check a password; takes about as long when there is no hash to check against."""
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)
