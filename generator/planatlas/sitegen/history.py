"""The "What changed" pages and each record's last-changed date, from the git history of graph/.

Why it is shaped like this: a build must stay fast however long the history, so git is
called a fixed number of times whatever the number of records or commits: one
`git log --raw` pass over graph/ (every commit that touched it, newest first, with the
files each changed and their blob ids), and one `git cat-file --batch` for the file
versions the shown commits need. A version is parsed once however many commits show it,
and not at all when it is the file as it is today (same blob id): on the shipped graph
that is the difference between parsing ~1,650 versions and ~100. Each commit's semantic diff is computed from the files it changed
only (`semdiff.compare` without consequences), and only the newest MAX_COMMITS commits
are shown, PER_PAGE a page; older ones link to the repository's own history.
A build without git history (a tarball, git missing) says so on the page instead of failing.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup

from planatlas import model
from planatlas.sitegen.escaping import html_text, safe_url
from planatlas.sitegen.outputs import record_url
from planatlas.reading.records import Record, record_from_tree
from planatlas.editing.semdiff import Diff, Side, compare, quote, summary_line
from planatlas.reading.yamlstrict import read_yaml

PAGE_DIR = "what-changed"
PER_PAGE = 20
MAX_COMMITS = 200
MAX_RECORDS_SHOWN = 40   # per commit: the first import of a plan adds hundreds
SEP_COMMIT, SEP_FIELD = "\x1e", "\x1f"


@dataclass
class Commit:
    sha: str
    parent: str
    date: str           # ISO 8601, committer date
    subject: str
    tags: list[str] = field(default_factory=list)
    files: list[tuple[str, str, str, str]] = field(default_factory=list)  # (A/M/D, path, old blob, new blob)


@dataclass
class History:
    """What git knows about graph/: commits newest first, and each file's last change."""

    top: Path | None = None
    prefix: str = ""
    commits: list[Commit] = field(default_factory=list)
    last: dict[str, Commit] = field(default_factory=dict)   # repo path → newest commit that touched it
    reason: str = ""    # why there is no history, when top is None

    @property
    def available(self) -> bool:
        return self.top is not None


def _git(args: list[str], cwd: Path, stdin: bytes | None = None) -> bytes:
    return subprocess.run(["git", *args], cwd=cwd, input=stdin, capture_output=True, check=True,
                          timeout=300).stdout


def read_history(graph_dir: Path) -> History:
    """One `git log` pass over graph_dir; History(reason=...) when there is no git history."""
    graph_dir = Path(graph_dir).resolve()
    try:
        top = Path(_git(["rev-parse", "--show-toplevel"], graph_dir).decode().strip())
        prefix = graph_dir.relative_to(top.resolve()).as_posix()
        log = _git(["log", "--first-parent", "--diff-merges=first-parent", "--no-renames", "--raw", "--no-abbrev", "-z",
                    f"--format={SEP_COMMIT}%H{SEP_FIELD}%P{SEP_FIELD}%cI{SEP_FIELD}%s{SEP_FIELD}%D",
                    "--", prefix], top).decode("utf-8", "replace")
    except FileNotFoundError:
        return History(reason="git is not installed where the site was built")
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, ValueError, OSError):
        return History(reason="the site was built from a copy of the plan without its git history "
                              "(for example a download of the files)")
    hist = History(top=top, prefix=prefix)
    for chunk in log.split(SEP_COMMIT)[1:]:
        head, _, rest = chunk.partition("\n")
        parts = head.rstrip("\0").split(SEP_FIELD)
        if len(parts) < 5:
            continue
        sha, parents, date, subject, refs = parts[:5]
        tags = [r.strip()[len("tag: "):] for r in refs.split(",") if r.strip().startswith("tag: ")]
        commit = Commit(sha, parents.split(" ")[0] if parents else "", date, subject, tags)
        names = [x for x in rest.lstrip("\n\0").split("\0")]
        for meta, path in zip(names[0::2], names[1::2]):
            parts = meta.lstrip(":").split(" ")
            if len(parts) == 5 and path:
                commit.files.append((parts[4][:1], path, parts[2], parts[3]))
        if not commit.files:
            continue
        hist.commits.append(commit)
        for _status, path, _old, _new in commit.files:
            hist.last.setdefault(path, commit)
    if not hist.commits:
        return History(reason="git has no commit of this plan's records yet")
    return hist


