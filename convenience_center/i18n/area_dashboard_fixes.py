"""Messages of the staff dashboard's fixes (search, the Due column) and of tables on phones."""

ZH: dict[str, str] = {
    "staff.due_closed": "已结束（{date}）",
    "staff.due_closed_undated": "已结束",
    "staff.due_paused": "暂停计时",
}

EN: dict[str, str] = {
    "staff.due_closed": "Closed {date}",
    "staff.due_closed_undated": "Closed",
    "staff.due_paused": "Clock paused",
}
