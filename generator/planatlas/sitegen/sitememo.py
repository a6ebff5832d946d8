"""Files kept from one build to the next when what they are made from is unchanged: each record's
Turtle and JSON-LD in site/, each record's file for the suggest-a-change form in docs/, and the files
copied as they are into docs/ (site_src/, Oxigraph's web build: `copied`).

Why: after one edit at 5,000 records, making the 10,000 per-record data files again and moving
them into site/ was 2.7 s of our 12.8 s, for the two files that changed.  A record's files are
a function of its triples (`recordtriples.triples_key`: its data, the types of the records it
names, the base IRI) and of the code (the prefixes): that key is kept per file.

A file is kept (`outputs.Kept`: nothing is made or written) only if its key is the one the last
build made it from and its stat in site/ is the one the last build left (`cache.trusted_stats`),
so a file changed or removed by hand is made again.  MkDocs' cleaning of site/ leaves the build's
own files alone (`mkdocs_site.mkdocs_build_site(keep=...)`); they are moved into site/ before
MkDocs runs, so their stats are older than the memo by the time it is saved.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from planatlas.cache import Cache, code_version, file_stat, stat_memo, trusted_stats
from planatlas.sitegen.outputs import Kept, UnsafePath, safe_join

KIND = "site-files"     # the cache memo's name (Cache._load_memo) for site/; "docs-files" for docs/


def memo_key(site_dir: Path) -> str:
    """What every kept file also depends on: the code, and which site/ folder it is in."""
    return hashlib.sha256(f"{code_version()}\0{Path(site_dir).resolve()}".encode("utf-8", "surrogatepass")).hexdigest()


@dataclass
class SiteMemo:
    """The site/ files the last build made, what each was made from, and their stats."""

    key: str = ""
    files: dict[str, str] = field(default_factory=dict)    # path under site/ → key of its content
    stats: dict = field(default_factory=dict)              # a cache.stat_memo of those files

    @classmethod
    def load(cls, cache: Cache, kind: str = KIND) -> "SiteMemo | None":
        """The last build's memo, or None (none, damaged, or written by other code)."""
        raw = cache._load_memo(kind)
        try:
            memo = cls(str(raw["key"]), dict(raw["files"]), dict(raw["stats"]))
        except (KeyError, TypeError, ValueError):
            return None
        ok = all(isinstance(k, str) and isinstance(v, str) for k, v in memo.files.items())
        return memo if ok else None

    def save(self, cache: Cache, kind: str = KIND) -> None:
        cache._save_memo(kind, {"key": self.key, "files": self.files, "stats": self.stats})


@dataclass
class SiteCache:
    """A build's use of the memo: which files it may keep, and the memo it will save."""

    site_dir: Path                # the folder the files are in (site/, or docs/)
    last: SiteMemo | None
    kind: str = KIND
    made: dict[str, str] = field(default_factory=dict)     # path → key, this build
    kept: set[str] = field(default_factory=set)
    _trusted: dict[str, list] | None = None

    @classmethod
    def of(cls, cache: Cache, folder: Path, kind: str = KIND) -> "SiteCache":
        return cls(Path(folder), SiteMemo.load(cache, kind), kind)

    def keep(self, rels: list[str], key: str) -> bool:
        """Whether the files site/<rel> can all stay as the last build left them (their content
        would be made from key); either all are kept or none."""
        for rel in rels:
            self.made[rel] = key
        last = self.last
        if last is None or any(last.files.get(rel) != key for rel in rels):
            return False
        if self._trusted is None:
            self._trusted = trusted_stats(last.stats) if last.key == memo_key(self.site_dir) else {}
        for rel in rels:
            entry = self._trusted.get(rel)
            if entry is None or entry[:4] != file_stat(self.site_dir / rel):
                return False
        self.kept.update(rels)
        return True

    def remove_stale(self) -> list[str]:
        """Remove the files the last build made that this one did not (a removed record's data):
        MkDocs' cleaning removes them too, but a build without MkDocs (--no-mkdocs) would leave them."""
        gone: list[str] = []
        if self.last is None or self.last.key != memo_key(self.site_dir):
            return gone
        for rel in sorted(set(self.last.files) - set(self.made)):
            try:
                path = safe_join(self.site_dir, rel)
            except UnsafePath:
                continue
            if path.is_file():
                path.unlink()
                gone.append(rel)
        return gone

    def finish(self, cache: Cache) -> None:
        """Save what this build left in site/ (after its last write: the stats' clock starts here)."""
        trusted = self._trusted or {}
        seen: dict[str, list] = {}
        for rel in self.made:
            stat = trusted[rel][:4] if rel in self.kept else file_stat(self.site_dir / rel)
            if stat is not None:
                seen[rel] = stat + ["-"]
        SiteMemo(memo_key(self.site_dir), dict(self.made), stat_memo(seen)).save(cache, self.kind)


def copied(kept: object, rel: str, source: Path) -> bytes | Kept:
    """A file copied as it is into docs/<rel>: `Kept` if the source's stat and the copy's are those of
    the last build, else the source's bytes.  Why: Oxigraph's WebAssembly (4 MB) was read, then read
    again in docs/ to compare, in every build.  kept: the build's `ctx.docs_files_cache` (None or
    anything else than a SiteCache, a build without a cache: every file is read)."""
    if isinstance(kept, SiteCache):
        stat = file_stat(source)
        if stat is not None and kept.keep([rel], f"copy\0{Path(source).resolve()}\0{stat}"):
            return Kept()
    return Path(source).read_bytes()
