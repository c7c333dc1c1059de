"""Messages of documents, guides and numbers (forms, receipts, counts), and the English
singular forms of messages that hold a count.

``EN_ONE`` gives, for a message key whose English text has a count, its form for exactly one
("1 copy", not "1 copies"); the catalogue's text is the form for every other count. Chinese
has no plural forms. Use ``translate_count`` (server) or ``tc`` (components).
"""

from __future__ import annotations

ZH: dict[str, str] = {
    "guide.needed_when": "视情况：{condition}",
}

EN: dict[str, str] = {
    "guide.needed_when": "{condition}",
}

EN_ONE: dict[str, str] = {
    "guide.copies": "{count} copy",
    "guide.statutory": "Statutory time limit: {days} working day",
    "guide.promised": "Promised time: {days} working day",
    "admin.results": "{count} account",
    "audit.page": "Page {page}: {count} entry, newest first",
}
