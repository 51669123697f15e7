"""Settings for the whole suite.

No silent skips: a skipped test fails unless ``ALLOWED_SKIPS`` (below) lists it with why.

Property tests (hypothesis) are derandomised: every run, in CI and here, tries the same examples, so
a failure is reproducible and a pass means the same thing each time. A failure prints the example
and a ``@reproduce_failure`` blob. To search new examples locally: ``HYPOTHESIS_PROFILE=explore pytest``.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import settings

settings.register_profile("default", derandomize=True, print_blob=True, database=None)
settings.register_profile("explore", derandomize=False, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


# --------------------------------------------------------------------------- no silent skips
#
# A skipped test tests nothing and says so only in a summary line nobody reads: here any skip is a
# failure unless it is listed below with why it may skip. This hook (rather than `pytest -rs` and a
# grep in .ci/run) holds wherever pytest runs — make test, CI, a single file on a laptop — and the
# failure names the test and its skip reason in the ordinary report.
#
# {nodeid prefix: why that test may skip}. Empty: no test of this suite may skip today.
ALLOWED_SKIPS: dict[str, str] = {}
UNEXPECTED = "unexpected skip (tests/conftest.py ALLOWED_SKIPS lists the tests that may skip, each with why): "


def _allowed(nodeid: str) -> bool:
    return any(nodeid.startswith(prefix) for prefix in ALLOWED_SKIPS)


def _skip_reason(report) -> str:
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return str(longrepr[2])
    return str(longrepr)



@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.skipped and not hasattr(report, "wasxfail") and not _allowed(item.nodeid):
        report.outcome = "failed"
        report.longrepr = UNEXPECTED + _skip_reason(report)


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector):
    outcome = yield
    report = outcome.get_result()
    if report.skipped and not _allowed(report.nodeid):  # a module-level skip or importorskip
        report.outcome = "failed"
        report.longrepr = UNEXPECTED + _skip_reason(report)
