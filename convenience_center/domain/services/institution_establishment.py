"""计划生育技术服务机构设置审批 / 变更: establishing and changing a technical service institution.

Whoever wants to open a family-planning technical service institution (a service station, a
maternal and child health and family planning centre, a hospital's family-planning unit...)
needs the approval of its establishment first, and a new approval when its name, address, legal
representative or service items change. The population and family planning department of the
prefecture-level city approves township and county institutions, after an on-site expert review;
city and provincial institutions are approved by the province.
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
    staff_fields,
)
from convenience_center.domain.services.definition import ServiceCertificate, ServiceDefinition
from convenience_center.domain.services.groups import INSTITUTION

T = Text
TYPE_OPTIONS = (
    Option("station", T("计划生育技术服务站（所）", "Family-planning technical service station")),
    Option("mch_centre", T("妇幼保健计划生育服务中心",
                           "Maternal and child health and family planning service centre")),
    Option("hospital", T("医院计划生育科（室）", "Family-planning unit of a hospital")),
    Option("clinic", T("门诊部、诊所", "Outpatient department or clinic")),
    Option("other", T("其他", "Other")),
)
CHANGE_OPTIONS = (
    Option("name", T("机构名称", "Name")),
    Option("address", T("机构地址", "Address")),
    Option("legal_rep", T("法定代表人（负责人）", "Legal representative (head)")),
    Option("service_items", T("服务项目", "Service items")),
)
EXPERT_REVIEW = T("组织专家现场评审（评审时间不计入办理时限）",
                  "Experts inspect the premises on site (this time is not counted in the "
                  "time limit)")
DEPARTMENT_ZH = "设区的市人口和计划生育行政部门"


def _resources_step() -> Step:
    return Step("resources", T("场所、人员和设备", "Premises, staff and equipment"), (
        Field("premises_area", FieldKind.INTEGER, T("业务用房面积（平方米）",
                                                    "Floor area of the premises (m²)"),
              min_value=1, max_value=1_000_000, width="10"),
        *staff_fields(),
        Field("main_equipment", FieldKind.TEXTAREA, T("主要仪器设备", "Main equipment"),
              hint=T("名称和数量，如：B 超 1 台、妇科检查床 2 张、高压灭菌器 1 台",
                     "Names and numbers, e.g. ultrasound scanner 1, gynaecological examination "
                     "table 2, autoclave 1"), max_length=1000),
    ), checks=(QUALIFIED_WITHIN_STAFF,))


ESTABLISH = Matter(
    code="establish",
    kind=MatterKind.APPLY,
    name=T("计划生育技术服务机构设置审批", "Approval to establish a technical service institution"),
    summary=T("设置从事计划生育技术服务的机构，在申请执业许可前须取得设置批准。",
              "An institution that will provide family-planning technical services needs this "
              "approval before it applies for its practice licence."),
    steps=(
        Step("institution", T("机构信息", "The institution"), institution_fields()),
        Step("services", T("类型和服务项目", "Type and services"), (
            Field("institution_type", FieldKind.SELECT, T("机构类型", "Type of institution"),
                  options=TYPE_OPTIONS),
            institution_level_field(),
            Field("service_items", FieldKind.CHECKBOXES,
                  T("申请开展的服务项目", "Services applied for"), options=SERVICE_ITEM_OPTIONS),
        )),
        _resources_step(),
        declaration_step(T("本机构承诺符合国家规定的设置标准，取得执业许可前不开展计划生育技术服务。",
                           "We declare that the institution meets the national standards and "
                           "will provide no family-planning technical services before it "
                           "holds a practice licence.")),
    ),
    materials=(
        Material("application_letter", T("设置申请书（加盖单位公章）",
                                         "Application letter bearing the official seal")),
        Material("feasibility_study", T("设置可行性研究报告", "Feasibility study")),
        Material("site_plan", T("选址报告和建筑设计平面图",
                                "Site selection report and floor plans of the building")),
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
        T("符合当地计划生育技术服务机构设置规划。",
          "The institution fits the local plan for family-planning technical services."),
        T("有与申请的服务项目相适应的业务用房、技术人员和仪器设备。",
          "It has premises, qualified staff and equipment suited to the services applied for."),
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
        T("审查申请材料", "The documents are examined"),
        EXPERT_REVIEW,
        T("作出准予或不予设置的决定", "The department approves or refuses the establishment"),
        T("发放设置批准文件", "The approval document is issued"),
    ),
    samples=Samples(
        valid={
            "institution_name": "中牟县计划生育技术服务站",
            "institution_uscc": "12410122MB0F3K7W20",
            "institution_address": "郑州市中牟县青年路 88 号",
            "legal_rep_name": "张建国", "legal_rep_id_number": "410105197506120030",
            "contact_name": "刘芳", "contact_phone": "0371-62345678",
            "institution_type": "station", "institution_level": "county",
            "service_items": ["contraception_exam", "iud", "guidance", "preconception"],
            "premises_area": "860", "staff_total": "32", "staff_qualified": "18",
            "main_equipment": "B 超 2 台、妇科检查床 4 张、高压灭菌器 1 台、手术床 2 张",
            "declaration_true": "yes", "declaration_specific": "yes",
        },
        invalid=(
            ({"institution_uscc": "12410122MB0F3K7W21"}, "institution_uscc"),
            ({"staff_qualified": "40"}, "staff_qualified"),
            ({"institution_type": "pharmacy"}, "institution_type"),
            ({"service_items": []}, "service_items"),
            ({"contact_phone": "12345"}, "contact_phone"),
            ({"premises_area": "0"}, "premises_area"),
        ),
    ),
)


def _changes_differ(answers: Answers, today: date) -> list[CrossCheckProblem]:
    errors = []
    if answers.get("new_name") and answers.get("new_name") == answers.get("institution_name"):
        errors.append(CrossCheckProblem("new_name", T("变更后的名称与现名称相同",
                                               "The new name is the current name")))
    if answers.get("new_address") and \
            answers.get("new_address") == answers.get("institution_address"):
        errors.append(CrossCheckProblem("new_address", T("变更后的地址与现地址相同",
                                                   "The new address is the current address")))
    if answers.get("new_legal_rep_id_number") and \
            answers.get("new_legal_rep_id_number") == answers.get("legal_rep_id_number"):
        errors.append(CrossCheckProblem("new_legal_rep_id_number", T(
            "新法定代表人与现法定代表人为同一人",
            "The new legal representative is the current one")))
    return errors


CHANGE = Matter(
    code="change",
    kind=MatterKind.CHANGE,
    certificate_field="approval_no",
    name=T("计划生育技术服务机构设置变更", "Change of an approved technical service institution"),
    summary=T("已取得设置批准的机构变更名称、地址、法定代表人或服务项目。",
              "An approved institution changes its name, address, legal representative or "
              "service items."),
    steps=(
        Step("institution", T("机构现信息", "The institution now"), (
            *institution_fields(),
            Field("approval_no", FieldKind.CERTIFICATE_NO,
                  T("设置批准文号", "Number of the establishment approval"),
                  hint=T("设置批准文件上的文号，如 郑人口计生审〔2021〕15 号",
                         "As on the approval document, e.g. 郑人口计生审〔2021〕15 号"),
                  width="20", max_length=40),
            institution_level_field(),
        )),
        Step("changes", T("变更事项", "What changes"), (
            Field("change_items", FieldKind.CHECKBOXES, T("变更事项", "What changes"),
                  options=CHANGE_OPTIONS),
            Field("new_name", FieldKind.TEXT, T("变更后的机构名称", "New name"),
                  show_if=when("change_items", "name"), max_length=80),
            Field("new_address", FieldKind.TEXT, T("变更后的机构地址", "New address"),
                  show_if=when("change_items", "address"), max_length=120),
            Field("new_premises_area", FieldKind.INTEGER,
                  T("新址业务用房面积（平方米）", "Floor area of the new premises (m²)"),
                  show_if=when("change_items", "address"), min_value=1, max_value=1_000_000,
                  width="10"),
            Field("new_legal_rep_name", FieldKind.NAME,
                  T("新法定代表人（负责人）姓名", "New legal representative (head)"),
                  show_if=when("change_items", "legal_rep"), width="20"),
            Field("new_legal_rep_id_number", FieldKind.ID_NUMBER,
                  T("新法定代表人居民身份证号码", "New legal representative's resident ID number"),
                  show_if=when("change_items", "legal_rep"), width="20"),
            Field("new_service_items", FieldKind.CHECKBOXES,
                  T("变更后的全部服务项目", "All service items after the change"),
                  hint=T("包括保留的原有项目", "Including the items you keep"),
                  show_if=when("change_items", "service_items"), options=SERVICE_ITEM_OPTIONS),
            Field("change_reason", FieldKind.TEXTAREA, T("变更原因", "Reason for the change"),
                  max_length=500),
        ), checks=(_changes_differ,)),
        declaration_step(T("本机构承诺变更后仍符合国家规定的设置标准，变更获准前按原批准内容执业。",
                           "We declare that the institution still meets the national standards "
                           "after the change and keeps to its current approval until the "
                           "change is approved.")),
    ),
    materials=(
        Material("change_application", T("变更申请书（加盖单位公章）",
                                         "Application for the change bearing the official "
                                         "seal")),
        Material("approval_document", T("原设置批准文件", "The current establishment approval"),
                 MaterialForm.BOTH),
        Material("name_change_proof", T("名称变更核准文件", "Approval of the change of name"),
                 condition=T("变更名称的", "If the name changes"),
                 show_if=when("change_items", "name"),
                 source=T("机构登记管理机关", "The registration authority")),
        Material("new_site_plan", T("新址选址报告、建筑设计平面图和房屋产权证明或租赁合同",
                                    "Site report, floor plans and property certificate or lease "
                                    "of the new premises"),
                 condition=T("变更地址的", "If the address changes"),
                 show_if=when("change_items", "address")),
        Material("new_legal_rep_documents", T("新法定代表人任命文件和居民身份证",
                                              "Appointment and resident ID card of the new "
                                              "legal representative"),
                 condition=T("变更法定代表人的", "If the legal representative changes"),
                 show_if=when("change_items", "legal_rep")),
        Material("new_items_resources", T("新增服务项目的技术人员名单、资格证书和设备清单",
                                          "Staff with their certificates and equipment for the "
                                          "new service items"),
                 condition=T("变更服务项目的", "If the service items change"),
                 show_if=when("change_items", "service_items")),
    ),
    statutory_days=20,
    promised_days=10,
    handling_level=Level.CITY,
    receiving_level=Level.CITY,
    eligibility=(
        T("机构已取得计划生育技术服务机构设置批准。",
          "The institution holds an establishment approval."),
        T("变更后仍符合设置标准。", "It still meets the standards after the change."),
        T("设区的市级及以上机构向省人口和计划生育行政部门申请变更。",
          "City and provincial institutions apply to the provincial department."),
    ),
    process=(
        T("网上提交变更申请和材料电子件",
          "Apply online with electronic copies of the documents"),
        T("原审批部门受理并审查材料", "The department that gave the approval accepts and examines "
          "the application"),
        T("变更地址或服务项目的，组织专家现场评审（评审时间不计入办理时限）",
          "If the address or the service items change, experts inspect on site (this time is "
          "not counted in the time limit)"),
        T("作出准予或不予变更的决定，换发批准文件",
          "The department approves or refuses the change and issues a new approval document"),
    ),
    samples=Samples(
        valid={
            "institution_name": "中牟县计划生育技术服务站",
            "institution_uscc": "12410122MB0F3K7W20",
            "institution_address": "郑州市中牟县青年路 88 号",
            "legal_rep_name": "张建国", "legal_rep_id_number": "410105197506120030",
            "contact_name": "刘芳", "contact_phone": "13903710000",
            "approval_no": "郑人口计生审〔2021〕15 号", "institution_level": "county",
            "change_items": ["address", "service_items"],
            "new_address": "郑州市中牟县广惠街 206 号", "new_premises_area": "1200",
            "new_service_items": ["contraception_exam", "iud", "tubal_ligation", "guidance",
                                  "preconception"],
            "change_reason": "原址房屋列入旧城改造，迁入新建业务用房，并增开输卵管结扎术。",
            "declaration_true": "yes", "declaration_specific": "yes",
        },
        invalid=(
            ({"new_address": ""}, "new_address"),
            ({"new_address": "郑州市中牟县青年路 88 号"}, "new_address"),
            ({"change_items": ["legal_rep"], "new_legal_rep_name": "王伟",
              "new_legal_rep_id_number": "410105197506120030"}, "new_legal_rep_id_number"),
            ({"change_items": ["name"]}, "new_name"),
            ({"change_items": ["branch"]}, "change_items"),
            ({"approval_no": ""}, "approval_no"),
        ),
    ),
)

DEFINITION = ServiceDefinition(
    code="institution-establishment",
    group=INSTITUTION,
    name=T("计划生育技术服务机构设置审批", "Establishment of family-planning technical service "
           "institutions"),
    summary=T("计划生育技术服务机构的设置审批和设置变更。",
              "Approval to establish a family-planning technical service institution, and "
              "approval of changes to it."),
    service_type=T("行政许可", "Administrative licensing"),
    legal_basis=(
        T("《计划生育技术服务管理条例》（国务院令第309号）",
          "Regulations on the Administration of Family Planning Technical Services (State "
          "Council Decree No. 309)"),
        T("《计划生育技术服务管理条例实施细则》",
          "Implementing Rules of the Regulations on the Administration of Family Planning "
          "Technical Services"),
        T("《计划生育技术服务机构执业管理办法》",
          "Measures for the Administration of the Practice of Family Planning Technical "
          "Service Institutions"),
        T("《河南省人口与计划生育条例》", "Regulations of Henan Province on Population and "
          "Family Planning"),
    ),
    matters=(ESTABLISH, CHANGE),
    handling_office=T(f"{DEPARTMENT_ZH}（设区的市级及以上机构：省人口和计划生育行政部门）",
                      "The population and family planning department of the prefecture-level "
                      "city (for city and provincial institutions: the provincial department)"),
    keywords=("设置审批", "技术服务机构", "计划生育", "institution", "establishment"),
    certificate=ServiceCertificate("SZP", (INSTITUTION_ON_CERTIFICATE,
                                          SERVICE_ITEMS_ON_RECORD)),
)
