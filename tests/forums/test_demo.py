"""The forums' demo (forums/demo.py): written through the services, once, with solved and unsolved
threads, official answers, likes and edits, dated in the past, and each category's visibility."""
from forums import demo, demo_content
from forums import moderation
from forums.models import Category, Flag, Post, PostLike, PostRevision, Thread
from portal import demo_content as people_content, search, seed
from portal.accounts.models import Member
from portal.clock import now
from portal.notify.models import Notification
from tests.conftest import drain

FORUM = ("thread", "post")


async def _demo_members() -> None:
    """The demo community's members the forums' story needs (the core's demo writes them all)."""
    wanted = {demo_content.ADMIN}
    for spec in demo_content.THREADS:
        wanted |= {spec["author"], *spec.get("likes", ())}
        wanted |= {spec.get("converted_by", spec["author"])}
        for reply in spec.get("replies", ()):
            wanted |= {reply["author"], *reply.get("likes", ()), *(flag["by"] for flag in reply.get("flags", ()))}
    for entry in [*people_content.DEMO_ACCOUNTS, *people_content.MEMBERS]:
        if entry["email"] in wanted:
            await seed._demo_member(entry)


async def test_the_demo_writes_a_believable_forum_once(db):
    await _demo_members()
    await demo.seed_demo()
    await drain()
    counts = (await Category.all().count(), await Thread.all().count(), await Post.all().count(),
              await PostLike.all().count())
    assert counts[:2] == (len(demo_content.CATEGORIES), len(demo_content.THREADS))
    await demo.seed_demo()  # a second run changes nothing
    assert (await Category.all().count(), await Thread.all().count(), await Post.all().count(),
            await PostLike.all().count()) == counts

    threads = await Thread.all().order_by("created_at")
    assert sum(t.solved for t in threads) == 2 and sum(not t.solved for t in threads) >= 8
    assert all(t.created_at < now() and t.last_posted_at >= t.created_at for t in threads)
    assert [t.title for t in threads][0] == "Rund um den Bodensee in vier Tagen – unsere Ladestopps"
    assert await Post.filter(official=True).count() >= 6 and await PostRevision.all().count() == 2
    announcements = await Category.get(slug="ankuendigungen")
    authors = await Member.filter(id__in=await Thread.filter(category_id=announcements.pk).values_list(
        "author_id", flat=True))
    assert announcements.post == "staff" and all(a.is_staff for a in authors)
    # The lounge is for members, the team room for the team: search knows it too.
    assert (await Category.get(slug="stammtisch")).read == "members"
    assert [h.title for h in (await search.search(None, "Mariazell", types=FORUM)).hits] == []
    member = await Member.get(email="member@example.org")
    assert "Frühjahrsausfahrt nach Mariazell – wer ist dabei?" in [
        h.title for h in (await search.search(member, "Mariazell", types=FORUM)).hits]
    assert (await search.search(member, "Textbaustein", types=FORUM)).hits == []
    # Klaus heard of the answers to his question, and Sandra that hers was accepted.
    klaus = await Member.get(email="klaus_dietrich@example.org")
    assert await Notification.filter(member_id=klaus.pk, kind="forum_reply").count() == 2
    sandra = await Member.get(email=demo_content.SERVICE)
    assert await Notification.filter(member_id=sandra.pk, kind="forum_accepted").count() == 2


async def test_the_demo_gives_moderators_and_the_product_team_something_to_do(db):
    """A new member's first post with a link waits for review, an off-topic post waits in the
    queue with two flags, and a wish from the help forum became an idea its likers were invited to."""
    await _demo_members()
    await demo.seed_demo()
    await drain()
    held = await Post.get(held=True)
    assert "battery-freight.example.com" in held.body
    visitor_sees = [h.title for h in (await search.search(None, "dangerous goods papers", types=FORUM)).hits]
    assert visitor_sees == []
    moderator = await Member.get(email=demo_content.MODERATOR)
    queue = await moderation.queue(moderator)
    waiting = {post.pk: post for post in queue.items}
    assert held.pk in waiting
    flagged = await Post.get(body__startswith="Verkaufe mein Fahrtwind Cargo")
    assert flagged.pk in waiting and flagged.hidden_at is None  # two flags do not hide it
    assert sorted(await Flag.filter(post_id=flagged.pk).values_list("reason", flat=True)) == ["off_topic", "spam"]
    wish = await Thread.get(title="Kann mich die App an die nächste Inspektion erinnern?")
    assert wish.became and wish.became.startswith("idea:")
