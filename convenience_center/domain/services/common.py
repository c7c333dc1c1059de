"""Building blocks the service definitions share: people, addresses, certificates, checks.

Only what at least two definitions use lives here; everything particular to a service stays in
its own module.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from convenience_center.domain.errors import InvalidValue
from convenience_center.domain.identity import parse_id_number
from convenience_center.domain.services.base import (
    Answers,
    Condition,
    CrossCheck,
    CrossCheckProblem,
    Field,
    FieldKind,
    Level,
    Material,
    MaterialForm,
    Matter,
    MatterKind,
    Option,
    Prefill,
    Samples,
    Step,
    Text,
)
from convenience_center.domain.services.definition import CertificateEntry

T = Text

MARITAL_OPTIONS = (
    Option("first", T("初婚", "First marriage")),
    Option("remarried", T("再婚", "Remarried")),
)


def applicant_fields() -> tuple[Field, ...]:
    """The applicant's identity, taken from the verified account (never asked again)."""
    return (
        Field("applicant_name", FieldKind.NAME, T("申请人姓名", "Applicant's name"),
              prefill=Prefill.NAME),
        Field("applicant_id_number", FieldKind.ID_NUMBER,
              T("申请人居民身份证号码", "Applicant's resident ID number"),
              prefill=Prefill.ID_NUMBER),
        Field("applicant_mobile", FieldKind.MOBILE, T("联系电话", "Contact phone"),
              prefill=Prefill.MOBILE),
    )


@dataclass(frozen=True)
class PersonLabels:
    """The labels of the fields about one person, each a whole phrase: glued from the
    person's noun they read wrong in English ("Number of the Child's birth medical
    certificate")."""

    name: Text
    id_number: Text


@dataclass(frozen=True)
class HouseholdPersonLabels(PersonLabels):
    """A person who also gives a household address and (unless ``None``) a work unit."""

    hukou_address: Text
    work_unit: Text | None


SPOUSE = HouseholdPersonLabels(
    name=T("配偶姓名", "Spouse's full name"),
    id_number=T("配偶居民身份证号码", "Spouse's resident ID number"),
    hukou_address=T("配偶户籍地址", "Spouse's registered household (hukou) address"),
    work_unit=T("配偶工作单位", "Spouse's employer"),
)


def person_fields(prefix: str, who: HouseholdPersonLabels, *,
                  show_if: Condition | None = None) -> tuple[Field, ...]:
    """Name, ID number, household address (and work unit) of a person other than the applicant.

    Birth date and sex are not asked: they are read from the ID number.
    """
    fields = [
        Field(f"{prefix}_name", FieldKind.NAME, who.name, show_if=show_if, width="20"),
        Field(f"{prefix}_id_number", FieldKind.ID_NUMBER, who.id_number, show_if=show_if,
              width="20"),
        Field(f"{prefix}_hukou_address", FieldKind.TEXT, who.hukou_address,
              hint=T("与户口簿一致", "As in the household register"), show_if=show_if,
              max_length=120),
    ]
    if who.work_unit is not None:
        fields.append(Field(f"{prefix}_work_unit", FieldKind.TEXT, who.work_unit,
                            hint=T("无工作单位的填写“无”", "Write “none” if not employed"),
                            show_if=show_if, max_length=100))
    return tuple(fields)


def marriage_fields() -> tuple[Field, ...]:
    """Marriage registration: date, certificate number, first marriage or remarriage."""
    return (
        Field("marriage_date", FieldKind.DATE, T("结婚登记日期", "Date of marriage registration"),
              past_only=True),
        Field("marriage_certificate_no", FieldKind.CERTIFICATE_NO,
              T("结婚证字号", "Marriage certificate number"),
              hint=T("结婚证上的字号，如 J410105-2015-001234",
                     "As printed on the marriage certificate, e.g. J410105-2015-001234"),
              width="20", max_length=40),
        Field("marital_status", FieldKind.RADIO, T("婚姻状况", "Marital status"),
              options=MARITAL_OPTIONS),
    )


def declaration_step(statement: Text) -> Step:
    """The applicant's promise that the information is true (and any further undertaking)."""
    return Step(
        "declaration",
        T("承诺", "Declaration"),
        (
            Field("declaration_true", FieldKind.DECLARATION,
                  T("本人承诺所填信息和所交材料真实、完整、有效，如有虚假愿承担相应法律责任。",
                    "I declare that the information and documents I give are true, complete "
                    "and valid, and I accept the legal consequences of any false statement.")),
            Field("declaration_specific", FieldKind.DECLARATION, statement),
        ),
    )


