"""Write docs/notebook.ipynb (without outputs) from the cells below.

    python docs/make_notebook.py           # write it
    python docs/make_notebook.py --check   # exit 1 when the file differs from what this script writes

Cell ids are fixed so the file is the same on every run.
"""

from __future__ import annotations

import pathlib
import sys

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

PATH = pathlib.Path(__file__).resolve().parent / "notebook.ipynb"

CELLS = [
    ("md", """# A case in a notebook: borisov-2025

This notebook walks through the seed case `examples/borisov.json`: a Russian citizen, resident since 2018,
detained for identification and expulsion, whose refugee application was refused orally. It shows the
report, one deadline explained in Ukrainian, the deadlines as a table (pandas) and the case on a time axis.

Run it from the `docs/` directory of a checkout after `python -m pip install ".[notebook]"`
(or `python -m pip install . pandas`).

> **Not legal advice.** Check the dates that matter against the act and the court's practice."""),
    ("code", """import pathlib

import procedure

CASE = pathlib.Path("..") / "examples" / "borisov.json"
report = procedure.check(CASE)  # as of the case's own "as_of" (2025-06-20); pass as_of="YYYY-MM-DD" to change it
report.as_of, len(report.deadlines), len(report.alerts)"""),
    ("md", """## The report

A `Report` displays itself as HTML: alerts first (critical, then warning), then every deadline by due
date. Each status is a word on a coloured badge; the basis links to the act on zakon.rada.gov.ua;
*Explanation* opens the computation step by step; where the law allows more than one reading the other
date is shown."""),
    ("code", """report"""),
    ("md", """The same report in Ukrainian:"""),
    ("code", """from IPython.display import HTML

from procedure.report import report_to_html

HTML(report_to_html(report, "uk"))"""),
    ("md", """## Alerts as data

Every alert has a level, a code and, when it concerns one deadline, that deadline's id."""),
    ("code", """for a in report.alerts:
    print(f"{a.level:8} {a.code:20} {a.deadline or ''}")"""),
    ("md", """## One deadline, explained (Ukrainian)

`explain` lists the steps of the computation with the provision behind each: the anchor, the version of
the rule in force, the counting, any move off a non-working day, and the event that closed the term."""),
    ("code", """print(report.explain("kas.289.appeal@first-instance", lang="uk"))"""),
    ("code", """d = report.deadline("kas.289.appeal@first-instance")
d.status, d.due, d.closed_by, [b.cite("uk") for b in d.rule.basis]"""),
    ("md", """## The deadlines as a DataFrame

One row per deadline: `id`, `rule`, `title`, `trigger_date`, `due`, `due_at`, `status`, `party`, `kind`,
`basis`, `days_left`. Terms that have not started have no due date (`NaT`) and no `days_left` (`<NA>`)."""),
    ("code", """from procedure.notebook import report_to_dataframe

df = report_to_dataframe(report)
df[["due", "status", "title", "basis", "days_left"]]"""),
    ("code", """# What needs attention: terms past their end, ending soon, or read more than one way.
df[df["status"].isin(["overdue", "exceeded", "due_soon", "ambiguous"])][["due", "status", "title", "days_left"]]"""),
    ("code", """# Statuses move with the as-of date: the same case judged ten days later.
later = report_to_dataframe(procedure.check(CASE, as_of="2025-06-30"))
df[["id", "status"]].merge(later[["id", "status"]], on="id", suffixes=("_0620", "_0630"))"""),
    ("md", """## The case on one time axis

Events are diamonds at the top; each dated deadline is a bar from its trigger to the end of its last day;
the dashed blue line is the as-of day. Hatched red bars ended without the act (overdue, exceeded); a
circle with a tick is the event that closed a term; a dashed outline is another reading of an ambiguous
rule. A long stretch with nothing in it is cut out of the axis (grey band). Terms that have not started
are listed under the chart."""),
    ("code", """from IPython.display import SVG

from procedure.timeline import report_to_svg

SVG(report_to_svg(report, lang="en"))"""),
    ("code", """# To keep a picture: pathlib.Path("borisov.svg").write_text(report_to_svg(report, "uk"), encoding="utf-8")
SVG(report_to_svg(report, lang="uk"))"""),
]


def build() -> nbformat.NotebookNode:
    cells = []
    for i, (kind, source) in enumerate(CELLS, 1):
        cell = new_markdown_cell(source) if kind == "md" else new_code_cell(source)
        cell["id"] = f"cell-{i:02d}"
        cells.append(cell)
    nb = new_notebook(cells=cells)
    nb.metadata = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
                   "language_info": {"name": "python"}}
    nbformat.validate(nb)
    return nb


def main(argv: list[str]) -> int:
    text = nbformat.writes(build())
    if "--check" in argv:
        current = PATH.read_text(encoding="utf-8") if PATH.exists() else ""
        if current != text:
            sys.stderr.write(f"{PATH} is not current: run python docs/make_notebook.py\n")
            return 1
        return 0
    PATH.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
