"""Messages of the security fixes of issue 12: guessable passwords, registration answers that
reveal nothing, sign-in after a misuse report, closing misuse reports."""

ZH: dict[str, str] = {
    "password.guessable": "该密码容易被猜到（如连续的数字或字母、键盘顺序、日期，或在常见密码后加几个字符）。"
                          "请用几个不相关的词或一句短语",
    "login.reset_required": "该账号收到了被冒用的报告，所有登录均已退出。请先通过发送到注册邮箱的链接"
                            "设置新密码，再登录；链接过期可点击“忘记密码？”重新获取。",
    "register.checked_title": "我们已收到您的注册信息",
    "register.checked_body": "如果这些信息是新的，您的账号已经创建。如果其中的身份证号码或电子邮箱已经注册，"
                             "我们没有创建新账号，并已通过电子邮件告知该账号的持有人。如果那是您本人，"
                             "请直接登录，或通过“忘记密码？”重置密码。",
    "register.rate_limited": "注册尝试过于频繁，请稍后再试。",
    "admin.resolution": "处理说明",
    "admin.close_reports": "关闭报告（账号照常使用）",
    "admin.done_close_reports": "报告已关闭。",
    "admin.resolution_required": "请填写处理说明",
    "audit.action.misuse.reported": "报告账号被冒用：已退出所有登录，需重置密码",
    "audit.action.misuse.reported_again": "再次报告账号被冒用（已记录，未再次退出登录）",
    "audit.action.login.refused_reset_required": "冒用报告后未重置密码即尝试登录，已拒绝",
    "audit.action.admin.close_reports": "关闭冒用报告",
    "audit.action.account.register_existing": "用已注册的信息尝试注册，已通知账号持有人",
    "audit.action.account.register_limited": "注册尝试过多，已拒绝",
}

EN: dict[str, str] = {
    "password.guessable": "This password is easy to guess (a run of digits or letters, a "
                          "keyboard pattern, a date, or a common password with a few characters "
                          "added). Use a few unrelated words or a short phrase",
    "login.reset_required": "This account's misuse was reported, and every session of it has "
                            "been ended. Choose a new password through the link sent to its "
                            "registered e-mail address, then sign in. If the link has expired, "
                            "use “Forgotten your password?” to get a new one.",
    "register.checked_title": "We have received your registration",
    "register.checked_body": "If these details are new, your account has been created. If the "
                             "ID number or e-mail address is already registered, no new account "
                             "was created and the owner of that account has been told by "
                             "e-mail. If that is you, sign in, or reset your password with "
                             "“Forgotten your password?”.",
    "register.rate_limited": "Too many registration attempts. Please try again later.",
    "admin.resolution": "How the report was handled",
    "admin.close_reports": "Close the reports (the account stays in use)",
    "admin.done_close_reports": "The reports have been closed.",
    "admin.resolution_required": "Say how the report was handled",
    "audit.action.misuse.reported": "Misuse reported: signed out everywhere, new password needed",
    "audit.action.misuse.reported_again": "Misuse reported again (recorded; no new sign-out)",
    "audit.action.login.refused_reset_required": "Sign-in refused: new password needed after a "
                                                  "misuse report",
    "audit.action.admin.close_reports": "Misuse reports closed",
    "audit.action.account.register_existing": "Registration with registered details; owner told",
    "audit.action.account.register_limited": "Registration refused: too many attempts",
}
