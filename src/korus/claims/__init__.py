"""Published figures and claims about them: what USTR, USITC and the Census Bureau printed, with
its rounding and provenance, and claims (a news story's sentences, as data) checked against
them within rounding: consistent, inconsistent and by how much, or undecidable.

>>> from korus import claims
>>> deficit = claims.published_figures(partner="KOR", scope="goods", measure="deficit")[0]
>>> str(deficit.figure), deficit.figure.provenance.publisher
('27.7 billion USD', 'USTR')
"""

from korus._public import publish as _publish
from korus.claims._claims import Claim, ClaimCheck, check_claims, summary
from korus.claims._claims_file import load_claims
from korus.claims._from_flows import figures_from_flows
from korus.claims._index import FigureIndex
from korus.claims._published import (
    FigureMeasure,
    PublishedFigure,
    load_figures,
    published_figures,
)

__all__ = [
    "Claim",
    "ClaimCheck",
    "FigureIndex",
    "FigureMeasure",
    "PublishedFigure",
    "check_claims",
    "figures_from_flows",
    "load_claims",
    "load_figures",
    "published_figures",
    "summary",
]

_publish(globals(), __all__, "korus.claims")
