"""Generate docs/rules-reference.md from the bundled rule files.

    python tools/rules_reference.py          # write the file
    python tools/rules_reference.py --check  # exit 1 if the file is stale (tests/test_docs.py runs this)
"""

from __future__ import annotations

import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from procedure.ruleset import load_rules  # noqa: E402

TARGET = ROOT / "docs" / "rules-reference.md"


def render() -> str:
    rules = load_rules()
    out = ["# Bundled rules — reference", "",
           "Generated from `rules/` by `python tools/rules_reference.py`; do not edit by hand.", "",
           f"{len(rules.rules)} rules. Columns: id; title; kind and party; the term of each version with its",
           "convention and dates in force; basis; confidence.", ""]
    by_act: dict[str, list] = {}
    for r in rules.rules:
        by_act.setdefault(pathlib.Path(r.source).name, []).append(r)
    for fname, rs in sorted(by_act.items()):
        out.append(f"## `{fname}`")
        out.append("")
        out.append("| id | title | kind | versions (term, convention, in force) | basis | confidence |")
        out.append("|---|---|---|---|---|---|")
        for r in rs:
            vs = []
            for v in r.versions:
                term = v.period.describe("en") if v.period else (f"`{v.period_from_attr.attr}` {v.period_from_attr.unit}" if v.period_from_attr else "date in the decision")
                vs.append(f"{term}, `{v.convention}`, {v.valid_from}–{v.valid_to or ''}")
            basis = "; ".join(f"[{b.cite('en')}]({b.link()})" if b.link() else b.cite("en") for b in r.basis)
            title = f"{r.title.en}<br>{r.title.uk}"
            out.append(f"| `{r.id}` | {title} | {r.kind}, {r.party} | {'<br>'.join(vs)} | {basis} | {r.confidence} |")
        out.append("")
    return "\n".join(out)


def main() -> int:
    text = render()
    if "--check" in sys.argv:
        if not TARGET.exists() or TARGET.read_text(encoding="utf-8") != text:
            print("docs/rules-reference.md is stale: run python tools/rules_reference.py", file=sys.stderr)
            return 1
        return 0
    TARGET.write_text(text, encoding="utf-8")
    print("wrote", TARGET.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
