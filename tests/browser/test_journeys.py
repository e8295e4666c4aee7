"""The first journey a newcomer takes: sign up, confirm by mail, log in, fill in the profile, see
it as others do, and switch to German. Each page passes an axe-core check."""
import re

from tests.browser.conftest import check_accessibility, path_of


def test_signup_verify_login_profile_and_german(page, live_server):
    base = live_server.url
    page.goto(base + "/")
    check_accessibility(page, "01-home")

    page.locator("header a[href='/signup']").click()
    check_accessibility(page, "02-signup")
    page.get_by_label(re.compile("^email", re.I)).fill("lena@example.org")
    page.get_by_label(re.compile("password", re.I)).fill("short")
    page.get_by_label(re.compile("name", re.I)).fill("Lena Nord")
    page.locator("form:has(input[type=password]) [type=submit]").click()
    # A too-short password: the form comes back with the message, keeping the name.
    assert page.get_by_label(re.compile("name", re.I)).input_value() == "Lena Nord"
    check_accessibility(page, "03-signup-error")
    page.get_by_label(re.compile("password", re.I)).fill("pedal power all year")
    page.locator("form:has(input[type=password]) [type=submit]").click()
    page.get_by_text(re.compile("inbox", re.I)).first.wait_for()
    check_accessibility(page, "04-check-inbox")

    mail = live_server.wait_for_mail("lena@example.org")
    link = re.search(r"https?://\S+/verify/\S+", mail.get_content()).group(0)
    page.goto(base + path_of(link))
    check_accessibility(page, "05-verify")
    page.locator("main form [type=submit]").click()

    page.wait_for_url(re.compile(r"/login"))
    check_accessibility(page, "06-login")
    page.get_by_label(re.compile("^email", re.I)).fill("lena@example.org")
    page.get_by_label(re.compile("password", re.I)).fill("pedal power all year")
    page.locator("form:has(input[type=password]) [type=submit]").click()
    page.wait_for_url(re.compile(r"/$|/me$"))

    page.goto(base + "/me")
    check_accessibility(page, "07-profile-edit")
    page.locator("input[name=handle]").fill("lena_nord")
    page.get_by_role("textbox", name="About you").fill("I ride **all year** round.")
    page.locator("select[name=country]").select_option("NO")
    page.locator("select[name=visibility_country]").select_option("private")
    page.locator("main form:has([name=handle]) [type=submit]").first.click()
    page.get_by_text(re.compile("saved", re.I)).first.wait_for()

    page.goto(base + "/u/lena_nord")
    check_accessibility(page, "08-public-profile")
    assert page.locator("main strong", has_text="all year").count() == 1

    # Someone else (not logged in) sees the profile without the private country.
    other = page.context.browser.new_context()
    stranger = other.new_page()
    stranger.goto(base + "/u/lena_nord")
    assert "all year" in stranger.content() and "Norway" not in stranger.content()
    other.close()

    page.locator("footer form [name=lang][value=de]").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "de"
    check_accessibility(page, "09-public-profile-de")
    page.goto(base + "/me")
    assert page.locator("html").get_attribute("lang") == "de"
    check_accessibility(page, "10-profile-edit-de")


def test_the_bell_updates_without_reload(page, live_server):
    """Logged in but not yet confirmed, the member confirms in another tab: the welcome
    notification reaches the bell of the open page without a reload (server-sent events)."""
    base = live_server.url
    page.goto(base + "/signup")
    page.get_by_label(re.compile("^email", re.I)).fill("bella@example.org")
    page.get_by_label(re.compile("password", re.I)).fill("ring ring ring ring")
    page.get_by_label(re.compile("name", re.I)).fill("Bella")
    page.locator("form:has(input[type=password]) [type=submit]").click()
    page.get_by_text(re.compile("inbox", re.I)).first.wait_for()
    page.goto(base + "/login")
    page.get_by_label(re.compile("^email", re.I)).fill("bella@example.org")
    page.get_by_label(re.compile("password", re.I)).fill("ring ring ring ring")
    page.locator("form:has(input[type=password]) [type=submit]").click()
    page.wait_for_url(re.compile(r"/$"))
    assert (page.locator("#bell-count").text_content() or "").strip() in ("", "0")

    link = re.search(r"https?://\S+/verify/\S+", live_server.wait_for_mail("bella@example.org").get_content())
    other_tab = page.context.new_page()
    other_tab.goto(base + path_of(link.group(0)))
    other_tab.locator("main form [type=submit]").click()
    other_tab.close()

    page.wait_for_function(
        "() => (document.querySelector('#bell-count [aria-hidden]')?.textContent || '').trim() === '1'",
        timeout=15_000)
    assert "1 unread notification" in page.locator("#bell-count").text_content()
    check_accessibility(page, "11-home-with-bell")
