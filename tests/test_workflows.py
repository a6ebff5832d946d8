"""The pull-request check as a repository has it: workflow files, pre-commit hooks, CODEOWNERS.

Each `run:` step and hook must name a planatlas command and options that exist (parsed by the real
click command), and the steps must work from a fresh `git clone` of this repository: validate, fmt,
the strict build whose site/ is uploaded, and the diff that becomes the comment. The comment script
itself runs in Node against an in-memory stand-in for the GitHub API, to show it never posts twice.
"""
from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
from pathlib import Path

import pytest
import yaml

from gitplan import GIT_ENV
from planatlas.cli import main

REPO = Path(__file__).resolve().parents[1]
WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))
PLAN_YML = REPO / ".github" / "workflows" / "plan.yml"
SHA_PIN = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")


def steps(path: Path) -> list[dict]:
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [s for job in doc["jobs"].values() for s in job["steps"]]


def planatlas_calls(script: str) -> list[list[str]]:
    """Every planatlas command line in a shell script, as argument lists."""
    calls = []
    for line in script.splitlines():
        words = shlex.split(line, comments=True)
        for i, w in enumerate(words):
            if w == "planatlas" or w.endswith("/planatlas"):
                calls.append(words[i + 1:])
    return calls


def check_call(args: list[str]) -> None:
    """The command exists and click accepts its options (the same parser users hit)."""
    assert args, "planatlas with no command"
    command = main.commands.get(args[0])
    assert command is not None, f"no planatlas command {args[0]!r}"
    command.make_context(args[0], list(args[1:]))


def test_workflows_parse_and_pin_actions():
    assert WORKFLOWS, "no workflow files"
    for path in WORKFLOWS:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert doc.get("jobs"), path
        assert True in doc or "on" in doc, f"{path.name}: no trigger"
        for step in steps(path):
            assert ("run" in step) != ("uses" in step), step
            if "uses" in step:
                assert SHA_PIN.match(step["uses"]), f"{path.name}: {step['uses']} is not pinned to a commit"


def test_every_run_step_names_commands_and_options_that_exist():
    seen = set()
    for path in WORKFLOWS:
        for step in steps(path):
            for args in planatlas_calls(step.get("run", "")):
                check_call(args)
                seen.add(args[0])
            for target in re.findall(r"^\s*make ([\w-]+)", step.get("run", ""), re.M):
                assert re.search(rf"^{target}:", (REPO / "Makefile").read_text(), re.M), target
    assert {"validate", "fmt", "build", "diff"} <= seen


def test_the_checker_refuses_what_does_not_exist():
    """The check above can fail: an unknown command or option is refused."""
    import click
    with pytest.raises(AssertionError):
        check_call(["valdate"])
    with pytest.raises(click.UsageError):
        check_call(["diff", "--fromat", "markdown"])


def test_pre_commit_hooks_name_commands_that_exist():
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    local = [h for r in config["repos"] for h in r["hooks"]]
    assert {h["id"] for h in hooks} == {h["id"] for h in local} == {"planatlas-fmt", "planatlas-validate"}
    for hook in hooks + local:
        (args,) = planatlas_calls(hook["entry"])
        check_call(args)
        assert re.compile(hook["files"]).search("graph/data/action/jfp-a-1.yaml")
        assert hook["pass_filenames"] is False


def test_codeowners_paths_exist():
    lines = [ln.split() for ln in (REPO / ".github" / "CODEOWNERS").read_text().splitlines()
             if ln.strip() and not ln.startswith("#")]
    for pattern, *owners in lines:
        assert owners and all(o.startswith("@") for o in owners), pattern
        if pattern != "*":
            assert (REPO / pattern.strip("/")).exists(), f"CODEOWNERS names {pattern}, which does not exist"
    data = {f"/graph/data/{p.name}/" for p in (REPO / "graph" / "data").iterdir() if p.is_dir()}
    assert data <= {p for p, *_ in lines}, "a data folder has no owning team"


# From a fresh clone ----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def clone(tmp_path_factory) -> Path:
    """A fresh clone of this repository with one record changed on a branch, as a pull request has it."""
    tmp = tmp_path_factory.mktemp("clone")
    dest = tmp / "planatlas"
    subprocess.run(["git", "clone", "-q", str(REPO), str(dest)], check=True)
    (dest / ".venv").symlink_to(REPO / ".venv")  # what `make setup` installs (pip) ...
    (dest / "node_modules").symlink_to(REPO / "node_modules")  # ... and `npm ci`: the build reads the clone's
    env = {**os.environ, **GIT_ENV}
    subprocess.run(["git", "update-ref", "refs/remotes/origin/base-for-test", "HEAD"], cwd=dest, check=True)
    action = next(p for p in sorted((dest / "graph" / "data" / "action").glob("*.yaml"))
                  if "\ntimescale: short\n" in p.read_text(encoding="utf-8"))
    action.write_text(action.read_text(encoding="utf-8").replace("\ntimescale: short\n", "\ntimescale: medium\n"),
                      encoding="utf-8")
    subprocess.run(["git", "commit", "-qam", "A change to review"], cwd=dest, check=True, env=env)
    return dest