def certificate_reference_step(certificate: Text, reasons: tuple[Option, ...]) -> Step:
    """For cancel / replace / reissue: which certificate, and why."""
    return Step(
        "certificate",
        T("证件信息", "The certificate"),
        (
            Field("certificate_no", FieldKind.CERTIFICATE_NO,
                  T(f"{certificate.zh}编号", f"Number of the {certificate.en}"),
                  hint=T("证件上印制的编号", "As printed on the certificate"), width="20",
                  max_length=40),
            Field("certificate_issue_date", FieldKind.DATE, T("发证日期", "Date of issue"),
                  past_only=True),
            Field("reason", FieldKind.RADIO, T("申请原因", "Reason"), options=reasons),
            Field("reason_detail", FieldKind.TEXTAREA, T("情况说明", "Details"),
                  hint=T("请简要说明情况", "Briefly describe what happened"),
                  required=False, max_length=500),
        ),
    )


# What the certificates keep (see ServiceCertificate): as printed, or only on record.
SPOUSE_ON_CERTIFICATE = CertificateEntry("spouse_name", T("配偶姓名", "Spouse's name"))
INSTITUTION_ON_CERTIFICATE = CertificateEntry("institution_name", T("机构名称", "Institution"))
SERVICE_ITEMS_ON_RECORD = CertificateEntry("service_items")  # the scope; not printed


CANCEL_STATEMENT = T("本人申请注销上述证件，注销后该证件作废。",
                     "I ask for the certificate above to be cancelled; it will no longer be "
                     "valid.")


def cancel_matter(*, certificate: Text, original: Text, name: Text, summary: Text,
                  reasons: tuple[Option, ...], eligibility: Text, process: tuple[Text, ...],
                  samples: Samples, extra_steps: tuple[Step, ...] = (),
                  statement: Text = CANCEL_STATEMENT) -> Matter:
    """Cancelling a certificate issued before: a short application of its own that names the
    certificate and why (filed at the township, decided at the county). ``original`` names
    the certificate handed back; ``extra_steps`` come after the certificate step."""
    return Matter(
        code="cancel",
        kind=MatterKind.CANCEL,
        name=name,
        summary=summary,
        steps=(
            Step("applicant", T("申请人", "You"), applicant_fields()),
            certificate_reference_step(certificate, reasons),
            *extra_steps,
            declaration_step(statement),
        ),
        materials=(
            Material("certificate_original", original, MaterialForm.ORIGINAL, upload=False,
                     condition=T("证件遗失的，在情况说明中注明",
                                 "If it was lost, say so in the details")),
            Material("applicant_id_card", T("申请人居民身份证", "Applicant's resident ID card"),
                     MaterialForm.BOTH),
        ),
        statutory_days=20,
        promised_days=5,
        handling_level=Level.COUNTY,
        receiving_level=Level.TOWNSHIP,
        certificate_field="certificate_no",
        eligibility=(eligibility,),
        process=process,
        samples=samples,
    )


def child_fields(prefix: str, who: PersonLabels, *, show_if: Condition | None = None
                 ) -> tuple[Field, ...]:
    """Name and ID number of a child. Birth date and sex are read from the ID number."""
    return (
        Field(f"{prefix}_name", FieldKind.NAME, who.name, show_if=show_if, width="20"),
        Field(f"{prefix}_id_number", FieldKind.ID_NUMBER, who.id_number,
              hint=T("见户口簿子女页；出生日期和性别按号码自动识别",
                     "As on the child's page of the household register; we read the date "
                     "of birth and sex from it"),
              show_if=show_if, width="20"),
    )


def birth_medical_certificate_field(name: str, label: Text, *, required: bool = True,
                                    show_if: Condition | None = None) -> Field:
    """The number of a child's birth medical certificate (出生医学证明, issued since 1996),
    under ``label`` (whose child it is)."""
    return Field(name, FieldKind.CERTIFICATE_NO, label,
                 hint=T("证明右上角的编号，一个字母加九位数字，如 P410123456",
                        "Top right of the certificate: a letter and nine digits, "
                        "e.g. P410123456"),
                 required=required, show_if=show_if, width="20", max_length=20)


