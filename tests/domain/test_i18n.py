"""Both catalogues are complete, and every key the code uses exists."""

from __future__ import annotations

import re
from pathlib import Path
from string import Formatter

import pytest

from convenience_center.i18n import EN, ZH, language_from_header, translate
from convenience_center.i18n.mail import TEMPLATES, render_mail

PACKAGE = Path(__file__).resolve().parents[2] / "convenience_center"


def test_catalogues_have_the_same_keys_and_no_empty_text():
    assert set(EN) == set(ZH)
    assert all(text.strip() for text in (*EN.values(), *ZH.values()))


def test_placeholders_match_between_languages():
    def fields(text: str) -> set[str]:
        return {name for _, name, _, _ in Formatter().parse(text) if name}

    for key in EN:
        assert fields(EN[key]) == fields(ZH[key]), key


def test_chinese_texts_are_chinese():
    untranslated = [k for k, v in ZH.items() if not re.search(r"[\u4e00-\u9fff]", v)
                    and k not in {"nav.switch_language", "nav.switch_language_label"}]
    assert untranslated == []


def test_every_key_used_in_the_code_exists():
    pattern = re.compile(r"""(?:\bt|\btf|translate|_t)\(\s*["']([a-z_]+\.[a-z0-9_.]+)["']""")
    code_pattern = re.compile(
        r"""(?:InvalidValue\(|Refused\(|FieldProblem\(|in_both\(|code=|FieldError\([^,()]+,\s*|single\([^,()]+,\s*"""
        r"""|_code\s*=\s*|\]\s*=\s*|\{"[a-z_]+":\s*)["']([a-z_]+\.[a-z_]+)["']""")
    used: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        used.update(pattern.findall(text))
        if path.parts[-2] in {"services", "domain", "state"}:
            # error codes raised as InvalidValue("x.y") / Refused("x.y") / FieldError(field, "x.y")
            used.update(code_pattern.findall(text))
    missing = sorted(key for key in used if key not in EN)
    assert missing == []


@pytest.mark.parametrize(("header", "expected"), [
    ("en-US,en;q=0.9", "en"),
    ("zh-CN,zh;q=0.9,en;q=0.8", "zh"),
    ("fr-FR,en;q=0.5", "en"),
    ("fr-FR,de;q=0.5", "zh"),
    ("", "zh"),
    (None, "zh"),
    ("en;q=0.3,zh-TW;q=0.8", "zh"),
    ("garbage;;q=x", "zh"),
])
def test_first_visit_language_follows_the_browser(header, expected):
    assert language_from_header(header) == expected


def test_translate_fills_placeholders_and_falls_back_to_chinese():
    assert translate("admin.results", "en", count=3) == "3 accounts"
    assert translate("admin.results", "fr", count=3) == "共 3 个账号"


@pytest.mark.parametrize("template", sorted(TEMPLATES))
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_mail_templates_render_in_both_languages(template: str, lang: str):
    params = {name for text in TEMPLATES[template][lang] for _, name, _, _ in
              Formatter().parse(text) if name}
    subject, body = render_mail(template, lang, **{p: f"<{p}>" for p in params})
    assert subject and body
    assert "{" not in body


def test_singular_forms_belong_to_messages_with_the_same_placeholders():
    from convenience_center.i18n import EN_ONE

    def fields(text: str) -> set[str]:
        return {name for _, name, _, _ in Formatter().parse(text) if name}

    assert EN_ONE
    for key, singular in EN_ONE.items():
        assert key in EN, key
        assert fields(singular) == fields(EN[key]), key


@pytest.mark.parametrize(("count", "en", "zh"), [
    (1, "1 copy", "1 份"), (2, "2 copies", "2 份"), (0, "0 copies", "0 份")])
def test_counts_take_the_form_of_their_number(count: int, en: str, zh: str):
    from convenience_center.i18n import translate_count

    assert translate_count("guide.copies", "en", count) == en
    assert translate_count("guide.copies", "zh", count) == zh
    assert translate_count("guide.promised", "en", 1, days=1) == "Promised time: 1 working day"


@pytest.mark.parametrize(("total", "en"), [
    (1, "1 of 1 step answered"), (3, "1 of 3 steps answered")])
def test_step_counts_take_the_form_of_their_total(total: int, en: str):
    from convenience_center.i18n import translate_count

    assert translate_count("apply.draft_progress", "en", total, done=1, total=total) == en
    assert translate_count("apply.draft_progress", "zh", total, done=1, total=total) == \
        f"已完成 1/{total} 步"
    assert translate_count("apply.flow_total", "en", total, total=total) == \
        f"The application now has {total} step{'s' if total > 1 else ''}."


def test_required_answers_quote_the_question_whole():
    from datetime import date

    from convenience_center.domain.services import get_matter
    from convenience_center.domain.wizard import FieldProblem, clean_value

    _, matter = get_matter("two-child-floating", "apply")
    field = next(f for s in matter.steps for f in s.fields if f.name == "first_child_origin")
    with pytest.raises(FieldProblem) as problem:
        clean_value(field, "", today=date(2026, 11, 26))
    message = problem.value.message
    assert message.en == "Choose an answer for “Whose child is this?”"
    assert message.zh == "请选择“现有子女为”"


# Keys are looked up by their literal (t("nav.home"), Refused("case.changed")), built from a
# pattern (t(f"level.{level}")) or from a prefix ("audit.action." + name); text that only
# looks like a pattern is left out: audit action names, not messages.
CATALOGUE_MODULES = {p for p in (PACKAGE / "i18n").glob("*.py") if p.name != "__init__.py"}
NOT_MESSAGES = {"case.{name}"}
_LITERAL = re.compile(r"""["']([a-z_]+\.[a-z0-9_.]+)["']""")
_BUILT = re.compile(r"""(?<!action=)\bf["']([a-z_]+\.[^"'\s]*\{[^"']*)["']""")


def unused_keys(keys: set[str], sources: list[str]) -> list[str]:
    """The keys that no source names: not by their literal, a pattern or a prefix."""
    text = "\n".join(sources)
    literals = set(_LITERAL.findall(text))
    prefixes = tuple(q for q in literals if q[-1] in "._")
    patterns = [re.compile(re.sub(r"\\\{.*?\\\}|\\\{.*$", "[a-z0-9_]+", re.escape(built)))
                for built in set(_BUILT.findall(text)) - NOT_MESSAGES]
    return sorted(k for k in keys if k not in literals and not k.startswith(prefixes)
                  and not any(p.fullmatch(k) for p in patterns))


def test_every_key_in_the_catalogues_is_used():
    sources = [p.read_text(encoding="utf-8") for p in PACKAGE.rglob("*.py")
               if p not in CATALOGUE_MODULES]
    assert unused_keys(set(EN), sources) == []


def test_the_check_finds_a_key_nothing_names():
    sources = ['t("nav.home")', 'key = f"level.{matter.level}"', '"audit.action." + name',
               'action=f"case.{action.name}"']
    keys = {"nav.home", "level.county", "audit.action.login.success", "case.accept",
            "nav.gone"}
    assert unused_keys(keys, sources) == ["case.accept", "nav.gone"]
