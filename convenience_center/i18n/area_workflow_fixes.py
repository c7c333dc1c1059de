"""Messages of the case workflow's rules and of certificates that no longer hold (issue 12:
the one-time notice, cancellations, staff wording, the office while correcting)."""

from __future__ import annotations

ZH: dict[str, str] = {
    "staff.answers": "申请人填报的信息",
    "staff.documents": "申请人提交的材料",
    "case.certificate_status": "证件状态",
    "certificate.standing_valid": "有效",
    "certificate.standing_cancelled": "已于 {date} 注销（注销办件编号：{case}），本证失效",
    "certificate.standing_replaced": "已于 {date} 换发新证（新证编号：{number}），本证失效",
    "certificate.standing_expired": "有效期至 {date}，已过期失效",
    "case.certificate_new": "查看新证",
    "verify.cancelled_on": "注销日期",
    "verify.replaced_on": "换发日期",
    "verify.ended_by_case": "办理注销或换发的办件编号",
    "workflow.already_taken": "本案已执行过此操作，不能再次执行：一次性告知补正每件只能发出一次。"
                              "如仍有缺漏，请说明理由不予受理；审核中发现的问题请退回下级或"
                              "说明理由不予批准。",
    "apply.office_fixed": "补正期间不能更改受理单位：申请仍由原受理单位办理。如需向其他单位"
                          "申请，请撤回本申请后重新申请。",
    "audit.action.case.cancel_certificate": "办结注销",
}

EN: dict[str, str] = {
    "staff.answers": "The applicant's answers",
    "staff.documents": "The applicant's documents",
    "case.certificate_status": "Status",
    "certificate.standing_valid": "Valid",
    "certificate.standing_cancelled": "Cancelled on {date} (case {case}): no longer valid",
    "certificate.standing_replaced": "Replaced on {date} by certificate {number}: no longer "
                                     "valid",
    "certificate.standing_expired": "Expired: it was valid until {date}",
    "case.certificate_new": "See the new certificate",
    "verify.cancelled_on": "Cancelled on",
    "verify.replaced_on": "Replaced on",
    "verify.ended_by_case": "Case that cancelled or replaced it",
    "workflow.already_taken": "This has already been done on this case and cannot be done "
                              "again: the one-time notice of missing items is sent once per "
                              "case. If something is still missing, do not accept the "
                              "application and give the reason; a problem found in review is "
                              "returned to the level below or refused with reasons.",
    "apply.office_fixed": "The office cannot be changed while you correct an application: it "
                          "stays with the office you applied to. To apply to another office, "
                          "withdraw this application and apply again.",
    "audit.action.case.cancel_certificate": "Certificate cancelled",
}
