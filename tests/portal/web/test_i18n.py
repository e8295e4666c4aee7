"""Every string the UI shows has a German translation, with the same placeholders."""
import re
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[3]
CATALOGUE = ROOT / "portal" / "locale" / "de" / "LC_MESSAGES" / "messages.po"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def _catalogue():
    with CATALOGUE.open("rb") as handle:
        return read_po(handle)


def _extracted() -> set[str]:
    method_map = [("portal/**.py", "python"), ("**/templates/**.html", "jinja2"), ("**/templates/**.txt", "jinja2")]
    ids = set()
    for package in ("portal", "ideas", "forums", "surveys", "loyalty"):
        for _, _, message, _, _ in extract_from_dir(
                ROOT / package, [(pattern.removeprefix("portal/"), kind) for pattern, kind in method_map],
                keywords={"_": None, "N_": None, "ngettext": (1, 2)}):
            ids.add(message if isinstance(message, str) else message[0])
    return ids


def test_every_ui_string_is_translated_to_german():
    catalogue = _catalogue()
    translated = {m.id if isinstance(m.id, str) else m.id[0]: m.string for m in catalogue if m.id}
    missing = sorted(i for i in _extracted() if not translated.get(i))
    assert not missing, "run `make messages` and translate: " + "; ".join(missing[:10])


def test_translations_keep_their_placeholders():
    for message in _catalogue():
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        expected = set(PLACEHOLDER.findall(ids[-1]))
        for text in strings:
            assert set(PLACEHOLDER.findall(text)) <= expected | set(PLACEHOLDER.findall(ids[0])), message.id
