"""The page watch the browser tests rely on (tests/conftest.py, `open_page`) can fail: a request to
another host, made at load or a moment after it, and a script error are each seen, and
`open_page` returns only once the page's own late requests have ended."""
from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser]

PAGE = """<!doctype html><html lang="en"><head><title>watch</title></head><body><p>Hello</p>
<img src="http://example.invalid/at-load.png" alt="">
<script>
window.addEventListener("load", () => setTimeout(() => {
  fetch("late.txt").then(r => r.text()).then(t => { document.body.dataset.late = t; });
  fetch("http://example.invalid/after-load").catch(() => {});
  undefinedFunction();
}, 150));
</script></body></html>"""


def test_watch_sees_off_host_requests_and_errors_after_load(tmp_path, serve_dir, open_page):
    (tmp_path / "index.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "late.txt").write_text("arrived", encoding="utf-8")
    watch = open_page(serve_dir(tmp_path))
    assert sorted(watch.external) == ["http://example.invalid/after-load", "http://example.invalid/at-load.png"]
    assert any("undefinedFunction" in e for e in watch.errors), watch.errors
    assert watch.page.evaluate("() => document.body.dataset.late") == "arrived"
