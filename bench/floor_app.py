"""The framework floor: a bare Starlette app served by the same uvicorn command as Vox.

    /plain       a plaintext "Hello, world!" (what Starlette + uvicorn cost at all)
    /            a Jinja2 page padded to BENCH_PAGE_BYTES (the size of Vox's front page), no database
    /db?handle=  the same page after 3 indexed queries through Tortoise on the bench database
                 (member by unique handle, profile by primary key, the 8 newest members by id)
    /healthz     200

No middleware, no sessions, no i18n: only what any Starlette + Jinja2 (+ Tortoise) page pays.
Environment: BENCH_PAGE_BYTES (default 10000), BENCH_TEMPLATE_DIR (where the generated template is
written; default a temporary directory), DATABASE_URL (optional; without it /db answers 404).

Run: .venv/bin/uvicorn floor_app:app --app-dir bench --port 8001
"""
from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse
from starlette.routing import Route
from starlette.templating import Jinja2Templates
from tortoise import fields
from tortoise.models import Model

PAGE_BYTES = int(os.environ.get("BENCH_PAGE_BYTES", "10000"))
DATABASE_URL = os.environ.get("DATABASE_URL", "")

# -- the template, generated to the size of the real page -------------------------------------

HEAD = """<!doctype html>
<html lang="{{ lang }}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="csrf-token" content="{{ csrf_token }}">
  <title>{{ title }} · Vox</title>
  <link rel="stylesheet" href="/static/vendor/pico.min.css">
  <link rel="stylesheet" href="/static/vox.css">
  <script src="/static/vendor/htmx.min.js" defer></script>
</head>
<body hx-headers='{"X-CSRF-Token": "{{ csrf_token }}"}'>
<header class="container">
  <nav>
    <ul><li><a href="/"><strong>Vox</strong></a></li></ul>
    <ul>
      {% for item in nav %}<li><a href="{{ item.url }}">{{ item.label }}</a></li>
      {% endfor %}
    </ul>
  </nav>
</header>
<main class="container">
  <h1>{{ title }}</h1>
  <p>{{ members }} members are part of the community.</p>
  {% if person %}<p>Hello from <a href="/u/{{ person.handle }}">{{ person.display_name }}</a>: {{ bio }}</p>{% endif %}
  <h2>Newest members</h2>
  <ul>
    {% for m in newest %}<li><a href="/u/{{ m.handle }}">{{ m.display_name }}</a></li>
    {% endfor %}
  </ul>
"""
TAIL = """</main>
<footer class="container"><small>Vox · <a href="/privacy">Privacy</a> · <a href="/imprint">Imprint</a></small></footer>
</body>
</html>
"""
FILLER = ("<p>Fahrtwind riders share ideas about battery range, navigation, service and touring. "
          "Vote on what matters, answer a survey, and see what became of what you said.</p>\n")

NAV = [{"url": u, "label": label} for u, label in
       (("/ideas", "Ideas"), ("/forums", "Forums"), ("/surveys", "Surveys"), ("/rewards", "Rewards"),
        ("/search", "Search"), ("/login", "Log in"), ("/signup", "Sign up"))]
STATIC_NEWEST = [{"handle": f"bench_{i}", "display_name": f"Bench Rider {i}"} for i in range(9999, 9991, -1)]


def _context(request: Request, **extra) -> dict:
    return {"lang": "en", "csrf_token": "x" * 64, "title": "Welcome to the Fahrtwind community",
            "nav": NAV, "members": 10011, "person": None, "bio": "", "newest": STATIC_NEWEST, **extra}


def _write_template(folder: Path, target: int) -> None:
    """Pad the template with static paragraphs until the rendered page is about `target` bytes."""
    probe = Environment(autoescape=select_autoescape(default_for_string=True))
    base = len(probe.from_string(HEAD + TAIL).render(_context(None)).encode())
    missing = max(0, target - base)
    filler = FILLER * (missing // len(FILLER))
    rest = missing - len(filler)
    filler += "<p>" + "v" * max(0, rest - 8) + "</p>\n" if rest >= 8 else " " * rest
    (folder / "page.html").write_text(HEAD + filler + TAIL)


TEMPLATE_DIR = Path(os.environ.get("BENCH_TEMPLATE_DIR") or tempfile.mkdtemp(prefix="vox-floor-"))
TEMPLATE_DIR.mkdir(parents=True, exist_ok=True)
_write_template(TEMPLATE_DIR, PAGE_BYTES)
# Like Vox: our own Environment with a FileSystemLoader and autoescaping (Starlette does not set it).
templates = Jinja2Templates(env=Environment(loader=FileSystemLoader(str(TEMPLATE_DIR)),
                                            autoescape=select_autoescape(["html", "xml"])))

# -- minimal models over Vox's own tables (read only) -----------------------------------------


class BenchMember(Model):
    id = fields.IntField(primary_key=True)
    handle = fields.CharField(max_length=32, unique=True, null=True)
    display_name = fields.CharField(max_length=80)
    status = fields.CharField(max_length=16)

    class Meta:
        table = "member"


class BenchProfile(Model):
    member_id = fields.IntField(primary_key=True)
    bio = fields.TextField()

    class Meta:
        table = "profile"


# -- routes ------------------------------------------------------------------------------------


async def plain(request: Request):
    return PlainTextResponse("Hello, world!")


async def page(request: Request):
    return templates.TemplateResponse(request, "page.html", _context(request))


async def db_page(request: Request):
    handle = request.query_params.get("handle", "bench_42")
    person = await BenchMember.get_or_none(handle=handle)                     # unique index
    profile = await BenchProfile.get_or_none(member_id=person.id) if person else None  # primary key
    newest = await BenchMember.all().order_by("-id").limit(8)                 # primary key
    return templates.TemplateResponse(request, "page.html", _context(
        request, person=person, bio=profile.bio if profile else "", newest=newest))


async def healthz(request: Request):
    return JSONResponse({"status": "ok"})


routes = [Route("/plain", plain), Route("/", page), Route("/healthz", healthz)]


@contextlib.asynccontextmanager
async def lifespan(app: Starlette):
    if not DATABASE_URL:
        yield
        return
    from tortoise.contrib.starlette import RegisterTortoise

    url = DATABASE_URL
    if url.startswith("postgresql://"):
        url = "postgres://" + url.removeprefix("postgresql://")
    config = {"connections": {"default": url},
              "apps": {"floor": {"models": [__name__], "default_connection": "default"}},
              "use_tz": True, "timezone": "UTC"}
    async with RegisterTortoise(app, config=config, generate_schemas=False):
        yield


if DATABASE_URL:
    routes.append(Route("/db", db_page))

app = Starlette(routes=routes, lifespan=lifespan)
