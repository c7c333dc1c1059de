"""Case workflows as data: states, the actions allowed from each, who may take them, and the
time limit of each state (as the eGov DIGIT workflow service keeps them).

A case is always *held* by one office level (``current_level``). The receiving level accepts
it (or refuses it, or asks for a supplement); each level of the review chain reviews it and
forwards it up or returns it down; the deciding level approves or denies it and issues the
certificate. The citizen can withdraw before a decision and resubmit after a supplement
request. Every matter has a workflow: its own, or the standard one built from its levels.

The one-time notice of missing items (一次性告知, Administrative Licensing Law art. 32) is one
request per case, by the receiving office before it accepts: the action is declared
``once_per_case`` and only from "submitted". Whatever is found missing later is a return to the
level below (``return``) or a refusal with reasons (``not_accept``, ``deny``).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from convenience_center.domain.cases import CaseStatus, CertificateStatus
from convenience_center.domain.services.base import Level, Matter, MatterKind, Text

T = Text
LEVEL_ORDER = (Level.TOWNSHIP, Level.COUNTY, Level.CITY, Level.PROVINCE)


class Actor(StrEnum):
    """Who takes an action."""

    STAFF = "staff"
    CITIZEN = "citizen"


class Needs(StrEnum):
    """What an action must be given."""

    NOTHING = "nothing"
    COMMENT = "comment"            # an optional note for the file
    REASON = "reason"              # a reason the citizen reads (refusals)
    MISSING_ITEMS = "missing_items"  # the complete list of what is missing (一次性告知)


@dataclass(frozen=True)
class Action:
    """A transition of the workflow."""

    name: str
    label: Text
    from_states: tuple[CaseStatus, ...]
    to_state: CaseStatus
    actor: Actor
    needs: Needs
    citizen_message: Text          # on the timeline; {reason}, {office} are filled in
    notify: bool = False           # e-mail the applicant
    move: int = 0                  # +1 forward up the chain, -1 return down
    at_receiving: bool = False     # only the receiving level may take it
    at_deciding: bool = False      # only the deciding level may take it
    not_at_deciding: bool = False  # only below the deciding level (forwarding)
    not_at_receiving: bool = False  # only above the receiving level (returning)
    once_per_case: bool = False    # never offered again once taken on the case
    # What the action causes beyond the move of the case (services.workflow carries it out):
    decides: bool = False          # a decision: its time is kept, and the reason it needs
    reopens_draft: bool = False    # the applicant corrects the application in the wizard:
    #                                the missing items and the status left are kept
    resumes: bool = False          # back to the status left when the draft was reopened
    #                                (``to_state`` when that is not known)
    issues_certificate: bool = False  # the matter's certificate is issued
    # The certificate the case names is ended so: cancelled, or replaced by the one issued.
    ends_certificate: CertificateStatus | None = None
    # Added after the message when a reason is given ({reason}): the applicant's own reason
    # for a withdrawal.
    reason_note: Text | None = None

    def timeline_message(self, reason: str = "", office: Text | None = None) -> Text:
        """What the applicant reads on the timeline when the action is taken: the message
        with ``{reason}`` (or "—") and ``{office}`` filled in, and the reason note when a
        reason is given."""
        def say(lang: str) -> str:
            text = self.citizen_message.get(lang).format(
                reason=reason or "—", office=office.get(lang) if office else "")
            if reason and self.reason_note is not None:
                text += self.reason_note.get(lang).format(reason=reason)
            return text

        return Text(say("zh"), say("en"))


@dataclass(frozen=True)
class StateLimit:
    """How long a case may stay in a state (working days); the clock pauses in some."""

    status: CaseStatus
    days: int | None
    clock_paused: bool = False


@dataclass(frozen=True)
class Workflow:
    """The workflow of one matter."""

    chain: tuple[Level, ...]  # receiving level first, deciding level last
    actions: tuple[Action, ...]
    limits: tuple[StateLimit, ...]

    @property
    def receiving(self) -> Level:
        """The level that accepts applications."""
        return self.chain[0]

    @property
    def deciding(self) -> Level:
        """The level that approves, denies and issues."""
        return self.chain[-1]

    def limit(self, status: str) -> StateLimit | None:
        """The time limit of a state."""
        return next((limit for limit in self.limits if limit.status == status), None)

    def action(self, name: str) -> Action | None:
        """The action called ``name``."""
        return next((a for a in self.actions if a.name == name), None)

    def citizen_action(self, name: str, status: str) -> Action | None:
        """The applicant's action ``name`` when they may take it on a case in ``status``."""
        return next((a for a in self.available(status, "", Actor.CITIZEN) if a.name == name),
                    None)

    def available(self, status: str, level: str, actor: Actor,
                  received_at: str | None = None,
                  taken: frozenset[str] = frozenset()) -> list[Action]:
        """The actions ``actor`` may take on a case in ``status`` held at ``level``.

        ``received_at`` is the level of the office the case was filed with, when it is above
        the chain's receiving level (a county receiving for townships not online yet).
        ``taken`` are the names of the actions taken on the case so far.
        """
        found = []
        for action in self.actions:
            if action.actor != actor or status not in action.from_states:
                continue
            if action.once_per_case and action.name in taken:
                continue
            if actor == Actor.STAFF and not self._level_allows(action, level, received_at):
                continue
            found.append(action)
        return found

    def _receiving_for(self, received_at: str | None) -> str:
        for level in self.chain:
            if level == received_at:
                return level
        return self.receiving

    def _level_allows(self, action: Action, level: str, received_at: str | None) -> bool:
        receiving = self._receiving_for(received_at)
        if level not in self.chain or self.chain.index(Level(level)) < \
                self.chain.index(Level(receiving)):
            return False
        if action.at_receiving and level != receiving:
            return False
        if action.at_deciding and level != self.deciding:
            return False
        if action.not_at_deciding and level == self.deciding:
            return False
        return not (action.not_at_receiving and level == receiving)

    def next_level(self, level: str, move: int, received_at: str | None = None) -> Level:
        """The level a case goes to when forwarded (+1) or returned (-1), never below the
        level it was received at."""
        low = self.chain.index(Level(self._receiving_for(received_at)))
        index = self.chain.index(Level(level)) + move
        return self.chain[max(low, min(index, len(self.chain) - 1))]


