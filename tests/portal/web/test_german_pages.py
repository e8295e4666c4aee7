"""A German reader sees German: no English UI string and no English-formatted number on any page,
for a visitor, a member and staff. The English strings looked for are the catalogue's own (every
message whose German differs), so a string added without translation, or shown without `_()`,
makes this fail; the content written in this test is German, so it cannot hide one."""
import html
import re
from datetime import timedelta
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from forums import (bridge as forum_bridge, categories as forum_categories, drafts as forum_drafts,
                    following as forum_following, moderation as forum_moderation, posts as forum_posts,
                    threads as forum_threads)
from forums.models import Post
from ideas import board, campaigns, comments, decisions, votes
from portal.accounts.models import Member
from portal.clock import now
from tests.conftest import drain, login, make_member

CATALOGUE = Path(__file__).resolve().parents[3] / "portal" / "locale" / "de" / "LC_MESSAGES" / "messages.po"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")
# English number and time formats: 1,234 · 2.5 · 3:45 PM (German writes 1.234 · 2,5 · 15:45).
ENGLISH_NUMBER = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?![\d,])|(?<![\d.])\d+\.\d{1,2}(?![\d.])|\d:\d\d\s?[AP]M")
GERMAN = {"Accept-Language": "de"}


def _english_fragments() -> set[str]:
    """Pieces of English UI text worth looking for: each message whose German differs or is
    missing, split at its placeholders, keeping pieces of three words or more (single words like
    "Status" or "Roadmap" are German too)."""
    with CATALOGUE.open("rb") as handle:
        catalogue = read_po(handle)
    fragments = set()
    for message in catalogue:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for english in ids:
            if english in strings:
                continue
            for piece in PLACEHOLDER.split(english):
                piece = piece.strip(" .,:;“”\"'()·—-")
                if len(piece.split()) >= 3:
                    fragments.add(piece)
    return fragments