def floating_residence_step() -> Step:
    """Where a floating-population applicant lives in Henan, and their residence permit."""
    return Step(
        "residence",
        T("现居住地", "Where you live"),
        (
            Field("residence_address", FieldKind.TEXT,
                  T("在河南的现居住地详细地址", "Full address where you live in Henan"),
                  staff_label=T("在河南的现居住地详细地址",
                                "Full address where the applicant lives in Henan"),
                  hint=T("写明县（市、区）、乡镇（街道）、村（社区）和门牌号",
                         "Include the county or district, township or street, village or "
                         "community and house number"), max_length=120),
            Field("residence_since", FieldKind.DATE,
                  T("在现居住地居住起始日期", "Living at this address since"), past_only=True),
            Field("has_residence_permit", FieldKind.YES_NO,
                  T("您是否已办理现居住地的居住证", "Do you have a residence permit for "
                    "where you live?"),
                  staff_label=T("申请人是否已办理现居住地的居住证", "Does the applicant have a "
                                "residence permit for where they live?"),
                  hint=T("居住满半年并登记居住的，可向公安派出所申领居住证",
                         "After six months of registered residence you can get one from the "
                         "local police station")),
            Field("residence_permit_no", FieldKind.CERTIFICATE_NO,
                  T("居住证号码", "Residence permit number"),
                  hint=T("居住证正面印制的号码", "As printed on the front of the permit"),
                  show_if=Condition("has_residence_permit", ("yes",)), width="20",
                  max_length=30),
        ),
        intro=T("生育证由现居住地县级人口计生部门办理，需核实您在本地的居住情况。",
                "The county where you live issues the certificate, so we need to know that "
                "you live there."),
    )


def hukou_location_step(*, checks: tuple[CrossCheck, ...] = ()) -> Step:
    """Where a floating-population applicant's household is registered (checked with it)."""
    return Step(
        "hukou",
        T("户籍所在地", "Where your household is registered"),
        (
            Field("hukou_province", FieldKind.TEXT, T("户籍所在省（自治区、直辖市）",
                                                     "Province or municipality"),
                  hint=T("如：安徽省", "For example: Anhui"), width="20", max_length=20),
            Field("hukou_city", FieldKind.TEXT, T("户籍所在市（地、州）", "City or prefecture"),
                  width="20", max_length=30),
            Field("hukou_county", FieldKind.TEXT, T("户籍所在县（市、区）",
                                                   "County or district"),
                  width="20", max_length=30),
            Field("hukou_address", FieldKind.TEXT,
                  T("户籍详细地址", "Registered household (hukou) address"),
                  hint=T("写明乡镇（街道）、村（社区）和门牌号，与户口簿一致",
                         "Township or street, village or community and house number, as in "
                         "the household register"), max_length=120),
        ),
        intro=T("我们将在 7 个工作日内向户籍地乡（镇、街道）核实您的婚育情况，户籍地在 15 个"
                "工作日内回复。",
                "Within 7 working days we ask the township where your household is registered "
                "to confirm your marriage and children; it replies within 15 working days."),
        checks=checks,
    )


ID_CARD_COPIES = Material(
    "id_cards", T("夫妻双方居民身份证", "Resident ID cards of both spouses"), MaterialForm.BOTH,
    source=T("公安机关", "Public security bureau"))
HUKOU_BOOK = Material(
    "hukou_book", T("户口簿", "Household register (hukou book)"), MaterialForm.BOTH,
    source=T("公安机关", "Public security bureau"))
MARRIAGE_CERTIFICATE = Material(
    "marriage_certificate", T("结婚证", "Marriage certificate"), MaterialForm.BOTH,
    source=T("民政部门", "Civil affairs bureau"))

RESIDENCE_PERMIT = Material(
    "residence_permit", T("居住证", "Residence permit"), MaterialForm.BOTH,
    condition=T("已办理居住证的", "If you have one"),
    show_if=Condition("has_residence_permit", ("yes",)),
    source=T("现居住地公安机关", "Police of the place where you live"))
RESIDENCE_PROOF = Material(
    "residence_proof", T("现居住地居住证明（房屋租赁合同、房产证明或居住登记凭证）",
                         "Proof of where the applicant lives (tenancy agreement, property "
                         "certificate or residence registration slip)"),
    condition=T("未办理居住证的", "If you have no residence permit"),
    show_if=Condition("has_residence_permit", ("no",)))


# --- cross-field checks ---------------------------------------------------------------------

def _birth(answers: Answers, field_name: str, today: date) -> date | None:
    try:
        return parse_id_number(str(answers.get(field_name) or ""), today=today).birth_date
    except InvalidValue:
        return None


def _sex(answers: Answers, field_name: str, today: date) -> str | None:
    try:
        return parse_id_number(str(answers.get(field_name) or ""), today=today).sex
    except InvalidValue:
        return None


