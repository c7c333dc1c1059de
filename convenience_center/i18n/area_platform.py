"""Messages of the platform's own machinery (overload, reconnection)."""

ZH: dict[str, str] = {
    "common.busy": "服务繁忙，您的操作未能处理。请稍候再试一次，您填写的内容仍在页面上。",
    "login.busy": "此刻登录的人较多，请稍候几秒钟再试一次。",
}

EN: dict[str, str] = {
    "common.busy": "The service is busy and could not handle that just now. Please try again "
                   "in a moment; what you entered is still on the page.",
    "login.busy": "Many people are signing in right now. Please try again in a few seconds.",
}
