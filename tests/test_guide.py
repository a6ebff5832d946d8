"""The guide page: both ways to propose a change, links from the settings, and samples that are real."""
from __future__ import annotations

import importlib.util
import re
from pathlib import Path

from planatlas.reading.config import load_config

REPO = Path(__file__).resolve().parents[1]
GUIDE = REPO / "site_src" / "propose-a-change.md"


def script():
    spec = importlib.util.spec_from_file_location("guide_sample", REPO / "scripts" / "guide_sample.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_samples_are_what_the_tools_print_now():
    text = GUIDE.read_text(encoding="utf-8")
    gs = script()
    assert gs.updated(text) == text, "run: .venv/bin/python scripts/guide_sample.py"
    tampered = text.replace("6&#37; → 5&#37;", "6&#37; → 7&#37;")
    assert tampered != text and gs.updated(tampered) == text  # a hand edit would be caught


def test_samples_show_a_move_a_target_and_a_removed_dependency():
    sample = GUIDE.read_text(encoding="utf-8").split("<!-- sample:start -->")[1]
    assert "<!-- planatlas-diff -->" in sample
    assert "moved from objective “Improve housing and health” to objective" in sample
    assert "target for 2025-03 &#40;national&#41;&#58; 6&#37; → 5&#37;" in sample
    assert "removed action “Implement the maternity delivery plan” was needed first by" in sample
    assert "error[unknown-reference]" in sample and "::error file=" in sample and "need formatting" in sample


def test_guide_explains_both_ways_and_links_the_repository():
    text = GUIDE.read_text(encoding="utf-8")
    repo = load_config(REPO / "graph").repo_url.rstrip("/")
    assert f"]({repo})" in text and f"]({repo}/tree/main/graph/data)" in text
    assert f"git clone {repo}.git" in text and "make setup" in text
    assert "## 1. In your browser, with the form" in text and "## 2. With git and the command line" in text
    assert "(suggest/index.md)" in text and "Suggest a change" in text
    for command in re.findall(r"\.venv/bin/planatlas (\w+)", text):
        from planatlas.cli import main
        assert command in main.commands, command
