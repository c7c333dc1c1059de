"""独生子女父母光荣证: certificate of honour for parents of only children.

Parents who have one child (born or adopted by the end of 2015, when the one-child policy
ended) and promise not to have another receive the certificate, which entitles them to the
only-child rewards. The couple applies to the township or street office of their household
registration, with the form stamped by the work unit or the village or residents' committee;
the county office decides. Also: replacing a certificate whose details changed (换领),
reissuing a lost or damaged one (补办) and cancelling one (注销).
"""

from __future__ import annotations

from datetime import date

from convenience_center.domain.errors import InvalidValue
from convenience_center.domain.identity import parse_id_number
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
    SPOUSE,
    SPOUSE_ON_CERTIFICATE,
    PersonLabels,
    applicant_fields,
    birth_medical_certificate_field,
    cancel_matter,
    certificate_reference_step,
    child_after_its_parents,
    child_fields,
    count_is,
    declaration_step,
    marriage_fields,
    person_fields,
    role_matches_sex,
    spouses_differ,
)
from convenience_center.domain.services.definition import (
    CertificateEntry,
    ServiceCertificate,
    ServiceDefinition,
)
from convenience_center.domain.services.groups import FAMILY

T = Text
CERTIFICATE = T("独生子女父母光荣证", "certificate of honour")
CHILD_ON_CERTIFICATE = CertificateEntry("child_name", T("子女姓名", "Child's name"))
POLICY_END = date(2015, 12, 31)  # the universal two-child policy took effect on 2016-01-01
CHILD = PersonLabels(T("子女姓名", "Child's full name"),
                     T("子女居民身份证号码", "Child's resident ID number"))
ROLE_OPTIONS = (Option("wife", T("女方", "Wife")), Option("husband", T("男方", "Husband")))
EARLIER = ("wife_earlier", "husband_earlier")
FAMILY_PHOTO = Material(
    "family_photo", T("近期二寸家庭合影照片", "Recent 2-inch family photograph"),
    MaterialForm.ORIGINAL, copies=2)
APPLICANT = {"applicant_name": "陈志强", "applicant_id_number": "410322198501010010",
             "applicant_mobile": "13703791234"}


def _child_birth(answers: Answers, today: date) -> date | None:
    try:
        return parse_id_number(str(answers.get("child_id_number") or ""), today=today).birth_date
    except InvalidValue:
        return None


def _child_checks(answers: Answers, today: date) -> list[CrossCheckProblem]:
    """Born by the end of 2015, after the parent(s), and before any adoption."""
    birth = _child_birth(answers, today)
    if birth and birth > POLICY_END:
        return [CrossCheckProblem("child_id_number", T(
            "光荣证适用于 2015 年 12 月 31 日（含）以前出生的独生子女",
            "The certificate is for only children born on or before 31 December 2015"))]
    adopted_on = answers.get("adoption_date")
    if birth and adopted_on and answers.get("adopted") == "yes" and \
            date.fromisoformat(str(adopted_on)) < birth:
        return [CrossCheckProblem("adoption_date", T("收养登记日期不能早于子女出生日期",
                                              "The adoption cannot be before the child's "
                                              "birth"))]
    return child_after_its_parents("child_id_number", "child_origin")(answers, today)