def history_of(ctx) -> History:
    """The context's history, read once per build (pages and record pages share it)."""
    hist = getattr(ctx, "planatlas_history", None)
    if hist is None:
        hist = read_history(ctx.graph_dir)
        setattr(ctx, "planatlas_history", hist)
    return hist


# File versions -----------------------------------------------------------------------------
def read_blobs(top: Path, wanted: list[str]) -> dict[str, bytes]:
    """{blob id: content} in one `git cat-file --batch` call; missing objects are left out."""
    if not wanted:
        return {}
    out = _git(["cat-file", "--batch"], top, stdin="".join(w + "\n" for w in wanted).encode())
    blobs: dict[str, bytes] = {}
    pos = 0
    for name in wanted:
        end = out.index(b"\n", pos)
        header = out[pos:end].split(b" ")
        pos = end + 1
        if len(header) == 3 and header[1] == b"blob":
            size = int(header[2])
            blobs[name] = out[pos:pos + size]
            pos += size + 1
    return blobs


def blob_id(data: bytes) -> str:
    """The id git gives a file's content (so today's files need no parsing again)."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def current_blobs(ctx) -> dict[str, Record]:
    """{blob id: record} for the records as they are now (their files read once more, not parsed)."""
    out = {}
    for r in ctx.records:
        try:
            out[blob_id((Path(ctx.root) / r.path).read_bytes())] = r
        except OSError:
            continue
    return out


def _parse(blob: bytes, path: str, tmp: Path) -> Record | None:
    """A record from one file version, with the validating loader (None if that version fails)."""
    file = tmp / "record.yaml"
    file.write_bytes(blob)
    tree, _ = read_yaml(file, path)
    if tree is None:
        return None
    record, _ = record_from_tree(tree, path, Path(path).stem)
    return record if record is not None and record.id else None


def _retired(blob: bytes | None) -> set[str]:
    if blob is None:
        return set()
    return {ln.split("#", 1)[0].strip() for ln in blob.decode("utf-8", "replace").splitlines()} - {""}


NULL_BLOB = "0" * 40


def commit_diffs(hist: History, commits: list[Commit], known: dict[str, Record] | None = None,
                 current: dict[str, Record] | None = None) -> dict[str, Diff]:
    """Each commit's semantic diff against its first parent, from the files it changed.

    Each file version (blob) is parsed once however many commits show it, and not at all when it
    is the file as it is today (`current`).
    """
    data = f"{hist.prefix}/data/" if hist.prefix else "data/"
    retired = f"{hist.prefix}/retired-ids.txt" if hist.prefix else "retired-ids.txt"
    current = current or {}
    wanted: set[str] = set()
    for c in commits:
        for _status, path, old, new in c.files:
            if path == retired and new != NULL_BLOB:
                wanted.add(new)
            elif path.startswith(data) and path.endswith((".yaml", ".yml")):
                wanted.update(b for b in (old, new) if b != NULL_BLOB and b not in current)
    blobs = read_blobs(hist.top, sorted(wanted))
    parsed: dict[str, Record | None] = {}
    diffs = {}
    with tempfile.TemporaryDirectory() as tmp:
        def record(blob: str, path: str) -> Record | None:
            if blob in current:
                return current[blob]
            if blob not in parsed:
                parsed[blob] = _parse(blobs[blob], path, Path(tmp)) if blob in blobs else None
            return parsed[blob]

        for c in commits:
            old_side, new_side, ret = Side({}), Side({}), None
            for _status, path, old, new in c.files:
                if path == retired and new != NULL_BLOB:
                    ret = blobs.get(new)
                if not (path.startswith(data) and path.endswith((".yaml", ".yml"))):
                    continue
                for blob, side in ((old, old_side), (new, new_side)):
                    r = record(blob, path) if blob != NULL_BLOB else None
                    if r is not None:
                        side.records[r.id] = r
            new_side.retired = _retired(ret)
            diffs[c.sha] = compare(old_side, new_side, full=False, known=known)
    return diffs


# Pages -------------------------------------------------------------------------------------
def page_path(n: int) -> str:
    return f"{PAGE_DIR}/index.md" if n == 1 else f"{PAGE_DIR}/{n}.md"


def page_url(n: int) -> str:
    return f"{PAGE_DIR}/" if n == 1 else f"{PAGE_DIR}/{n}/"


def anchor(c: Commit) -> str:
    return f"c-{c.sha[:12]}"


def fmt_day(iso: str) -> str:
    try:
        d = dt.datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return iso[:10]
    return f"{d.day} {d.strftime('%B')} {d.year}"


def commit_url(repo_url: str, sha: str) -> str | None:
    return safe_url(f"{repo_url.rstrip('/')}/commit/{sha}") if repo_url else None


def _record_link(ctx, rid: str, label: str, prefix: str) -> Markup:
    r = ctx.records.records.get(rid)
    text = html_text(quote(label, 100))
    try:
        if r is not None and r.id != "index":
            return Markup('<a href="{}">{}</a>').format(prefix + record_url(r.type, r.id), text)
    except ValueError:
        pass
    return text


def _files_words(c: Commit, prefix: str, shown: int = 3) -> str:
    """'queries/a.rq, planatlas.yaml and 2 more': the graph files a commit changed, under graph/."""
    names = sorted({path[len(prefix) + 1:] if prefix and path.startswith(prefix + "/") else path
                    for _status, path, _old, _new in c.files})
    words = ", ".join(names[:shown])
    return words + (f" and {len(names) - shown} more" if len(names) > shown else "")


def render_commit(ctx, c: Commit, diff: Diff, prefix: str, graph_prefix: str = "") -> str:
    """One change: headed by what it does to the plan ("1 action changed"), the commit's own message
    below it. A commit that changed no record (an answered question, the settings) is one quiet line:
    the heading was once every commit's subject, so staff read developers' messages first."""
    repo = commit_url(ctx.config.repo_url, c.sha)
    tags = Markup("").join(Markup(' <span class="pa-badge">{}</span>').format(html_text(t)) for t in c.tags)
    link = Markup(' · <a href="{}" rel="nofollow">the commit</a>').format(repo) if repo else ""
    day = html_text(fmt_day(c.date))
    if not diff:
        return str(Markup('<p class="pa-change-quiet" id="{}">{}: no record changed (changed: {}).{} '
                          'Commit <code>{}</code>{}: {}</p>').format(
            anchor(c), day, html_text(_files_words(c, graph_prefix)), tags, c.sha[:12], link,
            html_text(quote(c.subject, 100))))
    lines = [Markup('<section class="pa-change" id="{}">').format(anchor(c)),
             Markup('<h2>{}: {}</h2>').format(day, html_text(summary_line(diff).rstrip("."))),
             Markup('<p class="pa-meta">{}{} · commit <code>{}</code>{}</p>').format(
                 html_text(quote(c.subject, 300)), tags, c.sha[:12], link)]
    items = []
    for rc in sorted(diff.changes, key=lambda x: (list(model.RECORD_TYPES).index(x.type), x.kind, x.id)):
        words = Markup("").join(Markup("<li>{}</li>").format(html_text(f.words)) for f in rc.fields)
        items.append(Markup("<li><strong>{}</strong> {} {}{}</li>").format(
            rc.kind.capitalize(), rc.type, _record_link(ctx, rc.id, rc.label, prefix) if rc.kind != "removed"
            else html_text(quote(rc.label, 100)), Markup("<ul>{}</ul>").format(words) if rc.fields else ""))
    if items:
        shown = items[:MAX_RECORDS_SHOWN]
        more = len(items) - len(shown)
        tail = Markup("<li>… and {} more records (<code>planatlas diff {}~1 {}</code> lists them all)</li>").format(
            more, c.sha[:12], c.sha[:12]) if more > 0 else ""
        lines.append(Markup('<ul class="pa-change-list">{}{}</ul>').format(Markup("").join(shown), tail))
    lines.append(Markup("</section>"))
    return "\n".join(lines)


def _front(title: str) -> str:
    return f'---\ntitle: "{title}"\nsearch:\n  exclude: true\n---\n\n'


def history_pages(ctx) -> dict[str, str]:
    """{'what-changed/index.md': ..., 'what-changed/2.md': ...}: newest first, PER_PAGE commits a page."""
    hist = history_of(ctx)
    repo = safe_url(ctx.config.repo_url) if ctx.config.repo_url else None
    intro = ("Every change to the plan's records, newest first, in words: what each change added, removed, "
             "moved or changed, and the message its editor wrote. It is read from the history of the "
             "repository the site is built from; a change to no record (an answered question, the settings) "
             "is one short line.")
    if not hist.available:
        where = Markup(' See <a href="{}">the repository</a> for its history.').format(repo) if repo else ""
        body = Markup("<p>{}</p>\n<p><strong>No history to show:</strong> {}.{}</p>\n").format(
            intro, hist.reason, where)
        return {page_path(1): _front("What changed") + "# What changed\n\n" + body}
    shown = hist.commits[:MAX_COMMITS]
    diffs = commit_diffs(hist, shown, ctx.records.records, current_blobs(ctx))
    pages_n = max(1, -(-len(shown) // PER_PAGE))
    out = {}
    for n in range(1, pages_n + 1):
        path = page_path(n)
        prefix = "../" if n == 1 else "../../"
        chunk = shown[(n - 1) * PER_PAGE: n * PER_PAGE]
        parts = [_front("What changed" if n == 1 else f"What changed (page {n})"),
                 "# What changed" + ("" if n == 1 else f" (page {n} of {pages_n})"), "",
                 str(Markup("<p>{}</p>").format(intro)), ""]
        parts += [render_commit(ctx, c, diffs[c.sha], prefix, hist.prefix) + "\n" for c in chunk]
        nav = []
        if n > 1:
            nav.append(Markup('<a href="{}">Newer changes</a>').format(prefix + page_url(n - 1)))
        if n < pages_n:
            nav.append(Markup('<a href="{}">Older changes</a>').format(prefix + page_url(n + 1)))
        elif len(hist.commits) > len(shown) and repo:
            nav.append(Markup('<a href="{}" rel="nofollow">Older changes, in the repository</a>').format(
                safe_url(f"{repo.rstrip('/')}/commits/HEAD/{hist.prefix}") or repo))
        if nav:
            parts.append(str(Markup('<nav class="pa-pager" aria-label="Pages of changes"><p>{}</p></nav>').format(
                Markup(" · ").join(nav))))
        out[path] = "\n".join(parts) + "\n"
    return out


# The record-page hook ----------------------------------------------------------------------
def record_changed(ctx, r: Record, page_prefix: str) -> Markup:
    """'Last changed 3 March 2024 (what changed) · history of this record', or '' without history."""
    hist = history_of(ctx)
    if not hist.available or not r.path:
        return Markup("")
    try:
        rel = (Path(ctx.root) / r.path).resolve().relative_to(hist.top.resolve()).as_posix()
    except ValueError:
        return Markup("")
    c = hist.last.get(rel)
    if c is None:
        return Markup("")
    index = next((i for i, x in enumerate(hist.commits[:MAX_COMMITS]) if x.sha == c.sha), None)
    when = html_text(fmt_day(c.date))
    if index is not None:
        url = f"{page_prefix}{page_url(index // PER_PAGE + 1)}#{anchor(c)}"
        text = Markup('Last changed <a href="{}">{}</a>').format(url, when)
    else:
        text = Markup("Last changed {}").format(when)
    repo = ctx.config.repo_url
    log = safe_url(f"{repo.rstrip('/')}/commits/HEAD/{rel}") if repo else None
    if log:
        text += Markup(' · <a href="{}" rel="nofollow">history of this record</a>').format(log)
    return Markup('<span class="pa-changed">{}</span>').format(text)

