"""The customer-owned data journey: a member hides a profile field and another member sees less;
staff say why and open the member's customer view (logged once, however often they reload) and
the member finds that in their access log; the member
downloads their data and deletes the account, after which login fails and their idea reads
"former member"."""
import json
import re
from pathlib import Path

from tests.browser.conftest import check_accessibility
from tests.browser.test_idea_journey import _cli, _login


def test_visibility_access_log_export_and_erasure(page, live_server):
    base = live_server.url
    _cli(live_server, "users", "create", "anna@example.org", "--password", "anna rides daily", "--name", "Anna")
    _cli(live_server, "users", "create", "ben@example.org", "--password", "ben rides daily", "--name", "Ben")
    _cli(live_server, "users", "create", "sam@example.org", "--password", "service desk pass",
         "--name", "Sam Service", "--role", "service")
    _cli(live_server, "users", "create", "root@example.org", "--password", "admin desk pass",
         "--name", "Rita Root", "--role", "admin")

    # Anna shares her company with members, and posts an idea.
    _login(page, base, "anna@example.org", "anna rides daily")
    page.goto(base + "/me")
    page.locator("input[name=company]").fill("Fahrtwind Kurier GmbH")
    page.locator("select[name=visibility_company]").select_option("members")
    page.locator("main form:has(input[name=company]) [type=submit]").last.click()
    page.wait_for_url(re.compile(r"/me$"))
    page.goto(base + "/ideas/new")
    page.locator("input[name=title]").fill("Cargo bike mode")
    page.locator("main form:has(input[name=title]) [type=submit]").click()
    page.wait_for_url(re.compile(r"/ideas/\d+$"))
    idea_url = page.url

    # Ben sees the company; once Anna makes it private, he does not.
    ben = page.context.browser.new_context().new_page()
    _login(ben, base, "ben@example.org", "ben rides daily")
    ben.goto(base + "/u/anna")
    assert "Fahrtwind Kurier GmbH" in ben.content()
    page.goto(base + "/me")
    page.locator("select[name=visibility_company]").select_option("private")
    page.locator("main form:has(input[name=company]) [type=submit]").last.click()
    page.wait_for_url(re.compile(r"/me$"))
    ben.reload()
    assert "Fahrtwind Kurier GmbH" not in ben.content()
    ben.context.close()

    # Sam from the service team looks Anna up, says why (a POST), and opens her customer view;
    # reloading it logs nothing more.
    sam = page.context.browser.new_context().new_page()
    _login(sam, base, "sam@example.org", "service desk pass")
    sam.goto(base + "/staff/members?q=Anna")
    check_accessibility(sam, "30-staff-members")
    sam.get_by_role("link", name=re.compile("Open customer view")).first.click()
    sam.get_by_label("Answering your support request").check()
    check_accessibility(sam, "31-customer-view-why")
    sam.locator("main form [type=submit]").click()
    sam.get_by_role("heading", name="Anna", exact=True).wait_for()
    sam.get_by_text("Cargo bike mode").first.wait_for()
    check_accessibility(sam, "32-customer-view")
    sam.reload()
    sam.get_by_role("heading", name="Anna", exact=True).wait_for()
    sam.context.close()

    # Rita, an admin, downloads Anna's data at her request: the reason goes with the POST.
    rita = page.context.browser.new_context().new_page()
    _login(rita, base, "root@example.org", "admin desk pass")
    rita.goto(base + "/staff/members?q=Anna")
    rita.get_by_role("link", name=re.compile("Open customer view")).first.click()
    rita.get_by_label("Looking after your account, at your request").check()
    rita.locator("main form [type=submit]").click()
    rita.get_by_role("heading", name="Anna", exact=True).wait_for()
    check_accessibility(rita, "32b-customer-view-admin")
    with rita.expect_download() as zipped:
        rita.get_by_role("button", name="Download all their data (ZIP)").click()
    assert zipped.value.suggested_filename.endswith(".zip")
    rita.context.close()

    # Anna finds the visit in her access log, turns a consent on, and downloads her data.
    page.goto(base + "/me/privacy")
    log = page.locator("#access-log")
    log.get_by_text("Sam Service").wait_for()
    assert log.inner_text().count("opened your profile and what you wrote here") == 2  # Sam once, Rita once
    assert "downloaded all your data" in log.inner_text()
    page.get_by_label("Contact me about my feedback").check()
    page.get_by_role("button", name="Save my choices").click()
    page.get_by_text("History of your choices").wait_for()
    check_accessibility(page, "33-privacy")
    page.goto(base + "/me/export")
    check_accessibility(page, "34-export")
    with page.expect_download() as download:
        page.get_by_role("button", name="One JSON file").click()
    document = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert document["format"] == "vox.member-export"
    assert document["sections"]["ideas"][0]["title"] == "Cargo bike mode"
    assert document["sections"]["consents"][0]["purpose"] == "contact"

    # Anna leaves. She cannot log in any more; her idea stays, as a former member's.
    page.goto(base + "/me/delete")
    check_accessibility(page, "35-delete")
    page.get_by_label(re.compile("Your password")).fill("anna rides daily")
    page.get_by_label(re.compile("I understand")).check()
    page.get_by_role("button", name="Delete my account").click()
    page.wait_for_url(base + "/")
    page.get_by_text("Your account is deleted").wait_for()
    page.goto(base + "/login")
    page.get_by_label(re.compile("^email", re.I)).fill("anna@example.org")
    page.get_by_label(re.compile("password", re.I)).fill("anna rides daily")
    page.locator("form:has(input[type=password]) [type=submit]").click()
    page.get_by_text("That email and password do not match").first.wait_for()
    page.goto(idea_url)
    page.get_by_text("former member").first.wait_for()
    assert page.get_by_role("heading", name="Cargo bike mode").is_visible()
