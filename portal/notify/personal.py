"""What notifications and the mail spool hold about a person (see portal/personal_data.py)."""
from __future__ import annotations

from tortoise.expressions import Q

from portal import settings
from portal.errors import N_
from portal.notify.models import Newsletter, Notification, OutboundMail
from portal.personal_data import Holding

# A message id: the kinds that name someone translate their "name" when shown.
FORMER_MEMBER = N_("A former member")


async def _scrub_others(member) -> None:
    """Other members' notifications name the erased member; mail to others may quote them."""
    for notification in await Notification.filter(actor_id=member.pk):
        notification.data = {**(notification.data or {}), "name": FORMER_MEMBER}
        notification.actor_id = None
        await notification.save(update_fields=["data", "actor_id"])
    traces = _traces(member)
    if not traces:
        return
    # Sent mail too: its body is emptied on delivery, but its subject stays in the spool's record.
    quoting = Q(*[Q(subject__contains=t) | Q(text_body__contains=t) for t in traces], join_type="OR")
    for mail in await OutboundMail.filter(quoting):
        subject, body = mail.subject, mail.text_body
        for trace in traces:
            subject, body = subject.replace(trace, FORMER_MEMBER), body.replace(trace, FORMER_MEMBER)
        if (subject, body) != (mail.subject, mail.text_body):
            mail.subject, mail.text_body = subject, body
            await mail.save(update_fields=["subject", "text_body"])


async def _clean_dev_mailbox(member) -> None:
    """Without SMTP, sent mail lies as .eml files in the data folder (the developer's inbox): ours
    to clean too. The member's own mail goes; others' mail that quotes them is scrubbed."""
    folder = settings.current().data_dir / "mail"
    if settings.current().smtp_url or not folder.exists():
        return
    traces = _traces(member)
    for path in folder.glob("*.eml"):
        text = path.read_bytes().decode("utf-8", "replace")
        if member.email and f"To: {member.email}" in text:
            path.unlink(missing_ok=True)
        elif any(trace in text for trace in traces):
            for trace in traces:
                text = text.replace(trace, FORMER_MEMBER)
            path.write_text(text, encoding="utf-8")


def _traces(member) -> list[str]:
    """What would identify the member in a text: email, name and handle (longest first)."""
    found = {member.email, member.display_name, member.handle}
    return sorted((t for t in found if t), key=len, reverse=True)


# Declared in this package's feature declaration (see portal/features.py).
HOLDINGS = (
    Holding(Notification, "member", "notifications", erase="delete",
            purpose="What we told you in the app and by mail.",
            kept="while you have an account"),
    Holding(Notification, "actor", "", erase="custom",
            purpose="Other members' notifications about what you did (“Ada commented …”). They "
                    "are theirs, not in your export; erasure replaces your name in them.",
            kept="while the receiving member has an account"),
    Holding(OutboundMail, "member", "mail", erase="delete",
            purpose="The mail we sent you: address, subject, when.",
            kept="while you have an account (the text is deleted once the mail is delivered)",
            omit={"text_body": "may hold a one-time link, and is emptied once the mail is delivered"}),
    Holding(Newsletter, "sent_by", "newsletters_sent", erase="keep",
            purpose="As an admin: the newsletter issues you sent.",
            kept="for as long as the community runs"),
)
ERASERS = (_scrub_others, _clean_dev_mailbox)