def _visible_text(page: str) -> str:
    """What a reader sees or hears: the text between tags, and labels in attributes."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    attributes = " ".join(re.findall(r'(?:aria-label|title|placeholder|alt)="([^"]*)"', page))
    text = re.sub(r"<[^>]+>", " ", page)
    return " ".join(html.unescape(text + " " + attributes).split())


@pytest.fixture
async def community(db):
    """A German community: a member, a product manager and a moderator who read German, an idea
    with votes, a comment and a status change, a campaign, notifications."""
    anna = await make_member("anna@example.org", name="Anna Becker")
    pia = await make_member("pia@example.org", name="Pia Produkt", role="product")
    mo = await make_member("mo@example.org", name="Mo Moderator", role="moderator")
    admin = await make_member("ad@example.org", name="Ada Admin", role="admin")
    await Member.all().update(language="de")
    await Member.filter(id=anna.pk).update(handle="anna")
    idea = await board.submit(anna, "Ladegrenze für den Akku", "Bis **achtzig** Prozent laden, damit er länger hält.")
    await votes.set_vote(pia, idea.pk, True)
    await comments.add_comment(pia, idea.pk, "Gute Idee, wir schauen sie uns an.")
    await decisions.change_status(pia, idea.pk, "planned", "Kommt im Frühjahr.")
    other = await board.submit(pia, "Dunkler Modus", "Für die Nacht.")
    await decisions.change_status(pia, other.pk, "shipped", "Ist da.")
    await campaigns.create_campaign(pia, "Wie planst du Touren?", "Erzähl uns davon.",
                                    (now() + timedelta(days=12)).date().isoformat())
    await forum_categories.create_category(admin, name="Hilfe", slug="hilfe", description="Frag einfach.")
    thread = await forum_threads.start_thread(anna, "hilfe", "Wie koppele ich die Uhr?", "Sie verbindet sich nicht.",
                                              "uhr")
    answer = await forum_posts.reply(pia, thread.pk, "Halte die Taste gedrückt.")
    await forum_posts.accept_answer(anna, thread.pk, answer.pk)
    await forum_posts.set_like(anna, answer.pk, True)
    await forum_posts.edit_post(pia, answer.pk, "Halte die Taste drei Sekunden gedrückt.")
    await forum_moderation.flag_post(anna, answer.pk, "spam", "Sieht nach Werbung aus.")
    await forum_moderation.moderate_thread(mo, thread.pk, "pin")
    await forum_drafts.save_draft(anna, category_key="hilfe", title="Akku lädt langsam", body="Seit gestern")
    opening = await forum_posts.opening_post_id(thread)
    # Anna read the question; a mention came since ("neu", "zum ersten ungelesenen Beitrag"); a
    # thread became an idea, whose question Anna liked (invited to vote).
    await forum_following.mark_read(anna, thread, [await Post.get(id=opening)])
    await forum_posts.reply(pia, thread.pk, "@anna schau auch in die Anleitung.")
    export = await forum_threads.start_thread(pia, "hilfe", "Routen als GPX exportieren", "Geht das schon?")
    await forum_posts.set_like(anna, (await Post.get(thread_id=export.pk)).pk, True)
    await forum_bridge.convert(pia, export.pk)
    await drain()
    return {"idea": idea.pk, "thread": thread.pk, "post": answer.pk, "opening": opening, "export": export.pk,
            "anna": anna.pk}


def _pages(idea_id: int, thread_id: int, post_id: int, opening_id: int, export_id: int,
           member_id: int) -> dict[str, list[str]]:
    common = ["/", "/ideas", f"/ideas/{idea_id}", "/roadmap", "/campaigns", "/campaigns/1", "/search?q=Akku",
              "/u/anna", "/u/pia_produkt", "/ideas?author=anna",
              "/forums", "/forums/hilfe", "/forums/hilfe?sort=unanswered", f"/threads/{thread_id}",
              f"/threads/{export_id}",
              f"/posts/{post_id}/history", "/forums/similar?title=Uhr+koppeln"]
    return {
        "visitor": [*common, "/login", "/signup", "/password/forgot"],
        "anna@example.org": [*common, "/ideas/new", "/me", "/me/privacy", "/me/export", "/me/notifications",
                             "/me/sessions", "/me/tokens", "/me/password", "/me/email", "/forums/hilfe/new",
                             f"/posts/{opening_id}/edit", f"/threads/{thread_id}?quote={post_id}",
                             "/forums/images/upload"],
        "pia@example.org": [*common, "/staff/ideas", "/staff/members", "/me/notifications", f"/posts/{post_id}/edit"],
        "mo@example.org": ["/staff/members", f"/ideas/{idea_id}", f"/threads/{thread_id}", "/staff/forums/queue",
                           "/staff/forums/log", f"/staff/forums/members/{member_id}",
                           f"/staff/forums/threads/{thread_id}/split", f"/staff/forums/threads/{thread_id}/merge"],
        "ad@example.org": ["/staff/ideas/weights", "/staff/newsletter", "/staff/events", "/campaigns/new",
                           "/staff/forums/categories"],
    }


async def test_german_pages_show_no_english_ui_text_or_number(client, community):
    fragments = _english_fragments()
    found = []
    for who, paths in _pages(community["idea"], community["thread"], community["post"], community["opening"],
                             community["export"], community["anna"]).items():
        if who != "visitor":
            await login(client, who)
        for path in paths:
            response = await client.get(path, headers=GERMAN)
            assert response.status_code == 200, (who, path)
            text = _visible_text(response.text)
            found += [(who, path, piece) for piece in fragments if piece in text]
            found += [(who, path, number) for number in ENGLISH_NUMBER.findall(text)]
        await client.post("/logout", data={"csrf_token": client.cookies.get("vox_csrf", "")})
        client.cookies.clear()
    assert not found, "\n".join(f"{who} {path}: {piece!r}" for who, path, piece in found[:30])


def test_the_check_sees_english_text_and_numbers():
    """The detector itself: an English sentence of the catalogue and 2.5 are caught."""
    text = _visible_text('<p>Trending counts recent votes more: a vote\'s weight halves every week.</p>'
                         '<td class="num">2.5</td><p title="1,234 votes">x</p>')
    assert any(piece in text for piece in _english_fragments())
    assert ENGLISH_NUMBER.findall(text) == ["2.5", "1,234"]
    assert ENGLISH_NUMBER.findall(_visible_text("<p>02.12.2026, 15:45 · 2,5 · 1.234</p>")) == []
