"""What a visitor started before logging in, finished right after: a vote clicked while logged out
is cast once they have logged in (or signed up, confirmed and logged in), and they land back where
they clicked, at the same card.

A feature names its resumable actions in its declaration (`Feature.resumes`: name -> step). The
visitor's button leads to a route that calls `remember`; the login and the email confirmation call
`finish`. What is remembered lives in the visitor's signed flash cookie (nothing is written for a
visitor), so it survives the sign-up and the confirmation in the same browser, and nothing else."""
from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping

from starlette.requests import Request

from portal import i18n
from portal.errors import DomainError
from portal.web.forms import safe_next
from portal.web.templating import flash

# A step does the action for the member who just logged in and returns what to tell them (already
# translated); a refusal is a DomainError, whose message is shown instead.
ResumeStep = Callable[[object, int], Awaitable[str]]

KEY = "resume"
_steps: dict[str, ResumeStep] = {}


def install(steps: Mapping[str, ResumeStep]) -> None:
    """Register the features' resumable actions (portal/features.py), replacing earlier ones."""
    _steps.clear()
    _steps.update(steps)


def remember(request: Request, action: str, target: int, back: str) -> None:
    """Keep the action a visitor started, to be done by `finish` after they log in; `back` is the
    local address (with its #anchor) to return to. A later action replaces an earlier one."""
    if action not in _steps:
        raise KeyError(f"no feature declares the resumable action {action!r}")
    request.session[KEY] = {"action": action, "target": int(target), "back": safe_next(back)}


async def finish(request: Request, member) -> str | None:
    """Do the remembered action for `member`, who has just logged in, and flash what happened.
    Returns the address to go back to, or None when nothing was remembered. An action the member
    may not do (say, their email is not confirmed yet) is told, not done, and stays remembered
    until they may."""
    pending = request.session.get(KEY)
    if not isinstance(pending, dict) or pending.get("action") not in _steps:
        request.session.pop(KEY, None)
        return None
    back = safe_next(pending.get("back"))
    try:
        message = await _steps[pending["action"]](member, int(pending["target"]))
    except DomainError as refusal:
        text = i18n._(refusal.message, **refusal.params) if refusal.params else i18n._(refusal.message)
        flash(request, text, "warning")
        if getattr(member, "is_verified", True):  # only a missing confirmation is worth waiting for
            request.session.pop(KEY, None)
        return back
    request.session.pop(KEY, None)
    flash(request, message)
    return back
