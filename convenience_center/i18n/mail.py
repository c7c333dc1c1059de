"""E-mail templates in both languages. Plain text: it reads well in every mail client."""

from __future__ import annotations

_SIGNATURE = {
    "zh": "\n\n河南省人口和计划生育网上便民服务中心\n（本邮件由系统自动发送，请勿直接回复。）",
    "en": "\n\nHenan Population and Family Planning Online Convenience Service Center\n"
          "(This e-mail was sent automatically. Please do not reply to it.)",
}

TEMPLATES: dict[str, dict[str, tuple[str, str]]] = {
    "password_reset": {
        "zh": (
            "重置您的密码",
            "{name}，您好：\n\n我们收到了重置您账号（用户名：{username}）密码的请求。"
            "请在 1 小时内打开下面的链接设置新密码，该链接只能使用一次：\n\n{link}\n\n"
            "如果这不是您本人的操作，请忽略本邮件，您的密码不会改变。"
            "如您怀疑账号被他人冒用，请访问 {misuse_link} 报告。",
        ),
        "en": (
            "Reset your password",
            "Dear {name},\n\nWe received a request to reset the password of your account "
            "(user name: {username}). Open the link below within 1 hour to choose a new "
            "password. The link works only once:\n\n{link}\n\n"
            "If you did not ask for this, ignore this e-mail: your password stays as it is. "
            "If you think someone else is using your account, report it at {misuse_link}.",
        ),
    },
    "password_changed": {
        "zh": (
            "您的密码已更改",
            "{name}，您好：\n\n您账号（用户名：{username}）的密码已于 {when} 更改，"
            "其他设备上的登录已全部退出。\n\n如果这不是您本人的操作，请立即访问 {misuse_link} "
            "报告账号被冒用：我们会马上退出该账号的所有登录，并向本邮箱发送设置新密码的链接。",
        ),
        "en": (
            "Your password was changed",
            "Dear {name},\n\nThe password of your account (user name: {username}) was changed "
            "on {when}. You have been signed out on every other device.\n\n"
            "If this was not you, report it at once at {misuse_link}: we will sign everyone out "
            "of the account straight away and send this address a link to choose a new "
            "password.",
        ),
    },
    "email_changed": {
        "zh": (
            "您账号的电子邮箱已更改",
            "{name}，您好：\n\n您账号（用户名：{username}）的电子邮箱已于 {when} 从本地址"
            "更改为 {new_email}。今后的通知和密码找回邮件将发送到新地址。\n\n"
            "如果这不是您本人的操作，请立即访问 {misuse_link} 报告。",
        ),
        "en": (
            "The e-mail address of your account was changed",
            "Dear {name},\n\nOn {when} the e-mail address of your account (user name: "
            "{username}) was changed from this address to {new_email}. Notices and password "
            "reset e-mails will go to the new address from now on.\n\n"
            "If this was not you, report it at once at {misuse_link}.",
        ),
    },
    "misuse_reported": {
        "zh": (
            "您的账号收到冒用报告：请设置新密码",
            "{name}，您好：\n\n我们于 {when} 收到报告，称您的账号（用户名：{username}）被他人冒用。"
            "为保护您的账号，所有登录均已退出；再次登录前，需要先设置新密码。\n\n"
            "请在 1 小时内打开下面的链接设置新密码（只能使用一次）：\n\n{link}\n\n"
            "链接过期后，可在 {forgot_link} 重新获取。管理人员会核查这份报告；"
            "如果报告不是您本人提交的，您设置新密码后即可照常使用账号。",
        ),
        "en": (
            "A report of misuse of your account: choose a new password",
            "Dear {name},\n\nOn {when} we received a report that your account (user name: "
            "{username}) was used by someone else. To protect it, every session has been ended, "
            "and a new password is needed before the next sign-in.\n\n"
            "Open the link below within 1 hour to choose a new password (it works once):\n\n"
            "{link}\n\nIf the link has expired, ask for a new one at {forgot_link}. "
            "An administrator will look into the report; if you did not send it, the account "
            "works as before once you have chosen a new password.",
        ),
    },
    "registration_attempt": {
        "zh": (
            "有人尝试用您的信息注册新账号",
            "{name}，您好：\n\n{when}，有人尝试用与您账号（用户名：{username}）相同的"
            "{what}注册新账号。我们没有创建新账号。\n\n"
            "如果是您本人：您已经有账号，请直接登录；忘记密码可在 {forgot_link} 重置。\n"
            "如果不是您本人，您无需做什么；如怀疑账号被冒用，请访问 {misuse_link} 报告。",
        ),
        "en": (
            "Someone tried to register with your details",
            "Dear {name},\n\nOn {when} someone tried to register a new account with the same "
            "{what} as your account (user name: {username}). No new account was created.\n\n"
            "If this was you: you already have an account, so sign in; if you forgot the "
            "password, reset it at {forgot_link}.\n"
            "If it was not you, you need do nothing; if you think someone is using your "
            "account, report it at {misuse_link}.",
        ),
    },
    "account_reinstated": {
        "zh": (
            "您的账号已恢复使用",
            "{name}，您好：\n\n您的账号（用户名：{username}）已于 {when} 恢复使用。"
            "为安全起见，建议您立即修改密码。",
        ),
        "en": (
            "Your account has been reinstated",
            "Dear {name},\n\nYour account (user name: {username}) was reinstated on {when}. "
            "To be safe, change your password now.",
        ),
    },
    "username_changed": {
        "zh": (
            "您的用户名已更改",
            "{name}，您好：\n\n管理人员已于 {when} 将您的用户名更改为 {username}。"
            "请使用新用户名或电子邮箱登录。",
        ),
        "en": (
            "Your user name was changed",
            "Dear {name},\n\nOn {when} an administrator changed your user name to {username}. "
            "Sign in with the new user name or with your e-mail address.",
        ),
    },
    "account_locked": {
        "zh": (
            "您的账号登录尝试过多",
            "{name}，您好：\n\n您的账号（用户名：{username}）在 {when} 前后出现大量密码错误的登录"
            "尝试，登录已暂时锁定 10 分钟。如非本人操作，建议通过 {reset_link} 重置密码，"
            "重置后锁定立即解除。",
        ),
        "en": (
            "Many failed sign-in attempts on your account",
            "Dear {name},\n\nAround {when} there were many sign-in attempts with a wrong "
            "password on your account (user name: {username}). Signing in is locked for 10 "
            "minutes. If this was not you, reset your password at {reset_link}; a reset lifts "
            "the lock at once.",
        ),
    },
}