APPLY = Matter(
    code="apply",
    kind=MatterKind.APPLY,
    name=T("申领独生子女父母光荣证", "Apply for a certificate of honour"),
    summary=T("只有一个子女并自愿不再生育的夫妻，申领独生子女父母光荣证。",
              "For a couple with one child who promise not to have another, applying for the "
              "certificate of honour for parents of only children."),
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
        Step("remarriage", T("再婚情况", "Remarriage"), (
            Field("child_origin", FieldKind.RADIO, T("您的独生子女是", "Your only child is"),
                  staff_label=T("申请人的独生子女是", "The applicant's only child is"),
                  options=(
                      Option("ours", T("本次婚姻所生或共同收养", "Born to or adopted by the two "
                                       "of you"),
                             T("本次婚姻所生或共同收养", "Born to or adopted by the couple")),
                      Option("wife_earlier", T("女方前次婚姻的子女",
                                               "The wife's child from an earlier marriage")),
                      Option("husband_earlier", T("男方前次婚姻的子女",
                                                  "The husband's child from an earlier "
                                                  "marriage")),
                  )),
            Field("earlier_marriage_end", FieldKind.RADIO, T("前次婚姻因何终止",
                                                             "How did the earlier marriage end?"),
                  options=(Option("divorce", T("离婚", "Divorce")),
                           Option("death", T("配偶死亡", "The spouse died"))),
                  show_if=when("child_origin", *EARLIER)),
            Field("former_spouse_name", FieldKind.NAME,
                  T("子女另一方生父（母）姓名", "Full name of the child's other parent"),
                  show_if=when("child_origin", *EARLIER), width="20"),
            Field("former_spouse_has_certificate", FieldKind.YES_NO,
                  T("子女另一方生父（母）是否已领取光荣证",
                    "Has the child's other parent already received a certificate of honour "
                    "for this child?"),
                  show_if=when("child_origin", *EARLIER)),
        ), intro=T("再婚夫妻只有一个子女（含一方前次婚姻的子女）且不再生育的，可以申领。",
                   "A remarried couple can apply if, counting children from earlier "
                   "marriages, they have one child and will not have another."),
             show_if=when("marital_status", "remarried")),
        Step("child", T("独生子女", "Your only child"), (
            *child_fields("child", CHILD),
            Field("adopted", FieldKind.YES_NO, T("子女是否为依法收养", "Is the child adopted?")),
            birth_medical_certificate_field(
                "child_birth_certificate_no",
                T("子女出生医学证明编号", "Number of the child's birth medical certificate"),
                show_if=when("adopted", "no")),
            Field("adoption_certificate_no", FieldKind.CERTIFICATE_NO,
                  T("收养登记证编号", "Adoption registration certificate number"),
                  hint=T("民政部门颁发的收养登记证上的编号", "As on the certificate from the "
                         "civil affairs bureau"),
                  show_if=when("adopted", "yes"), width="20", max_length=40),
            Field("adoption_date", FieldKind.DATE, T("收养登记日期", "Date of adoption "
                                                     "registration"),
                  show_if=when("adopted", "yes"), past_only=True),
            Field("other_children_count", FieldKind.INTEGER,
                  T("除该子女外，夫妻双方其他子女数", "How many other children do the two of "
                    "you have?"),
                  staff_label=T("除该子女外，夫妻双方其他子女数",
                                "Other children of the couple"),
                  hint=T("包括双方与前配偶所生及收养的子女；应为 0", "Including children from "
                         "earlier marriages and adopted children; it must be 0"),
                  min_value=0, max_value=20, width="10"),
        ), checks=(
            count_is("other_children_count", 0, T(
                "光荣证只发给只有一个子女的夫妻", "The certificate is only for couples with "
                "one child")),
            _child_checks,
        )),
        Step("endorsement", T("单位或村（居）委会盖章", "Stamp of your employer or committee"), (
            Field("stamping_unit_type", FieldKind.RADIO,
                  T("在申请表上盖章的单位", "Who stamps your application form"),
                  staff_label=T("在申请表上盖章的单位", "Who stamps the application form"),
                  options=(
                      Option("work_unit", T("工作单位", "Your employer"),
                             T("工作单位", "The applicant's employer")),
                      Option("village", T("村民委员会", "Village committee")),
                      Option("residents", T("居民委员会（社区）", "Residents' committee")),
                  )),
            Field("stamping_unit_name", FieldKind.TEXT, T("盖章单位名称", "Its name"),
                  max_length=100),
        ), intro=T("请从办事指南下载申请表，由工作单位或户籍地村（居）委会核实盖章，随其他材料一并"
                   "上传。",
                   "Download the application form from the service guide, have it checked "
                   "and stamped by your employer or your village or residents' committee, "
                   "and upload it with your other documents."), offers_form=True),
        declaration_step(T("我们夫妻自愿终身只生育（收养）一个子女，不再生育或收养子女。",
                           "We promise to have or adopt only this one child for life.")),
    ),
    materials=(
        ID_CARD_COPIES,
        MARRIAGE_CERTIFICATE,
        HUKOU_BOOK,
        Material("child_birth_certificate", T("子女出生医学证明", "The child's birth medical "
                                              "certificate"), MaterialForm.BOTH,
                 condition=T("亲生子女", "For a child born to you"),
                 show_if=when("adopted", "no"),
                 source=T("助产医疗机构", "The hospital of birth")),
        Material("adoption_certificate", T("收养登记证", "Adoption registration certificate"),
                 MaterialForm.BOTH, condition=T("收养子女的", "For an adopted child"),
                 show_if=when("adopted", "yes"), source=T("民政部门", "Civil affairs bureau")),
        Material("earlier_marriage_end", T("离婚证、离婚判决书（调解书）或原配偶死亡证明",
                                           "Divorce certificate, divorce judgment or the former "
                                           "spouse's death certificate"),
                 condition=T("再婚的", "If either of you remarried"),
                 show_if=when("marital_status", "remarried")),
        FAMILY_PHOTO,
        Material("stamped_form", T("经工作单位或村（居）委会盖章的申请表",
                                   "Application form stamped by the employer or the village "
                                   "or residents' committee"), MaterialForm.ORIGINAL),
    ),
    statutory_days=20,
    promised_days=10,
    handling_level=Level.COUNTY,
    receiving_level=Level.TOWNSHIP,
    eligibility=(
        T("夫妻只有一个子女（亲生或依法收养），子女于 2015 年 12 月 31 日（含）以前出生。",
          "You have one child, born or lawfully adopted, born on or before 31 December 2015."),
        T("夫妻双方自愿不再生育或收养子女。", "You both promise not to have or adopt another "
          "child."),
        T("夫妻一方户籍在河南。", "At least one of you is registered in Henan."),
    ),
    process=(
        T("网上提交申请和材料电子件", "Apply online with electronic copies of the documents"),
        T("户籍地乡（镇、街道）受理并核实", "The township or street office of your household "
          "registration accepts and checks"),
        T("县级人口计生部门审核决定", "The county office reviews and decides"),
        T("发放光荣证（含电子证件）", "The certificate is issued, also electronically"),
    ),
    samples=Samples(
        valid={
            **APPLICANT, "applicant_role": "husband",
            "applicant_hukou_address": "洛阳市涧西区南昌路 15 号",
            "applicant_work_unit": "洛阳某轴承厂",
            "spouse_name": "刘芳", "spouse_id_number": "410305198703030048",
            "spouse_hukou_address": "洛阳市涧西区南昌路 15 号", "spouse_work_unit": "无",
            "marriage_date": "2010-05-20", "marriage_certificate_no": "J410305-2010-000876",
            "marital_status": "first",
            "child_name": "陈思雨", "child_id_number": "410305201101200024", "adopted": "no",
            "child_birth_certificate_no": "K410567890", "other_children_count": "0",
            "stamping_unit_type": "work_unit", "stamping_unit_name": "洛阳某轴承厂",
            "declaration_true": "yes", "declaration_specific": "yes",
        },
        invalid=(
            ({"applicant_role": "wife"}, "applicant_role"),
            ({"child_id_number": "410305201701200028"}, "child_id_number"),
            ({"child_id_number": "41030519750101001X"}, "child_id_number"),
            ({"adopted": "yes"}, "adoption_certificate_no"),
            ({"adopted": "yes", "adoption_certificate_no": "洛收登字2010第0123号",
              "adoption_date": "2010-01-01"}, "adoption_date"),
            ({"other_children_count": "1"}, "other_children_count"),
            ({"marital_status": "remarried"}, "child_origin"),
            ({"marital_status": "remarried", "child_origin": "wife_earlier"},
             "earlier_marriage_end"),
            ({"spouse_id_number": "410305200808080033"}, "spouse_id_number"),
            ({"stamping_unit_type": "company"}, "stamping_unit_type"),
            ({"declaration_specific": ""}, "declaration_specific"),
        ),
    ),
)

