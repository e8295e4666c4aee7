"""The signing key: shared through the database when PORTAL_SECRET_KEY is not set, so every
machine that serves the site signs CSRF tokens, cookies and links alike."""
from portal import settings as settings_module
from portal import site_key
from portal.settings import load_settings


def _without_key(data_dir):
    return settings_module.configure(load_settings({"PORTAL_DATA_DIR": str(data_dir)}))


async def test_processes_without_a_key_share_one_from_the_database(db, tmp_path):
    assert _without_key(tmp_path / "one").secret_key == ""
    first = (await site_key.configure()).secret_key
    _without_key(tmp_path / "two")
    second = (await site_key.configure()).secret_key
    assert first == second and len(first) >= 40
    assert not (tmp_path / "one" / "secret_key").exists()  # nothing per machine any more
    assert await site_key.SiteKey.all().count() == 1


async def test_the_key_an_older_install_made_in_its_data_dir_is_kept(db, tmp_path):
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "secret_key").write_text("the-key-this-install-always-had\n")
    _without_key(tmp_path / "old")
    assert (await site_key.configure()).secret_key == "the-key-this-install-always-had"
    _without_key(tmp_path / "new machine")
    assert (await site_key.configure()).secret_key == "the-key-this-install-always-had"


async def test_portal_secret_key_wins_and_nothing_is_stored(db, tmp_path):
    settings_module.configure(load_settings({"PORTAL_DATA_DIR": str(tmp_path), "PORTAL_SECRET_KEY": "k" * 48}))
    assert (await site_key.configure()).secret_key == "k" * 48
    assert await site_key.SiteKey.all().count() == 0
