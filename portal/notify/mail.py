"""Mail: written to the spool inside the deciding transaction, delivered by the `mail` consumer.

With PORTAL_SMTP_URL set (smtp://user:pass@host:port, or smtps:// for TLS) mail goes through
SMTP; without it every message is written as an .eml file under data/mail and logged."""
from __future__ import annotations

import logging
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from urllib.parse import unquote, urlsplit

import aiosmtplib

from portal.event_kinds import MailQueued
from portal import events, i18n, settings
from portal.accounts import tokens
from portal.clock import now
from portal.notify.models import OutboundMail
from portal.rendering import environment

log = logging.getLogger("portal.mail")


# Stands for a one-time link's secret in a spooled body; the secret itself is made at send time.
SECRET_PLACEHOLDER = "{vox-one-time-secret}"


async def queue(to_address: str, template: str, context: dict, *, language: str, member=None,
                kind: str = "", token=None) -> OutboundMail:
    """Write a mail to the spool, rendered in the recipient's language. Call it inside a transaction:
    it emits `mail.queued`, and the mail consumer sends it after commit.

    With `token` (a OneTimeToken from portal.accounts.tokens.issue) the template's `{{ token }}` is
    a placeholder: the secret is made, and put into the message, only when the mail is sent, so it
    is never stored."""
    values = {"base_url": settings.current().base_url, **context}
    if token is not None:
        values["token"] = SECRET_PLACEHOLDER
    with i18n.use_language(language):
        module = environment().get_template(template).make_module(values)
        subject = str(getattr(module, "subject", "")).strip()
        body = str(module).strip() + "\n"
    mail = await OutboundMail.create(member=member, to_address=to_address, subject=subject[:200],
                                     text_body=body, kind=kind, token=token)
    await events.emit("mail.queued", subject=mail, data=MailQueued(kind=kind))
    return mail


def _message(mail: OutboundMail, body: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = settings.current().mail_from
    message["To"] = mail.to_address
    message["Subject"] = mail.subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain="vox.local")
    message.set_content(body)
    return message


async def _send(message: EmailMessage) -> None:
    url = settings.current().smtp_url
    if not url:
        folder = settings.current().data_dir / "mail"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{now():%Y%m%d-%H%M%S-%f}.eml"
        path.write_bytes(bytes(message))
        log.info("mail to %s written to %s (PORTAL_SMTP_URL is not set)", message["To"], path)
        return
    parts = urlsplit(url)
    await aiosmtplib.send(
        message, hostname=parts.hostname, port=parts.port or (465 if parts.scheme == "smtps" else 25),
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
        use_tls=parts.scheme == "smtps", start_tls=None, timeout=30,
    )


async def deliver(event: events.Event) -> None:
    """The `mail` consumer: send a spooled mail once, then forget its body. A mail with a one-time
    link gets the link's secret now, in the message only (see `queue`).

    Idempotent by the mail row's status: only a queued (or failed, when an admin retries) mail
    is sent, and a sent one is marked so. No transaction is open during the SMTP conversation;
    each attempt and its error are saved on the row at once."""
    mail = await OutboundMail.get_or_none(id=event.subject_id)
    if mail is None or mail.status not in ("queued", "failed"):
        return
    body = mail.text_body
    if mail.token_id is not None:
        secret = await tokens.arm(mail.token_id)
        if secret is None:  # the link is gone or used: nothing worth sending
            mail.status = "void"
            mail.text_body = ""
            await mail.save(update_fields=["status", "text_body"])
            return
        body = body.replace(SECRET_PLACEHOLDER, secret)
    mail.attempts += 1
    try:
        await _send(_message(mail, body))
    except (aiosmtplib.SMTPException, OSError) as exc:
        mail.last_error = repr(exc)[:2000]
        await mail.save(update_fields=["attempts", "last_error"])
        raise
    mail.status = "sent"
    mail.sent_at = now()
    mail.text_body = ""
    await mail.save(update_fields=["attempts", "status", "sent_at", "text_body"])


async def given_up(event: events.Event, error: str) -> None:
    """The spine gave up on a mail after its attempts: the row says so, with the error, instead
    of staying queued (an admin's retry of the dead letter sends it again)."""
    await OutboundMail.filter(id=event.subject_id, status="queued").update(
        status="failed", last_error=error[:2000])


MAIL = events.Subscription("mail", frozenset({"mail.queued"}), deliver, on_dead_letter=given_up)
