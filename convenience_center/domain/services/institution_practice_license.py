"""计划生育技术服务机构执业许可证: practice licence of a technical service institution.

An institution whose establishment was approved applies for its practice licence before it
provides any family-planning technical service; the approved service items are printed on the
licence, which is valid for three years. Within the three months before it expires the
institution applies for its verification (校验), reporting its practice over the period. The
city department licenses township and county institutions after an on-site inspection; the
province licenses city and provincial ones.
"""

from __future__ import annotations

import calendar
from datetime import date

from convenience_center.domain.services.base import (
    Answers,
    CrossCheckProblem,
    Field,
    FieldKind,
    Level,
    Material,
    MaterialForm,
    Matter,
    MatterKind,
    Samples,
    Step,
    Text,
    when,
)
from convenience_center.domain.services.common import (
    EQUIPMENT_LIST,
    INSTITUTION_ON_CERTIFICATE,
    INTERNAL_RULES,
    LEGAL_REP_ID_CARD,
    PREMISES_PROOF,
    QUALIFIED_WITHIN_STAFF,
    SERVICE_ITEM_OPTIONS,
    SERVICE_ITEMS_ON_RECORD,
    STAFF_LIST,
    declaration_step,
    institution_fields,
    institution_level_field,
    not_more_than,
    staff_fields,
)
from convenience_center.domain.services.definition import ServiceCertificate, ServiceDefinition
from convenience_center.domain.services.groups import INSTITUTION

T = Text
VERIFY_WINDOW_MONTHS = 3
DEPARTMENT_ZH = "设区的市人口和计划生育行政部门"