def review_chain(receiving: Level, deciding: Level) -> tuple[Level, ...]:
    """Every level from the receiving one up to the deciding one."""
    low, high = LEVEL_ORDER.index(receiving), LEVEL_ORDER.index(deciding)
    if high < low:
        raise ValueError("the deciding level is below the receiving level")
    return LEVEL_ORDER[low: high + 1]


S = CaseStatus


# The matters that replace the certificate they name with the one they issue.
REPLACING_KINDS = frozenset({MatterKind.REPLACE, MatterKind.REISSUE, MatterKind.VERIFY,
                             MatterKind.CHANGE})


def _completion(matter: Matter) -> tuple[Text, Action]:
    """What the approval tells the citizen, and the action that completes the case: a
    cancellation cancels the certificate it names, every other matter issues one (and a
    replacement, reissue, verification or change replaces the one it names)."""
    if matter.kind == MatterKind.CANCEL:
        return (T("申请已批准，正在办理证件注销。", "Your application has been approved; the "
                  "certificate is being cancelled."),
                Action("cancel_certificate", T("办结注销", "Cancel the certificate"),
                       (S.APPROVED,), S.ISSUED, Actor.STAFF, Needs.NOTHING,
                       T("已办结，您申请注销的证件已注销，不再有效。", "Completed: the "
                         "certificate you asked to cancel has been cancelled and is no longer "
                         "valid."), notify=True, at_deciding=True,
                       ends_certificate=CertificateStatus.CANCELLED))
    return (T("申请已批准，正在制发证件。", "Your application has been approved; the "
              "certificate is being issued."),
            Action("issue", T("办结发证", "Issue the certificate"), (S.APPROVED,), S.ISSUED,
                   Actor.STAFF, Needs.NOTHING,
                   T("已办结，电子证件已发放，可在线下载。", "Completed: the electronic "
                     "certificate has been issued and can be downloaded."), notify=True,
                   at_deciding=True, issues_certificate=True,
                   ends_certificate=CertificateStatus.REPLACED
                   if matter.kind in REPLACING_KINDS else None))