def spouses_differ(first: str, second: str) -> CrossCheck:
    """The two spouses' ID numbers must be different people of opposite sex."""

    def check(answers: Answers, today: date) -> list[CrossCheckProblem]:
        a, b = answers.get(first), answers.get(second)
        if a and b and a == b:
            return [CrossCheckProblem(second, T("配偶的身份证号码不能与申请人相同",
                                         "The spouse's ID number cannot be the applicant's"))]
        if a and b and _sex(answers, first, today) == _sex(answers, second, today):
            return [CrossCheckProblem(second, T("依据身份证号码，夫妻双方性别相同，请核对",
                                         "By the ID numbers both spouses have the same sex; "
                                         "please check them"))]
        return []

    return check


def role_matches_sex(role_field: str = "applicant_role",
                     id_field: str = "applicant_id_number") -> CrossCheck:
    """The applicant's answer "wife" / "husband" must agree with the sex their own ID number
    records (the 17th digit: odd for men, even for women)."""

    def check(answers: Answers, today: date) -> list[CrossCheckProblem]:
        role, sex = answers.get(role_field), _sex(answers, id_field, today)
        if role == "wife" and sex == "M":
            return [CrossCheckProblem(role_field, T(
                "依据您的身份证号码，您为男性，应选择“男方”",
                "Your ID number records you as a man: choose “Husband”"))]
        if role == "husband" and sex == "F":
            return [CrossCheckProblem(role_field, T(
                "依据您的身份证号码，您为女性，应选择“女方”",
                "Your ID number records you as a woman: choose “Wife”"))]
        return []

    return check


def younger_than(child_id_field: str, parent_id_fields: tuple[str, ...], message: Text
                 ) -> CrossCheck:
    """The child of ``child_id_field`` must be born after each parent (by the ID numbers)."""

    def check(answers: Answers, today: date) -> list[CrossCheckProblem]:
        child = _birth(answers, child_id_field, today)
        parents = [_birth(answers, f, today) for f in parent_id_fields]
        if child and any(p and child <= p for p in parents):
            return [CrossCheckProblem(child_id_field, message)]
        return []

    return check


def child_after_its_parents(child_id_field: str, origin_field: str) -> CrossCheck:
    """The child of ``child_id_field`` is born after its parents by the ID numbers: after both
    of the couple, or after the wife or the husband alone when ``origin_field`` says it is that
    one's child from an earlier marriage."""

    def check(answers: Answers, today: date) -> list[CrossCheckProblem]:
        wife, husband = (("applicant_id_number", "spouse_id_number")
                         if answers.get("applicant_role") == "wife"
                         else ("spouse_id_number", "applicant_id_number"))
        parents = {"wife_earlier": (wife,), "husband_earlier": (husband,)}.get(
            str(answers.get(origin_field)), (wife, husband))
        return younger_than(child_id_field, parents, T(
            "依据身份证号码，子女出生日期早于其父母，请核对",
            "By the ID numbers the child was born before their parent; please check"))(
            answers, today)

    return check


def count_is(field_name: str, expected: int, message: Text) -> CrossCheck:
    """The number in ``field_name`` must be ``expected`` (checked only when it is given)."""

    def check(answers: Answers, today: date) -> list[CrossCheckProblem]:
        value = str(answers.get(field_name) or "").strip()
        if value and value != str(expected):
            return [CrossCheckProblem(field_name, message)]
        return []

    return check


# --- technical service institutions and personnel -------------------------------------------
# (institution-establishment, institution-practice-license, personnel-certificate)

SERVICE_ITEM_OPTIONS = (
    Option("contraception_exam", T("避孕和节育的医学检查",
                                   "Medical examinations for contraception and birth control")),
    Option("complications", T("计划生育手术并发症和药具不良反应的诊断、治疗",
                              "Diagnosis and treatment of complications of family-planning "
                              "operations and of adverse reactions to contraceptives")),
    Option("iud", T("放置、取出宫内节育器", "Insertion and removal of intrauterine devices")),
    Option("implant", T("放置、取出皮下埋植避孕剂",
                        "Insertion and removal of contraceptive implants")),
    Option("tubal_ligation", T("输卵管结扎术", "Tubal ligation")),
    Option("vasectomy", T("输精管结扎术", "Vasectomy")),
    Option("abortion", T("早期人工流产术", "Early induced abortion")),
    Option("reversal", T("输卵管、输精管复通术", "Reversal of tubal ligation or vasectomy")),
    Option("guidance", T("计划生育技术指导、咨询", "Family-planning technical guidance and "
                         "counselling")),
    Option("preconception", T("孕前优生健康检查", "Pre-conception health examinations")),
    Option("infertility", T("不孕不育症的诊断、治疗",
                            "Diagnosis and treatment of infertility")),
)
INSTITUTION_LEVEL_OPTIONS = (
    Option("township", T("乡（镇、街道）级", "Township or street")),
    Option("county", T("县（市、区）级", "County, county-level city or district")),
    Option("city", T("设区的市级", "Prefecture-level city")),
    Option("province", T("省级", "Province")),
)


