"""`planatlas diff` for reviewers, on temporary git repositories holding two versions of the fixture plan."""
from __future__ import annotations

import json
import re

from click.testing import CliRunner

from gitplan import commit, edit, git, plan_repo, reviewer_change
from planatlas.cli import main
from planatlas.editing.semdiff import MARKER, compare, format_markdown, read_side, semantic_diff


def run_diff(repo, *args):
    result = CliRunner().invoke(main, ["diff", *args, "--graph", str(repo / "graph")])
    return result


def test_reviewer_change_in_words(tmp_path, monkeypatch):
    repo = plan_repo(tmp_path)
    reviewer_change(repo)
    commit(repo, "Move, retarget, remove")
    monkeypatch.chdir(repo)
    result = run_diff(repo, "HEAD~1", "HEAD")
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.splitlines()[0] == ("Plan changes: 1 action removed, 1 action moved, 2 actions changed, "
                                   "1 metric changed; 2 consequences to check.")
    assert ("Moved action “Review housing adaptations” (demo-a-4)\n"
            "      moved from objective “Improve housing and health” to objective “Deliver effective maternity services”") in out
    assert "target for 2025-03 (national): 6% → 5%" in out
    assert "owner: “Demo Hospitals NHS Foundation Trust” → “NHS Demo Integrated Care Board”" in out
    assert "timescale: Long term (3-5 years+) → Medium term (1-2 years)" in out
    assert "depends on: removed “Implement the maternity delivery plan”" in out
    assert "Removed action “Implement the maternity delivery plan” (demo-a-1)" in out
    # consequences
    assert ("! removed action “Implement the maternity delivery plan” was needed first by "
            "“Recruit more midwives”") in out
    assert "! objective “Improve housing and health” is left with no action (it had 1)" in out
    # grouped by type, in model order
    assert out.index("Actions (4)") < out.index("Metrics (1)")


def test_markdown_comment_has_marker_summary_and_collapsed_list(tmp_path, monkeypatch):
    repo = plan_repo(tmp_path)
    reviewer_change(repo)
    monkeypatch.chdir(repo)
    md = run_diff(repo, "HEAD", "--format", "markdown").output  # HEAD against the working tree
    lines = md.splitlines()
    assert lines[0] == MARKER
    assert lines[1].startswith("**Plan changes:** 1 action removed, 1 action moved")
    assert "<details>" in md and md.index("Consequences to check") < md.index("<details>")
    assert md.count("<details>") == 1 and md.count("</details>") == 1
    assert "- **Moved** action" in md and "(`demo-a-4`)" in md


def test_json_lists_changes_and_consequences(tmp_path, monkeypatch):
    repo = plan_repo(tmp_path)
    reviewer_change(repo)
    monkeypatch.chdir(repo)
    data = json.loads(run_diff(repo, "HEAD", "--format", "json").output)
    kinds = {(c["kind"], c["id"]) for c in data["changes"]}
    assert ("moved", "demo-a-4") in kinds and ("removed", "demo-a-1") in kinds
    metric = next(c for c in data["changes"] if c["id"] == "demo-m-smoking")
    assert [f["words"] for f in metric["fields"]] == ["target for 2025-03 (national): 6% → 5%"]
    assert {c["code"] for c in data["consequences"]} == {"removed-dependency", "objective-without-action"}


def test_metric_left_without_target_and_still_referenced(tmp_path, monkeypatch):
    repo = plan_repo(tmp_path)
    edit(repo, "metric/demo-m-smoking.yaml", "- kind: target\n  value: 6\n  unit: '%'\n  date: 2025-03\n"
         "  scope: national\n", "")
    (repo / "graph" / "data" / "action" / "demo-a-1.yaml").unlink()  # demo-a-2 still depends on it
    monkeypatch.chdir(repo)
    out = run_diff(repo, "HEAD").output
    assert "! metric “Smoking at time of delivery” is left with no target" in out
    assert "target for 2025-03 (national) removed (was 6%)" in out
    assert ("! removed action “Implement the maternity delivery plan” is still referenced by "
            "“Recruit more midwives” (validation will fail)") in out


def test_rename_is_one_change_and_references_that_follow_are_not_noise(tmp_path, monkeypatch):
    repo = plan_repo(tmp_path)
    data = repo / "graph" / "data" / "action"
    text = (data / "demo-a-2.yaml").read_text()
    (data / "demo-a-2.yaml").unlink()
    (data / "demo-a-midwives.yaml").write_text(text.replace("id: demo-a-2", "id: demo-a-midwives"))
    edit(repo, "action/demo-a-3.yaml", "- demo-a-2", "- demo-a-midwives")
    with open(repo / "graph" / "retired-ids.txt", "a", encoding="utf-8") as fh:
        fh.write("demo-a-2\n")
    monkeypatch.chdir(repo)
    out = run_diff(repo, "HEAD").output
    assert out.splitlines()[0] == "Plan changes: 1 action renamed."
    assert "Renamed action “Recruit more midwives” (demo-a-midwives)" in out
    assert "id: demo-a-2 → demo-a-midwives (the old id is retired)" in out
    assert "demo-a-3" not in out


