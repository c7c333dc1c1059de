"""跨省流动人口一孩生育证: one-child birth certificate for couples from other provinces.

A married couple without children, whose household (hukou) is registered in another province
and who live in Henan, registers the birth of their first child where they live. The township
or street office of the place of residence receives the application; the county office of the
place of residence decides once the hukou province has confirmed the couple's marriage and
children (asked within 7 working days, answered within 15). Apply and cancel.
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
    RESIDENCE_PERMIT,
    RESIDENCE_PROOF,
    SPOUSE,
    SPOUSE_ON_CERTIFICATE,
    applicant_fields,
    cancel_matter,
    count_is,
    declaration_step,
    floating_residence_step,
    hukou_location_step,
    marriage_fields,
    person_fields,
    role_matches_sex,
    spouses_differ,
)
from convenience_center.domain.services.definition import ServiceCertificate, ServiceDefinition
from convenience_center.domain.services.groups import FAMILY

T = Text
CERTIFICATE = T("跨省流动人口一孩生育证", "cross-province one-child birth certificate")
ROLE_OPTIONS = (Option("wife", T("女方", "Wife")), Option("husband", T("男方", "Husband")))


def _hukou_outside_henan(answers: Answers, today: date) -> list[CrossCheckProblem]:
    province = str(answers.get("hukou_province") or "").lower()
    if "河南" in province or "henan" in province or "豫" in province:
        return [CrossCheckProblem("hukou_province", T(
            "本事项适用于户籍在外省的夫妻；户籍在河南的，请申请常住人口一孩生育证",
            "This service is for households registered in another province; if yours is in "
            "Henan, apply for the one-child birth certificate for permanent residents"))]
    return []


APPLY = Matter(
    code="apply",
    kind=MatterKind.APPLY,
    name=T("申请跨省流动人口一孩生育证", "Apply for a one-child birth certificate (from "
                                       "another province)"),
    summary=T("户籍在外省、在河南居住、尚无子女的夫妻，在现居住地登记生育第一个子女。",
              "For a couple without children who live in Henan with their household "
              "registered in another province, registering the birth of their first child "
              "where they live."),
    steps=(
        Step("applicant", T("申请人", "You"), (
            *applicant_fields(),
            Field("applicant_role", FieldKind.RADIO, T("您是", "You are the"),
                  staff_label=T("申请人是", "The applicant is the"),
                  options=ROLE_OPTIONS),
            Field("applicant_work_unit", FieldKind.TEXT, T("您的工作单位", "Your employer"),
                  staff_label=T("申请人工作单位", "Applicant's employer"),
                  hint=T("无工作单位的填写“无”", "Write “none” if not employed"),
                  max_length=100),
        ), checks=(role_matches_sex(),)),
        Step("spouse", T("配偶", "Your spouse"), person_fields("spouse", SPOUSE),
             checks=(spouses_differ("applicant_id_number", "spouse_id_number"),)),
        Step("marriage", T("婚姻情况", "Marriage"), marriage_fields()),
        hukou_location_step(checks=(_hukou_outside_henan,)),
        floating_residence_step(),
        Step("children", T("子女和孕情", "Children and pregnancy"), (
            Field("children_count", FieldKind.INTEGER,
                  T("夫妻双方现有子女数", "Number of children the couple has now"),
                  hint=T("包括双方与前配偶所生及收养的子女", "Including children of either "
                         "spouse from an earlier marriage, and adopted children"),
                  min_value=0, max_value=20, width="10"),
            Field("pregnant", FieldKind.YES_NO, T("女方现在是否怀孕", "Is the wife pregnant now?")),
            Field("expected_due_date", FieldKind.DATE, T("预产期", "Expected due date"),
                  show_if=when("pregnant", "yes"), future_only=True),
        ), checks=(count_is("children_count", 0, T(
            "一孩生育证适用于尚无子女的夫妻；已有一个子女的，请申请流动人口二孩生育证",
            "This certificate is for couples without children; a couple with one child "
            "applies for the two-child birth certificate for the floating population")),)),
        declaration_step(T("本人承诺夫妻双方现无子女，所报婚育情况属实，并同意现居住地"
                           "向户籍地省份核实。",
                           "I declare that we have no children and that what I say about our "
                           "marriage is true, and I agree that it is checked with the province "
                           "where our household is registered.")),
    ),
    materials=(
        ID_CARD_COPIES,
        HUKOU_BOOK,
        MARRIAGE_CERTIFICATE,
        RESIDENCE_PERMIT,
        RESIDENCE_PROOF,
        Material("pregnancy_proof", T("医疗机构出具的妊娠诊断证明", "Proof of pregnancy from a "
                                      "medical institution"),
                 required=False, condition=T("女方已怀孕的", "If the wife is pregnant"),
                 show_if=when("pregnant", "yes"), source=T("医疗机构", "Hospital or clinic")),
    ),
    statutory_days=30,
    promised_days=25,
    handling_level=Level.COUNTY,
    receiving_level=Level.TOWNSHIP,
    eligibility=(
        T("夫妻双方户籍均在外省，现在河南居住。",
          "Both of you are registered in another province and live in Henan now."),
        T("依法登记结婚，夫妻双方现无子女。",
          "You are lawfully married and have no children now."),
    ),
    process=(
        T("网上提交申请和材料电子件", "Apply online with electronic copies of the documents"),
        T("现居住地乡（镇、街道）受理，7 个工作日内通过全国流动人口服务管理信息系统请户籍地"
          "核实婚育情况",
          "The township or street office where you live accepts, and within 7 working days "
          "asks your home province, through the national floating population information "
          "system, to confirm your marriage and children"),
        T("户籍地在 15 个工作日内反馈确认结果",
          "Your home province replies within 15 working days"),
        T("现居住地县级人口计生部门审核决定", "The county office where you live decides"),
        T("发放电子证件，并通报户籍地", "The electronic certificate is issued and your home "
          "province is told"),
    ),
    samples=Samples(
        valid={
            "applicant_name": "刘洋", "applicant_id_number": "371302199302100037",
            "applicant_mobile": "15837912345", "applicant_role": "husband",
            "applicant_work_unit": "洛阳某机械厂",
            "spouse_name": "赵敏", "spouse_id_number": "13010219950520004X",
            "spouse_hukou_address": "河北省石家庄市长安区建设北大街 20 号",
            "spouse_work_unit": "无",
            "marriage_date": "2024-09-10", "marriage_certificate_no": "J371302-2024-002233",
            "marital_status": "first",
            "hukou_province": "山东省", "hukou_city": "临沂市", "hukou_county": "兰山区",
            "hukou_address": "兰山街道西关社区 12 号",
            "residence_address": "洛阳市涧西区天津路 36 号院 3 号楼 501",
            "residence_since": "2022-07-01", "has_residence_permit": "no",
            "children_count": "0", "pregnant": "yes", "expected_due_date": "2027-06-20",
            "declaration_true": "yes", "declaration_specific": "yes",
        },
        invalid=(
            ({"applicant_role": "wife"}, "applicant_role"),
            ({"hukou_province": "河南省"}, "hukou_province"),
            ({"children_count": "1"}, "children_count"),
            ({"spouse_id_number": "371302199302100037"}, "spouse_id_number"),
            ({"pregnant": "maybe"}, "pregnant"),
            ({"residence_since": "2027-01-01"}, "residence_since"),
            ({"has_residence_permit": "yes"}, "residence_permit_no"),
            ({"marital_status": "single"}, "marital_status"),
        ),
    ),
)

CANCEL = cancel_matter(
    certificate=CERTIFICATE,
    original=T("一孩生育证原件", "The certificate (original)"),
    name=T("注销跨省流动人口一孩生育证", "Cancel a one-child birth certificate (from another "
                                       "province)"),
    summary=T("因终止妊娠、离婚、离开河南或户籍迁入本省等原因不再需要已发放的证件的，申请注销。",
              "Ask for a certificate issued before to be cancelled, for example after a "
              "pregnancy ended, a divorce, leaving Henan or moving your household to Henan."),
    reasons=(
        Option("pregnancy_ended", T("终止妊娠", "The pregnancy ended")),
        Option("divorce", T("离婚", "Divorce")),
        Option("left_henan", T("离开河南居住", "We no longer live in Henan"),
               T("离开河南居住", "The couple no longer lives in Henan")),
        Option("hukou_moved", T("户籍迁入本省", "Our household moved to Henan"),
               T("户籍迁入本省", "The household moved to Henan")),
        Option("other", T("其他", "Other")),
    ),
    eligibility=T("持有河南省现居住地发放的跨省流动人口一孩生育证。",
                  "You hold a certificate issued where you live in Henan."),
    process=(
        T("网上提交注销申请", "Apply online"),
        T("现居住地乡（镇、街道）受理", "The township or street office where you live accepts"),
        T("县级人口计生部门核准注销，并通报户籍地省份", "The county office cancels the "
          "certificate and tells your home province"),
    ),
    samples=Samples(
        valid={
            "applicant_name": "刘洋", "applicant_id_number": "371302199302100037",
            "applicant_mobile": "15837912345", "certificate_no": "豫跨省一孩2025-000042",
            "certificate_issue_date": "2025-02-18", "reason": "left_henan",
            "reason_detail": "", "declaration_true": "yes", "declaration_specific": "yes",
        },
        invalid=(
            ({"certificate_no": ""}, "certificate_no"),
            ({"reason": "lost"}, "reason"),
            ({"certificate_issue_date": "2026-13-01"}, "certificate_issue_date"),
            ({"declaration_true": "no"}, "declaration_true"),
        ),
    ),
)

DEFINITION = ServiceDefinition(
    code="one-child-floating-cross-province",
    group=FAMILY,
    name=T("跨省流动人口一孩生育证", "One-child birth certificate for the floating population "
                                   "from other provinces"),
    summary=T("户籍在外省、在河南居住的夫妻生育第一个子女的登记服务，由现居住地办理、户籍地"
              "省份确认，以及已发证件的注销。",
              "Registration of the first child of a couple from another province who live in "
              "Henan, handled where they live and confirmed by their home province, and "
              "cancellation of a certificate issued before."),
    service_type=T("公共服务", "Public service"),
    legal_basis=(
        T("《中华人民共和国人口与计划生育法》", "Population and Family Planning Law of the "
          "People's Republic of China"),
        T("《流动人口计划生育工作条例》（国务院令第555号）", "Regulations on Family Planning "
          "Work for the Floating Population (State Council Decree No. 555)"),
        T("《居住证暂行条例》", "Interim Regulations on Residence Permits"),
        T("《河南省人口与计划生育条例》", "Regulations of Henan Province on Population and "
          "Family Planning"),
    ),
    matters=(APPLY, CANCEL),
    handling_office=T("申请人现居住地县级人口和计划生育行政部门",
                      "The population and family planning department of the county where "
                      "you live"),
    keywords=("一孩", "跨省", "流动人口", "生育证", "first child", "floating", "migrant"),
    certificate=ServiceCertificate("KYH", (SPOUSE_ON_CERTIFICATE,)),
)
