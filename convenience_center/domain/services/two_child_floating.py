"""流动人口二孩生育证: two-child birth certificate for the floating population (apply / cancel).

A married couple living in Henan whose household (hukou) is registered somewhere else, and who
have one child, registers the birth of a second child where they live. The township or street
office of the place of residence receives the application; within 7 working days it asks the
township of the hukou area to confirm the couple's marriage and children, which replies within
15 working days; the county office of the place of residence then decides.
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
    MaterialForm,
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
    PersonLabels,
    applicant_fields,
    birth_medical_certificate_field,
    cancel_matter,
    child_after_its_parents,
    child_fields,
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
FIRST_CHILD = PersonLabels(T("现有子女姓名", "Child's full name"),
                           T("现有子女居民身份证号码", "Child's resident ID number"))
CERTIFICATE = T("流动人口二孩生育证", "floating population two-child birth certificate")
ROLE_OPTIONS = (Option("wife", T("女方", "Wife")), Option("husband", T("男方", "Husband")))
ORIGIN_OPTIONS = (
    Option("ours", T("夫妻双方共同生育", "Born to the two of you"),
           T("夫妻双方共同生育", "Born to the couple")),
    Option("wife_earlier", T("女方与前配偶所生", "The wife's child from an earlier marriage")),
    Option("husband_earlier", T("男方与前配偶所生",
                                "The husband's child from an earlier marriage")),
)


def _first_child_consistent(answers: Answers, today: date) -> list[CrossCheckProblem]:
    """A child from an earlier marriage needs a remarriage; a child is younger than its parent."""
    origin = answers.get("first_child_origin")
    if origin in ("wife_earlier", "husband_earlier") and \
            answers.get("marital_status") != "remarried":
        return [CrossCheckProblem("first_child_origin", T(
            "您填写的婚姻状况为初婚，子女不能是与前配偶所生，请核对",
            "You said this is a first marriage, so the child cannot be from an earlier "
            "marriage; please check"))]
    return child_after_its_parents("first_child_id_number", "first_child_origin")(answers, today)


APPLY = Matter(
    code="apply",
    kind=MatterKind.APPLY,
    name=T("申请流动人口二孩生育证", "Apply for a two-child birth certificate (floating "
                                   "population)"),
    summary=T("在河南居住、户籍在外地，已有一个子女的夫妻，在现居住地登记生育第二个子女。",
              "For a couple who live in Henan, with their household registered elsewhere and "
              "one child already, registering the birth of a second child where they live."),
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
        hukou_location_step(),
        floating_residence_step(),
        Step("children", T("子女和孕情", "Children and pregnancy"), (
            Field("children_count", FieldKind.INTEGER,
                  T("夫妻双方现有子女数", "Number of children the couple has now"),
                  hint=T("包括双方与前配偶所生及收养的子女", "Including children of either "
                         "spouse from an earlier marriage, and adopted children"),
                  min_value=0, max_value=20, width="10"),
            *child_fields("first_child", FIRST_CHILD),
            birth_medical_certificate_field(
                "first_child_birth_certificate_no",
                T("现有子女出生医学证明编号", "Number of the child's birth medical certificate"),
                required=False),
            Field("first_child_origin", FieldKind.RADIO,
                  T("现有子女为", "Whose child is this?"), options=ORIGIN_OPTIONS),
            Field("pregnant", FieldKind.YES_NO, T("女方现在是否怀孕", "Is the wife pregnant now?")),
            Field("expected_due_date", FieldKind.DATE, T("预产期", "Expected due date"),
                  show_if=when("pregnant", "yes"), future_only=True),
        ), checks=(
            count_is("children_count", 1, T(
                "二孩生育证适用于现有一个子女的夫妻；尚无子女的请申请一孩生育证",
                "This certificate is for couples with one child; a couple without children "
                "applies for a one-child birth certificate")),
            _first_child_consistent,
        )),
        declaration_step(T("本人承诺夫妻双方现仅有一个子女，所报婚育情况属实，并同意现居住地"
                           "向户籍地核实。",
                           "I declare that we have only one child and that what I say about "
                           "our marriage and children is true, and I agree that it is checked "
                           "with the place where our household is registered.")),
    ),
    materials=(
        ID_CARD_COPIES,
        HUKOU_BOOK,
        MARRIAGE_CERTIFICATE,
        RESIDENCE_PERMIT,
        RESIDENCE_PROOF,
        Material("first_child_birth_certificate",
                 T("现有子女的出生医学证明", "Birth medical certificate of the existing child"),
                 MaterialForm.BOTH, source=T("助产医疗机构", "The hospital of birth")),
        Material("earlier_marriage_end", T("离婚证、离婚判决书（调解书）或原配偶死亡证明",
                                           "Divorce certificate, divorce judgment or the former "
                                           "spouse's death certificate"),
                 condition=T("再婚的", "If either of you remarried"),
                 show_if=when("marital_status", "remarried"),
                 source=T("民政部门、人民法院或医疗机构", "Civil affairs bureau, court or "
                          "hospital")),
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
        T("夫妻双方或一方在河南居住，户籍在现居住地以外。",
          "At least one of you lives in Henan, with the household registered elsewhere."),
        T("依法登记结婚，夫妻双方现有一个子女。",
          "You are lawfully married and have one child between you now."),
    ),
    process=(
        T("网上提交申请和材料电子件", "Apply online with electronic copies of the documents"),
        T("现居住地乡（镇、街道）受理，7 个工作日内向户籍地核实婚育情况",
          "The township or street office where you live accepts, and within 7 working days "
          "asks the place of your household registration to confirm your marriage and "
          "children"),
        T("户籍地乡（镇、街道）在 15 个工作日内反馈核实结果",
          "The township of the household registration replies within 15 working days"),
        T("现居住地县级人口计生部门审核决定", "The county office where you live decides"),
        T("发放电子证件，并通报户籍地", "The electronic certificate is issued and the place "
          "of household registration is told"),
    ),
    samples=Samples(
        valid={
            "applicant_name": "周敏", "applicant_id_number": "340822199103120023",
            "applicant_mobile": "13912345678", "applicant_role": "wife",
            "applicant_work_unit": "郑州某服装厂",
            "spouse_name": "张伟", "spouse_id_number": "371302198907150016",
            "spouse_hukou_address": "山东省临沂市兰山区银雀山街道沂蒙路 88 号",
            "spouse_work_unit": "郑州某物流公司",
            "marriage_date": "2016-10-01", "marriage_certificate_no": "J340822-2016-004512",
            "marital_status": "first",
            "hukou_province": "安徽省", "hukou_city": "安庆市", "hukou_county": "怀宁县",
            "hukou_address": "高河镇新安村三组 15 号",
            "residence_address": "郑州市管城回族区南曹乡航海东路 1号院 5 号楼 301",
            "residence_since": "2019-03-01", "has_residence_permit": "yes",
            "residence_permit_no": "4101042019012345",
            "children_count": "1", "first_child_name": "张欣怡",
            "first_child_id_number": "340822201806080048",
            "first_child_birth_certificate_no": "N340123456", "first_child_origin": "ours",
            "pregnant": "yes", "expected_due_date": "2027-04-15",
            "declaration_true": "yes", "declaration_specific": "yes",
        },
        invalid=(
            ({"applicant_role": "husband"}, "applicant_role"),
            ({"spouse_id_number": "371302198907150024"}, "spouse_id_number"),
            ({"children_count": "2"}, "children_count"),
            ({"first_child_origin": "wife_earlier"}, "first_child_origin"),
            ({"first_child_id_number": "41030519750101001X"}, "first_child_id_number"),
            ({"first_child_id_number": "340822201806080049"}, "first_child_id_number"),
            ({"residence_permit_no": ""}, "residence_permit_no"),
            ({"applicant_role": "mother"}, "applicant_role"),
            ({"expected_due_date": "2026-01-01"}, "expected_due_date"),
            ({"hukou_province": ""}, "hukou_province"),
        ),
    ),
)

CANCEL = cancel_matter(
    certificate=CERTIFICATE,
    original=T("二孩生育证原件", "The certificate (original)"),
    name=T("注销流动人口二孩生育证", "Cancel a two-child birth certificate (floating "
                                   "population)"),
    summary=T("因终止妊娠、离婚、离开现居住地等原因不再需要已发放的二孩生育证的，申请注销。",
              "Ask for a certificate issued before to be cancelled, for example after a "
              "pregnancy ended, a divorce or a move away from where you lived."),
    reasons=(
        Option("pregnancy_ended", T("终止妊娠", "The pregnancy ended")),
        Option("divorce", T("离婚", "Divorce")),
        Option("moved", T("离开现居住地", "We moved away from where we lived"),
           T("离开现居住地", "The couple moved away from where they lived")),
        Option("other", T("其他", "Other")),
    ),
    eligibility=T("持有河南省现居住地发放的流动人口二孩生育证。",
                  "You hold a certificate issued where you live in Henan."),
    process=(
        T("网上提交注销申请", "Apply online"),
        T("现居住地乡（镇、街道）受理", "The township or street office where you live accepts"),
        T("县级人口计生部门核准注销，并通报户籍地", "The county office cancels the certificate "
          "and tells the place of your household registration"),
    ),
    samples=Samples(
        valid={
            "applicant_name": "周敏", "applicant_id_number": "340822199103120023",
            "applicant_mobile": "13912345678", "certificate_no": "豫流二孩2025-000158",
            "certificate_issue_date": "2025-06-12", "reason": "moved",
            "reason_detail": "已返回户籍地安徽省怀宁县居住", "declaration_true": "yes",
            "declaration_specific": "yes",
        },
        invalid=(
            ({"certificate_no": ""}, "certificate_no"),
            ({"reason": "changed_mind"}, "reason"),
            ({"certificate_issue_date": "2027-01-01"}, "certificate_issue_date"),
            ({"declaration_specific": ""}, "declaration_specific"),
        ),
    ),
)

DEFINITION = ServiceDefinition(
    code="two-child-floating",
    group=FAMILY,
    name=T("流动人口二孩生育证", "Two-child birth certificate for the floating population"),
    summary=T("户籍在外地、在河南居住的夫妻生育第二个子女的登记服务，以及已发证件的注销。",
              "Registration of the second child of a couple who live in Henan with their "
              "household registered elsewhere, and cancellation of a certificate issued "
              "before."),
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
    keywords=("二孩", "流动人口", "生育证", "居住证", "second child", "floating", "migrant"),
    certificate=ServiceCertificate("EHS", (SPOUSE_ON_CERTIFICATE,)),
)