def test_no_change_and_reformatting_is_no_change(tmp_path, monkeypatch):
    repo = plan_repo(tmp_path)
    edit(repo, "action/demo-a-4.yaml", "title: Review housing adaptations", "title: 'Review housing adaptations'")
    monkeypatch.chdir(repo)
    assert run_diff(repo, "HEAD").output == "No change to the plan.\n"
    md = run_diff(repo, "HEAD", "--format", "markdown").output
    assert md.splitlines()[:2] == [MARKER, "**Plan changes:** No change to the plan."]


HOSTILE = "</details><img src=x onerror=alert(1)> @octocat #1 [x](javascript:alert(1)) **b** <!-- x"


def test_record_text_cannot_inject_markup_into_the_comment(tmp_path, monkeypatch):
    """The loader rejects markup in titles, but the comment must be safe without it (a hostile fork)."""
    repo = plan_repo(tmp_path)
    monkeypatch.chdir(repo)
    old, new = read_side("HEAD", repo / "graph"), read_side(None, repo / "graph")
    new.records["demo-a-4"].data["title"] = HOSTILE
    new.records["demo-council"].data["name"] = HOSTILE
    new.records["demo-a-5"].data["owners"] = ["demo-council"]
    md = format_markdown(compare(old, new))
    assert md.count("</details>") == 1 and md.count("<!--") == 1
    for bad in ("<img", "@octocat", "#1", "[x](", "**b**", "javascript:alert(1))"):
        assert bad not in md, bad
    assert "&#64;octocat" in md  # shown, as text
    assert "action “&#60;/details&#62;&#60;img src&#61;x" in md


def test_comment_is_cut_below_githubs_limit(tmp_path, monkeypatch):
    repo = plan_repo(tmp_path)
    monkeypatch.chdir(repo)
    old = read_side("HEAD", repo / "graph")
    new = read_side(None, repo / "graph")
    for r in new.records.values():
        r.data["review_note"] = "x" * 500
    md = format_markdown(compare(old, new), limit=5000)
    assert len(md) <= 5000 and md.rstrip().endswith("</details>")
    assert "the list is cut at 5,000 characters" in md


def test_revision_that_looks_like_an_option_is_not_an_option(tmp_path, monkeypatch):
    repo = plan_repo(tmp_path)
    monkeypatch.chdir(repo)
    for spec in ("--output=/tmp/pwned", "-o", "--remote=x"):
        result = CliRunner().invoke(main, ["diff", "--graph", str(repo / "graph"), "--", spec])
        assert result.exit_code == 2
        assert result.output.startswith(f"Error: cannot read '{spec}' as a git revision or a graph folder")
    assert not re.search("pwned", " ".join(p.name for p in tmp_path.parent.iterdir()))


def test_between_tags_and_branches(tmp_path, monkeypatch):
    repo = plan_repo(tmp_path)
    git(repo, "tag", "v1")
    edit(repo, "action/demo-a-4.yaml", "timescale: ongoing", "timescale: long")
    commit(repo, "Longer")
    monkeypatch.chdir(repo)
    diff = semantic_diff("v1", "main", repo / "graph")
    assert [(c.kind, c.id, [f.words for f in c.fields]) for c in diff.changes] == [
        ("changed", "demo-a-4", ["timescale: Ongoing → Long term (3-5 years+)"])]


def test_validate_shows_warnings_only_for_changed_files(tmp_path, monkeypatch):
    """The pull-request annotations land on what the pull request changed; errors always show."""
    repo = plan_repo(tmp_path)
    monkeypatch.chdir(repo)
    everything = CliRunner().invoke(main, ["validate", "graph", "--format", "github"])
    assert "demo-o-housing.yaml" in everything.output
    edit(repo, "action/demo-a-4.yaml", "owners:\n- demo-council\n", "")  # a new warning, in a changed file
    (repo / "graph" / "data" / "action" / "demo-a-9.yaml").write_text(
        (repo / "graph" / "data" / "action" / "demo-a-5.yaml").read_text().replace("demo-a-5", "demo-a-9")
        .replace("- demo-a-4", "- demo-a-nope"), encoding="utf-8")  # a new file with an error
    result = CliRunner().invoke(main, ["validate", "graph", "--format", "github", "--changed-since", "HEAD"])
    assert result.exit_code == 1
    assert "file=graph/data/action/demo-a-4.yaml" in result.output
    assert "::error file=graph/data/action/demo-a-9.yaml" in result.output
    assert "demo-o-housing.yaml" not in result.output
    bad = CliRunner().invoke(main, ["validate", "graph", "--changed-since", "--exec=x"])
    assert bad.exit_code == 2 and "cannot read '--exec=x' as a git revision" in bad.output


def test_long_text_change_shows_the_part_that_changed(tmp_path, monkeypatch):
    repo = plan_repo(tmp_path)
    long = "The owner cell reads the Kent Community Health NHS Foundation Trust Board and the schools team " * 2
    edit(repo, "action/demo-a-4.yaml", "text: Review adaptations.", f"text: {long.strip()}")
    commit(repo, "Long text")
    edit(repo, "action/demo-a-4.yaml", "and the schools team The", "and the housing team The")
    monkeypatch.chdir(repo)
    out = run_diff(repo, "HEAD").output
    assert "text: “…Trust Board and the schools team The owner cell reads the Kent Community Health…” → " \
        "“…Trust Board and the housing team The owner cell reads the Kent Community Health…”" in out
