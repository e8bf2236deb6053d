"""Complete Simplified Chinese: every catalogue of the project is translated, compiled, and in
step with the code.

One test per catalogue (each app's `locale/` and the project's own for `templates/`):
- no entry is untranslated or fuzzy;
- the committed `.mo` says what the `.po` says (a `.po` edited without `compilemessages` shows
  its old text to every reader);
- nothing marked for translation in the code is missing from it: `makemessages` is run on a
  copy of the app, and any msgid it finds that the catalogue lacks fails the test by name
  ("run makemessages and translate").

And across the catalogues: a string means one thing everywhere. Django merges every app's
catalogue into one, the first app in INSTALLED_APPS winning (Django's own before ours), so
"by" translated as a deadline in one app and as a person in another showed one of them on
every page. A string with two meanings gets a context (`pgettext`, `{% translate ... context
"..." %}`) in each app that means something else.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

from tests.conftest import IN_CI

BASE = Path(settings.BASE_DIR)
LANGUAGE = "zh_Hans"
SKIP = {".venv", "var", "static", "node_modules", ".git", "tests", "docs"}


def catalogue_dirs() -> list[Path]:
    """The folders `makemessages` is run in: each app with a catalogue, and the project root
    (its `locale/` holds the strings of `templates/`)."""
    apps = sorted(p.parents[3] for p in BASE.glob(f"*/locale/{LANGUAGE}/LC_MESSAGES/django.po"))
    return [*apps, BASE]


def po_path(folder: Path) -> Path:
    return folder / "locale" / LANGUAGE / "LC_MESSAGES" / "django.po"


def keys(catalogue: polib._BaseFile) -> set[tuple[str | None, str]]:
    return {(e.msgctxt, e.msgid) for e in catalogue if not e.obsolete}


FOLDERS = catalogue_dirs()


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda f: "project" if f == BASE else f.name)
def test_every_entry_is_translated_and_none_is_fuzzy(folder: Path) -> None:
    po = polib.pofile(str(po_path(folder)))
    untranslated = [e.msgid for e in po.untranslated_entries() if not e.obsolete]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert untranslated == [], f"translate these in {po_path(folder).relative_to(BASE)}"
    assert fuzzy == [], f"check and unmark these in {po_path(folder).relative_to(BASE)}"


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda f: "project" if f == BASE else f.name)
def test_the_compiled_catalogue_says_what_the_source_says(folder: Path) -> None:
    path = po_path(folder)
    source = {
        (e.msgctxt, e.msgid): e.msgstr or dict(e.msgstr_plural)
        for e in polib.pofile(str(path))
        if not e.obsolete and e.translated()
    }
    compiled = {
        (e.msgctxt, e.msgid): e.msgstr or dict(e.msgstr_plural)
        for e in polib.mofile(str(path.with_suffix(".mo")))
        if e.msgid
    }
    stale = sorted(k[1] for k in source if compiled.get(k) != source[k])
    assert stale == [], f"run compilemessages in {folder.relative_to(BASE) or '.'}"


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda f: "project" if f == BASE else f.name)
def test_every_string_marked_in_the_code_is_in_the_catalogue(folder: Path, tmp_path: Path) -> None:
    if shutil.which("xgettext") is None:
        if IN_CI:
            pytest.fail("gettext (xgettext) is required under CI.")
        pytest.skip("needs gettext (xgettext) on PATH")
    copy = tmp_path / "copy"
    if folder == BASE:
        # The project's catalogue covers its own templates and config, not the apps'.
        copy.mkdir()
        for name in ("templates", "config", "locale"):
            shutil.copytree(BASE / name, copy / name)
    else:
        shutil.copytree(folder, copy, ignore=shutil.ignore_patterns(*SKIP, "__pycache__"))
    subprocess.run(  # noqa: S603 - our own interpreter and manage.py, fixed arguments
        [sys.executable, str(BASE / "manage.py"), "makemessages", "-l", LANGUAGE, "-v", "0"],
        cwd=copy,
        check=True,
        capture_output=True,
        env={**_environment(), "DEBUG": "true"},
    )
    found = keys(polib.pofile(str(po_path(copy))))
    committed = keys(polib.pofile(str(po_path(folder))))
    missing = sorted(msgid for _ctxt, msgid in found - committed)
    assert missing == [], (
        f"makemessages finds these in {folder.name if folder != BASE else 'templates/'}: add "
        f"them to {po_path(folder).relative_to(BASE)} and translate them"
    )


def test_a_string_is_translated_the_same_in_every_catalogue() -> None:
    said: dict[tuple[str | None, str], dict[str, object]] = {}
    for folder in FOLDERS:
        for e in polib.pofile(str(po_path(folder))):
            if not e.obsolete and e.translated():
                text = e.msgstr or dict(e.msgstr_plural)
                said.setdefault((e.msgctxt, e.msgid), {})[folder.name or "project"] = text
    differ = {
        key: by_app
        for key, by_app in said.items()
        if len({str(text) for text in by_app.values()}) > 1
    }
    assert differ == {}, "give each meaning a context, or one translation to the same meaning"


def test_the_words_that_mean_two_things_read_right_in_chinese() -> None:
    """The ones that showed the other meaning before: a notice's number, a date a step is due
    by and the person who did it, a notice signed for issue, a dossier that failed to build."""
    from django.template import Context, Template
    from django.utils import translation
    from django.utils.translation import pgettext

    with translation.override("zh-hans"):
        assert pgettext("a notice's number", "Number") == "文号"
        assert pgettext("due by a date", "by") == "截止"
        assert pgettext("done by a person", "by") == "经办人"
        assert pgettext("a notice signed for issue", "signed") == "已签发"
        assert pgettext("a dossier's state", "Failed") == "生成失败"
        rendered = Template('{% load i18n %}{% translate "Failed" %}').render(Context())
        assert rendered == "失败"  # a webhook delivery


def _environment() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k != "CI"}
