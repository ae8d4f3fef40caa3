"""The schema, by area. Import from here: `from db.models import Unit, Person, ...`."""

import db.models.names  # noqa: F401  (a linked person's name on Nominee.name and Award.recipient_name)
from db.models.awards import Award, Decision
from db.models.base import Base
from db.models.blocs import Bloc, BlocCriterion, BlocMember, BlocScore
from db.models.catalog import (
                               AwardPower,
                               AwardRule,
                               AwardType,
                               BaseSalary,
                               DocumentRequirement,
                               Ethnicity,
                               ProcessingLimit,
)
from db.models.dossiers import (
                               BallotCount,
                               CouncilMeeting,
                               CouncilMember,
                               Dossier,
                               DossierDocument,
                               DossierEvent,
                               MeetingAttendance,
                               Nominee,
                               Vote,
)
from db.models.extras import (
                               Congress,
                               CongressEntry,
                               FundAllocation,
                               Inspection,
                               InspectionFollowUp,
                               ProvinceBlocEvidence,
                               ProvinceBlocInfo,
)
from db.models.movements import Movement, MovementUnit, PlanTask
from db.models.org import (
                               Discipline,
                               Initiative,
                               Investigation,
                               OfficeProfile,
                               Person,
                               PersonRating,
                               Signer,
                               Unit,
                               UnitRating,
                               UnitYear,
)
from db.models.printing import CertificatePrint
from db.models.submissions import (
                               Registration,
                               StoredFile,
                               Submission,
                               SubmissionDue,
                               SubmissionDueOverride,
                               SubmissionExemption,
)
from db.models.system import AuditEntry, Setting, User

__all__ = [
    "AuditEntry", "Award", "BallotCount", "AwardPower", "AwardRule", "AwardType", "Base", "BaseSalary", "Bloc", "BlocCriterion",
    "BlocMember", "BlocScore", "CertificatePrint", "CouncilMeeting", "CouncilMember", "Decision", "Discipline",
    "DocumentRequirement", "Dossier", "DossierDocument", "DossierEvent", "Ethnicity", "Initiative",
    "Investigation", "MeetingAttendance", "Movement", "MovementUnit", "Nominee", "OfficeProfile",
    "Person", "PersonRating", "PlanTask", "Signer", "ProcessingLimit", "Registration", "Setting",
    "StoredFile", "Submission", "SubmissionDue", "SubmissionDueOverride", "SubmissionExemption", "Unit", "UnitRating", "UnitYear",
    "User", "Vote",
    "Congress", "CongressEntry", "FundAllocation", "Inspection", "InspectionFollowUp",
    "ProvinceBlocEvidence", "ProvinceBlocInfo",
]
