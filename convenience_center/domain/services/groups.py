"""The groups of the catalogue. A new group is one more declaration here; its services name it.

Each group carries its heading and its place in the catalogue, and what its paper application
forms ask of who signs them.
"""

from __future__ import annotations

from convenience_center.domain.services.base import Text
from convenience_center.domain.services.definition import ServiceGroup

T = Text

FAMILY = ServiceGroup(
    code="family", order=0,
    label=T("家庭生育服务", "Certificates for families"),
    endorsement=T("所在单位或村（居）民委员会意见（盖章）",
                  "Employer or village / residents' committee (comments and stamp)"),
)
INSTITUTION = ServiceGroup(
    code="institution", order=1,
    label=T("技术服务机构", "Technical service institutions"),
    endorsement=T("申请单位（盖章）", "Applying organisation (stamp)"),
    organisation_applies=True,
)
PERSONNEL = ServiceGroup(
    code="personnel", order=2,
    label=T("技术服务人员", "Technical service personnel"),
    endorsement=T("所在执业机构意见（盖章）",
                  "Institution where you practise (comments and stamp)"),
)
