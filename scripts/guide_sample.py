"""Write the samples in site_src/propose-a-change.md from real runs of planatlas on the fixture plan.

Why a script: the guide shows editors what the checks and the pull-request comment look like, and
hand-written samples drift. This makes a temporary git repository holding two versions of the
fixture plan (tests/gitplan.py: an action moved, a target changed, an action others depend on
removed), runs `validate`, `fmt --check` and `diff --format markdown` in it, and writes their
output between the sample markers. `--check` exits 1 when the guide is stale (tests/test_guide.py).

    .venv/bin/python scripts/guide_sample.py          # rewrite the samples
    .venv/bin/python scripts/guide_sample.py --check  # exit 1 if they are out of date
"""
from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from click.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from gitplan import commit, edit, plan_repo, reviewer_change  # noqa: E402
from planatlas.cli import main  # noqa: E402

GUIDE = ROOT / "site_src" / "propose-a-change.md"
START, END = "<!-- sample:start -->", "<!-- sample:end -->"


def run(repo: Path, *args: str) -> str:
    old = Path.cwd()
    os.chdir(repo)
    try:
        result = CliRunner().invoke(main, list(args))
    finally:
        os.chdir(old)
    return result.output


def samples() -> str:
    with tempfile.TemporaryDirectory() as tmp:
        repo = plan_repo(Path(tmp))
        reviewer_change(repo)
        commit(repo, "Move, retarget, remove")
        comment = run(repo, "diff", "HEAD~1", "HEAD", "--format", "markdown")
        edit(repo, "action/demo-a-3.yaml", "- demo-icb", "- demo-icbb")
        edit(repo, "action/demo-a-5.yaml", "\ntype: action\n", "\ntype: action   \n")  # trailing spaces
        validate = run(repo, "validate", "--errors-only")
        github = run(repo, "validate", "--errors-only", "--format", "github")
        fmt = run(repo, "fmt", "--check")
    annotation = next(line for line in github.splitlines() if line.startswith("::error"))
    rendered = comment.replace("<details>", '<details markdown="1">')
    return "\n".join([
        START,
        "#### A problem, as `planatlas validate` prints it",
        "",
        "A mistyped owner id (`demo-icbb`): the message names the file, line and column, and suggests",
        "the id that was probably meant.",
        "",
        "```text", validate.rstrip("\n"), "```",
        "",
        "In a pull request the same problem is an annotation on that line of the file, from:",
        "",
        "```text", annotation, "```",
        "",
        "#### An untidy file, as `planatlas fmt --check` reports it",
        "",
        "```text", fmt.rstrip("\n"), "```",
        "",
        "#### The comment on the pull request",
        "",
        "For a change that moves an action to another objective, changes a metric's target and removes",
        "an action that another depends on, the pull request gets this comment (the full list opens",
        "when you choose it):",
        "",
        '<div class="pa-sample" markdown="1">',
        "",
        rendered.rstrip("\n"),
        "",
        "</div>",
        END,
    ])


def updated(text: str) -> str:
    head, _, rest = text.partition(START)
    _, _, tail = rest.partition(END)
    return head + samples() + tail


def main_() -> int:
    text = GUIDE.read_text(encoding="utf-8")
    if START not in text or END not in text:
        print(f"{GUIDE}: the sample markers are missing", file=sys.stderr)
        return 2
    new = updated(text)
    if "--check" in sys.argv[1:]:
        if new != text:
            print(f"{GUIDE.relative_to(ROOT)} is out of date: run .venv/bin/python scripts/guide_sample.py",
                  file=sys.stderr)
            return 1
        return 0
    GUIDE.write_text(new, encoding="utf-8")
    print(f"wrote the samples in {GUIDE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main_())
