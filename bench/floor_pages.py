"""Same-work floors: for each page we measure, a bare Starlette + Jinja2 page that reads the same
rows through the raw driver (sqlite3 through aiosqlite, or asyncpg) and renders them into HTML of
the same size. What our page costs beyond its floor is what the framework, the ORM, our
middleware, i18n and templates add; the issue's target is at least 0.3× the floor's req/s.

    /ideas?sort=trending|top|newest   20 cards: the ideas (the columns a card shows), their
                                      authors, their tags, the board total from idea_count
    /ideas/{id}                       the idea with its author and tags, its comments with their
                                      authors, its status history
    /u/{handle}                       the member by handle, the profile by its key
    /                                 the planner's estimate of members and the 8 newest
    /healthz                          200

The pages are padded to the byte size of our real page (BENCH_SIZES, JSON: {"board": n, "idea": n,
"profile": n, "front": n}), so both send the same bytes. No middleware, no sessions, no i18n.
Related ideas (from the search index) are not part of the idea floor.

Environment: DATABASE_URL (sqlite://… or postgres://…), BENCH_SIZES.
Run: .venv/bin/uvicorn floor_pages:app --app-dir bench --port 8002
"""
from __future__ import annotations

import contextlib
import json
import os
import re

from jinja2 import DictLoader, Environment, select_autoescape
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse
from starlette.routing import Route

DATABASE_URL = os.environ.get("DATABASE_URL", "")
SIZES = json.loads(os.environ.get("BENCH_SIZES") or "{}")
ORDER = {"trending": "trend DESC, id DESC", "top": "vote_count DESC, id DESC", "newest": "id DESC"}

LAYOUT = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }} · Vox</title><link rel="stylesheet" href="/static/vendor/pico.min.css">
<link rel="stylesheet" href="/static/vox.css"><script src="/static/vendor/htmx.min.js" defer></script></head>
<body><header class="container"><nav><ul><li><a href="/"><strong>Vox</strong></a></li></ul>
<ul><li><a href="/ideas">Ideas</a></li><li><a href="/search">Search</a></li><li><a href="/login">Log in</a></li></ul></nav></header>
<main class="container"><h1>{{ title }}</h1>{% block main %}{% endblock %}{{ padding }}</main>
<footer class="container"><small>Vox · <a href="/privacy">Privacy</a></small></footer></body></html>
"""
TEMPLATES = {
    "layout.html": LAYOUT,
    "board.html": """{% extends "layout.html" %}{% block main %}<p>{{ total }} ideas</p><ol>
{% for idea in ideas %}<li><article><form method="post" action="/ideas/{{ idea.id }}/vote">
<button>{{ idea.vote_count }}</button></form><h2><a href="/ideas/{{ idea.id }}">{{ idea.title }}</a></h2>
<p><span class="status">{{ idea.status }}</span> by {{ authors[idea.author_id].display_name if idea.author_id in authors else "someone" }}
<time>{{ idea.created_at }}</time> <a href="/ideas/{{ idea.id }}#comments">{{ idea.comment_count }} comments</a></p>
<ul>{% for tag in tags.get(idea.id, []) %}<li><a href="/ideas?tag={{ tag.slug }}">{{ tag.name }}</a></li>{% endfor %}</ul>
</article></li>{% endfor %}</ol>{% endblock %}""",
    "idea.html": """{% extends "layout.html" %}{% block main %}<p>{{ idea.status }} · {{ idea.vote_count }} votes ·
by {{ idea.display_name }}</p><div>{{ idea.body_html | safe }}</div>
<ul>{% for tag in tags %}<li>{{ tag.name }}</li>{% endfor %}</ul>
<ol>{% for change in history %}<li>{{ change.from_status }} → {{ change.to_status }} {{ change.note_html | safe }}</li>{% endfor %}</ol>
<section id="comments">{% for comment in comments %}<article><p>{{ authors[comment.author_id].display_name if comment.author_id in authors else "someone" }}
<time>{{ comment.created_at }}</time></p>{{ comment.body_html | safe }}</article>{% endfor %}</section>{% endblock %}""",
    "profile.html": """{% extends "layout.html" %}{% block main %}<p>@{{ member.handle }}</p>
<div>{{ profile.bio_html | safe if profile else "" }}</div><p>{{ profile.company if profile else "" }}</p>{% endblock %}""",
    "front.html": """{% extends "layout.html" %}{% block main %}<p>about {{ members }} members</p>
