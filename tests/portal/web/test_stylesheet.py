"""Our stylesheet parses: every block that opens is closed (a merge once left one open, and every
rule after it, a third of the file, was silently dropped by the browser)."""
import re
from pathlib import Path

CSS = Path(__file__).resolve().parents[3] / "portal" / "static" / "vox.css"


def test_every_block_of_the_stylesheet_is_closed():
    depth = 0
    for number, line in enumerate(re.sub(r"/\*.*?\*/", "", CSS.read_text(), flags=re.S).splitlines(), 1):
        depth += line.count("{") - line.count("}")
        assert depth >= 0, f"vox.css line {number} closes a block that was not open"
    assert depth == 0, "vox.css ends with a block still open"
