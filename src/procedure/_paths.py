"""Where the package's data and the bundled rules live: inside the installed package, or in the checkout."""

from __future__ import annotations

import functools
import pathlib


@functools.lru_cache(maxsize=1)
def bundled_rules_dir() -> pathlib.Path:
    here = pathlib.Path(__file__).resolve().parent
    installed = here / "_bundled_rules"  # a wheel maps the repository's rules/ here (pyproject force-include)
    if installed.is_dir():
        return installed
    checkout = here.parent.parent / "rules"  # editable install or a plain checkout: src/procedure/../../rules
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError("bundled rules not found: reinstall the package (pip install .)")


_HERE = pathlib.Path(__file__).resolve().parent


def package_file(relative: str) -> pathlib.Path:
    """A data file shipped inside the package (schemas, holiday data). The package is always installed
    as files (the bundled rules must be a directory too), so a path beside this module is enough and
    spares every process the import of importlib.resources."""
    return _HERE / relative