<ul>{% for m in newest %}<li><a href="/u/{{ m.handle }}">{{ m.display_name }}</a></li>{% endfor %}</ul>{% endblock %}""",
}
env = Environment(loader=DictLoader(TEMPLATES), autoescape=select_autoescape(default=True))
_padding: dict[str, str] = {}


class Database:
    """The raw driver: `rows(sql, *args)` with `?` marks, rewritten to `$n` for asyncpg."""

    async def open(self) -> None:
        if DATABASE_URL.startswith("sqlite"):
            import aiosqlite

            self.sqlite = await aiosqlite.connect(DATABASE_URL.split("://", 1)[1])
            self.sqlite.row_factory = aiosqlite.Row
            self.pool = None
        else:
            import asyncpg

            url = "postgresql://" + DATABASE_URL.split("://", 1)[1]
            self.pool = await asyncpg.create_pool(url, min_size=2, max_size=8)

    async def close(self) -> None:
        if self.pool is not None:
            await self.pool.close()
        else:
            await self.sqlite.close()

    async def rows(self, sql: str, *args) -> list:
        if self.pool is None:
            async with self.sqlite.execute(sql, args) as cursor:
                return [dict(row) for row in await cursor.fetchall()]
        counter = iter(range(1, 100))
        return [dict(row) for row in await self.pool.fetch(re.sub(r"\?", lambda _: f"${next(counter)}", sql), *args)]

    def marks(self, values) -> str:
        return ", ".join("?" for _ in values) or "NULL"


db = Database()


def _page(name: str, **context) -> HTMLResponse:
    """Render, padding the first page of each kind to the size of ours (the padding is kept)."""
    template = env.get_template(f"{name}.html")
    if name not in _padding:
        bare = len(template.render(padding="", **context).encode())
        _padding[name] = "<p>" + "v" * max(0, SIZES.get(name, 0) - bare - 8) + "</p>" if SIZES.get(name, 0) > bare + 8 else ""
    return HTMLResponse(template.render(padding=_padding[name], **context))


async def _authors(ids) -> dict:
    ids = sorted({i for i in ids if i is not None})
    if not ids:
        return {}
    found = await db.rows(f"SELECT id, display_name, handle, status FROM member WHERE id IN ({db.marks(ids)})", *ids)
    return {row["id"]: row for row in found}


async def board(request: Request):
    order = ORDER.get(request.query_params.get("sort", "trending"), ORDER["trending"])
    ideas = await db.rows("SELECT id, title, status, hidden_at, author_id, campaign_id, vote_count, comment_count, "
                          f"created_at FROM idea WHERE hidden_at IS NULL AND status <> 'merged' ORDER BY {order} LIMIT 20")
    ids = [idea["id"] for idea in ideas]
    tags: dict[int, list] = {}
    if ids:
        for row in await db.rows("SELECT it.idea_id, t.slug, t.name_en AS name FROM idea_tags it JOIN idea_tag t ON t.id = it.tag_id "
                                 f"WHERE it.idea_id IN ({db.marks(ids)})", *ids):
            tags.setdefault(row["idea_id"], []).append(row)
    total = await db.rows("SELECT SUM(ideas) AS n FROM idea_count WHERE hidden = ? AND status <> 'merged'", False)
    return _page("board", title="Ideas", ideas=ideas, tags=tags, total=total[0]["n"],
                 authors=await _authors(idea["author_id"] for idea in ideas))


async def idea(request: Request):
    idea_id = int(request.path_params["idea_id"])
    found = await db.rows("SELECT i.*, m.display_name FROM idea i LEFT JOIN member m ON m.id = i.author_id "
                          "WHERE i.id = ?", idea_id)
    if not found:
        return HTMLResponse("not found", status_code=404)
    tags = await db.rows("SELECT t.slug, t.name_en AS name FROM idea_tags it JOIN idea_tag t ON t.id = it.tag_id "
                         "WHERE it.idea_id = ?", idea_id)
    comments = await db.rows("SELECT id, author_id, body_html, created_at FROM idea_comment WHERE idea_id = ? "
                             "ORDER BY id", idea_id)
    history = await db.rows("SELECT from_status, to_status, note_html FROM idea_status_change WHERE idea_id = ? "
                            "ORDER BY id", idea_id)
    return _page("idea", title=found[0]["title"], idea=found[0], tags=tags, comments=comments, history=history,
                 authors=await _authors(c["author_id"] for c in comments))


async def profile(request: Request):
    member = await db.rows("SELECT id, handle, display_name, status FROM member WHERE handle = ?",
                           request.path_params["handle"])
    if not member:
        return HTMLResponse("not found", status_code=404)
    found = await db.rows("SELECT bio_html, company FROM profile WHERE member_id = ?", member[0]["id"])
    return _page("profile", title=member[0]["display_name"], member=member[0], profile=found[0] if found else None)


async def front(request: Request):
    if db.pool is None:
        estimate = await db.rows("SELECT stat FROM sqlite_stat1 WHERE tbl = 'member' AND idx IS NOT NULL LIMIT 1")
        members = int(estimate[0]["stat"].split()[0]) if estimate else 0
    else:
        estimate = await db.rows("SELECT reltuples FROM pg_class WHERE oid = to_regclass('member')")
        members = int(estimate[0]["reltuples"]) if estimate else 0
    newest = await db.rows("SELECT id, display_name, handle FROM member WHERE status = 'active' "
                           "AND handle IS NOT NULL ORDER BY id DESC LIMIT 8")
    return _page("front", title="Welcome", members=members, newest=newest)


async def healthz(request: Request):
    return JSONResponse({"status": "ok"})


@contextlib.asynccontextmanager
async def lifespan(app: Starlette):
    await db.open()
    yield
    await db.close()


app = Starlette(routes=[Route("/ideas", board), Route("/ideas/{idea_id:int}", idea),
                        Route("/u/{handle}", profile), Route("/", front), Route("/healthz", healthz)],
                lifespan=lifespan)
