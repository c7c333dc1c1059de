"""The administrative divisions of Henan (GB/T 2260, as shipped by python-stdnum).

Offices follow the divisions: the province (410000), its 17 prefecture-level cities plus
Jiyuan (419001, directly administered by the province, treated as a city), and the counties,
county-level cities and districts under them. Townships/streets are not in GB/T 2260; they are
added by administrators (and a demo set ships in ``data/townships_demo.csv``).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from stdnum import numdb

HENAN = "410000"
JIYUAN = "419001"

# pypinyin reads a few place names with the wrong sound; the official romanisation wins.
_PINYIN_OVERRIDES = {
    "长垣": "Changyuan", "长葛": "Changge", "漯河": "Luohe", "南乐": "Nanle", "魏都": "Weidu",
    "殷都": "Yindu", "浚": "Xun", "召陵": "Shaoling", "荥阳": "Xingyang", "泌阳": "Biyang",
    "陕州": "Shanzhou", "郏": "Jia", "叶": "Ye", "睢阳": "Suiyang", "睢": "Sui",
}
_SUFFIXES = (  # (Chinese suffix, English suffix), longest first
    ("回族区", " Hui District"), ("省", " Province"), ("市", " City"), ("县", " County"),
    ("区", " District"), ("街道", " Subdistrict"), ("镇", " Town"), ("乡", " Township"),
)


@dataclass(frozen=True)
class Division:
    """One division with the office level it has in the platform."""

    code: str
    name_zh: str
    name_en: str
    level: str
    parent_code: str | None


def romanise(name_zh: str) -> str:
    """``金水区`` → ``Jinshui District``; ``管城回族区`` → ``Guancheng Hui District``."""
    from pypinyin import lazy_pinyin

    stem, suffix_en = name_zh, ""
    for suffix_zh, english in _SUFFIXES:
        if name_zh.endswith(suffix_zh) and len(name_zh) > len(suffix_zh):
            stem, suffix_en = name_zh[: -len(suffix_zh)], english
            break
    word = _PINYIN_OVERRIDES.get(stem) or "".join(lazy_pinyin(stem)).capitalize()
    return f"{word}{suffix_en}"


def _current_name(history: str) -> str | None:
    """The name in force today from a history like ``[1986-1989]义马市,[1997-]济源市``."""
    last = history.split(",")[-1]
    if not last.startswith("["):
        return last
    years, name = last[1:].split("]", 1)
    return name if years.endswith("-") else None


@functools.cache
def henan_divisions() -> tuple[Division, ...]:
    """Province, cities and counties of Henan in force today, in code order."""
    province = next(entry for entry in numdb.get("cn/loc").prefixes if entry[1] == "41")
    result = [Division(HENAN, "河南省", "Henan Province", "province", None)]
    for _length, low, high, props, _children in province[4]:
        code = "41" + low
        name = _current_name(props.get("county", ""))
        if low != high or name is None or code == HENAN or name == "市辖区":
            continue
        if code == JIYUAN:
            result.append(Division(code, name, romanise(name), "city", HENAN))
        elif code.endswith("00"):
            if code.startswith("4190"):  # 省直辖县级行政单位: a grouping, not an office
                continue
            result.append(Division(code, name, romanise(name), "city", HENAN))
        else:
            result.append(Division(code, name, romanise(name), "county", code[:4] + "00"))
    return tuple(result)
