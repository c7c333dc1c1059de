"""What the staff dashboard's search finds a case by: normalised keys, matched by their start.

Every case is stored with a few keys (table ``case_search_key``, written at submission), and
a search is normalised the same way and looked up as the *prefix* of keys, which a B-tree index
answers on every database. Each key says what it is (``kind:value``), so that a search looks
only where it can match. For ``410105-20261126-0007``, 刘德华, ID number ending 123X:

- ``c`` the number: ``410105202611260007``, found by its start (``410105-2026``, ``4101``);
- ``s`` its sequence: ``0007`` (its last part);
- ``n`` the name and the given name: ``刘德华``, ``德华``; ``刘`` (a surname) finds every name
  beginning with it; the given name of 欧阳锦程 is ``锦程`` (a compound surname:
  ``COMPOUND_SURNAMES``);
- ``p`` their pinyin: ``liudehua``, ``dehua`` (found by ``liu``, ``liude``, ``dehua``);
- ``i`` their initials: ``ldh``, ``dh``;
- ``x`` the last four characters of the ID number: ``123x``.

A number search starts inside the officer's own jurisdiction: a county officer's ``4101``
looks at ``410105…`` only, and a number of another region is not looked for at all.

Surnames often have a reading of their own (曾 is *Zeng* as a surname, 单 *Shan*, 解 *Xie*),
which pypinyin's default does not give: for those, the first character is keyed under both
readings (``SURNAME_READINGS``; pypinyin's list of all readings of a character is too wide,
王 would also be keyed as *yu*). Searches and keys are compared case-insensitively, without
spaces, dashes, apostrophes or middle dots, with full-width characters folded (NFKC) and ``ü``
written ``v`` as on Chinese keyboards (吕 is ``lv``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from pypinyin import Style, lazy_pinyin

MAX_KEY = 60  # the column's length; longer keys are cut (a prefix search still finds them)
MAX_NAME_TOKENS = 12
# Characters whose reading as a surname differs from pypinyin's usual reading of them
# (多音字姓氏). Compound surnames (尉迟 Yuchi, 万俟 Moqi, 长孙 Zhangsun) pypinyin reads right.
SURNAME_READINGS = {
    "曾": "zeng", "单": "shan", "解": "xie", "查": "zha", "仇": "qiu", "朴": "piao", "区": "ou",
    "覃": "qin", "翟": "zhai", "盖": "ge", "缪": "miao", "乐": "yue", "种": "chong", "秘": "bi",
    "黑": "he", "繁": "po", "员": "yun", "阚": "kan", "牟": "mu", "召": "shao", "尉": "wei",
    "能": "nai", "都": "du", "句": "gou", "折": "she", "隗": "wei", "蕃": "pi", "郇": "huan",
    "祭": "zhai", "厍": "she", "宿": "su", "朝": "chao", "重": "chong",
}
# Two-character surnames (复姓), for the given name after them: 欧阳锦程 is found by 锦程.
COMPOUND_SURNAMES = frozenset({
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒",
    "令狐", "夏侯", "轩辕", "端木", "独孤", "南宫", "西门", "万俟", "闻人", "澹台", "公冶", "宗政",
    "濮阳", "淳于", "单于", "太叔", "申屠", "钟离", "呼延", "赫连", "百里", "东郭", "拓跋", "第五",
    "左丘", "司空", "亓官", "司寇", "颛孙", "公良", "漆雕", "乐正", "谷梁", "巫马", "公西", "鲜于",
    "闾丘", "羊舌", "梁丘", "公羊", "东门", "南门", "即墨", "段干", "子车", "壤驷", "仉督", "宰父",
})
_IGNORED = re.compile(r"[\s\-‐‑‒–—―_'’‘·•・.。,，:]+")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
_LETTERS = re.compile(r"[a-z]+")
_ID_END = re.compile(r"\d{0,3}[\dx]")


def normalise(text: str) -> str:
    """A search or a key value as compared: ``" LIU De-hua "`` → ``liudehua``."""
    text = text or ""
    if text.isascii():  # most of them (numbers, pinyin): NFKC changes nothing
        return _IGNORED.sub("", text.lower())
    folded = _IGNORED.sub("", unicodedata.normalize("NFKC", text).casefold())
    return unicodedata.normalize("NFKC", folded).replace("ü", "v")  # "u ̈" has become "ü"


def _key(kind: str, value: str) -> str:
    return f"{kind}:{value}"[:MAX_KEY]


@dataclass(frozen=True)
class _Token:
    """One character of a Chinese name, or one word of a name in another script."""

    text: str
    readings: tuple[str, ...]  # pinyin, the usual reading first


def _keep(chars: str) -> str:
    return chars


def _tokens(name: str) -> list[_Token]:
    words = [w for w in _IGNORED.split(unicodedata.normalize("NFKC", name or "").strip()) if w]
    tokens: list[_Token] = []
    for word in words:
        if not _HAN.search(word):
            tokens.append(_Token(normalise(word), (normalise(word),)))
            continue
        usual = lazy_pinyin(word, style=Style.NORMAL, errors=_keep)
        if len(usual) != len(word):  # something was not read per character: read them alone
            usual = [lazy_pinyin(char, errors=_keep)[0] for char in word]
        tokens.extend(_Token(normalise(char), (normalise(reading),))
                      for char, reading in zip(word, usual, strict=True))
    if tokens and tokens[0].text in SURNAME_READINGS:
        first = tokens[0]
        tokens[0] = _Token(first.text, tuple(dict.fromkeys(
            [*first.readings, SURNAME_READINGS[first.text]])))
    return tokens[:MAX_NAME_TOKENS]


def _forms(tokens: list[_Token]) -> set[str]:
    """The name itself, its pinyin (with each reading of its first token) and initials."""
    if not tokens:
        return set()
    rest_pinyin = "".join(t.readings[0] for t in tokens[1:])
    rest_initials = "".join(t.readings[0][:1] for t in tokens[1:])
    found = {_key("n", "".join(t.text for t in tokens))}
    for reading in tokens[0].readings:
        found.add(_key("p", reading + rest_pinyin))
        found.add(_key("i", reading[:1] + rest_initials))
    return found


def name_keys(name: str) -> set[str]:
    """The keys of an applicant's name: of the whole name and of the given name (after a
    surname of one character, or of two for a compound surname)."""
    tokens = _tokens(name)
    surname = 2 if "".join(t.text for t in tokens[:2]) in COMPOUND_SURNAMES else 1
    return _forms(tokens) | _forms(tokens[surname:])


def case_no_keys(case_no: str) -> set[str]:
    """``410105-20261126-0007`` → the whole number and its sequence."""
    parts = [part for part in map(normalise, (case_no or "").split("-")) if part]
    if not parts:
        return set()
    return {_key("c", "".join(parts)), _key("s", parts[-1])}


def case_keys(*, case_no: str, applicant_name: str, id_last4: str) -> set[str]:
    """Every key a case is found by."""
    keys = case_no_keys(case_no) | name_keys(applicant_name)
    if normalise(id_last4):
        keys.add(_key("x", normalise(id_last4)))
    return keys


def query_prefixes(query: str, jurisdiction: str = "") -> list[str]:
    """The key prefixes a search looks up, given the code prefix of the officer's
    jurisdiction (``4101`` for Zhengzhou): none for a search with nothing to look for."""
    text = normalise(query)[:MAX_KEY - 2]
    if not text:
        return []
    found: list[str] = []
    if text.isdigit():
        if text.startswith(jurisdiction) or jurisdiction.startswith(text):
            found.append(_key("c", max(text, jurisdiction, key=len)))
        found.append(_key("s", text))
    if _ID_END.fullmatch(text):
        found.append(_key("x", text))
    if _LETTERS.fullmatch(text):
        found += [_key("p", text), _key("i", text)]
    if not found:  # Chinese characters, or a name in another script with digits in it
        found.append(_key("n", text))
    return found


def dated(prefix: str) -> bool:
    """Whether ``prefix`` holds a case number's region and at least the year: its cases were
    all submitted in one stretch of time (they are not spread over the list's order)."""
    return prefix.startswith("c:") and len(prefix) >= len("c:") + 6 + 4


def prefix_range(prefix: str) -> tuple[str, str]:
    """``[low, high)`` of the keys that begin with ``prefix``: keys compare by code point
    (binary collation), so they are the keys from ``prefix`` up to its last character's
    successor."""
    last = ord(prefix[-1]) + 1
    if 0xD800 <= last <= 0xDFFF:  # surrogates are no characters: skip past them
        last = 0xE000
    if last > 0x10FFFF:
        return prefix, prefix + "\U0010ffff"
    return prefix, prefix[:-1] + chr(last)
