"""The documents stay beside the code and true to it: every link in README.md and docs/*.md
reaches a file (and a heading, when it names one), every document is reachable from the
README, every `.md` path the code names exists, and the README stays short."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = sorted((ROOT / "docs").glob("*.md"))
DOCUMENTS = [ROOT / "README.md", *DOCS]
README_MAX_LINES = 200

FENCE = re.compile(r"^```.*?^```", re.MULTILINE | re.DOTALL)
CODE_SPAN = re.compile(r"`[^`\n]*`")
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)\)")
HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$", re.MULTILINE)
# A path to a Markdown file, with an optional anchor, as code comments and docstrings write it.
MD_PATH = re.compile(r"(?<![\w./-])([\w./-]*\w\.md)(#[\w-]+)?")
# The project's own text files that may name a document (not the documents themselves).
SOURCE_SUFFIXES = {".py", ".html", ".txt", ".toml", ".yml", ".yaml", ".lua", ".example", ".cfg"}
SOURCE_NAMES = {"Makefile", "Dockerfile", "Procfile.dev", ".importlinter", "run"}
SKIPPED_DIRS = {".venv", ".git", "var", "node_modules", "docs", "static", "__pycache__"}


def _prose(text: str) -> str:
    """The text outside code: links written inside code blocks or spans are examples."""
    return CODE_SPAN.sub("", FENCE.sub("", text))


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = CODE_SPAN.sub(lambda m: m.group(0).strip("`"), heading).lower()
    kept = "".join(
        ch
        for ch in text
        if ch in " -_" or unicodedata.category(ch)[0] in {"L", "N"}  # letters and digits
    )
    return kept.replace(" ", "-")


def anchors(path: Path) -> set[str]:
    return {slug(h) for h in HEADING.findall(FENCE.sub("", path.read_text(encoding="utf-8")))}


def _check_target(source: Path, target: str, base: Path) -> str | None:
    """What is wrong with `target` (a path, maybe with an anchor) seen from `base`, or None."""
    path_part, _, anchor = target.partition("#")
    resolved = (base / path_part).resolve() if path_part else source
    if not resolved.exists():
        return f"{source.relative_to(ROOT)}: {target} does not exist"
    if anchor and resolved.suffix == ".md" and anchor not in anchors(resolved):
        return f"{source.relative_to(ROOT)}: {target} names no heading of {resolved.name}"
    return None


def _project_sources() -> list[Path]:
    found = []
    for path in ROOT.rglob("*"):
        relative = path.relative_to(ROOT)
        if any(part in SKIPPED_DIRS for part in relative.parts[:-1]) or not path.is_file():
            continue
        if (
            path.suffix in SOURCE_SUFFIXES
            or path.name in SOURCE_NAMES
            or path.name.startswith(".env")
        ):
            found.append(path)
    return found


def test_the_readme_is_at_most_200_lines() -> None:
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    assert len(lines) <= README_MAX_LINES, f"README.md has {len(lines)} lines"


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_relative_link_in_the_documents_reaches_a_file_and_heading(document: Path) -> None:
    problems = []
    for target in LINK.findall(_prose(document.read_text(encoding="utf-8"))):
        if re.match(r"^[a-z][a-z0-9+.-]*:", target):  # http:, https:, mailto:
            continue
        problem = _check_target(document, target, document.parent)
        if problem:
            problems.append(problem)
    assert not problems, "\n".join(problems)


def test_every_document_is_reachable_from_the_readme() -> None:
    readme = ROOT / "README.md"
    linked = {
        (readme.parent / t.partition("#")[0]).resolve()
        for t in LINK.findall(_prose(readme.read_text(encoding="utf-8")))
    }
    assert [d.name for d in DOCS if d.resolve() not in linked] == []


def test_every_markdown_path_the_code_names_exists() -> None:
    problems = []
    for source in _project_sources():
        if source == Path(__file__).resolve():
            continue
        text = source.read_text(encoding="utf-8", errors="replace")
        for path, anchor in MD_PATH.findall(text):
            problem = _check_target(source, path + anchor, ROOT)
            if problem:
                problems.append(problem)
    assert not problems, "\n".join(sorted(problems))


def test_the_slug_follows_githubs_rule() -> None:
    # The anchors the documents link to are GitHub's: an apostrophe and a full stop dropped.
    assert slug("The filing's life") == "the-filings-life"
    assert slug("6. On-site inspections") == "6-on-site-inspections"
    assert slug("One beat, and why") == "one-beat-and-why"
    assert slug("Checks in CI (`.ci/run`)") == "checks-in-ci-cirun"
