"""A small on-disk cache of parsed, validated data files (data, not code).

Parsing YAML and validating it against the JSON Schema is most of the cost of loading the rules. A
file whose exact bytes were parsed and found valid before is taken from this cache, keyed by the sha256
of what decided its validity (the schema) and of its bytes: one small JSON file per key under a
directory named for this version of procedure (a new version starts afresh; stale keys are never read,
so the cache does not slow down as it grows). Semantic checks still run on every load. Set
PROCEDURE_CACHE_DIR to move the cache, or to an empty string to switch it off; deleting it is safe.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import pathlib
from typing import Any

_MEMORY: dict[str, Any] | None = None  # entries this process has read or written
_FORMAT = 2  # the shape of the entries; a change starts a new directory


def cache_dir() -> pathlib.Path | None:
    from . import __version__

    base = os.environ.get("PROCEDURE_CACHE_DIR")
    if base == "":
        return None
    if base is None:
        xdg = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        base = os.path.join(xdg, "procedure")
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
        entry = json.loads((d / f"{key}.json").read_bytes())
    except (OSError, ValueError):
        return None
    if not (isinstance(entry, dict) and "data" in entry):
        return None  # not ours, or damaged: the caller validates the file again
    _MEMORY[key] = entry
    return entry


def cache_put(key: str, entry: dict[str, Any]) -> None:
    global _MEMORY
    if _MEMORY is None:
        _MEMORY = {}
    _MEMORY[key] = entry
    d = cache_dir()
    if d is None:
        return
    try:
        import tempfile

        d.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=str(d), prefix=".entry-", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(entry, fh, ensure_ascii=False, separators=(",", ":"))
        os.replace(tmp, d / f"{key}.json")  # atomic: a concurrent reader sees the old state or the new one
    except OSError:
        pass  # a read-only home or cache directory only costs speed


def json_ready(obj: Any) -> Any:
    """YAML turns 2025-06-11 into a date; JSON (and the schemas) want the ISO string."""
    if isinstance(obj, dict):
        return {k.isoformat() if isinstance(k, dt.date) else k: json_ready(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [json_ready(v) for v in obj]
    if isinstance(obj, dt.date):
        return obj.isoformat()
    return obj
