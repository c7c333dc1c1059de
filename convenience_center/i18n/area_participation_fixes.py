"""Messages of the participation fixes: personal data kept out of what is published, documents
sent with a complaint, confirmations before what cannot be undone, the call back of a
rectification."""

from __future__ import annotations

ZH: dict[str, str] = {
    # personal data in what is about to be published
    "personal_data.found": "这里含有个人信息（已在下方标出），请删除后再公开。",
    "personal_data.marked_lead": "以下标出的内容是个人信息，请从上面的输入框中删除：",
    "personal_data.kind": "{kind}（请删除）：",
    # documents sent with a complaint
    "complaints.files": "材料文件",
    "complaints.too_many_files": "一次最多附 {limit} 个文件，请减少后再提交。",
    "complaints.file_refused.upload.empty": "“{name}”是空文件，请重新选择文件。",
    "complaints.file_refused.upload.too_large": "“{name}”超过 {limit}，请压缩后重新选择。",
    "complaints.file_refused.upload.wrong_type": "“{name}”不是 PDF、JPG 或 PNG 文件，请重新选择。",
    "complaints.file_refused.upload.name_mismatch": "“{name}”的文件名与内容不符：PDF 文件应以 .pdf 结尾，图片应以 .jpg 或 .png 结尾。请重新选择。",
    "complaints.file_refused.upload.no_space": "“{name}”未能保存：系统存储空间暂时不足，投诉建议没有提交。填写的内容已保留，请稍后重新选择文件再提交。",
    # the call back that closes a rectification task
    "rating.called_at_required": "请填写回访的日期和时间。",
    "rating.called_at_invalid": "请按“年-月-日 时:分”填写回访时间。",
    "rating.called_at_future": "回访时间不能晚于现在。",
    "rating.called_at_before_rating": "回访时间不能早于群众作出评价的时间。",
    "rating.outcome_required": "请选择回访结果。",
    "sp.rect_called_at": "回访时间",
    "sp.rect_called_at_hint": "实际打电话（或上门）回访的日期和时间（北京时间）。",
    "sp.rect_outcome": "回访结果",
    "sp.rect_outcome_unknown": "未记录（此任务在记录回访结果之前办结）",
    "sp.rect_task_closed_at": "任务办结时间",
    # withdrawing a publication: a reason, then "yes"
    "open.not_published": "只有已公开的信息才能撤下。",
    "open.withdraw_reason_required": "请填写撤下的原因，公众在原地址可以看到。",
    "open.withdraw_reason_too_long": "撤下原因请控制在500字以内。",
    "open.withdrawn_title": "{number} 已撤下",
    "open.withdrawn_on": "这条公开信息已于 {date} 撤下。",
    "open.withdrawn_reason": "撤下原因：{reason}",
    "sp.pub_withdrawn_reason": "撤下原因：{reason}",
    "sp.pub_withdraw_confirm_title": "确定撤下 {number} 吗？",
    "sp.pub_withdraw_confirm_lead": "撤下后公众将不能再阅读这条信息；原地址只显示撤下日期和下面填写的原因。撤下会记入审计日志。",
    "sp.pub_withdraw_reason": "撤下原因",
    "sp.pub_withdraw_reason_hint": "例如：内容有误，将发布更正后的版本。请勿填写个人信息。",
    "sp.pub_withdraw_yes": "是的，撤下这条信息",
    "sp.pub_withdraw_no": "不撤下",
    # deleting a draft: "yes" first
    "my.delete_confirm_title": "确定删除这份草稿吗？",
    "my.delete_confirm_lead": "草稿中填写的内容和上传的材料将被删除，无法恢复。",
    "my.delete_yes": "是的，删除草稿",
    "my.delete_no": "保留草稿",
    # withdrawing an application: "yes" first
    "case.withdraw_confirm_title": "确定撤回申请 {case_no} 吗？",
    "case.withdraw_confirm_lead": "撤回后办件终止，不能恢复；如需办理，请重新申请。",
    "case.withdraw_reason_given": "您填写的撤回原因：{reason}",
    "case.withdraw_yes": "是的，撤回申请",
    "case.withdraw_no": "不撤回",
}

