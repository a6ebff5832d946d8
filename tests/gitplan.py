"""Temporary git repositories holding versions of the fixture plan (for diff and history tests)."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

FIXTURE = Path(__file__).parent / "fixtures" / "sitegraph"
GIT_ENV = {"GIT_AUTHOR_NAME": "Editor", "GIT_AUTHOR_EMAIL": "editor@example.org",
           "GIT_COMMITTER_NAME": "Editor", "GIT_COMMITTER_EMAIL": "editor@example.org",
           "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull}


def git(repo: Path, *args: str, date: str = "") -> str:
    env = {**os.environ, **GIT_ENV}
    if date:
        env.update(GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    return subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True,
                          check=True).stdout


def plan_repo(tmp: Path) -> Path:
    """A git repository whose first commit holds the fixture plan in graph/."""
    repo = tmp / "repo"
    shutil.copytree(FIXTURE, repo / "graph")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "The fixture plan", date="2024-01-10T12:00:00Z")
    return repo


def edit(repo: Path, rel: str, old: str, new: str) -> None:
    path = repo / "graph" / "data" / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def commit(repo: Path, message: str, date: str = "2024-02-01T12:00:00Z") -> str:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message, date=date)
    return git(repo, "rev-parse", "HEAD").strip()


def reviewer_change(repo: Path) -> None:
    """The change the issue asks about: move an action, change a target, remove a depended-on action."""
    edit(repo, "action/demo-a-4.yaml", "- demo-o-housing", "- demo-o-maternity")       # move
    edit(repo, "metric/demo-m-smoking.yaml", "value: 6\n", "value: 5\n")               # target 6% → 5%
    (repo / "graph" / "data" / "action" / "demo-a-1.yaml").unlink()                     # removed...
    edit(repo, "action/demo-a-2.yaml", "depends_on:\n- demo-a-1\n", "")                 # ...which a-2 needed
    edit(repo, "action/demo-a-3.yaml", "owners:\n- demo-trust", "owners:\n- demo-icb")  # owner
    edit(repo, "action/demo-a-3.yaml", "timescale: long", "timescale: medium")          # timescale