def standard_workflow(matter: Matter, *, accept_days: int = 5) -> Workflow:
    """The workflow most matters follow (see the module docstring)."""
    approved, complete = _completion(matter)
    actions = (
        Action("accept", T("受理", "Accept"), (S.SUBMITTED,), S.IN_REVIEW, Actor.STAFF,
               Needs.COMMENT, T("申请已受理，进入审核。", "Your application has been accepted "
                                "and is being reviewed."), notify=True, at_receiving=True),
        Action("not_accept", T("不予受理", "Do not accept"), (S.SUBMITTED,), S.NOT_ACCEPTED,
               Actor.STAFF, Needs.REASON,
               T("申请不予受理。理由：{reason}", "Your application was not accepted. Reason: "
                 "{reason}"), notify=True, at_receiving=True, decides=True),
        # The one-time notice: once per case, by the receiving office, before accepting.
        Action("request_supplement", T("一次性告知补正", "Ask for missing items"),
               (S.SUBMITTED,), S.SUPPLEMENT_REQUIRED, Actor.STAFF, Needs.MISSING_ITEMS,
               T("需要补正材料（一次性告知）：{reason}", "Please add what is missing (this is "
                 "the complete list): {reason}"), notify=True, at_receiving=True,
               once_per_case=True, reopens_draft=True),
        Action("forward", T("审核通过，报上级", "Approve at this level and forward"),
               (S.IN_REVIEW,), S.IN_REVIEW, Actor.STAFF, Needs.COMMENT,
               T("已通过{office}审核，报上级审批。", "Reviewed by {office} and forwarded for "
                 "approval."), notify=True, move=1, not_at_deciding=True),
        Action("return", T("退回下级", "Return to the level below"), (S.IN_REVIEW,),
               S.IN_REVIEW, Actor.STAFF, Needs.REASON,
               T("已退回下级重新审核。", "Returned to the office below for another review."),
               move=-1, not_at_receiving=True),
        Action("approve", T("批准", "Approve"), (S.IN_REVIEW,), S.APPROVED, Actor.STAFF,
               Needs.COMMENT, approved, notify=True, at_deciding=True, decides=True),
        Action("deny", T("不予批准", "Refuse"), (S.IN_REVIEW,), S.DENIED, Actor.STAFF,
               Needs.REASON,
               T("申请不予批准。理由：{reason}。如对决定不服，可自收到决定之日起六十日内申请"
                 "行政复议，或六个月内提起行政诉讼。",
                 "Your application was refused. Reason: {reason}. If you disagree, you may "
                 "apply for administrative reconsideration within 60 days of this decision, or "
                 "bring an administrative lawsuit within six months."), notify=True,
               at_deciding=True, decides=True),
        complete,
        Action("resubmit", T("补正后重新提交", "Resubmit with the missing items"),
               (S.SUPPLEMENT_REQUIRED,), S.SUBMITTED, Actor.CITIZEN, Needs.COMMENT,
               T("申请人已补正并重新提交。", "The applicant added what was missing and "
                 "resubmitted."), resumes=True),
        Action("withdraw", T("撤回申请", "Withdraw"),
               (S.SUBMITTED, S.SUPPLEMENT_REQUIRED, S.IN_REVIEW), S.WITHDRAWN,
               Actor.CITIZEN, Needs.COMMENT,
               T("申请人已撤回申请。", "The applicant withdrew the application."),
               reason_note=T("原因：{reason}", " Reason: {reason}"), decides=True),
    )
    limits = (
        StateLimit(S.SUBMITTED, accept_days),
        StateLimit(S.IN_REVIEW, matter.promised_days),
        StateLimit(S.SUPPLEMENT_REQUIRED, None, clock_paused=True),
        StateLimit(S.APPROVED, 2),
    )
    return Workflow(review_chain(matter.receiving_level, matter.handling_level), actions,
                    limits)


def workflow_of(matter: Matter) -> Workflow:
    """The workflow of a matter: the one it declares, or the standard one."""
    declared = getattr(matter, "workflow", None)
    return declared if isinstance(declared, Workflow) else standard_workflow(matter)


def citizen_states(matter: Matter, name: str) -> tuple[str, ...]:
    """The statuses in which the applicant may take their action ``name`` (as the matter's
    workflow declares it; none when it declares no such action for the applicant)."""
    action = workflow_of(matter).action(name)
    if action is None or action.actor != Actor.CITIZEN:
        return ()
    return tuple(action.from_states)