REPLACE = Matter(
    code="replace",
    kind=MatterKind.REPLACE,
    name=T("换领独生子女父母光荣证", "Exchange a certificate of honour after a change of "
                                   "details"),
    summary=T("证件登记信息发生变化（如姓名变更、户籍迁移）的，交回原证换领新证。",
              "If details on your certificate changed, for example a name or the household "
              "address, hand in the old one and get a new one."),
    steps=(
        Step("applicant", T("申请人", "You"), applicant_fields()),
        certificate_reference_step(CERTIFICATE, (
            Option("info_changed", T("登记信息变更", "Details have changed")),
            Option("moved", T("户籍迁移", "Our household moved"),
                   T("户籍迁移", "The household moved")),
            Option("other", T("其他", "Other")),
        )),
        Step("changes", T("变更内容", "What has changed"), (
            Field("changed_items", FieldKind.CHECKBOXES, T("变更事项", "What has changed?"),
                  hint=T("可多选", "Choose all that apply"), options=(
                      Option("applicant_name", T("本人姓名", "Your name"),
                             T("申请人姓名", "The applicant's name")),
                      Option("spouse_name", T("配偶姓名", "Your spouse's name"),
                             T("配偶姓名", "The spouse's name")),
                      Option("child_name", T("子女姓名", "Your child's name"),
                             T("子女姓名", "The child's name")),
                      Option("child_id_number", T("子女身份证号码", "Your child's ID number"),
                             T("子女身份证号码", "The child's ID number")),
                      Option("hukou_address", T("户籍地址", "Household address")),
                      Option("other", T("其他", "Something else")),
                  )),
            Field("new_spouse_name", FieldKind.NAME, T("配偶现用姓名", "Your spouse's name now"),
                  staff_label=T("配偶现用姓名", "The spouse's name now"),
                  show_if=when("changed_items", "spouse_name"), width="20"),
            Field("new_child_name", FieldKind.NAME, T("子女现用姓名", "Your child's name now"),
                  staff_label=T("子女现用姓名", "The child's name now"),
                  show_if=when("changed_items", "child_name"), width="20"),
            Field("new_child_id_number", FieldKind.ID_NUMBER,
                  T("子女现居民身份证号码", "Your child's ID number now"),
                  staff_label=T("子女现居民身份证号码", "The child's ID number now"),
                  show_if=when("changed_items", "child_id_number"), width="20"),
            Field("new_hukou_address", FieldKind.TEXT, T("现户籍地址", "Household address now"),
                  show_if=when("changed_items", "hukou_address"), max_length=120),
            Field("other_change", FieldKind.TEXTAREA, T("其他变更内容", "What else has changed"),
                  show_if=when("changed_items", "other"), max_length=500),
        ), intro=T("本人姓名以实名账户为准；账户姓名未更新的，请先办理账户实名信息变更。",
                   "Your own name is taken from your verified account; if it is out of date, "
                   "update your account first.")),
        declaration_step(T("本人申请换领新证，原证件交回作废。",
                           "I ask for a new certificate and hand in the old one, which will no "
                           "longer be valid.")),
    ),
    materials=(
        Material("certificate_original", T("原光荣证", "The current certificate"),
                 MaterialForm.ORIGINAL, upload=False),
        ID_CARD_COPIES,
        Material("change_proof", T("公安机关出具的变更证明或已变更的户口簿",
                                   "Proof of the change from the police, or the updated "
                                   "household register"), MaterialForm.BOTH,
                 source=T("公安机关", "Public security bureau")),
        FAMILY_PHOTO,
    ),
    statutory_days=20,
    promised_days=5,
    handling_level=Level.COUNTY,
    receiving_level=Level.TOWNSHIP,
    certificate_field="certificate_no",
    eligibility=(T("持有本省发放的独生子女父母光荣证，且证件登记信息发生变化。",
                   "You hold a certificate issued in Henan and its details have changed."),),
    process=(
        T("网上提交换领申请", "Apply online"),
        T("乡（镇、街道）受理并核实变更情况", "The township or street office accepts and checks "
          "the change"),
        T("县级人口计生部门核发新证，原证作废", "The county office issues a new certificate; "
          "the old one is no longer valid"),
    ),
    samples=Samples(
        valid={
            **APPLICANT, "certificate_no": "豫光荣2012-004321",
            "certificate_issue_date": "2012-03-15", "reason": "info_changed",
            "reason_detail": "", "changed_items": ["child_name"], "new_child_name": "陈思源",
            "declaration_true": "yes", "declaration_specific": "yes",
        },
        invalid=(
            ({"changed_items": []}, "changed_items"),
            ({"changed_items": ["spouse_name"]}, "new_spouse_name"),
            ({"changed_items": ["photo"]}, "changed_items"),
            ({"changed_items": ["child_id_number"],
              "new_child_id_number": "410305201101200025"}, "new_child_id_number"),
            ({"certificate_no": ""}, "certificate_no"),
        ),
    ),
)

