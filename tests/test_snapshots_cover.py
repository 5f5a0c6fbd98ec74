"""The reviewed explanations (tests/test_snapshots.py) cover everything the cases show.

Kept apart from the snapshots themselves: it evaluates every data case, so the mutation run (which runs
the tests that reach a mutated function) leaves it out.
"""

from test_snapshots import _selected, candidates, features


def test_every_step_reading_and_alert_has_a_reviewed_snapshot():
    """A new explanation step, reading, ambiguity or alert needs a case whose words were read: the
    selected cases must show everything the data cases and examples show."""
    everything, shown = set(), set()
    chosen = set(_selected())
    for key, load in candidates():
        f = features(load())
        everything |= f
        if key in chosen:
            shown |= f
    assert not everything - shown, f"not in any snapshot: {sorted(everything - shown)}; run python tools/snapshots.py --select"