def months_later(day: date, months: int) -> date:
    """``day`` moved ``months`` calendar months on (the last day of a shorter month)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _verification_window(answers: Answers, today: date) -> list[CrossCheckProblem]:
    """The expiry date comes after the issue date and at most three months from today
    (a licence that has already expired may still be verified: the office decides)."""
    expiry_text, issued_text = answers.get("licence_expiry_date"), answers.get(
        "licence_issue_date")
    if not expiry_text:
        return []
    expiry = date.fromisoformat(str(expiry_text))
    if issued_text and expiry <= date.fromisoformat(str(issued_text)):
        return [CrossCheckProblem("licence_expiry_date", T("有效期截止日期应晚于发证日期",
                                                    "The expiry date must be after the date "
                                                    "of issue"))]
    if expiry > months_later(today, VERIFY_WINDOW_MONTHS):
        earliest = months_later(expiry, -VERIFY_WINDOW_MONTHS).isoformat()
        return [CrossCheckProblem("licence_expiry_date", T(
            f"执业许可证有效期届满前三个月内方可申请校验，本证最早可于 {earliest} 申请",
            f"Verification is applied for in the three months before the licence expires; "
            f"for this licence from {earliest}"))]
    return []


def _institution_step() -> Step:
    return Step("institution", T("机构信息", "The institution"),
                (*institution_fields(), institution_level_field()))


APPLY = Matter(
    code="apply",
    kind=MatterKind.APPLY,
    name=T("申请计划生育技术服务机构执业许可证", "Apply for a practice licence"),
    summary=T("已取得设置批准的机构申请执业许可，核准的服务项目载入执业许可证。",
              "An institution with an establishment approval applies to practise; the "
              "approved service items are printed on the licence."),
    steps=(
        _institution_step(),
        Step("approval", T("设置批准和服务项目", "Approval and services"), (
            Field("approval_no", FieldKind.CERTIFICATE_NO,
                  T("设置批准文号", "Number of the establishment approval"),
                  hint=T("设置批准文件上的文号，如 郑人口计生审〔2025〕8 号",
                         "As on the approval document, e.g. 郑人口计生审〔2025〕8 号"),
                  width="20", max_length=40),
            Field("approval_date", FieldKind.DATE, T("设置批准日期", "Date of the approval"),
                  past_only=True),
            Field("service_items", FieldKind.CHECKBOXES,
                  T("申请载入执业许可证的服务项目", "Services to be printed on the licence"),
                  hint=T("不得超出设置批准的服务项目", "No more than the approval allows"),
                  options=SERVICE_ITEM_OPTIONS),
            *staff_fields(),
        ), checks=(QUALIFIED_WITHIN_STAFF,)),
        declaration_step(T("本机构承诺按执业许可证核准的服务项目执业，不超范围开展计划生育技术服务。",
                           "We declare that the institution will provide only the services "
                           "printed on its licence.")),
    ),
    materials=(
        Material("application_form", T("执业许可申请书（加盖单位公章）",
                                       "Application for the practice licence bearing the "
                                       "official seal")),
        Material("approval_document", T("设置批准文件", "The establishment approval"),
                 MaterialForm.BOTH),
        Material("floor_plan", T("业务用房建筑平面图", "Floor plans of the premises")),
        PREMISES_PROOF,
        INTERNAL_RULES,
        STAFF_LIST,
        EQUIPMENT_LIST,
        LEGAL_REP_ID_CARD,
    ),
    statutory_days=20,
    promised_days=15,
    handling_level=Level.CITY,
    receiving_level=Level.CITY,
    eligibility=(
        T("已取得计划生育技术服务机构设置批准。",
          "The institution holds an establishment approval."),
        T("业务用房、技术人员和仪器设备符合所申请服务项目的执业标准。",
          "Its premises, staff and equipment meet the standards of the services applied for."),
        T("乡级、县级机构向设区的市人口和计划生育行政部门申请；设区的市级及以上机构向省人口和"
          "计划生育行政部门申请。",
          "Township and county institutions apply to the city department; city and provincial "
          "institutions apply to the provincial department."),
    ),
    process=(
        T("网上提交申请和材料电子件", "Apply online with electronic copies of the documents"),
        T(f"{DEPARTMENT_ZH}受理（市级及以上机构由省级受理）",
          "The city department accepts the application (the province, for city and provincial "
          "institutions)"),
        T("审查材料并现场核查（核查时间不计入办理时限）",
          "The documents are examined and the premises inspected (the inspection is not "
          "counted in the time limit)"),
        T("作出准予或不予执业许可的决定",
          "The department grants or refuses the licence"),
        T("发放执业许可证，载明核准的服务项目，有效期三年",
          "The licence is issued with the approved service items; it is valid for three "
          "years"),
    ),
    samples=Samples(
        valid={
            "institution_name": "中牟县计划生育技术服务站",
            "institution_uscc": "12410122MB0F3K7W20",
            "institution_address": "郑州市中牟县青年路 88 号",
            "legal_rep_name": "张建国", "legal_rep_id_number": "410105197506120030",
            "contact_name": "刘芳", "contact_phone": "0371-62345678",
            "institution_level": "county", "approval_no": "郑人口计生审〔2025〕8 号",
            "approval_date": "2025-09-10",
            "service_items": ["contraception_exam", "iud", "guidance", "preconception"],
            "staff_total": "32", "staff_qualified": "18",
            "declaration_true": "yes", "declaration_specific": "yes",
        },
        invalid=(
            ({"institution_uscc": "12410122MB0F3K7W2"}, "institution_uscc"),
            ({"staff_qualified": "33"}, "staff_qualified"),
            ({"approval_date": "2099-01-01"}, "approval_date"),
            ({"institution_level": "national"}, "institution_level"),
            ({"service_items": ["iud", "cosmetic_surgery"]}, "service_items"),
        ),
    ),
)

VERIFY = Matter(
    code="verify",
    kind=MatterKind.VERIFY,
    certificate_field="licence_no",
    name=T("计划生育技术服务机构执业许可证校验", "Verification of a practice licence"),
    summary=T("执业许可证每三年校验一次，机构在有效期届满前三个月内申请。",
              "The licence is verified every three years; the institution applies in the three "
              "months before it expires."),
    steps=(
        _institution_step(),
        Step("licence", T("执业许可证", "The licence"), (
            Field("licence_no", FieldKind.CERTIFICATE_NO,
                  T("执业许可证编号", "Number of the practice licence"),
                  hint=T("执业许可证上印制的编号", "As printed on the licence"), width="20",
                  max_length=40),
            Field("licence_issue_date", FieldKind.DATE, T("发证日期", "Date of issue"),
                  past_only=True),
            Field("licence_expiry_date", FieldKind.DATE,
                  T("有效期截止日期", "Valid until"),
                  hint=T("有效期届满前三个月内可申请校验", "You can apply in the three months "
                         "before this date")),
        ), checks=(_verification_window,)),
        Step("practice", T("本周期执业情况", "Practice in this period"), (
            Field("operations_count", FieldKind.INTEGER,
                  T("本周期完成计划生育手术例数", "Family-planning operations performed"),
                  hint=T("包括放取宫内节育器、结扎和人工流产等", "Including IUD insertions and "
                         "removals, sterilisations and abortions"),
                  min_value=0, max_value=1_000_000, width="10"),
            Field("complications_count", FieldKind.INTEGER,
                  T("其中发生手术并发症例数", "Of which with complications"),
                  min_value=0, max_value=1_000_000, width="10"),
            Field("consultations_count", FieldKind.INTEGER,
                  T("技术指导咨询服务人次", "People given technical guidance and counselling"),
                  min_value=0, max_value=10_000_000, width="10"),
            *staff_fields(),
            Field("incidents", FieldKind.YES_NO,
                  T("本周期是否发生计划生育技术服务事故",
                    "Was there any family-planning technical service accident in this "
                    "period?")),
            Field("incident_details", FieldKind.TEXTAREA, T("事故情况和处理结果",
                                                            "The accident and how it was "
                                                            "dealt with"),
                  show_if=when("incidents", "yes"), max_length=1000),
            Field("changed", FieldKind.YES_NO,
                  T("本周期机构名称、地址、法定代表人或服务项目是否有变化",
                    "Did the name, address, legal representative or service items change in "
                    "this period?")),
            Field("change_details", FieldKind.TEXTAREA, T("变化情况及批准文号",
                                                          "The changes and their approval "
                                                          "numbers"),
                  show_if=when("changed", "yes"), max_length=1000),
        ), checks=(QUALIFIED_WITHIN_STAFF, not_more_than(
            "complications_count", "operations_count",
            T("并发症例数不能多于手术例数",
              "There cannot be more complications than operations")))),
        declaration_step(T("本机构承诺所报执业情况真实，校验期间按核准的服务项目执业。",
                           "We declare that the practice report is true and that the "
                           "institution keeps to its licensed services during the "
                           "verification.")),
    ),
    materials=(
        Material("verification_form", T("执业许可证校验申请书（加盖单位公章）",
                                        "Application for verification bearing the official "
                                        "seal")),
        Material("licence_original", T("执业许可证正本和副本", "The licence (original and "
                                                               "duplicate)"),
                 MaterialForm.ORIGINAL, upload=False),
        Material("practice_report", T("本周期执业情况自查报告",
                                      "Self-inspection report on the practice in the period")),
        STAFF_LIST,
        Material("incident_report", T("事故处理报告", "Report on the accident"),
                 condition=T("发生技术服务事故的", "If there was an accident"),
                 show_if=when("incidents", "yes")),
        Material("change_approvals", T("变更批准文件", "Approvals of the changes"),
                 condition=T("机构信息有变化的", "If anything changed"),
                 show_if=when("changed", "yes")),
    ),
    statutory_days=20,
    promised_days=10,
    handling_level=Level.CITY,
    receiving_level=Level.CITY,
    eligibility=(
        T("持有计划生育技术服务机构执业许可证。", "The institution holds a practice licence."),
        T("在执业许可证有效期届满前三个月内提出申请。",
          "It applies in the three months before the licence expires."),
        T("市级及以上机构向省人口和计划生育行政部门申请校验。",
          "City and provincial institutions apply to the provincial department."),
    ),
    process=(
        T("网上提交校验申请和执业情况报告", "Apply online with the practice report"),
        T("发证部门受理并审查执业情况", "The licensing department accepts the application and "
          "reviews the practice"),
        T("必要时现场核查", "It inspects the premises if needed"),
        T("校验合格的，延续有效期三年；不合格的，责令限期整改",
          "If the licence passes, it is valid for three more years; if not, the institution "
          "must make corrections within a set time"),
    ),
    samples=Samples(
        # The expiry date is checked against the real today (at most three months ahead):
        # 2027-01-15 is within three months of 2026-11-26 and stays valid for every later day.
        valid={
            "institution_name": "中牟县计划生育技术服务站",
            "institution_uscc": "12410122MB0F3K7W20",
            "institution_address": "郑州市中牟县青年路 88 号",
            "legal_rep_name": "张建国", "legal_rep_id_number": "410105197506120030",
            "contact_name": "刘芳", "contact_phone": "0371-62345678",
            "institution_level": "county", "licence_no": "豫计服执字（2024）第 0102 号",
            "licence_issue_date": "2024-01-16", "licence_expiry_date": "2027-01-15",
            "operations_count": "1268", "complications_count": "3",
            "consultations_count": "15420", "staff_total": "32", "staff_qualified": "18",
            "incidents": "no", "changed": "no",
            "declaration_true": "yes", "declaration_specific": "yes",
        },
        invalid=(
            ({"licence_expiry_date": "2099-12-31"}, "licence_expiry_date"),
            ({"licence_expiry_date": "2023-12-31"}, "licence_expiry_date"),
            ({"complications_count": "1300"}, "complications_count"),
            ({"incidents": "yes"}, "incident_details"),
            ({"changed": "maybe"}, "changed"),
            ({"licence_no": ""}, "licence_no"),
        ),
    ),
)

DEFINITION = ServiceDefinition(
    code="institution-practice-license",
    group=INSTITUTION,
    name=T("计划生育技术服务机构执业许可证", "Practice licence of family-planning technical "
           "service institutions"),
    summary=T("计划生育技术服务机构执业许可证的核发和每三年一次的校验。",
              "Issue of the practice licence of a family-planning technical service "
              "institution, and its verification every three years."),
    service_type=T("行政许可", "Administrative licensing"),
    legal_basis=(
        T("《计划生育技术服务管理条例》（国务院令第309号）",
          "Regulations on the Administration of Family Planning Technical Services (State "
          "Council Decree No. 309)"),
        T("《计划生育技术服务机构执业管理办法》",
          "Measures for the Administration of the Practice of Family Planning Technical "
          "Service Institutions"),
        T("《中华人民共和国行政许可法》", "Administrative Licensing Law of the People's "
          "Republic of China"),
        T("《河南省人口与计划生育条例》", "Regulations of Henan Province on Population and "
          "Family Planning"),
    ),
    matters=(APPLY, VERIFY),
    handling_office=T(f"{DEPARTMENT_ZH}（设区的市级及以上机构：省人口和计划生育行政部门）",
                      "The population and family planning department of the prefecture-level "
                      "city (for city and provincial institutions: the provincial department)"),
    keywords=("执业许可证", "校验", "技术服务机构", "practice licence", "verification"),
    certificate=ServiceCertificate("ZYX", (INSTITUTION_ON_CERTIFICATE,
                                          SERVICE_ITEMS_ON_RECORD)),
)
