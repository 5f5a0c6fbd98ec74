"""Documentation that is generated must be current."""

import pathlib
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]


@pytest.mark.skipif(not (ROOT / "tools" / "rules_reference.py").exists(), reason="not a checkout")
def test_rules_reference_is_current():
    r = subprocess.run([sys.executable, str(ROOT / "tools" / "rules_reference.py"), "--check"], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr


def test_readme_commands_present():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert 'python -m pip install . && python -m procedure check examples/borisov.json' in text
    assert 'python -m pip install ".[test]" && python -m pytest -q' in text


def test_readme_sample_is_the_real_output():
    """README's first screen is what `python -m procedure check examples/borisov.json` prints.
    After a reviewed change in rules or wording: python tools/readme_sample.py"""
    import importlib.util

    spec = importlib.util.spec_from_file_location("readme_sample", ROOT / "tools" / "readme_sample.py")
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    assert tool.current((ROOT / "README.md").read_text(encoding="utf-8")) == tool.sample()
