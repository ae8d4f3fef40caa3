"""Eligibility (xét điều kiện): whether a nominee meets the criteria of the award proposed.

One module per award family (ldtt, cstdcs, higher, collective, flags, forms), the principles
every check applies in `common`, the batch prefetch in `context`, and the runner in `engine`.
The numbers come from the catalogue (`AwardRule.criteria` of the rule in force), never from
code; every reason cites the article it applies.
"""

from app.rules.base import FAILS, MEETS, UNKNOWN, VERDICTS, Reason, Verdict
from app.rules.engine import check_dossier, check_year, evaluate, find_dossier

__all__ = ["FAILS", "MEETS", "UNKNOWN", "VERDICTS", "Reason", "Verdict", "check_dossier",
           "check_year", "evaluate", "find_dossier"]
