"""The fixed texts of the printable documents (the service texts come from the definitions)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from convenience_center.domain.cases import CertificateStanding
from convenience_center.domain.contact import SERVICE_HOTLINE
from convenience_center.domain.services.base import MaterialForm, Text

T = Text
CHINA_TZ = ZoneInfo("Asia/Shanghai")

# --- the application form ---------------------------------------------------------------------
FORM_TITLE = T("{service}申请表", "Application form: {service}")
FORM_MATTER = T("办理事项：{matter}", "Matter: {matter}")
FORM_INSTRUCTIONS = T(
    "填写说明：请用黑色或蓝黑色钢笔、签字笔填写，字迹清楚，不得涂改；在所选项的“□”内打“√”；"
    "除注明“选填”的项目外均须填写。",
    "How to fill in: write clearly in black or blue-black ink, in block capitals, without "
    "corrections; tick the box “□” of your choice; fill in every item not marked “optional”.")
OFFICE_USE = T("以下由受理单位填写", "For office use only")
RECEIVING_OFFICE = T("受理单位", "Receiving office")
DATE_RECEIVED = T("受理日期", "Date received")
CASE_NUMBER = T("受理编号", "Case number")
OPTIONAL = T("（选填）", "(optional)")
TICK_ONE = T("（单选）", "(tick one)")
TICK_ANY = T("（可多选）", "(tick all that apply)")
YES = T("是", "Yes")
NO = T("否", "No")
# {choices}: the answers that make it apply, each quoted (see ``any_of``).
FIELD_CONDITION = T("如“{label}”选择{choices}，则填写", "Only if “{label}” is {choices}")
STEP_CONDITION = T("如“{label}”选择{choices}，则填写本部分",
                   "Fill in this part only if “{label}” is {choices}")
DECLARATION_SIGNATURE = T("申请人（签名）：", "Applicant's signature:")
DATE_LINE_ZH = "______年____月____日"
DATE_LABEL = T("日期：", "Date:")
MATERIALS_HEADING = T("申请材料", "Documents to bring")
MATERIALS_NONE = T("无需提交材料。", "No documents are needed.")
MATERIAL_COLUMNS = (T("序号", "No."), T("材料名称", "Document"), T("形式", "Form"),
                    T("份数", "Copies"), T("是否必需", "Needed"), T("出具单位", "Issued by"),
                    T("核验", "Checked"))
MATERIAL_FORMS = {
    MaterialForm.ORIGINAL: T("原件", "Original"),
    MaterialForm.COPY: T("复印件", "Copy"),
    MaterialForm.BOTH: T("原件及复印件", "Original and copy"),
}
REQUIRED = T("必需", "Required")
IF_APPLICABLE = T("视情况提供", "If applicable")
IF_CONDITION = T("如“{label}”为{choices}", "If “{label}” is {choices}")
NO_SOURCE = T("—", "—")
SIGNATURES_HEADING = T("签名及盖章", "Signatures and stamps")
APPLICANT_SIGNATURE = T("申请人（签名）", "Applicant's signature")
ORGANISATION_SIGNATURE = T("申请单位法定代表人（签名）", "Legal representative's signature")
STAFF_RECEIPT = T("受理人员签收（签名并加盖受理单位印章）",
                  "Received by (officer's signature and office stamp)")

# --- the receipt ------------------------------------------------------------------------------
RECEIPT_TITLE = T("受理回执", "Receipt of application")
RECEIPT_INTRO = T("您的申请已提交成功。请妥善保存本回执，凭受理编号查询办理进度。",
                  "Your application has been submitted. Keep this receipt: the case number "
                  "lets you follow your case.")
APPLIED_FOR = T("申请事项", "Applied for")
APPLICANT = T("申请人", "Applicant")
SUBMITTED_AT = T("提交时间", "Submitted")
CHINA_TIME = T("（北京时间）", "(China Standard Time)")
OFFICE = T("受理单位", "Office")
PROMISED = T("承诺办结日期", "Promised completion")
PROMISED_DAYS = T("{date}（{days} 个工作日内）", "{date} (within {days} working days)")
PROVISIONAL = T("该日期按暂定的节假日安排推算，国家公布当年节假日安排后可能调整。",
                "Provisional: the official holiday arrangement for that year is not yet "
                "published, so the date may change.")
ANSWERS_HEADING = T("申请信息", "Your answers")
ANSWER_COLUMNS = (T("项目", "Question"), T("填写内容", "Answer"))
UPLOADS_HEADING = T("已上传材料", "Documents uploaded")
UPLOAD_COLUMNS = (T("材料名称", "Document"), T("文件", "Files"))
NOTHING_UPLOADED = T("未上传材料。", "No documents were uploaded.")
NEXT_HEADING = T("后续事项", "What happens next")
NEXT_STEPS = (
    T("受理单位将审查您的申请和材料；需要补正材料的，将通过短信和站内消息通知您。",
      "The office checks your application and documents; if anything is missing, you are "
      "told by text message and in your account."),
    T("办理结果将在承诺办结日期前通知您，证件可在线下载或到受理单位领取。",
      "You are told the decision by the promised date; a certificate can be downloaded or "
      "collected at the office."),
    T(f"如有疑问，请拨打服务热线 {SERVICE_HOTLINE}，并提供受理编号。",
      f"Questions: call the service hotline {SERVICE_HOTLINE} and give your case number."),
)
SCAN_TO_TRACK = T("扫码查询办理进度", "Scan to follow your case")

# --- the electronic certificate --------------------------------------------------------------
CERTIFICATE_KIND = T("电 子 证 照", "ELECTRONIC CERTIFICATE")
CERTIFICATE_NUMBER = T("证照编号：{number}", "Certificate No. {number}")
HOLDER = T("持证人", "Holder")
HOLDER_ID = T("公民身份号码", "ID number")
VALIDITY = T("有效期限", "Valid")
VALID_BETWEEN = T("{start}至{end}", "{start} to {end}")
NO_EXPIRY = T("长期有效", "No expiry")
VALID_NO_EXPIRY = T("自{start}起长期有效", "No expiry (valid from {start})")
ISSUED_BY = T("发证机关", "Issued by")
ISSUED_ON = T("发证日期", "Date of issue")
ELECTRONIC_SEAL = T("电子印章", "Electronic seal")
SCAN_TO_VERIFY = T("扫码核验证照真伪", "Scan to check this certificate")
# A certificate that no longer holds (documents.certificate_stamp).
STATUS_NOW = T("证照状态", "Status")
ENDED_CANCELLED = T("已于{date}注销（注销办件编号：{case}），本证失效",
                    "Cancelled on {date} (case {case}): no longer valid")
ENDED_REPLACED = T("已于{date}换发新证（新证编号：{number}），本证失效",
                   "Replaced on {date} by certificate {number}: no longer valid")
ENDED_EXPIRED = T("有效期已于{date}届满，本证失效", "Expired: it was valid until {date}")
STAMP_CANCELLED = T("已注销", "CANCELLED")
STAMP_REPLACED = T("已换发", "REPLACED")
STAMP_EXPIRED = T("已过期", "EXPIRED")
STAMP_DATES = {CertificateStanding.CANCELLED: T("{date}注销", "on {date}"),
               CertificateStanding.REPLACED: T("{date}换发", "on {date}"),
               CertificateStanding.EXPIRED: T("有效期至{date}", "valid until {date}")}
STAMP_NEW_NUMBER = T("新证编号：{number}", "New certificate: {number}")

# --- the case summary (staff) -----------------------------------------------------------------
SUMMARY_TITLE = T("办件摘要", "Case summary")
STATUS = T("办理状态", "Status")
ID_NUMBER = T("身份证号", "ID number")
DUE_DATE = T("办结时限", "Due date")
NO_DUE_DATE = T("未设定", "Not set")
SUMMARY_ANSWERS_HEADING = T("申请信息", "Answers")
SUMMARY_DOCUMENTS_HEADING = T("申请材料", "Documents")
DOCUMENT_COLUMNS = (T("材料名称", "Document"), T("文件", "File"))
EVENTS_HEADING = T("办理过程", "Case history")
EVENT_COLUMNS = (T("时间", "Time"), T("状态", "Status"), T("办理情况及意见", "Notes"))
NO_EVENTS = T("暂无办理记录。", "Nothing recorded yet.")
PRINTED = T("打印人：{name}　打印时间：{time}", "Printed by {name}, {time}")
FILED_BY = T("归档人（签名）：", "Filed by (signature):")
FOR_OFFICIAL_USE = T("内部资料", "For official use")

# --- every page -------------------------------------------------------------------------------
PAGE_OF = T("第 {page} 页 共 {pages} 页", "Page {page} of {pages}")


def fmt(text: Text, lang: str, **params: str) -> str:
    """``text`` in ``lang`` with ``{params}`` filled in."""
    return text.get(lang).format(**params)


def any_of(choices: list[str], lang: str) -> str:
    """Answers of which any one will do, each quoted, as a list is said in ``lang``:
    “是”; “A”或“B”; “A”、“B”或“C” -- “A” or “B”; “A”, “B” or “C”."""
    quoted = [f"“{choice}”" for choice in choices]
    if len(quoted) < 2:
        return "".join(quoted)
    head, last = quoted[:-1], quoted[-1]
    if lang == "en":
        return f"{', '.join(head)} or {last}"
    return f"{'、'.join(head)}或{last}"


def china_time(moment: datetime, lang: str) -> str:
    """An aware ``moment`` in China Standard Time, e.g. 2026年11月26日 14:05（北京时间）."""
    local = moment.astimezone(CHINA_TZ)
    if lang == "en":
        return f"{local:%Y-%m-%d %H:%M} {CHINA_TIME.en}"
    return f"{local.year}年{local.month}月{local.day}日 {local:%H:%M}{CHINA_TIME.zh}"


def long_date(day: date, lang: str) -> str:
    """``day`` as 2026年12月3日, or 2026-12-03 in English."""
    return day.isoformat() if lang == "en" else f"{day.year}年{day.month}月{day.day}日"
