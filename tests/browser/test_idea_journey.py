"""The idea board's journey: a member starts typing an idea and is shown a similar one, votes for
it instead (one click, no reload), posts their own anyway; product staff ship the idea with a
public note; its author and voters see the notification."""
import os
import re
import subprocess
import sys

from tests.browser.conftest import check_accessibility


def _cli(live_server, *args):
    env = {**os.environ, "PORTAL_DATA_DIR": str(live_server.data_dir),
           "DATABASE_URL": f"sqlite://{live_server.data_dir}/vox.sqlite3"}
    done = subprocess.run([sys.executable, "-m", "portal.cli", *args], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]


def _login(page, base, email, password):
    page.goto(base + "/login")
    page.get_by_label(re.compile("^email", re.I)).fill(email)
    page.get_by_label(re.compile("password", re.I)).fill(password)
    page.locator("form:has(input[type=password]) [type=submit]").click()
    page.wait_for_url(re.compile(r"/$"))


def test_propose_see_similar_vote_ship_and_hear_about_it(page, live_server):
    base = live_server.url
    _cli(live_server, "users", "create", "anna@example.org", "--password", "anna rides daily", "--name", "Anna")
    _cli(live_server, "users", "create", "ben@example.org", "--password", "ben rides daily", "--name", "Ben")
    _cli(live_server, "users", "create", "pm@example.org", "--password", "product manager pass",
         "--name", "Pia PM", "--role", "product")

    # Anna proposes the first idea.
    _login(page, base, "anna@example.org", "anna rides daily")
    page.goto(base + "/ideas/new")
    check_accessibility(page, "20-idea-new")
    page.locator("input[name=title]").fill("Show the range in winter")
    page.locator("textarea[name=body]").fill("Cold batteries hold **less** charge.")
    page.locator("main form:has(input[name=title]) [type=submit]").click()
    page.wait_for_url(re.compile(r"/ideas/\d+$"))
    idea_url = page.url
    check_accessibility(page, "21-idea-page")

    # Ben starts typing the same idea and is shown Anna's.
    ben = page.context.browser.new_context().new_page()
    _login(ben, base, "ben@example.org", "ben rides daily")
    ben.goto(base + "/ideas/new")
    ben.locator("input[name=title]").press_sequentially("range winter", delay=30)
    ben.locator("#similar a", has_text="Show the range in winter").wait_for()
    check_accessibility(ben, "22-idea-similar")
    # The link opens in a new tab, so what Ben typed stays; here he simply follows it.
    ben.goto(base + ben.locator("#similar a", has_text="Show the range in winter").get_attribute("href"))
    assert ben.url == idea_url

    # One click votes, without a reload.
    ben.evaluate("() => { window.__sameDocument = true; }")
    button = ben.locator("main button[aria-pressed]").first
    assert button.get_attribute("aria-pressed") == "false"
    button.click()
    ben.wait_for_function("() => document.querySelector('main button[aria-pressed]').getAttribute('aria-pressed') === 'true'")
    assert ben.evaluate("() => window.__sameDocument") is True
    assert ben.locator("main button[aria-pressed]").first.inner_text().strip().endswith("1")
    ben.context.close()

    # The product manager ships it with a public note.
    staff = page.context.browser.new_context().new_page()
    _login(staff, base, "pm@example.org", "product manager pass")
    staff.goto(idea_url)
    staff.locator("details.staff-panel > summary").click()
    staff.locator("select[name=status]").select_option("shipped")
    staff.locator("form[action$='/status'] textarea[name=note]").fill("Out now in app version 4.2.")
    staff.locator("form[action$='/status'] [type=submit]").click()
    staff.get_by_text("Out now in app version 4.2.").first.wait_for()
    check_accessibility(staff, "23-idea-shipped")
    staff.goto(base + "/roadmap")
    staff.get_by_text("Show the range in winter").first.wait_for()
    check_accessibility(staff, "24-roadmap")
    staff.context.close()

    # Anna sees the news in her notifications.
    page.goto(base + "/me/notifications")
    page.get_by_text(re.compile("Show the range in winter.*shipped")).first.wait_for(timeout=15_000)
    check_accessibility(page, "25-notifications")


def test_a_refused_vote_says_why_beside_the_button_and_an_expired_session_goes_to_login(page, live_server):
    """A campaign gives each member one vote: the second click is refused with the reason next to
    the button (no reload, no error page in the button). When the session has run out, the click
    takes the whole window to the login page."""
    base = live_server.url
    _cli(live_server, "users", "create", "pm@example.org", "--password", "product manager pass",
         "--name", "Pia PM", "--role", "product")
    _cli(live_server, "users", "create", "ben@example.org", "--password", "ben rides daily", "--name", "Ben")

    _login(page, base, "pm@example.org", "product manager pass")
    page.goto(base + "/campaigns/new")
    page.locator("input[name=title]").fill("Which one first?")
    page.locator("input[name=deadline]").fill("2099-12-31")
    page.locator("input[name=vote_budget]").fill("1")
    page.locator("main form [type=submit]").click()
    page.wait_for_url(re.compile(r"/campaigns/\d+$"))
    campaign_url = page.url
    for title in ("Heated grips", "Rain cover"):
        page.goto(campaign_url)
        page.locator("main a[href^='/ideas/new?campaign=']").first.click()
        page.locator("input[name=title]").fill(title)
        page.locator("main form:has(input[name=title]) [type=submit]").click()
        page.wait_for_url(re.compile(r"/ideas/\d+$"))

    ben = page.context.browser.new_context().new_page()
    _login(ben, base, "ben@example.org", "ben rides daily")
    ben.goto(campaign_url)
    ben.evaluate("() => { window.__sameDocument = true; }")
    buttons = ben.locator("main form.vote button[aria-pressed]")
    buttons.nth(0).click()
    ben.wait_for_function(
        "() => document.querySelectorAll('main form.vote button[aria-pressed=\"true\"]').length === 1")
    ben.locator("main form.vote button[aria-pressed='false']").click()
    message = ben.locator("main .vote-message[role=status]")
    message.wait_for()
    assert "used all your votes" in message.inner_text()
    assert ben.evaluate("() => window.__sameDocument") is True
    assert ben.locator("main form.vote").count() == 2  # no page swapped into a button
    check_accessibility(ben, "26-vote-refused")

    # The session runs out while the page is open: the next click leads to the login page.
    context = ben.context
    kept = [c for c in context.cookies() if "session" not in c["name"]]
    context.clear_cookies()
    context.add_cookies(kept)
    ben.locator("main form.vote button[aria-pressed]").first.click()
    ben.wait_for_url(re.compile(r"/login\?next="))
    assert "/campaigns/" in ben.url
    context.close()