REISSUE = Matter(
    code="reissue",
    kind=MatterKind.REISSUE,
    name=T("补办独生子女父母光荣证", "Reissue a lost or damaged certificate of honour"),
    summary=T("光荣证遗失或严重损坏的，申请补发。",
              "If your certificate was lost or badly damaged, apply for a new one."),
    steps=(
        Step("applicant", T("申请人", "You"), applicant_fields()),
        certificate_reference_step(CERTIFICATE, (
            Option("lost", T("遗失", "Lost")),
            Option("damaged", T("损坏", "Damaged")),
        )),
        Step("loss", T("遗失情况", "The loss"), (
            Field("lost_on", FieldKind.DATE, T("大约何时遗失", "Roughly when was it lost?"),
                  hint=T("记不清具体日期的，填写大致日期", "An approximate date is fine"),
                  past_only=True),
        ), show_if=when("reason", "lost")),
        Step("family", T("家庭信息", "Your family"), (
            Field("spouse_name", FieldKind.NAME, T("配偶姓名", "Your spouse's full name"),
                  staff_label=T("配偶姓名", "The spouse's full name"),
                  width="20"),
            Field("spouse_id_number", FieldKind.ID_NUMBER,
                  T("配偶居民身份证号码", "Your spouse's resident ID number"), width="20",
                  staff_label=T("配偶居民身份证号码", "The spouse's resident ID number")),
            *child_fields("child", CHILD),
        ), intro=T("用于核对发证记录。", "We use this to find the certificate in our records."),
             checks=(spouses_differ("applicant_id_number", "spouse_id_number"),)),
        declaration_step(T("如找到原证件，本人将交回发证机关作废。",
                           "If I find the old certificate, I will hand it in so that it can be "
                           "cancelled.")),
    ),
    materials=(
        Material("damaged_certificate", T("损坏的原证件", "The damaged certificate"),
                 MaterialForm.ORIGINAL, upload=False,
                 condition=T("原证件损坏的", "If the certificate is damaged"),
                 show_if=when("reason", "damaged")),
        ID_CARD_COPIES,
        FAMILY_PHOTO,
    ),
    statutory_days=20,
    promised_days=5,
    handling_level=Level.COUNTY,
    receiving_level=Level.TOWNSHIP,
    certificate_field="certificate_no",
    eligibility=(T("本省发放的独生子女父母光荣证遗失或损坏。",
                   "Your certificate issued in Henan was lost or damaged."),),
    process=(
        T("网上提交补办申请", "Apply online"),
        T("乡（镇、街道）受理并核对发证记录", "The township or street office accepts and checks "
          "the records"),
        T("县级人口计生部门补发证件，原证作废", "The county office issues a new certificate; "
          "the old one is no longer valid"),
    ),
    samples=Samples(
        valid={
            **APPLICANT, "certificate_no": "豫光荣2012-004321",
            "certificate_issue_date": "2012-03-15", "reason": "lost",
            "reason_detail": "搬家时遗失", "lost_on": "2026-08-01",
            "spouse_name": "刘芳", "spouse_id_number": "410305198703030048",
            "child_name": "陈思雨", "child_id_number": "410305201101200024",
            "declaration_true": "yes", "declaration_specific": "yes",
        },
        invalid=(
            ({"reason": "stolen"}, "reason"),
            ({"lost_on": ""}, "lost_on"),
            ({"lost_on": "2027-02-01"}, "lost_on"),
            ({"child_id_number": "410305201101200025"}, "child_id_number"),
            ({"spouse_id_number": "410322198501010010"}, "spouse_id_number"),
        ),
    ),
)

