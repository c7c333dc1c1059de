"""常住人口一孩生育证: one-child birth certificate for permanent residents (apply / cancel).

A couple with household registration in Henan and no child yet registers the birth of their
first child. The township/street office receives the application; the county office decides.
"""

from __future__ import annotations

from datetime import date

from convenience_center.domain.services.base import (
    Answers,
    CrossCheckProblem,
    Field,
    FieldKind,
    Level,
    Material,
    Matter,
    MatterKind,
    Option,
    Samples,
    Step,
    Text,
    when,
)
from convenience_center.domain.services.common import (
    HUKOU_BOOK,
    ID_CARD_COPIES,
    MARRIAGE_CERTIFICATE,
    SPOUSE,
    SPOUSE_ON_CERTIFICATE,
    applicant_fields,
    cancel_matter,
    declaration_step,
    marriage_fields,
    person_fields,
    role_matches_sex,
    spouses_differ,
)
from convenience_center.domain.services.definition import ServiceCertificate, ServiceDefinition
from convenience_center.domain.services.groups import FAMILY

T = Text
CERTIFICATE = T("一孩生育证", "one-child birth certificate")
ROLE_OPTIONS = (Option("wife", T("女方", "Wife")), Option("husband", T("男方", "Husband")))


def _no_children_yet(answers: Answers, today: date) -> list[CrossCheckProblem]:
    if str(answers.get("children_count", "0")) not in ("", "0"):
        return [CrossCheckProblem("children_count", T(
            "一孩生育证适用于尚无子女的夫妻；已有子女的，请申请相应的生育登记",
            "This certificate is for couples without children; a couple with a child "
            "applies for the registration of a further birth instead"))]
    return []


APPLY = Matter(
    code="apply",
    kind=MatterKind.APPLY,
    name=T("申请一孩生育证", "Apply for a one-child birth certificate"),
    summary=T("夫妻双方或一方为本省户籍、尚无子女的，登记生育第一个子女。",
              "For a couple without children, at least one of them registered in Henan, "
              "registering the birth of their first child."),
    steps=(
        Step("applicant", T("申请人", "You"), (
            *applicant_fields(),
            Field("applicant_role", FieldKind.RADIO, T("您是", "You are the"),
                  staff_label=T("申请人是", "The applicant is the"),
                  options=ROLE_OPTIONS),
            Field("applicant_hukou_address", FieldKind.TEXT,
                  T("您的户籍地址", "Your registered household (hukou) address"),
                  staff_label=T("申请人户籍地址",
                                "Applicant's registered household (hukou) address"),
                  hint=T("与户口簿一致", "As in the household register"), max_length=120),
            Field("applicant_work_unit", FieldKind.TEXT, T("您的工作单位", "Your employer"),
                  staff_label=T("申请人工作单位", "Applicant's employer"),
                  hint=T("无工作单位的填写“无”", "Write “none” if not employed"),
                  max_length=100),
        ), checks=(role_matches_sex(),)),
        Step("spouse", T("配偶", "Your spouse"), person_fields("spouse", SPOUSE),
             checks=(spouses_differ("applicant_id_number", "spouse_id_number"),)),
        Step("marriage", T("婚姻情况", "Marriage"), marriage_fields()),
        Step("children", T("子女和孕情", "Children and pregnancy"), (
            Field("children_count", FieldKind.INTEGER,
                  T("夫妻双方现有子女数", "Number of children the couple has now"),
                  hint=T("包括双方与他人所生或收养的子女", "Including children of either spouse "
                         "with someone else, and adopted children"),
                  min_value=0, max_value=20, width="10"),
            Field("pregnant", FieldKind.YES_NO, T("女方现在是否怀孕", "Is the wife pregnant now?")),
            Field("expected_due_date", FieldKind.DATE, T("预产期", "Expected due date"),
                  show_if=when("pregnant", "yes"), future_only=True),
        ), checks=(_no_children_yet,)),
        Step("residence", T("现居住地", "Where you live"), (
            Field("residence_address", FieldKind.TEXT,
                  T("现居住地详细地址", "Full address where you live now"), max_length=120,
                  staff_label=T("现居住地详细地址", "Full address where the applicant lives now")),
            Field("residence_since", FieldKind.DATE, T("在现居住地居住起始日期",
                                                       "Living at this address since"),
                  past_only=True),
        )),
        declaration_step(T("本人承诺夫妻双方现无子女，并按规定接受孕产期保健服务。",
                           "I declare that we have no children and will use the maternity "
                           "health services as provided.")),
    ),
    materials=(
        ID_CARD_COPIES,
        HUKOU_BOOK,
        MARRIAGE_CERTIFICATE,
        Material("pregnancy_proof", T("医疗机构出具的妊娠诊断证明", "Proof of pregnancy from a "
                                      "medical institution"),
                 required=False, condition=T("女方已怀孕的", "If the wife is pregnant"),
                 show_if=when("pregnant", "yes"),
                 source=T("医疗机构", "Hospital or clinic")),
    ),
    statutory_days=20,
    promised_days=5,
    handling_level=Level.COUNTY,
    receiving_level=Level.TOWNSHIP,
    eligibility=(
        T("夫妻双方或一方为本省户籍人口。", "At least one spouse is registered in Henan."),
        T("夫妻双方现无子女。", "The couple has no children now."),
        T("依法登记结婚。", "The couple is lawfully married."),
    ),
    process=(
        T("网上提交申请和材料电子件", "Apply online with electronic copies of the documents"),
        T("乡（镇、街道）受理并初审", "The township or street office accepts and checks"),
        T("县级人口计生部门审核决定", "The county office reviews and decides"),
        T("发放电子证件，可在线下载", "The electronic certificate is issued for download"),
    ),
    samples=Samples(
        valid={
            "applicant_name": "李娜", "applicant_id_number": "410105199203150020",
            "applicant_mobile": "13800138000", "applicant_role": "wife",
            "applicant_hukou_address": "郑州市金水区经八路 12 号", "applicant_work_unit": "无",
            "spouse_name": "王强", "spouse_id_number": "410105199008080012",
            "spouse_hukou_address": "郑州市金水区经八路 12 号", "spouse_work_unit": "郑州某公司",
            "marriage_date": "2019-05-01", "marriage_certificate_no": "J410105-2019-000123",
            "marital_status": "first", "children_count": "0", "pregnant": "yes",
            "expected_due_date": "2027-03-01", "residence_address": "郑州市金水区经八路 12 号",
            "residence_since": "2019-06-01", "declaration_true": "yes",
            "declaration_specific": "yes",
        },
        invalid=(
            ({"applicant_role": "husband"}, "applicant_role"),
            ({"spouse_id_number": "410105199203150020"}, "spouse_id_number"),
            ({"spouse_id_number": "410105199008080013"}, "spouse_id_number"),
            ({"children_count": "1"}, "children_count"),
            ({"expected_due_date": "2001-01-01"}, "expected_due_date"),
            ({"marriage_date": ""}, "marriage_date"),
            ({"declaration_specific": ""}, "declaration_specific"),
        ),
    ),
)

