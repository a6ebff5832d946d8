"""One prefix per record type (`action:jfp-a-cdc-2`) and the error that names a '/' in a prefixed name.

The prefixes are predeclared wherever a query runs: `planatlas query`, the answered questions, the
Query page (config.json) and a SPARQL server (`publish`/`query --endpoint` send the same prolog)."""
from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from click.testing import CliRunner

from helpers import REPO, small_graph
from planatlas.graph import dataset
from planatlas import model
from planatlas.query import sparql
from planatlas.cli import main
from planatlas.namespaces import COMMON_PREFIXES, DEFAULT_BASE
from planatlas.pipeline import load

ERRORS_JS = REPO / "site_src" / "assets" / "query" / "errors.js"


def test_every_record_type_has_its_own_prefix():
    prefixes = sparql.prefix_map()
    for rtype in model.RECORD_TYPES:
        assert prefixes[rtype] == f"{DEFAULT_BASE}{rtype}/"


def test_no_prefix_of_ours_takes_a_standard_one():
    ours = set(model.RECORD_TYPES) | set(model.SCHEMES)
    assert not ours & COMMON_PREFIXES
    assert not set(model.RECORD_TYPES) & set(model.SCHEMES), "a type and a scheme would share a prefix"
    assert "org" in COMMON_PREFIXES and "organisation" in model.RECORD_TYPES   # why it is not 'org:'


def test_prolog_sent_to_servers_declares_them():
    line = sparql.prolog_line("https://example.org/x/")
    assert "PREFIX action: <https://example.org/x/action/>" in line
    assert "\n" not in line[:-1]


@pytest.fixture(scope="module")
def ctx(tmp_path_factory):
    return load(small_graph(tmp_path_factory.mktemp("g")), shacl=False)


def test_typed_prefix_finds_the_record(ctx):
    result = dataset.engine_for(ctx).run("SELECT ?t WHERE { plan:test-plan dcterms:title ?t }")
    assert [r["t"].value for r in result.rows] == ["Test plan"]


def test_table_output_writes_record_iris_with_their_prefix(ctx):
    result = dataset.engine_for(ctx).run("SELECT ?p WHERE { ?p a pa:Plan }")
    table = sparql.format_result(result, "table")
    assert "plan:test-plan" in table and "id:plan/" not in table


@pytest.mark.parametrize("query, line, col", [
    ("SELECT ?p ?o WHERE { id:partnership/west-kent-hcp ?p ?o }", 1, 22),
    ("SELECT *\nWHERE {\n  ?s ?p id:partnership/west-kent-hcp .\n}", 3, 9),
])
def test_slash_in_prefixed_name_names_the_cause_and_the_fix(ctx, query, line, col):
    with pytest.raises(sparql.QueryError) as err:
        dataset.engine_for(ctx).run(query)
    first = str(err.value).splitlines()[0]
    assert first.startswith(f"line {line}, column {col}: 'id:partnership/west-kent-hcp': a prefixed name "
                            "cannot contain '/'")
    assert "partnership:west-kent-hcp" in first and "id:partnership\\/west-kent-hcp" in first


def test_property_paths_are_not_mistaken_for_slashes(ctx):
    # a real path parses, and an unrelated error is reported as before
    assert sparql.query_form("SELECT ?t WHERE { ?a pa:inPlan/dcterms:title ?t ; a/rdfs:label ?l }") == "select"
    with pytest.raises(sparql.QueryError) as err:
        dataset.engine_for(ctx).run("SELECT ?t WHERE { ?a pa:inPlan/dcterms:title ?t }\nLIMIT x")
    assert "cannot contain '/'" not in str(err.value)


def test_cli_reports_it_with_exit_1(ctx):
    result = CliRunner().invoke(main, ["query", "SELECT * WHERE { id:action/a-1 ?p ?o }", "--graph",
                                       str(ctx.graph_dir)])
    assert result.exit_code == 1
    assert "write action:a-1 (one prefix per record type)" in result.output


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_query_page_gives_the_same_message():
    query = "SELECT ?p ?o WHERE {\n  ?s ?p id:partnership/west-kent-hcp }"
    python = sparql.readable_error("error at 3:30: expected one of x", query, line_offset=1)
    script = (f"import {{ readableError }} from {json.dumps(ERRORS_JS.as_uri())};\n"
              f"process.stdout.write(readableError('error at 3:30: expected one of x', {json.dumps(query)}));")
    out = subprocess.run(["node", "--input-type=module", "-e", script], capture_output=True, text=True,
                         timeout=60, check=True).stdout
    assert out == python
    assert out.startswith("line 2, column 9: 'id:partnership/west-kent-hcp'")
