"""Rewrite README.md's first-screen sample with the real output of `python -m procedure check examples/borisov.json`.

tests/test_docs.py::test_readme_sample_is_the_real_output fails when the two differ (a changed rule title,
date or wording); run this after reviewing the change: python tools/readme_sample.py
"""

import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

MARK = "The first command prints:\n\n```text\n"


def sample() -> str:
    import procedure

    return procedure.check(ROOT / "examples" / "borisov.json").to_text("en")


def current(readme: str) -> str:
    start = readme.index(MARK) + len(MARK)
    return readme[start:readme.index("```", start)]


def main() -> None:
    path = ROOT / "README.md"
    readme = path.read_text(encoding="utf-8")
    old = current(readme)
    path.write_text(readme.replace(MARK + old, MARK + sample(), 1), encoding="utf-8")
    print("README.md sample", "unchanged" if old == sample() else "rewritten")


if __name__ == "__main__":
    main()
