"""The notebook layer: report_to_dataframe (needs pandas) and docs/notebook.ipynb executed end to end."""

import json
import os
import pathlib
import sys

import pytest

import procedure
from procedure.errors import UsageError
from procedure.notebook import COLUMNS, report_to_dataframe

ROOT = pathlib.Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "borisov.json"
NOTEBOOK = ROOT / "docs" / "notebook.ipynb"


@pytest.fixture(scope="module")
def report():
    return procedure.check(SEED)


def test_dataframe(report):
    pd = pytest.importorskip("pandas")
    df = report_to_dataframe(report)
    assert tuple(df.columns) == COLUMNS
    assert list(df["id"]) == [d.id for d in report.deadlines]
    assert pd.api.types.is_datetime64_any_dtype(df["due"]) and pd.api.types.is_datetime64_any_dtype(df["trigger_date"])
    assert str(df["due_at"].dt.tz) == "Europe/Kyiv"
    assert str(df["days_left"].dtype) == "Int64"
    for row, d in zip(df.itertuples(index=False), report.deadlines):
        assert row.rule == d.rule.id and row.status == d.status and row.party == d.party and row.kind == d.kind
        assert row.title == d.rule.title.get("en")
        assert row.trigger_date.date() == d.trigger.date
        assert row.basis == "; ".join(b.cite("en") for b in d.rule.basis)
        if d.due is None:
            assert pd.isna(row.due) and pd.isna(row.due_at) and pd.isna(row.days_left)
        else:
            assert row.due.date() == d.due and row.days_left == d.days_left
            assert row.due_at.to_pydatetime() == d.due_at


def test_dataframe_in_ukrainian(report):
    pytest.importorskip("pandas")
    df = report_to_dataframe(report, lang="uk")
    assert list(df["title"]) == [d.rule.title.get("uk") for d in report.deadlines]
    assert any(" ст. " in b for b in df["basis"])


def test_dataframe_of_a_report_without_deadlines(report):
    pytest.importorskip("pandas")
    import attrs

    df = report_to_dataframe(attrs.evolve(report, deadlines=(), alerts=()))
    assert len(df) == 0 and tuple(df.columns) == COLUMNS


def test_dataframe_without_pandas_is_a_usage_error(report, monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)  # `import pandas` now raises ImportError
    with pytest.raises(UsageError) as exc:
        report_to_dataframe(report)
    assert "pandas" in str(exc.value)


def test_dataframe_unknown_language(report):
    with pytest.raises(UsageError):
        report_to_dataframe(report, lang="de")


def test_notebook_is_stored_without_outputs():
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None


def test_notebook_is_current():
    pytest.importorskip("nbformat")
    import subprocess

    r = subprocess.run([sys.executable, str(ROOT / "docs" / "make_notebook.py"), "--check"], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr


def test_notebook_runs(tmp_path, monkeypatch):
    pytest.importorskip("pandas")
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    kernelspec = pytest.importorskip("ipykernel.kernelspec")
    # A kernel spec for this interpreter, found first: the notebook runs where the tests run, in any venv.
    name = "procedure-test"
    kernelspec.write_kernel_spec(path=str(tmp_path / "kernels" / name))
    monkeypatch.setenv("JUPYTER_PATH", os.pathsep.join([str(tmp_path), os.environ.get("JUPYTER_PATH", "")]))
    src = str(pathlib.Path(procedure.__file__).resolve().parents[1])  # the kernel imports this procedure
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([src, os.environ.get("PYTHONPATH", "")]))
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(nb, kernel_name=name, timeout=120,
                                     resources={"metadata": {"path": str(NOTEBOOK.parent)}})
    client.execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    html = [o["data"]["text/html"] for o in outputs if "text/html" in o.get("data", {})]
    assert any("procedure-report" in h and "<details>" in h for h in html)
    assert any("Апеляційна скарга" in o.get("text", "") for o in outputs if o.output_type == "stream")
    assert any("image/svg+xml" in o.get("data", {}) for o in outputs)
