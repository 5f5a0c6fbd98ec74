"""Regenerate the reviewed explanations in tests/snapshots/ (see tests/test_snapshots.py).

    python tools/snapshots.py            # rewrite the texts of the cases in tests/snapshots/cases.txt
    python tools/snapshots.py --select   # choose the cases again (greedy cover), then rewrite

Read the difference (git diff tests/snapshots) before committing it: the text is what a lawyer reads.
"""

import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))

import test_snapshots as snap  # noqa: E402


def select(cands) -> list[str]:
    """A greedy cover: the case showing the most not yet shown, until everything shown is shown.
    Ties go to the earlier case (files in name order), so the choice is stable."""
    feats = {key: snap.features(load()) for key, load in cands}
    left = set().union(*feats.values())
    chosen = []
    while left:
        key = max(feats, key=lambda k: (len(feats[k] & left), -list(feats).index(k)))
        chosen.append(key)
        left -= feats[key]
    return chosen


def main() -> None:
    cands = snap.candidates()
    listing = snap.SNAPSHOTS / "cases.txt"
    snap.SNAPSHOTS.mkdir(exist_ok=True)
    if "--select" in sys.argv or not listing.exists():
        keys = select(cands)
        listing.write_text("# Cases whose full explanation is held in tests/snapshots (tools/snapshots.py --select)\n"
                           + "".join(k + "\n" for k in keys), encoding="utf-8")
    loaders = dict(cands)
    keys = snap._selected()
    keep = set()
    for i, key in enumerate(keys, 1):
        name = snap.file_name(i, key)
        keep.add(name)
        (snap.SNAPSHOTS / name).write_text(snap.render(key, loaders[key]()), encoding="utf-8")
    for old in snap.SNAPSHOTS.glob("*.txt"):
        if old.name != "cases.txt" and old.name not in keep:
            old.unlink()
    print(f"{len(keys)} cases in {snap.SNAPSHOTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
