"""A newcomer's first five minutes, on a phone and on a desktop: they land on the front page, vote
for a trending idea, are asked to log in, sign up instead, confirm their address, log in and find
the vote cast where they clicked; when the idea moves and the team answers, one grouped
notification tells them; they open the author's profile. Every page is checked with axe and
saved as a screenshot, then seen again in German."""
import re
import time

import pytest

from tests.browser.conftest import check_accessibility, path_of
from tests.browser.test_idea_journey import _cli, _login

SIZES = {"phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
         "desktop": {"viewport": {"width": 1280, "height": 900}}}
PASSWORD = "my first five minutes"


def _context(page, size: str, locale: str = "en-US"):
    return page.context.browser.new_context(locale=locale, **SIZES[size]).new_page()


def _until_shown(page, url: str, text, seconds: float = 30) -> None:
    """Open `url` again until `text` is on it (what background consumers write comes a moment later)."""
    deadline = time.monotonic() + seconds
    while True:
        page.goto(url)
        if page.get_by_text(text).count():
            return
        assert time.monotonic() < deadline, f"{text!r} did not appear on {url}"
        page.wait_for_timeout(500)


def _look(page, name: str, seen: list[str]) -> None:
    """Check the page with axe, keep its screenshot, and remember it for the German round."""
    check_accessibility(page, name)
    seen.append(path_of(page.url).split("#")[0])


@pytest.mark.parametrize("size", SIZES)
def test_land_vote_sign_up_confirm_find_the_vote_hear_back_and_meet_the_author(page, live_server, size):
    base = live_server.url
    _cli(live_server, "users", "create", "anna@example.org", "--password", "anna rides daily", "--name", "Anna Alt")
    _cli(live_server, "users", "create", "pm@example.org", "--password", "product manager pass",
         "--name", "Pia PM", "--role", "product")
    author = _context(page, size)
    _login(author, base, "anna@example.org", "anna rides daily")
    author.goto(base + "/ideas/new")
    author.locator("input[name=title]").fill("Charge limit for the battery")
    author.locator("textarea[name=body]").fill("Stop charging at **80 percent** so the battery lasts longer.")
    author.locator("main form:has(input[name=title]) [type=submit]").click()
    author.wait_for_url(re.compile(r"/ideas/\d+$"))
    idea_path = path_of(author.url)
    author.context.close()

    # A visitor lands on the front page: one line on what this is, and the trending idea to vote on.
    seen: list[str] = []
    visitor = _context(page, size)
    visitor.goto(base + "/")
    card = visitor.locator("#home-trending ~ ol .idea-card, section[aria-labelledby=home-trending] .idea-card").first
    card.get_by_text("Charge limit for the battery").wait_for()
    # On a phone the first card starts above the fold.
    assert card.bounding_box()["y"] < SIZES[size]["viewport"]["height"]
    _look(visitor, f"40-{size}-home-visitor", seen)
    card.get_by_role("button", name=re.compile("Log in to vote")).click()
    visitor.wait_for_url(re.compile(r"/login\?"))
    visitor.get_by_text("Log in to vote").first.wait_for()
    _look(visitor, f"41-{size}-login-to-vote", seen)

    # They have no account yet: sign up, then confirm the address from the mail.
    visitor.get_by_role("link", name="Create an account").click()
    visitor.wait_for_url(re.compile(r"/signup"))
    _look(visitor, f"42-{size}-signup", seen)
    visitor.get_by_label("Your name").fill("Nina New")
    visitor.get_by_label("Email address").fill("nina@example.org")
    visitor.get_by_label("Password").fill(PASSWORD)
    visitor.locator("main form [type=submit]").click()
    visitor.get_by_text("nina@example.org").first.wait_for()
    _look(visitor, f"43-{size}-check-inbox", seen)
    link = re.search(r"https?://\S+/verify/\S+", live_server.wait_for_mail("nina@example.org").get_content()).group(0)
    visitor.goto(base + path_of(link))
    _look(visitor, f"44-{size}-confirm", seen)
    visitor.locator("main form [type=submit]").click()
    visitor.wait_for_url(re.compile(r"/login"))

    # Logging in brings Nina back to the card she clicked, with the vote cast.
    visitor.get_by_label(re.compile("^email", re.I)).fill("nina@example.org")
    visitor.get_by_label(re.compile("password", re.I)).fill(PASSWORD)
    visitor.locator("form:has(input[type=password]) [type=submit]").click()
    visitor.wait_for_url(re.compile(r"/#vote-\d+$"))
    visitor.get_by_text(re.compile("Your vote for .Charge limit for the battery. is in")).wait_for()
    assert visitor.locator("main button[aria-pressed=true]").count() == 1
    _look(visitor, f"45-{size}-home-voted", seen)

    # The team plans the idea and answers twice: Nina, who follows it by voting, hears of it.
    staff = _context(page, size)
    _login(staff, base, "pm@example.org", "product manager pass")
    staff.goto(base + idea_path)
    staff.locator("details.staff-panel > summary").click()
    staff.locator("select[name=status]").select_option("planned")
    staff.locator("form[action$='/status'] [type=submit]").click()
    staff.locator("main .status-badge", has_text="planned").first.wait_for()
    for answer in ("We are on it.", "It comes with the spring release."):
        staff.locator("textarea[name=body]").fill(answer)
        staff.locator("form[action$='/comments'] [type=submit]").click()
        staff.get_by_text(answer).first.wait_for()
    staff.context.close()

    # The notifications are written by the event consumers after the staff's requests: reload
    # until they are there.
    _until_shown(visitor, base + "/me/notifications", re.compile("2 new comments on .Charge limit for the battery."))
    visitor.get_by_text(re.compile("Charge limit for the battery.* planned", re.S)).first.wait_for()
    _look(visitor, f"46-{size}-notifications", seen)

    # From the idea Nina opens its author's profile, with what Anna wrote.
    visitor.goto(base + idea_path)
    _look(visitor, f"47-{size}-idea", seen)
    visitor.locator("main a.author", has_text="Anna Alt").first.click()
    visitor.wait_for_url(re.compile(r"/u/"))
    visitor.get_by_text("Charge limit for the battery").first.wait_for()
    _look(visitor, f"48-{size}-author", seen)
    for path in ("/ideas", "/me", "/search?q=battery", "/campaigns", "/roadmap"):
        visitor.goto(base + path)
        if path == "/ideas":  # the first card starts above the fold, on a phone too
            assert visitor.locator("main .idea-card").first.bounding_box()["y"] < SIZES[size]["viewport"]["height"]
        _look(visitor, f"49-{size}-{path.strip('/').split('?')[0]}", seen)

    # The same pages in German: the member switches language; a German visitor sees theirs.
    visitor.locator("footer button[lang=de]").click()
    visitor.wait_for_load_state()
    for number, path in enumerate(dict.fromkeys(p for p in seen if not p.startswith(("/login", "/signup", "/verify")))):
        visitor.goto(base + path)
        assert visitor.locator("html").get_attribute("lang") == "de"
        check_accessibility(visitor, f"50-{size}-de-{number:02d}-{path.strip('/').split('?')[0].replace('/', '_') or 'home'}")
    german = _context(page, size, locale="de-DE")
    for path in ("/", "/login", "/signup", idea_path):
        german.goto(base + path)
        assert german.locator("html").get_attribute("lang") == "de"
        check_accessibility(german, f"51-{size}-de-visitor-{path.strip('/').replace('/', '_') or 'home'}")
    german.context.close()
    visitor.context.close()