def run_step(clone: Path, name: str, tmp_path: Path) -> subprocess.CompletedProcess:
    (step,) = [s for s in steps(PLAN_YML) if s.get("name") == name]
    summary = tmp_path / "summary.md"
    env = {**os.environ, "BASE_REF": "base-for-test", "GITHUB_STEP_SUMMARY": str(summary)}
    env.pop("VIRTUAL_ENV", None)
    return subprocess.run(["bash", "-e", "-o", "pipefail", "-c", step["run"]], cwd=clone, env=env,
                          capture_output=True, text=True, timeout=600)


def test_validate_step_from_a_fresh_clone(clone, tmp_path):
    result = run_step(clone, "Validate the records", tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"\d+ files checked: 0 errors", result.stdout), result.stdout[-500:]
    assert "outcome-without-objective" not in result.stdout  # warnings only on the changed files
    assert (tmp_path / "summary.md").read_text(encoding="utf-8").strip()


def test_fmt_step_from_a_fresh_clone(clone, tmp_path):
    result = run_step(clone, "Check formatting", tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 file(s) need formatting" in result.stderr


def test_build_step_from_a_fresh_clone_makes_the_preview(clone, tmp_path):
    result = run_step(clone, "Build the site (strict)", tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    (upload,) = [s for s in steps(PLAN_YML) if s.get("name") == "Upload the site preview"]
    assert (clone / upload["with"]["path"] / "index.html").is_file()


def test_diff_step_from_a_fresh_clone_writes_the_comment(clone, tmp_path):
    result = run_step(clone, "Say what the change does to the plan", tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    comment = (clone / "plan-diff.md").read_text(encoding="utf-8")
    assert comment.startswith("<!-- planatlas-diff -->\n**Plan changes:** 1 action changed.")
    assert "timescale&#58; Short term &#40;less than 1 year&#41; → Medium term &#40;1-2 years&#41;" in comment
    assert (tmp_path / "summary.md").read_text(encoding="utf-8") == comment


# The comment script --------------------------------------------------------------------------
FAKE_GITHUB = r"""
const fs = require("fs");
const state = JSON.parse(fs.readFileSync("state.json", "utf8"));
let next = 1000 + state.comments.length;
const github = {
  paginate: async (fn, params) => (await fn(params)).data,
  rest: { issues: {
    listComments: async p => ({ data: state.comments.filter(c => c.issue === p.issue_number) }),
    createComment: async p => { state.calls.push("create");
      state.comments.push({ id: next++, issue: p.issue_number, user: { login: "github-actions[bot]" }, body: p.body }); },
    updateComment: async p => { state.calls.push("update " + p.comment_id);
      state.comments.find(c => c.id === p.comment_id).body = p.body; },
  } },
};
const context = { repo: { owner: "kent-medway", repo: "planatlas" }, issue: { number: 7 } };
const AsyncFunction = Object.getPrototypeOf(async function () {}).constructor;
new AsyncFunction("require", "github", "context", fs.readFileSync("script.js", "utf8"))(require, github, context)
  .then(() => fs.writeFileSync("state.json", JSON.stringify(state)));
"""


def test_comment_script_posts_once_then_updates_in_place(tmp_path):
    (step,) = [s for s in steps(PLAN_YML) if s.get("uses", "").startswith("actions/github-script@")]
    (tmp_path / "script.js").write_text(step["with"]["script"], encoding="utf-8")
    (tmp_path / "fake.js").write_text(FAKE_GITHUB, encoding="utf-8")
    human = {"id": 1, "issue": 7, "user": {"login": "editor"}, "body": "<!-- planatlas-diff --> quoted by a person"}
    (tmp_path / "state.json").write_text(json.dumps({"comments": [human], "calls": []}))

    def push(body: str) -> dict:
        (tmp_path / "plan-diff.md").write_text(body, encoding="utf-8")
        subprocess.run(["node", "fake.js"], cwd=tmp_path, check=True, timeout=60)
        return json.loads((tmp_path / "state.json").read_text())

    state = push("<!-- planatlas-diff -->\n**Plan changes:** 1 action changed.\n")
    state = push("<!-- planatlas-diff -->\n**Plan changes:** 2 actions changed.\n")
    state = push("<!-- planatlas-diff -->\n**Plan changes:** 2 actions changed.\n")
    assert state["calls"] == ["create", "update 1001"]
    ours = [c for c in state["comments"] if c["user"]["login"] == "github-actions[bot]"]
    assert len(ours) == 1 and "2 actions changed" in ours[0]["body"]
    assert state["comments"][0] == human