def render_mail(template: str, lang: str, **params: str) -> tuple[str, str]:
    """(subject, body) of ``template`` in ``lang`` (``zh`` unless ``en``)."""
    language = "en" if lang == "en" else "zh"
    subject, body = TEMPLATES[template][language]
    prefix = "【河南人口计生便民服务】" if language == "zh" else "Henan Family Planning Services: "
    return prefix + subject.format(**params), body.format(**params) + _SIGNATURE[language]


TEMPLATES["application_submitted"] = {
    "zh": (
        "申请已提交：{case_no}",
        "{name}，您好：\n\n您的“{service}”申请已于 {when} 提交，办件编号 {case_no}，"
        "受理单位：{office}。\n\n承诺办结日期：{promised}（按工作日计算）。"
        "受理、补正和审批结果都会通过邮件通知您，您也可以随时查看办理进度：\n\n{link}",
    ),
    "en": (
        "Application submitted: {case_no}",
        "Dear {name},\n\nYour application “{service}” was submitted on {when}. Its case "
        "number is {case_no}; it goes to {office}.\n\nPromised completion date: {promised} "
        "(counted in working days). We will e-mail you when it is accepted, when anything "
        "is missing and when it is decided. Follow it at any time here:\n\n{link}",
    ),
}
TEMPLATES["application_withdrawn"] = {
    "zh": (
        "申请已撤回：{case_no}",
        "{name}，您好：\n\n您已于 {when} 撤回办件 {case_no}（{service}）。"
        "如需继续办理，请重新提交申请。",
    ),
    "en": (
        "Application withdrawn: {case_no}",
        "Dear {name},\n\nYou withdrew case {case_no} ({service}) on {when}. To go ahead, "
        "submit a new application.",
    ),
}
TEMPLATES["case_update"] = {
    "zh": (
        "办件进展：{case_no}",
        "{name}，您好：\n\n您的办件 {case_no}（{service}）于 {when} 有新的进展：\n\n{message}\n\n"
        "查看详情：{link}",
    ),
    "en": (
        "Update on your case {case_no}",
        "Dear {name},\n\nThere is news about your case {case_no} ({service}), {when}:\n\n"
        "{message}\n\nSee the details: {link}",
    ),
}
TEMPLATES["inquiry_answered"] = {
    "zh": (
        "您的咨询已答复：{number}",
        "{name}，您好：\n\n您的咨询“{subject}”（编号 {number}）已有答复：\n\n{answer}\n\n"
        "查看全部咨询：{link}",
    ),
    "en": (
        "Your question has been answered: {number}",
        "Dear {name},\n\nYour question “{subject}” ({number}) has been answered:\n\n{answer}"
        "\n\nSee all your questions: {link}",
    ),
}
TEMPLATES["complaint_replied"] = {
    "zh": (
        "您的投诉建议已答复：{number}",
        "{name}，您好：\n\n您的投诉建议“{subject}”（编号 {number}）已有答复：\n\n{reply}\n\n"
        "请告诉我们您是否满意；如不满意，我们将重新办理：{link}",
    ),
    "en": (
        "Reply to your complaint or suggestion: {number}",
        "Dear {name},\n\nYour complaint or suggestion “{subject}” ({number}) has a reply:\n\n"
        "{reply}\n\nTell us whether you are satisfied; if not, we will handle it again: {link}",
    ),
}
TEMPLATES["rating_invitation"] = {
    "zh": (
        "请评价我们的服务：{case_no}",
        "{name}，您好：\n\n您的办件 {case_no}（{service}）已办结。请花一分钟评价我们的服务"
        "（非常满意至非常不满意），您的评价将推动我们改进：\n\n{link}",
    ),
    "en": (
        "Please rate our service: {case_no}",
        "Dear {name},\n\nYour case {case_no} ({service}) is complete. Please take a minute to "
        "rate our service, from very satisfied to very dissatisfied: it helps us improve.\n\n"
        "{link}",
    ),
}