CANCEL = cancel_matter(
    certificate=CERTIFICATE,
    original=T("光荣证原件", "The certificate (original)"),
    name=T("注销独生子女父母光荣证", "Cancel a certificate of honour"),
    summary=T("领证后再生育或收养子女等，不再符合条件的，申请注销；注销后停止享受独生子女父母"
              "奖励。",
              "If you no longer qualify, for example because you had or adopted another "
              "child, ask for the certificate to be cancelled; the only-child rewards stop."),
    reasons=(
        Option("another_child", T("再生育子女", "We had another child"),
               T("再生育子女", "The couple had another child")),
        Option("adopted_another", T("再收养子女", "We adopted another child"),
               T("再收养子女", "The couple adopted another child")),
        Option("other", T("其他", "Other")),
    ),
    extra_steps=(
        Step("event", T("变化情况", "What happened"), (
            Field("event_date", FieldKind.DATE,
                  T("再生育或收养的日期", "When was the other child born or adopted?"),
                  past_only=True),
        ), show_if=when("reason", "another_child", "adopted_another")),
    ),
    statement=T("本人申请注销上述证件，注销后该证件作废，不再享受相应奖励。",
                "I ask for the certificate above to be cancelled; it will no longer be valid "
                "and the rewards it brings will stop."),
    eligibility=T("持有本省发放的独生子女父母光荣证。", "You hold a certificate issued in Henan."),
    process=(
        T("网上提交注销申请", "Apply online"),
        T("乡（镇、街道）受理", "The township or street office accepts"),
        T("县级人口计生部门核准注销，停发相应奖励", "The county office cancels the certificate "
          "and stops the rewards"),
    ),
    samples=Samples(
        valid={
            **APPLICANT, "certificate_no": "豫光荣2012-004321",
            "certificate_issue_date": "2012-03-15", "reason": "another_child",
            "reason_detail": "", "event_date": "2025-03-10",
            "declaration_true": "yes", "declaration_specific": "yes",
        },
        invalid=(
            ({"event_date": ""}, "event_date"),
            ({"event_date": "2027-01-01"}, "event_date"),
            ({"reason": "divorce"}, "reason"),
            ({"declaration_specific": ""}, "declaration_specific"),
        ),
    ),
)

DEFINITION = ServiceDefinition(
    code="honor-certificate",
    group=FAMILY,
    name=T("独生子女父母光荣证", "Certificate of honour for parents of only children"),
    summary=T("独生子女父母光荣证的申领、换领、补办和注销。",
              "Apply for, exchange, reissue or cancel the certificate of honour for "
              "parents of only children."),
    service_type=T("行政确认", "Administrative confirmation"),
    legal_basis=(
        T("《中华人民共和国人口与计划生育法》第二十七条", "Population and Family Planning Law "
          "of the People's Republic of China, Article 27"),
        T("《河南省人口与计划生育条例》", "Regulations of Henan Province on Population and "
          "Family Planning"),
    ),
    matters=(APPLY, REPLACE, REISSUE, CANCEL),
    handling_office=T("夫妻一方户籍所在地县级人口和计划生育行政部门",
                      "The population and family planning department of the county where "
                      "either of you is registered"),
    keywords=("光荣证", "独生子女", "奖励", "honour", "only child", "one child"),
    certificate=ServiceCertificate("RYZ", (CHILD_ON_CERTIFICATE, SPOUSE_ON_CERTIFICATE)),
)