def institution_fields() -> tuple[Field, ...]:
    """Who a technical service institution is: name, USCC, address, legal representative and
    the person to contact about the application."""
    return (
        Field("institution_name", FieldKind.TEXT, T("机构名称", "Name of the institution"),
              hint=T("与登记证书一致", "As on its registration certificate"), max_length=80),
        Field("institution_uscc", FieldKind.USCC,
              T("统一社会信用代码", "Unified Social Credit Code"),
              hint=T("营业执照或事业单位法人证书上的 18 位代码",
                     "The 18-character code on the business licence or the public "
                     "institution certificate"), width="20"),
        Field("institution_address", FieldKind.TEXT, T("机构地址", "Address of the institution"),
              hint=T("详细到门牌号", "Including the street number"), max_length=120),
        Field("legal_rep_name", FieldKind.NAME,
              T("法定代表人（负责人）姓名", "Legal representative (head)"), width="20"),
        Field("legal_rep_id_number", FieldKind.ID_NUMBER,
              T("法定代表人居民身份证号码", "Legal representative's resident ID number"),
              width="20"),
        Field("contact_name", FieldKind.NAME, T("联系人", "Contact person"), width="20"),
        Field("contact_phone", FieldKind.PHONE, T("联系电话", "Contact phone"),
              hint=T("手机或固定电话，固定电话请加区号，如 0371-62345678",
                     "Mobile or landline; a landline with its area code, e.g. 0371-62345678"),
              width="20"),
    )


def institution_level_field() -> Field:
    """The institution's level, which decides who approves (city or province)."""
    return Field("institution_level", FieldKind.RADIO, T("机构级别", "Level of the institution"),
                 hint=T("乡级、县级机构由设区的市审批；设区的市级及以上机构由省级审批",
                        "Township and county institutions are approved by the city; city and "
                        "provincial institutions by the province"),
                 options=INSTITUTION_LEVEL_OPTIONS)


def staff_fields() -> tuple[Field, ...]:
    """Number of staff and of qualified technical staff (check with ``QUALIFIED_WITHIN_STAFF``)."""
    return (
        Field("staff_total", FieldKind.INTEGER, T("在岗人员总数", "Number of staff"),
              min_value=1, max_value=10000, width="10"),
        Field("staff_qualified", FieldKind.INTEGER,
              T("其中取得合格证的技术人员数", "Of whom technical staff holding a certificate"),
              hint=T("持有计划生育技术服务人员合格证的人数",
                     "Holders of the family-planning technical service personnel certificate"),
              min_value=1, max_value=10000, width="10"),
    )


def not_more_than(smaller: str, larger: str, message: Text) -> CrossCheck:
    """The whole number in ``smaller`` must not exceed the one in ``larger`` (checked only
    when both are given)."""

    def check(answers: Answers, today: date) -> list[CrossCheckProblem]:
        try:
            low, high = int(str(answers.get(smaller))), int(str(answers.get(larger)))
        except ValueError:
            return []
        return [CrossCheckProblem(smaller, message)] if low > high else []

    return check


QUALIFIED_WITHIN_STAFF = not_more_than(
    "staff_qualified", "staff_total",
    T("取得合格证的技术人员数不能多于在岗人员总数",
      "The number of qualified technical staff cannot exceed the number of staff"))

LEGAL_REP_ID_CARD = Material(
    "legal_rep_id_card", T("法定代表人（负责人）居民身份证",
                           "Resident ID card of the legal representative (head)"),
    MaterialForm.COPY, source=T("公安机关", "Public security bureau"))
PREMISES_PROOF = Material(
    "premises_proof", T("业务用房产权证明或租赁合同", "Proof of the premises: property "
                        "certificate or lease agreement"),
    MaterialForm.BOTH, source=T("不动产登记机构或出租方", "Real estate registry or landlord"))
INTERNAL_RULES = Material(
    "internal_rules", T("机构章程和内部管理规章制度",
                        "Articles and internal rules of the institution"))
STAFF_LIST = Material(
    "staff_list", T("技术人员名单及资格证书（执业证书、合格证）",
                    "List of technical staff with their qualification certificates "
                    "(practising certificates, personnel certificates)"))
EQUIPMENT_LIST = Material(
    "equipment_list", T("主要仪器设备清单", "List of the main equipment"))
