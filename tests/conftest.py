"""Shared test settings: hypothesis profiles, chosen with HYPOTHESIS_PROFILE.

- ``dev`` (default): quick, for the edit-test loop.
- ``ci``: at least 1,000 examples per property; ``.ci/run`` uses it.
"""

import os

from hypothesis import HealthCheck, settings

settings.register_profile("dev", max_examples=60, deadline=None)
settings.register_profile(
    "ci",
    max_examples=1000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))
