"""Settings for the whole suite.

Property tests (hypothesis) are derandomised: every run, in CI and here, tries the same examples, so
a failure is reproducible and a pass means the same thing each time. A failure prints the example
and a ``@reproduce_failure`` blob. To search new examples locally: ``HYPOTHESIS_PROFILE=explore pytest``.
"""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("default", derandomize=True, print_blob=True, database=None)
settings.register_profile("explore", derandomize=False, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
