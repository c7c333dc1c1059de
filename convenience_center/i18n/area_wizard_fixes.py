"""Messages of the application wizard's fixes (issue 12: the township, refused files, drafts
and their progress, missing documents, typing kept, the path's changes)."""

from __future__ import annotations

ZH: dict[str, str] = {
    "apply.office_township_required": "请选择乡镇（街道）：本县（区）的申请由乡镇（街道）受理",
    "apply.documents_refused": "“{name}”未上传：{reason}",
    "apply.draft_progress": "已完成 {done}/{total} 步",
    "apply.draft_saved": "最近保存：{when}",
    "apply.resume_title": "您已开始填写这项申请",
    "apply.resume_lead": "继续填写即可，已保存的内容都在。",
    "apply.resume_button": "继续填写",
    "apply.start_another": "另外新填一份申请",
    "apply.flow_added_one": "根据您的回答，增加了一步：{pages}。",
    "apply.flow_added_many": "根据您的回答，增加了以下几步：{pages}。",
    "apply.flow_removed_one": "根据您的回答，不再需要这一步：{pages}。",
    "apply.flow_removed_many": "根据您的回答，不再需要以下几步：{pages}。",
    "apply.flow_total": "申请现共 {total} 步。",
    "apply.kept_unsaved": "我们保留了您刚才填写但尚未保存的内容，请核对后保存。",
    "apply.check_missing_title": "提交前还需上传以下材料",
    "apply.check_missing_link": "上传材料",
    "apply.form_hint": "下载后打印，盖章后拍照或扫描上传。",
}

EN: dict[str, str] = {
    "apply.office_township_required": "Choose the township or street: in this county they "
                                      "receive the applications",
    "apply.documents_refused": "{name} was not uploaded: {reason}",
    "apply.draft_progress": "{done} of {total} steps answered",
    "apply.draft_saved": "Last saved {when}",
    "apply.resume_title": "You have already started this application",
    "apply.resume_lead": "Continue where you stopped: what you saved is kept.",
    "apply.resume_button": "Continue",
    "apply.start_another": "Start another application",
    "apply.flow_added_one": "Because of your answer, a step was added: {pages}.",
    "apply.flow_added_many": "Because of your answer, these steps were added: {pages}.",
    "apply.flow_removed_one": "Because of your answer, this step is no longer needed: "
                              "{pages}.",
    "apply.flow_removed_many": "Because of your answer, these steps are no longer needed: "
                               "{pages}.",
    "apply.flow_total": "The application now has {total} steps.",
    "apply.kept_unsaved": "We kept what you typed but had not saved. Check it, then save it.",
    "apply.check_missing_title": "Upload these documents before you submit",
    "apply.check_missing_link": "Upload the documents",
    "apply.form_hint": "Print it, have it stamped, then upload a scan or photo of it.",
}

# English for a total of one step.
EN_ONE: dict[str, str] = {
    "apply.draft_progress": "{done} of {total} step answered",
    "apply.flow_total": "The application now has {total} step.",
}
