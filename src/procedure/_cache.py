"""A small on-disk cache of parsed, validated data files (data, not code).

Parsing YAML and validating it against the JSON Schema is most of the cost of loading the rules. A
file whose exact bytes were parsed and found valid before is taken from this cache, keyed by the sha256
of what decided its validity (the schema) and of its bytes: one small JSON file per key under a
directory named for this version of procedure (a new version starts afresh; stale keys are never read,
so the cache does not slow down as it grows). Semantic checks still run on every load. Set
PROCEDURE_CACHE_DIR to move the cache, or to ``off`` (or an empty string) to switch it off, as the
``--no-cache`` option does; deleting it is safe.

Each entry file is a line with the sha256 of the rest, then the JSON. An entry whose checksum does not
match (cut short, edited, written by something else) is a miss: the source file is read and validated
again, so a damaged cache costs time and never produces an error that blames a good rule file.
(The checksum guards against damage, not against someone who rewrites the cache on purpose: the cache
directory must be as trusted as the rules directory, see docs/scale.md. A report's stamp is the digest
of the rule *source* files, whatever the cache held.) A temporary file left by a killed run is removed
by the next run that writes an entry.

Also here: :func:`remember`, the bounded in-process memo the engine and the reports share.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import json
import os
import pathlib
from typing import Any

_MEMORY: dict[str, Any] | None = None  # entries this process has read or written
_FORMAT = 3  # the shape of the entries; a change starts a new directory
OFF = ("", "off", "0", "no", "none", "false")  # PROCEDURE_CACHE_DIR values that switch the cache off
_cleaned = False
MAX_ENTRIES = 20_000  # two entries a rule file (data and line numbers): 10,000 rule files, ~80 MB; pruned past it
MAX_ENTRY_BYTES = 64_000_000  # far above any entry a source file within its own limit can give


def default_cache_root() -> pathlib.Path:
    """Where the platform keeps a user's caches (as platformdirs' user_cache_dir, written out here so as
    not to depend on it): Windows %LOCALAPPDATA%\\procedure\\Cache, macOS ~/Library/Caches/procedure,
    elsewhere $XDG_CACHE_HOME/procedure (default ~/.cache/procedure)."""
    import sys

    home = pathlib.Path(os.path.expanduser("~"))
    if sys.platform == "win32":
        local = os.environ.get("LOCALAPPDATA") or str(home / "AppData" / "Local")
        return pathlib.Path(local) / "procedure" / "Cache"
    if sys.platform == "darwin":
        return home / "Library" / "Caches" / "procedure"
    xdg = os.environ.get("XDG_CACHE_HOME")
    return pathlib.Path(xdg if xdg and os.path.isabs(xdg) else home / ".cache") / "procedure"


def cache_dir() -> pathlib.Path | None:
    from ._version import __version__

    base = os.environ.get("PROCEDURE_CACHE_DIR")
    if base is not None and base.strip().lower() in OFF:
        return None
    if base is None:
        base = str(default_cache_root())
    return pathlib.Path(base) / f"validated-rules-{__version__}-f{_FORMAT}"


def cache_get(key: str) -> dict[str, Any] | None:
    """The entry stored under ``key``, or None (absent, unreadable, damaged, or the cache is off)."""
    global _MEMORY
    if _MEMORY is None:
        _MEMORY = {}
    hit = _MEMORY.get(key)
    if hit is not None:
        return hit
    d = cache_dir()
    if d is None:
        return None
    try:
        from ._safe import read_regular

        raw = read_regular(d / f"{key}.json", MAX_ENTRY_BYTES)  # a regular file only, with a bound
        if len(raw) > MAX_ENTRY_BYTES:
            return None
        digest, _, body = raw.partition(b"\n")
        if digest.decode("ascii", "replace") != hashlib.sha256(body).hexdigest():
            return None  # damaged or not ours: the caller reads and validates the source again
        entry = json.loads(body)
    except (OSError, ValueError, RecursionError):
        return None
    if not (isinstance(entry, dict) and "data" in entry):
        return None
    _MEMORY[key] = entry
    return entry


def cache_put(key: str, entry: dict[str, Any]) -> None:
    global _MEMORY, _cleaned
    if _MEMORY is None:
        _MEMORY = {}
    _MEMORY[key] = entry
    d = cache_dir()
    if d is None:
        return
    try:
        import tempfile

        d.mkdir(parents=True, exist_ok=True)
        if not _cleaned:  # once a process: temporary files a killed run left behind
            _cleaned = True
            from ._safe import clean_stale, prune

            clean_stale(str(d), ".entry-", ".json")
            prune(str(d), MAX_ENTRIES)  # entries of edited sources are never read again: keep the directory bounded
        body = json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        fd, tmp = tempfile.mkstemp(dir=str(d), prefix=".entry-", suffix=".json")
        with os.fdopen(fd, "wb") as fh:
            fh.write(hashlib.sha256(body).hexdigest().encode("ascii") + b"\n" + body)
        os.replace(tmp, d / f"{key}.json")  # atomic: a concurrent reader sees the old state or the new one
    except OSError:
        pass  # a read-only home or cache directory only costs speed


def remember(memo: dict, key: Any, value: Any, limit: int) -> None:
    """Put ``value`` in a bounded in-process memo. When full, the older half goes (dicts keep insertion
    order, so the first keys are the oldest): memory stays flat on an endless stream of cases."""
    if len(memo) >= limit:
        for old in list(itertools.islice(memo, len(memo) // 2)):
            del memo[old]
    memo[key] = value


def json_ready(obj: Any) -> Any:
    """YAML turns 2025-06-11 into a date; JSON (and the schemas) want the ISO string."""
    if isinstance(obj, dict):
        return {k.isoformat() if isinstance(k, dt.date) else k: json_ready(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [json_ready(v) for v in obj]
    if isinstance(obj, dt.date):
        return obj.isoformat()
    return obj
