"""graph/planatlas.yaml is checked as strictly as a record: types, URL schemes, base IRI; file:line, exit 2."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from helpers import small_graph
from planatlas.cli import main
from planatlas.reading.config import ConfigError, load_config

BAD = [
    ("licence_url: \"javascript:alert('x')\"", "'licence_url' must be an http:// or https:// URL"),
    ("repo_url: javascript:alert(1)//", "'repo_url' must be an http:// or https:// URL"),
    ("site_url: data:text/html,x", "'site_url' must be an http:// or https:// URL"),
    ("site_url: //evil.example.org/", "'site_url' must be an http:// or https:// URL"),
    ("repo_url: 'https://x.org/\"onmouseover=alert(1)'", "'repo_url' must be an http:// or https:// URL"),
    ("base_iri: https://plan.example.org/i d/", "'base_iri' must be an absolute http(s) IRI"),
    ("base_iri: https://plan.example.org/id", "'base_iri' must be an absolute http(s) IRI ending in '/' or '#'"),
    ("base_iri: ftp://plan.example.org/id/", "'base_iri' must be an absolute http(s) IRI"),
    ("base_iri: 'urn:x:'", "'base_iri' must be an absolute http(s) IRI"),
    ("base_iri:\n  nested: https://x.org/", "'base_iri' must be text, not a mapping"),
    ("base_iri:\n  - https://x.org/", "'base_iri' must be text, not a list"),
    ("site_name: '<img src=x onerror=alert(1)>'", "'site_name' contains HTML markup"),
    ("site_name: '{{ config }}'", "'site_name' contains template syntax"),
    ("licence: \"x\\u202Ey\"", "invisible character U+202E"),
    ("site_name: \"a\\0b\"", "control character U+0000"),
    ("edit_uri: ../../etc/", "'edit_uri' must be a relative path"),
    ("query_timeout: -1", "'query_timeout' must be a number of seconds"),
    ("query_max_rows: lots", "'query_max_rows' must be a whole number"),
    ("colour: red", "unknown setting 'colour'"),
    ("site_name:", "'site_name' has no value"),
    ("- just a list", "settings must be a mapping"),
]


@pytest.mark.parametrize("text,message", BAD)
def test_bad_setting_is_refused_with_file_line_and_exit_2(tmp_path, text, message):
    graph = small_graph(tmp_path)
    (graph / "planatlas.yaml").write_text(text + "\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="^" + str(graph / "planatlas.yaml").replace("\\", "\\\\") + r"(:\d+:\d+)?"):
        load_config(graph)
    result = CliRunner().invoke(main, ["validate", str(graph)])
    assert result.exit_code == 2
    assert message in result.output and result.output.count("\n") == 1, result.output
    assert "Traceback" not in result.output


def test_base_iri_with_a_space_is_one_clear_error_without_library_warnings(tmp_path, capfd):
    graph = small_graph(tmp_path)
    (graph / "planatlas.yaml").write_text("base_iri: https://plan.example.org/my plan/\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(graph)])
    assert result.exit_code == 2
    assert result.output == (f"Error: {graph / 'planatlas.yaml'}:1:11: error[bad-setting] 'base_iri' must be an "
                             "absolute http(s) IRI ending in '/' or '#', without spaces, e.g. "
                             "https://plan.example.org/id/; got 'https://plan.example.org/my plan/'\n")
    assert "does not look like a valid URI" not in capfd.readouterr().err


def test_good_settings_load(tmp_path):
    graph = small_graph(tmp_path)
    (graph / "planatlas.yaml").write_text(
        "base_iri: https://plan.example.org/id#\nsite_url: https://plan.example.org/\nrepo_url: ''\n"
        "licence_url: http://example.org/licence?v=3\nquery_timeout: 2.5\nquery_max_rows: 10\n", encoding="utf-8")
    cfg = load_config(graph)
    assert (cfg.base_iri, cfg.repo_url, cfg.query_timeout, cfg.query_max_rows) == \
        ("https://plan.example.org/id#", "", 2.5, 10)


def test_a_symlinked_settings_file_is_refused(tmp_path):
    graph = small_graph(tmp_path)
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text("site_name: X\n", encoding="utf-8")
    (graph / "planatlas.yaml").symlink_to(outside)
    with pytest.raises(ConfigError, match="symlink"):
        load_config(graph)
