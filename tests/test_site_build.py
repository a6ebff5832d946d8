"""`planatlas build` / the generator: stops on invalid input, deterministic docs/, small rewrites
for serve, the pages every record type gets, and mkdocs --strict on the real site."""
from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from planatlas.sitegen.build import BuildError, build_site, generate_docs, load_valid
from planatlas.pipeline import CannotRun

REPO = Path(__file__).resolve().parents[1]
SITEGRAPH = Path(__file__).parent / "fixtures" / "sitegraph"


def digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def copy_graph(tmp_path: Path) -> Path:
    target = tmp_path / "graph"
    shutil.copytree(SITEGRAPH, target)
    return target


def test_docs_are_byte_identical_from_another_process(tmp_path, built_site):
    """Two builds of the shipped graph give the same docs/, also from another process, which has other
    hash seeds (Python's and Oxigraph's): rows that tie on a question's ORDER BY once came back in
    another order there, so the question pages differed between builds."""
    env = {**os.environ, "PYTHONHASHSEED": "4242"}
    done = subprocess.run([sys.executable, "-m", "planatlas.cli", "--project", str(REPO), "build", "--silent",
                           "--no-mkdocs", "--docs-dir", str(tmp_path / "docs"), "--site-dir", str(tmp_path / "site"),
                           str(REPO / "graph")], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    first, second = digest(built_site.parent / "docs"), digest(tmp_path / "docs")
    assert [p for p in first if first[p] != second.get(p)] == [] and first.keys() == second.keys()
    assert sum(p.endswith(".md") for p in first) > 100


def test_invalid_graph_stops_the_build_before_writing(tmp_path):
    graph = copy_graph(tmp_path)
    record = graph / "data" / "action" / "demo-a-1.yaml"
    record.write_text(record.read_text(encoding="utf-8").replace("owners:\n- demo-lmns", "owners:\n- nobody-here"),
                      encoding="utf-8")
    with pytest.raises(BuildError, match="nobody-here"):
        build_site(graph, tmp_path / "docs", tmp_path / "site")
    assert not (tmp_path / "docs").exists()


def test_missing_graph_cannot_run(tmp_path):
    with pytest.raises(CannotRun):
        build_site(tmp_path / "nope", tmp_path / "docs", tmp_path / "site")


def test_cli_build_exit_codes_and_progress(tmp_path):
    graph = copy_graph(tmp_path)
    cmd = [sys.executable, "-m", "planatlas.cli", "--project", str(REPO), "build", str(graph),
           "--docs-dir", str(tmp_path / "d"), "--site-dir", str(tmp_path / "s")]
    ok = subprocess.run(cmd, capture_output=True, text=True, cwd=tmp_path)
    assert ok.returncode == 0, ok.stderr
    assert "… mkdocs build" in ok.stderr and (tmp_path / "s" / "index.html").is_file()
    silent = subprocess.run(cmd + ["--silent"], capture_output=True, text=True, cwd=tmp_path)
    assert silent.returncode == 0 and silent.stderr == ""
    again = subprocess.run(cmd, capture_output=True, text=True, cwd=tmp_path)   # inputs and outputs unchanged
    assert again.returncode == 0 and "nothing changed since the last build" in again.stderr
    assert "mkdocs build" not in again.stderr
    # and it says so before importing the build (MkDocs, Jinja, rdflib): the target is 5% of a build
    probe = ("import sys; from planatlas.cli import main\n"
             "try:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
             "print('imported' if 'planatlas.sitegen.build' in sys.modules else 'not imported')")
    light = subprocess.run([sys.executable, "-c", probe, *cmd[3:]], capture_output=True, text=True, cwd=tmp_path)
    assert "nothing changed" in light.stderr and light.stdout.strip() == "not imported"
    (graph / "data" / "plan" / "demo-plan.yaml").write_text("id: demo-plan\ntype: plan\n", encoding="utf-8")
    bad = subprocess.run(cmd, capture_output=True, text=True, cwd=tmp_path)
    assert bad.returncode == 1 and "error" in bad.stderr
    gone = subprocess.run(cmd[:6] + [str(tmp_path / "missing")] + cmd[7:], capture_output=True, text=True)
    assert gone.returncode == 2


def test_an_edit_rewrites_only_the_pages_that_show_the_record(tmp_path):
    graph = copy_graph(tmp_path)
    docs = tmp_path / "docs"
    first = load_valid(graph)
    generate_docs(first, docs)
    before = digest(docs)
    record = graph / "data" / "board" / "demo-lmns.yaml"
    record.write_text(record.read_text(encoding="utf-8").replace("Demo Local Maternity", "Demo Renamed Maternity"),
                      encoding="utf-8")
    second = load_valid(graph)
    generate_docs(second, docs)
    after = digest(docs)
    changed = sorted(p for p in after if before.get(p) != after[p])
    assert "boards/demo-lmns.md" in changed
    # per-record data goes to site/ (not docs/): it changed too
    assert first.site_outputs["boards/demo-lmns.ttl"] != second.site_outputs["boards/demo-lmns.ttl"]
    assert not any(p.endswith((".ttl", ".jsonld")) for p in after)
    assert "actions/demo-a-1.md" in changed            # owned by the board: shows its name
    assert "actions/demo-a-4.md" not in changed        # unrelated record: untouched
    assert "places/demo-county.md" not in changed
    assert len([p for p in changed if p.endswith(".md")]) < len([p for p in after if p.endswith(".md")]) / 2


def test_a_removed_record_loses_its_page(tmp_path):
    graph = copy_graph(tmp_path)
    docs = tmp_path / "docs"
    generate_docs(load_valid(graph), docs)
    assert (docs / "principles" / "demo-principle-1.md").is_file()
    (graph / "data" / "principle" / "demo-principle-1.yaml").unlink()
    generate_docs(load_valid(graph), docs)
    assert not (docs / "principles" / "demo-principle-1.md").exists()
    assert not (docs / "principles").exists()


def test_browser_titles_name_the_page_then_the_site_once(fixture_site):
    """The home page's title is the site's name alone (it read "X - X"); others are "page - site"."""
    def title(rel: str) -> str:
        html = (fixture_site / rel / "index.html").read_text(encoding="utf-8")
        return re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    site = title("")
    assert site and " - " not in site
    assert title("owners") == f"Owners - {site}"
    assert title("actions/demo-a-2").endswith(f" - {site}") and title("actions/demo-a-2").count(site) == 1


def test_record_page_shows_fields_relations_provenance_and_links(fixture_site):
    html = (fixture_site / "actions" / "demo-a-2" / "index.html").read_text(encoding="utf-8")
    for text in ("Recruit more midwives", "Medium term (1-2 years)", "Owned by", "Depends on",
                 "Needed by", "Sources", "Chapter 1", "Edit this record", "demo-a-2.ttl", "demo-a-2.jsonld",
                 'href="../../plans/demo-plan/"', 'href="../../outcomes/demo-outcome-1/"'):
        assert text in html, text
    edit = "https://github.com/kent-medway/planatlas/edit/main/tests/fixtures/sitegraph/data/action/demo-a-2.yaml"
    assert edit in html
    assert (fixture_site / "actions" / "demo-a-2.ttl").read_text(encoding="utf-8").count("demo-a-2") >= 1


def test_owner_and_partnership_pages(fixture_site):
    board = (fixture_site / "boards" / "demo-lmns" / "index.html").read_text(encoding="utf-8")
    assert "Owns" in board and "Short term" in board
    accountable = board.split('id="accountable"')[1].split("</table>")[0]   # the roll-up table
    assert "Implement the maternity delivery plan" in accountable and "Directly" in accountable
    hcp = (fixture_site / "partnerships" / "demo-hcp" / "index.html").read_text(encoding="utf-8")
    assert "Members" in hcp and "Chair" in hcp and "Leader of the council" in hcp and "2021" in hcp
    ics = (fixture_site / "partnerships" / "demo-ics" / "index.html").read_text(encoding="utf-8")
    assert "Plans" in ics and "Demo Joint Forward Plan" in ics
    icb = (fixture_site / "organisations" / "demo-icb" / "index.html").read_text(encoding="utf-8")
    assert "Organisational change" in icb and "became" in icb


def test_dependency_chain_is_in_topological_order(fixture_site):
    html = (fixture_site / "actions" / "demo-a-3" / "index.html").read_text(encoding="utf-8")
    chain = html.split('id="needs-first"')[1].split('id="needed-by"')[0]
    positions = [chain.index(x) for x in ("demo-a-1/", "demo-a-2/")]
    assert positions == sorted(positions)


def test_index_pages_have_filters(fixture_site):
    html = (fixture_site / "actions" / "index.html").read_text(encoding="utf-8")
    for f in ("owners", "timescale", "outcome"):
        assert f'data-pa-filter="{f}"' in html
    assert 'data-owners="|demo-icb|demo-lmns|"' in html
    orgs = (fixture_site / "organisations" / "index.html").read_text(encoding="utf-8")
    assert 'data-pa-filter="kind"' in orgs
    metrics = (fixture_site / "metrics" / "index.html").read_text(encoding="utf-8")
    assert 'data-pa-filter="outcome"' in metrics


def test_strict_mkdocs_build_of_the_shipped_graph_has_no_warnings(built_site):
    # built_site ran mkdocs with strict=True: any warning would have raised BuildError
    assert (built_site / "index.html").is_file() and (built_site / "search" / "search_index.json").is_file()
    import json
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = {d["location"] for d in index["docs"]}
    assert sum(1 for loc in locations if loc.startswith("actions/") and "#" not in loc) > 50


@pytest.mark.server
def test_serve_previews_an_edit_with_live_regeneration(tmp_path):
    import socket
    import time
    import urllib.error
    import urllib.request
    graph = copy_graph(tmp_path)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "planatlas.cli", "--project", str(REPO), "serve", str(graph),
                             "--docs-dir",
                             str(tmp_path / "docs"), "--dev-addr", f"127.0.0.1:{port}", "--silent"],
                            cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)

    def fetch(path: str) -> str:
        return urllib.request.urlopen(f"http://127.0.0.1:{port}/{path}", timeout=5).read().decode()

    def wait_for(path: str, text: str, seconds: float = 40) -> bool:
        deadline = time.time() + seconds
        while time.time() < deadline:
            try:
                if text in fetch(path):
                    return True
            except OSError:
                pass
            time.sleep(0.5)
        return False

    try:
        assert wait_for("boards/demo-lmns/", "Demo Local Maternity"), proc.stderr
        record = graph / "data" / "board" / "demo-lmns.yaml"
        record.write_text(record.read_text(encoding="utf-8").replace("Demo Local", "Demo Edited"), encoding="utf-8")
        assert wait_for("boards/demo-lmns/", "Demo Edited Maternity")
        assert wait_for("actions/demo-a-1/", "Demo Edited Maternity")   # a page that shows the record
        added = graph / "data" / "board" / "demo-added-board.yaml"          # a new record gets a page
        added.write_text(record.read_text(encoding="utf-8").replace("id: demo-lmns", "id: demo-added-board")
                         .replace("Demo Edited Maternity", "Demo Added Board"), encoding="utf-8")
        assert wait_for("boards/demo-added-board/", "Demo Added Board")
        assert wait_for("boards/", "Demo Added Board")                      # and its type's index lists it
        added.unlink()                                                      # a removed record loses it

        def gone() -> bool:
            try:
                fetch("boards/demo-added-board/")
            except urllib.error.HTTPError as exc:
                return exc.code == 404
            return False
        deadline = time.time() + 40
        while not gone() and time.time() < deadline:
            time.sleep(0.5)
        assert gone()
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_record_data_files_parse_as_rdf(fixture_site):
    from rdflib import Graph, URIRef
    iri = URIRef("https://plan.example.org/id/metric/demo-m-smoking")
    ttl = Graph().parse(fixture_site / "metrics" / "demo-m-smoking.ttl", format="turtle")
    jsonld = Graph().parse(fixture_site / "metrics" / "demo-m-smoking.jsonld", format="json-ld")
    assert len(ttl) == len(jsonld) > 10
    assert (iri, None, None) in ttl and (iri, None, None) in jsonld
    assert set(ttl) == set(jsonld)
