"""How current the data is: the newest source document's date and the last change to `graph/`.

Why: staff need to know whether a page can be trusted today. Both dates come from the data
and its history; without git (a tarball, a fresh export) the second is left out cleanly.
Git runs with a fixed argument list (no shell, no user text) and a short timeout.
"""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from planatlas.reading.records import RecordSet


def newest_source(records: RecordSet) -> str:
    """The latest `issued` date among source documents (ISO text, '' if none has one)."""
    dates = [str(s.data["issued"]) for s in records.of_type("source") if s.data.get("issued")]
    return max(dates, default="")


def last_graph_change(graph_dir: Path) -> str:
    """Date (YYYY-MM-DD) of the last commit that touched graph_dir, or '' without git or history."""
    git = shutil.which("git")
    if not git or not Path(graph_dir).is_dir():
        return ""
    try:
        out = subprocess.run([git, "log", "-1", "--format=%cs", "--", "."], cwd=str(graph_dir),
                             capture_output=True, text=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return ""
    text = out.stdout.strip()
    return text if out.returncode == 0 and len(text) == 10 else ""


def data_as_of(records: RecordSet, graph_dir: Path) -> dict[str, str]:
    return {"newest_source": newest_source(records), "graph_changed": last_graph_change(graph_dir)}
