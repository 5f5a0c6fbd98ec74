import datetime as dt
import os
import tempfile

# Keep the validated-rules cache of the test run out of the user's home directory.
os.environ.setdefault("PROCEDURE_CACHE_DIR", tempfile.mkdtemp(prefix="procedure-test-cache-"))

import pytest
from hypothesis import HealthCheck, Phase, settings

import procedure
from procedure.calendar import legal_calendar, load_martial_law, peacetime

# Profiles: "ci" (default, quick), "dev", and "fuzz" (>= 10,000 examples: HYPOTHESIS_PROFILE=fuzz).
settings.register_profile("ci", max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=500, deadline=None)
settings.register_profile("fuzz", max_examples=10_000, deadline=None, suppress_health_check=list(HealthCheck))
# "mut" (mutation runs): a failing example kills the mutant as it is; shrinking it only costs time (a broken
# engine made shrinking run into the time limit, counted as a timeout), and no example database is replayed.
settings.register_profile("mut", max_examples=10, deadline=None, suppress_health_check=list(HealthCheck),
                          phases=[Phase.explicit, Phase.generate], database=None)
settings.load_profile(__import__("os").environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(scope="session")
def cal():
    """The bundled calendar: martial law as known, assumed to continue after."""
    return legal_calendar()


@pytest.fixture(scope="session")
def peace(cal):
    """The same calendar with no martial law at all."""
    return legal_calendar(peacetime(cal.martial_law))


@pytest.fixture(scope="session")
def rules():
    return procedure.load_rules()


@pytest.fixture(scope="session")
def conv(rules):
    return rules.conventions


D = dt.date


def pytest_sessionstart(session):
    """Mutation runs: mutmut forks every mutant from a process whose caches are warm. A calendar mutant
    must rebuild the calendar, and the engine's rule-order cache must be rebuilt too."""
    name = os.environ.get("MUTANT_UNDER_TEST", "")
    if not name:
        return
    import procedure.calendar as c
    import procedure.engine as e

    if name.startswith("procedure.calendar."):
        c._cached.cache_clear()
        c._load_martial_law_cached.cache_clear()
        c._holiday_data.cache_clear()
    e._ordered.cache_clear()


# In a mutation run (HYPOTHESIS_PROFILE=mut) a mutant is killed by the first failing test: the fast tests that
# read whole explanations and hand-worked dates run first, the slow sweeps last. The order changes no result.
_MUTATION_ORDER = ("test_snapshots.py", "test_seed.py", "test_cases_data.py", "test_trust.py", "test_mutation_kills.py",
                   "test_calendar.py", "test_periods.py", "test_terms.py", "test_caution.py")


def pytest_collection_modifyitems(session, config, items):
    if os.environ.get("HYPOTHESIS_PROFILE") != "mut":
        return
    rank = {name: i for i, name in enumerate(_MUTATION_ORDER)}
    slow = {"test_remembered_term_computations_change_nothing", "test_every_rule_has_a_data_test"}
    items.sort(key=lambda it: (rank.get(it.path.name, len(rank)), it.name in slow))