CANCEL = cancel_matter(
    certificate=CERTIFICATE,
    original=T("一孩生育证原件", "The certificate (original)"),
    name=T("注销一孩生育证", "Cancel a one-child birth certificate"),
    summary=T("因终止妊娠、离婚、户籍迁出等原因不再需要已发放的一孩生育证的，申请注销。",
              "Ask for a certificate issued before to be cancelled, for example after a "
              "pregnancy ended, a divorce or a move out of the province."),
    reasons=(
        Option("pregnancy_ended", T("终止妊娠", "The pregnancy ended")),
        Option("divorce", T("离婚", "Divorce")),
        Option("moved", T("户籍迁出本省", "Household moved out of Henan")),
        Option("other", T("其他", "Other")),
    ),
    eligibility=T("持有本省发放的一孩生育证。", "You hold a certificate issued in Henan."),
    process=(
        T("网上提交注销申请", "Apply online"),
        T("乡（镇、街道）受理", "The township or street office accepts"),
        T("县级人口计生部门核准注销", "The county office cancels the certificate"),
    ),
    samples=Samples(
        valid={
            "applicant_name": "李娜", "applicant_id_number": "410105199203150020",
            "applicant_mobile": "13800138000", "certificate_no": "豫一孩2024-000321",
            "certificate_issue_date": "2024-03-01", "reason": "moved", "reason_detail": "",
            "declaration_true": "yes", "declaration_specific": "yes",
        },
        invalid=(
            ({"certificate_no": ""}, "certificate_no"),
            ({"reason": "lost-in-space"}, "reason"),
            ({"certificate_issue_date": "2999-01-01"}, "certificate_issue_date"),
        ),
    ),
)

DEFINITION = ServiceDefinition(
    code="one-child-resident",
    group=FAMILY,
    name=T("常住人口一孩生育证", "One-child birth certificate for permanent residents"),
    summary=T("本省常住人口夫妻生育第一个子女的登记服务，以及已发证件的注销。",
              "Registration of the first child of a couple living in Henan, and cancellation "
              "of a certificate issued before."),
    service_type=T("公共服务", "Public service"),
    legal_basis=(
        T("《中华人民共和国人口与计划生育法》", "Population and Family Planning Law of the "
          "People's Republic of China"),
        T("《河南省人口与计划生育条例》", "Regulations of Henan Province on Population and "
          "Family Planning"),
    ),
    matters=(APPLY, CANCEL),
    keywords=("一孩", "生育证", "生育登记", "one child", "birth"),
    certificate=ServiceCertificate("YHS", (SPOUSE_ON_CERTIFICATE,)),
)