EN: dict[str, str] = {
    "personal_data.found": "This contains personal data (marked below). Remove it before "
                           "publishing.",
    "personal_data.marked_lead": "The marked parts are personal data. Delete them from the box "
                                 "above:",
    "personal_data.kind": "{kind} (remove it): ",
    "complaints.files": "Documents",
    "complaints.too_many_files": "Send at most {limit} files at a time.",
    "complaints.file_refused.upload.empty": "\u201c{name}\u201d is empty. Choose the file again.",
    "complaints.file_refused.upload.too_large": "\u201c{name}\u201d is larger than {limit}. "
                                                "Make it smaller and choose it again.",
    "complaints.file_refused.upload.wrong_type": "\u201c{name}\u201d is not a PDF, JPG or PNG "
                                                 "file. Choose another.",
    "complaints.file_refused.upload.name_mismatch": "The name of \u201c{name}\u201d does not "
                                                    "match its content: a PDF must end in .pdf, "
                                                    "a photo in .jpg or .png. Choose it again.",
    "complaints.file_refused.upload.no_space": "\u201c{name}\u201d could not be stored: there "
                                               "is no room to store files at the moment, so "
                                               "nothing was sent. What you wrote is kept; "
                                               "choose the files again later and send it.",
    "rating.called_at_required": "Enter the date and time of the call.",
    "rating.called_at_invalid": "Enter the time of the call as year-month-day hour:minute.",
    "rating.called_at_future": "The call cannot be later than now.",
    "rating.called_at_before_rating": "The call cannot be earlier than the rating.",
    "rating.outcome_required": "Choose what came of the call.",
    "sp.rect_called_at": "Called back on",
    "sp.rect_called_at_hint": "When the call (or visit) was made, in China time.",
    "sp.rect_outcome": "Outcome of the call",
    "sp.rect_outcome_unknown": "Not recorded (closed before outcomes were recorded)",
    "sp.rect_task_closed_at": "Task closed on",
    "open.not_published": "Only a published item can be withdrawn.",
    "open.withdraw_reason_required": "Give the reason for withdrawing it; the public sees it "
                                     "at the item's address.",
    "open.withdraw_reason_too_long": "Keep the reason under 500 characters.",
    "open.withdrawn_title": "{number} has been withdrawn",
    "open.withdrawn_on": "This item was withdrawn on {date}.",
    "open.withdrawn_reason": "Reason: {reason}",
    "sp.pub_withdrawn_reason": "Reason for withdrawing: {reason}",
    "sp.pub_withdraw_confirm_title": "Withdraw {number}?",
    "sp.pub_withdraw_confirm_lead": "The public will no longer be able to read it; its address "
                                    "will show only the date and the reason you give below. "
                                    "The withdrawal is recorded in the audit log.",
    "sp.pub_withdraw_reason": "Reason for withdrawing",
    "sp.pub_withdraw_reason_hint": "For example: it contained a mistake; a corrected version "
                                   "will follow. Do not include personal data.",
    "sp.pub_withdraw_yes": "Yes, withdraw it",
    "sp.pub_withdraw_no": "No, keep it published",
    "my.delete_confirm_title": "Delete this draft?",
    "my.delete_confirm_lead": "Your answers and the documents you uploaded will be deleted. "
                              "This cannot be undone.",
    "my.delete_yes": "Yes, delete the draft",
    "my.delete_no": "No, keep it",
    "case.withdraw_confirm_title": "Withdraw application {case_no}?",
    "case.withdraw_confirm_lead": "The case then ends and cannot be restarted; to go ahead, "
                                  "you would apply again.",
    "case.withdraw_reason_given": "Your reason: {reason}",
    "case.withdraw_yes": "Yes, withdraw the application",
    "case.withdraw_no": "No, keep my application",
}
