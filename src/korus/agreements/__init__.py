"""Trade agreements and their procedures: the KORUS FTA, its amendments, and its Joint
Committee, which meets in special session within 30 days of a Party's request unless the
Parties otherwise agree, with days counted where the request was made.

>>> from korus import agreements
>>> korus_fta = agreements.Agreement.named("KORUS")
>>> korus_fta.in_force
datetime.date(2012, 3, 15)
"""

from korus._public import publish as _publish
from korus.agreements._procedures import (
    Agreement,
    Amendment,
    JointCommittee,
    JointCommitteeRequest,
    LocalDate,
    Official,
    Place,
    RequestStatus,
    Session,
    SpecialSessionRule,
    deadline,
    within_time_limit,
)

__all__ = [
    "Agreement",
    "Amendment",
    "JointCommittee",
    "JointCommitteeRequest",
    "LocalDate",
    "Official",
    "Place",
    "RequestStatus",
    "Session",
    "SpecialSessionRule",
    "deadline",
    "within_time_limit",
]

_publish(globals(), __all__, "korus.agreements")
