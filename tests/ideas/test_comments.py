"""Comments on ideas."""
import pytest

from ideas import board, comments
from ideas.models import Idea
from portal.errors import Invalid


async def test_comments_by_staff_are_official(people):
    idea = await board.submit(people["ada"], "Question", "")
    member_comment = await comments.add_comment(people["bob"], idea.pk, "Me too!")
    staff_comment = await comments.add_comment(people["pm"], idea.pk, "We are on it.")
    assert not member_comment.official and staff_comment.official
    assert (await Idea.get(id=idea.pk)).comment_count == 2
    with pytest.raises(Invalid):
        await comments.add_comment(people["bob"], idea.pk, "   ")
