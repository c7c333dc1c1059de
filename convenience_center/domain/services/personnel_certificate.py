"""计划生育技术服务人员合格证: certificate of family-planning technical service personnel.

Doctors, nurses and technicians who provide family-planning technical services need this
certificate for the service items they practise. They apply after passing the knowledge exam
and the skills assessment organised by the prefecture-level city; the county department where
they work receives and reviews the application, and the city department issues the certificate
and verifies it every cycle (continuing education, assessment, conduct).
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
    SERVICE_ITEM_OPTIONS,
    SERVICE_ITEMS_ON_RECORD,
    applicant_fields,
    declaration_step,
)
from convenience_center.domain.services.definition import ServiceCertificate, ServiceDefinition
from convenience_center.domain.services.groups import PERSONNEL

T = Text
PASS_MARK = 60
EARLIEST_WORKING_AGE = 16
EDUCATION_OPTIONS = (
    Option("secondary", T("中专", "Secondary vocational school")),
    Option("college", T("大专", "Junior college")),
    Option("bachelor", T("大学本科", "Bachelor's degree")),
    Option("master", T("硕士研究生", "Master's degree")),
    Option("doctorate", T("博士研究生", "Doctorate")),
)
TITLE_OPTIONS = (
    Option("none", T("无", "None")),
    Option("assistant", T("士级（医士、护士、技士）", "Assistant (assistant doctor, nurse or "
                         "technician)")),
    Option("junior", T("师级（医师、护师、技师）", "Junior (doctor, senior nurse or "
                      "technologist)")),
    Option("intermediate", T("中级（主治医师、主管护师、主管技师）",
                             "Intermediate (attending doctor, nurse-in-charge, technologist-"
                             "in-charge)")),
    Option("associate_senior", T("副高级（副主任医师、副主任护师）",
                                 "Associate senior (associate chief doctor or nurse)")),
    Option("senior", T("正高级（主任医师、主任护师）", "Senior (chief doctor or nurse)")),
)
RESULT_OPTIONS = (Option("pass", T("合格", "Passed")), Option("fail", T("不合格", "Failed")))
DEPARTMENT_ZH = "设区的市人口和计划生育行政部门"


def _employer_fields() -> tuple[Field, ...]:
    return (
        Field("employer_name", FieldKind.TEXT,
              T("执业机构名称", "Institution you work for"),
              staff_label=T("执业机构名称", "Institution the applicant works for"),
              hint=T("持有计划生育技术服务执业许可证或医疗机构执业许可证的机构",
                     "An institution holding a family-planning practice licence or a medical "
                     "institution licence"), max_length=80),
        Field("employer_uscc", FieldKind.USCC,
              T("执业机构统一社会信用代码", "Its Unified Social Credit Code"), width="20"),
    )


def _years_within_age(answers: Answers, today: date) -> list[CrossCheckProblem]:
    try:
        birth = parse_id_number(str(answers.get("applicant_id_number") or ""),
                                today=today).birth_date
        years = int(str(answers.get("years_of_practice")))
    except (InvalidValue, ValueError):
        return []
    age = today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))
    if years > age - EARLIEST_WORKING_AGE:
        return [CrossCheckProblem("years_of_practice", T("从业年限与您的年龄不符，请核对",
                                                  "The years of practice do not fit your "
                                                  "age; please check them"))]
    return []


def _passed(answers: Answers, today: date) -> list[CrossCheckProblem]:
    errors = []
    score = answers.get("knowledge_score")
    if score not in (None, "") and int(str(score)) < PASS_MARK:
        errors.append(CrossCheckProblem("knowledge_score", T(
            f"理论考试成绩达到 {PASS_MARK} 分方可申请；请参加补考后再申请",
            f"You can apply with an exam score of {PASS_MARK} or more; please retake the exam "
            "first")))
    if answers.get("skills_result") == "fail":
        errors.append(CrossCheckProblem("skills_result", T(
            "技能考核合格方可申请；请参加补考后再申请",
            "You can apply once you have passed the skills assessment; please retake it "
            "first")))
    return errors


def _assessment_passed(answers: Answers, today: date) -> list[CrossCheckProblem]:
    if answers.get("assessment_result") == "fail":
        return [CrossCheckProblem("assessment_result", T(
            "周期考核不合格的，须经培训并重新考核合格后申请校验",
            "After a failed assessment you need training and a new assessment before the "
            "certificate can be verified"))]
    return []


APPLY = Matter(
    code="apply",
    kind=MatterKind.APPLY,
    name=T("申请计划生育技术服务人员合格证", "Apply for a technical service personnel "
           "certificate"),
    summary=T("通过理论考试和技能考核的技术人员，申请开展相应计划生育技术服务项目的合格证。",
              "A health professional who has passed the exam and the skills assessment applies "
              "for the certificate for the services they will provide."),
    steps=(
        Step("applicant", T("申请人", "You"), applicant_fields()),
        Step("qualification", T("学历和资格", "Education and qualifications"), (
            Field("education", FieldKind.SELECT, T("最高学历", "Highest education"),
                  options=EDUCATION_OPTIONS),
            Field("specialty", FieldKind.TEXT, T("所学专业", "Field of study"),
                  hint=T("如 临床医学、护理学、医学检验", "E.g. clinical medicine, nursing, "
                         "medical laboratory science"), max_length=40),
            Field("professional_title", FieldKind.SELECT, T("专业技术职称",
                                                            "Professional title"),
                  options=TITLE_OPTIONS),
            Field("practitioner_certificate_no", FieldKind.CERTIFICATE_NO,
                  T("执业资格证书编号", "Number of the practitioner qualification certificate"),
                  hint=T("医师资格证书、护士执业证书或卫生专业技术资格证书的编号",
                         "Of the medical qualification, nurse practising or health "
                         "professional qualification certificate"), width="20", max_length=40),
            Field("years_of_practice", FieldKind.INTEGER, T("从业年限（年）",
                                                            "Years of practice"),
                  min_value=0, max_value=60, width="10"),
        ), checks=(_years_within_age,)),
        Step("employer", T("执业机构和服务项目", "Workplace and services"), (
            *_employer_fields(),
            Field("service_items", FieldKind.CHECKBOXES,
                  T("申请从事的技术服务项目", "Services you apply to provide"),
                  staff_label=T("申请从事的技术服务项目", "Services applied for"),
                  options=SERVICE_ITEM_OPTIONS),
        )),
        Step("assessment", T("考试考核结果", "Exam and assessment"), (
            Field("exam_date", FieldKind.DATE, T("理论考试日期", "Date of the knowledge exam"),
                  past_only=True),
            Field("knowledge_score", FieldKind.INTEGER, T("理论考试成绩（分）",
                                                          "Knowledge exam score"),
                  hint=T(f"满分 100 分，{PASS_MARK} 分及格",
                         f"Out of 100; {PASS_MARK} passes"),
                  min_value=0, max_value=100, width="10"),
            Field("skills_result", FieldKind.RADIO, T("技能考核结果",
                                                      "Skills assessment result"),
                  options=RESULT_OPTIONS),
        ), checks=(_passed,)),
        declaration_step(T("本人承诺仅在执业机构内从事合格证载明的服务项目，并按规定参加继续教育。",
                           "I will provide only the services on the certificate, only at my "
                           "workplace, and will take part in continuing education as "
                           "required.")),
    ),
    materials=(
        Material("id_card", T("居民身份证", "Resident ID card"), MaterialForm.BOTH,
                 source=T("公安机关", "Public security bureau")),
        Material("diploma", T("学历证书", "Education certificate"), MaterialForm.BOTH,
                 source=T("毕业院校", "The school or university")),
        Material("practitioner_certificate", T("执业资格证书", "Practitioner qualification "
                                                             "certificate"),
                 MaterialForm.BOTH, source=T("卫生健康行政部门", "Health authority")),
        Material("title_certificate", T("专业技术职称证书", "Professional title certificate"),
                 MaterialForm.BOTH, required=False,
                 condition=T("有专业技术职称的", "If you have a professional title"),
                 show_if=when("professional_title", "assistant", "junior", "intermediate",
                              "associate_senior", "senior")),
        Material("employer_letter", T("执业机构出具的推荐意见（加盖公章）",
                                      "Recommendation of the workplace, bearing its seal"),
                 source=T("执业机构", "Your workplace")),
        Material("assessment_record", T("理论考试和技能考核成绩证明",
                                        "Results of the exam and the skills assessment"),
                 source=T(DEPARTMENT_ZH, "The city population and family planning "
                          "department")),
        Material("photos", T("近期一寸免冠照片", "Recent 1-inch passport photographs"),
                 MaterialForm.ORIGINAL, copies=2),
    ),
    statutory_days=20,
    promised_days=15,
    handling_level=Level.CITY,
    receiving_level=Level.COUNTY,
    eligibility=(
        T("取得医师、护士等相应的执业资格。",
          "You hold the relevant practitioner qualification (doctor, nurse, ...)."),
        T("在依法设立的计划生育技术服务机构或医疗、保健机构执业。",
          "You work at a lawfully established technical service institution or medical or "
          "health-care institution."),
        T("参加设区的市组织的理论考试和技能考核并合格。",
          "You passed the knowledge exam and the skills assessment organised by the city."),
    ),
    process=(
        T("参加设区的市组织的理论考试和技能考核",
          "Take the exam and the skills assessment organised by the city"),
        T("考核合格后网上提交申请和材料电子件",
          "Once you pass, apply online with electronic copies of the documents"),
        T("执业机构所在地县级人口计生部门受理并审核",
          "The county department where you work accepts and reviews the application"),
        T(f"{DEPARTMENT_ZH}审批", "The city department decides"),
        T("发放合格证（电子证照），载明服务项目",
          "The certificate is issued electronically, listing your service items"),
    ),
    samples=Samples(
        valid={
            "applicant_name": "陈静", "applicant_id_number": "410102198803151023",
            "applicant_mobile": "13838012345", "education": "bachelor",
            "specialty": "临床医学", "professional_title": "intermediate",
            "practitioner_certificate_no": "201041110410102198803151023",
            "years_of_practice": "12",
            "employer_name": "中牟县计划生育技术服务站",
            "employer_uscc": "12410122MB0F3K7W20",
            "service_items": ["contraception_exam", "iud", "abortion", "guidance"],
            "exam_date": "2026-10-18", "knowledge_score": "86", "skills_result": "pass",
            "declaration_true": "yes", "declaration_specific": "yes",
        },
        invalid=(
            ({"years_of_practice": "30"}, "years_of_practice"),
            ({"knowledge_score": "52"}, "knowledge_score"),
            ({"skills_result": "fail"}, "skills_result"),
            ({"knowledge_score": "101"}, "knowledge_score"),
            ({"employer_uscc": "12410122MB0F3K7WZ0"}, "employer_uscc"),
            ({"education": "kindergarten"}, "education"),
            ({"exam_date": "2099-05-01"}, "exam_date"),
        ),
    ),
)

VERIFY = Matter(
    code="verify",
    kind=MatterKind.VERIFY,
    certificate_field="certificate_no",
    name=T("计划生育技术服务人员合格证校验", "Verification of a technical service personnel "
           "certificate"),
    summary=T("合格证持有人在校验周期届满时申请校验，报告继续教育、考核和执业情况。",
              "At the end of each cycle the holder has the certificate verified, reporting "
              "continuing education, assessment and conduct."),
    steps=(
        Step("applicant", T("申请人", "You"), applicant_fields()),
        Step("certificate", T("合格证", "The certificate"), (
            Field("certificate_no", FieldKind.CERTIFICATE_NO,
                  T("合格证编号", "Number of the certificate"),
                  hint=T("证件上印制的编号", "As printed on the certificate"), width="20",
                  max_length=40),
            Field("certificate_issue_date", FieldKind.DATE, T("发证日期", "Date of issue"),
                  past_only=True),
            *_employer_fields(),
        )),
        Step("cycle", T("本周期情况", "This cycle"), (
            Field("continuing_education_hours", FieldKind.INTEGER,
                  T("本周期继续教育学时", "Hours of continuing education in this cycle"),
                  min_value=0, max_value=2000, width="10"),
            Field("assessment_result", FieldKind.RADIO,
                  T("本周期业务考核结果", "Result of this cycle's assessment"),
                  options=RESULT_OPTIONS),
            Field("disciplinary_record", FieldKind.YES_NO,
                  T("本周期是否受过行政处罚或纪律处分",
                    "Were you given an administrative penalty or disciplinary sanction in "
                    "this cycle?"),
                  staff_label=T("本周期是否受过行政处罚或纪律处分", "Administrative penalty or "
                                "disciplinary sanction in this cycle?")),
            Field("disciplinary_details", FieldKind.TEXTAREA,
                  T("处罚或处分情况", "The penalty or sanction"),
                  hint=T("时间、原因、决定机关和处理结果",
                         "When, why, by whom and with what outcome"),
                  show_if=when("disciplinary_record", "yes"), max_length=1000),
        ), checks=(_assessment_passed,)),
        declaration_step(T("本人承诺所报继续教育、考核和执业情况真实。",
                           "I declare that what I report on my continuing education, "
                           "assessment and practice is true.")),
    ),
    materials=(
        Material("certificate_original", T("合格证原件", "The certificate (original)"),
                 MaterialForm.ORIGINAL, upload=False),
        Material("education_record", T("继续教育学时（学分）证明",
                                       "Proof of continuing education hours (credits)"),
                 source=T("继续教育主管部门或培训机构", "Continuing education authority or "
                          "training provider")),
        Material("assessment_form", T("执业机构出具的周期考核表（加盖公章）",
                                      "Assessment form of the cycle, sealed by the "
                                      "workplace"),
                 source=T("执业机构", "Your workplace")),
        Material("disciplinary_decision", T("处罚或处分决定书", "The penalty or sanction "
                                                              "decision"),
                 condition=T("受过处罚或处分的", "If you were penalised or sanctioned"),
                 show_if=when("disciplinary_record", "yes")),
    ),
    statutory_days=20,
    promised_days=10,
    handling_level=Level.CITY,
    receiving_level=Level.COUNTY,
    eligibility=(
        T("持有本省发放的计划生育技术服务人员合格证。",
          "You hold a personnel certificate issued in Henan."),
        T("按规定完成本周期继续教育，周期考核合格。",
          "You completed the required continuing education and passed this cycle's "
          "assessment."),
    ),
    process=(
        T("网上提交校验申请", "Apply online"),
        T("执业机构所在地县级人口计生部门受理并审核",
          "The county department where you work accepts and reviews the application"),
        T(f"{DEPARTMENT_ZH}校验", "The city department verifies the certificate"),
        T("在电子证照上记载校验结果", "The result is recorded on the electronic certificate"),
    ),
    samples=Samples(
        valid={
            "applicant_name": "陈静", "applicant_id_number": "410102198803151023",
            "applicant_mobile": "13838012345", "certificate_no": "豫计服人合字 2023-01-0457",
            "certificate_issue_date": "2023-12-05",
            "employer_name": "中牟县计划生育技术服务站",
            "employer_uscc": "12410122MB0F3K7W20",
            "continuing_education_hours": "96", "assessment_result": "pass",
            "disciplinary_record": "no",
            "declaration_true": "yes", "declaration_specific": "yes",
        },
        invalid=(
            ({"disciplinary_record": "yes"}, "disciplinary_details"),
            ({"assessment_result": "fail"}, "assessment_result"),
            ({"certificate_issue_date": "2099-01-01"}, "certificate_issue_date"),
            ({"continuing_education_hours": "-4"}, "continuing_education_hours"),
            ({"employer_uscc": "ABC"}, "employer_uscc"),
        ),
    ),
)

DEFINITION = ServiceDefinition(
    code="personnel-certificate",
    group=PERSONNEL,
    name=T("计划生育技术服务人员合格证", "Certificate of family-planning technical service "
           "personnel"),
    summary=T("计划生育技术服务人员合格证的核发和校验。",
              "Issue and verification of the certificate that family-planning technical "
              "service personnel need."),
    service_type=T("行政许可", "Administrative licensing"),
    legal_basis=(
        T("《计划生育技术服务管理条例》（国务院令第309号）",
          "Regulations on the Administration of Family Planning Technical Services (State "
          "Council Decree No. 309)"),
        T("《计划生育技术服务管理条例实施细则》",
          "Implementing Rules of the Regulations on the Administration of Family Planning "
          "Technical Services"),
        T("《河南省人口与计划生育条例》", "Regulations of Henan Province on Population and "
          "Family Planning"),
    ),
    matters=(APPLY, VERIFY),
    handling_office=T(f"{DEPARTMENT_ZH}（执业机构所在地县级人口和计划生育行政部门受理）",
                      "The population and family planning department of the prefecture-level "
                      "city (applications are received by the county department where you "
                      "work)"),
    keywords=("合格证", "技术服务人员", "校验", "personnel", "certificate"),
    certificate=ServiceCertificate("HGZ", (SERVICE_ITEMS_ON_RECORD,)),
)
