"""The forums' journey: an admin opens a category; a member who starts typing a question is shown a
similar thread, asks anyway; another member answers and the asker marks it as the solution, so
the thread shows as solved with the answer under the question. Then an off-topic post is flagged,
a moderator hides it from the queue with a reason, and its author reads that reason."""
import re

from tests.browser.conftest import check_accessibility
from tests.browser.test_idea_journey import _cli, _login


def _member(page, base, email, password):
    """A fresh browser context for another person, logged in."""
    other = page.context.browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US").new_page()
    other.set_default_timeout(10_000)
    _login(other, base, email, password)
    return other


def _ask(page, base, title, body):
    page.goto(base + "/forums/help/new")
    page.locator("input[name=title]").fill(title)
    page.locator("textarea[name=body]").fill(body)
    page.locator("main form:has(input[name=title]) button[type=submit]", has_text="Post question").click()
    page.wait_for_url(re.compile(r"/threads/\d+$"))
    return page.url


def test_ask_see_similar_answer_accept_flag_hide_and_tell(page, live_server):
    base = live_server.url
    people = {"admin": ("ada@example.org", "admin of the forums"), "carla": ("carla@example.org", "carla rides far"),
              "anna": ("anna@example.org", "anna rides daily"), "ben": ("ben@example.org", "ben knows batteries"),
              "dan": ("dan@example.org", "dan sells things"), "mo": ("mo@example.org", "moderator on duty")}
    roles = {"admin": "admin", "mo": "moderator"}
    for key, (email, password) in people.items():
        _cli(live_server, "users", "create", email, "--password", password, "--name", key.title(),
             "--role", roles.get(key, "member"))

    # An admin opens the category.
    _login(page, base, *people["admin"])
    page.goto(base + "/staff/forums/categories")
    page.locator("input[name=name]").fill("Help")
    page.locator("input[name=slug]").fill("help")
    page.locator("textarea[name=description]").fill("Ask anything about your bike.")
    page.get_by_role("button", name="Open category").click()
    page.goto(base + "/forums")
    page.get_by_role("link", name="Help").first.wait_for()

    # Carla asked before.
    carla = _member(page, base, *people["carla"])
    carla_thread = _ask(carla, base, "Battery drains overnight in the cold",
                        "Parked in the garage at minus five, the battery loses a quarter by the morning.")

    for _ in range(50):  # the search consumer indexes the thread a moment after Carla's request
        carla.goto(base + "/search?q=drains")
        if carla.locator("main a", has_text="Battery drains overnight in the cold").count():
            break
        carla.wait_for_timeout(200)

    # Anna starts typing and is shown Carla's thread; she asks her own question anyway.
    anna = _member(page, base, *people["anna"])
    anna.goto(base + "/forums/help/new")
    anna.locator("input[name=title]").press_sequentially("Battery drains overnight", delay=30)
    similar = anna.locator("a", has_text="Battery drains overnight in the cold")
    similar.wait_for()
    assert similar.get_attribute("href") == carla_thread.removeprefix(base)
    check_accessibility(anna, "60-forum-ask-similar")
    anna.locator("textarea[name=body]").fill("Mine drains overnight even in a warm flat. Firmware 2.8, app 4.3.")
    anna.locator("main form:has(input[name=title]) button[type=submit]", has_text="Post question").click()
    anna.wait_for_url(re.compile(r"/threads/\d+$"))
    question = anna.url
    assert anna.get_by_role("heading", level=1).text_content().strip() == "Battery drains overnight"
    check_accessibility(anna, "61-forum-thread-asked")

    # Ben answers.
    ben = _member(page, base, *people["ben"])
    ben.goto(question)
    ben.locator("#reply textarea[name=body]").fill("Switch off the alarm's motion sensor: it wakes the battery.")
    ben.locator("#reply button[type=submit]", has_text="Post answer").click()
    ben.get_by_text("Switch off the alarm's motion sensor").wait_for()

    # Anna marks it as the solution: the thread is solved and shows the answer under the question.
    anna.goto(question)
    answer = anna.locator("article.forum-post", has_text="Switch off the alarm's motion sensor")
    answer.get_by_role("button", name="Mark as solution").click()
    anna.wait_for_load_state()
    accepted = anna.locator("section.forum-accepted")
    accepted.wait_for()
    assert "Switch off the alarm's motion sensor" in accepted.text_content()
    check_accessibility(anna, "62-forum-thread-solved")
    anna.goto(base + "/forums/help?sort=solved")
    anna.get_by_role("link", name="Battery drains overnight", exact=True).wait_for()

    # Dan posts something off topic; Anna flags it.
    dan = _member(page, base, *people["dan"])
    dan.goto(question)
    dan.locator("#reply textarea[name=body]").fill("Anyone want to buy a cargo bike? Barely used, good price.")
    dan.locator("#reply button[type=submit]", has_text="Post answer").click()
    dan.get_by_text("Anyone want to buy a cargo bike?").wait_for()

    anna.goto(question)
    offer = anna.locator("article.forum-post", has_text="Anyone want to buy a cargo bike?")
    offer.locator("details.forum-flag summary").click()
    offer.get_by_label("Off topic").check()
    offer.get_by_role("button", name="Send to the moderators").click()
    anna.get_by_text("A moderator will look at it").wait_for()

    # The moderator hides it from the queue, with a reason.
    mo = _member(page, base, *people["mo"])
    mo.goto(base + "/staff/forums/queue")
    waiting = mo.locator("li, article, tr", has_text="Anyone want to buy a cargo bike?").last
    waiting.wait_for()
    check_accessibility(mo, "63-forum-queue")
    waiting.locator("input[name=reason]").fill("Please offer bikes in the marketplace, not in a question.")
    waiting.get_by_role("button", name="Hide post").click()
    mo.wait_for_load_state()

    # Other readers no longer see it; Dan reads why.
    ben.goto(question)
    assert ben.get_by_text("Anyone want to buy a cargo bike?").count() == 0
    for _ in range(50):  # the notify consumer runs a moment after the moderator's request
        dan.goto(base + "/me/notifications")
        if dan.get_by_text("Please offer bikes in the marketplace").count():
            break
        dan.wait_for_timeout(200)
    dan.get_by_text("Please offer bikes in the marketplace").first.wait_for()
    check_accessibility(dan, "64-forum-author-told")
    dan.goto(question)
    assert dan.get_by_text("Please offer bikes in the marketplace").count() >= 1
