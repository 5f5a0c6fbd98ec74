"""Rule files: loading, validation errors (each with file, line, rule id, field), overrides, safety."""

import pathlib
import textwrap

import pytest

import procedure
from procedure import RuleError
from procedure.ruleset import load_rules, validate_paths

GOOD = """
rules:
  - id: local.test.rule
    title: {uk: Тест, en: Test}
    kind: act_by
    party: person
    trigger: {events: [appeal_filed]}
    versions:
      - in_force: {from: 2020-01-01}
        period: {days: 10}
        convention: kas_120
    basis: [{act: "2747-IV", article: "120"}]
    confidence: official_text
    verified: 2026-11-27
"""


def write(tmp_path, text, name="local.yaml"):
    d = tmp_path / "rules"
    d.mkdir(exist_ok=True)
    (d / name).write_text(textwrap.dedent(text), encoding="utf-8")
    return d


def problems_for(tmp_path, text):
    d = write(tmp_path, text)
    with pytest.raises(RuleError) as exc:
        load_rules([d])
    return exc.value.problems


def test_bundled_rules_load():
    rs = procedure.load_rules()
    assert len(rs.rules) >= 10
    assert rs.digest and rs.version.startswith("sha256:")
    for r in rs.rules:
        assert r.basis and r.title.uk and r.title.en and r.verified


def test_user_rule_dir_adds_rules(tmp_path):
    rs = load_rules([write(tmp_path, GOOD)])
    assert "local.test.rule" in rs.index()


def test_overrides_and_disable(tmp_path):
    text = (GOOD.replace("rules:", "overrides:").replace("local.test.rule", "kas.289.bail_payment")
            .replace("days: 10", "days: 7").replace("[appeal_filed]", "[bail_ordered]"))
    text += "disable: [kas.289.hearing]\n"
    rs = load_rules([write(tmp_path, text)])
    assert rs.by_id("kas.289.bail_payment").versions[0].period.days == 7
    assert "kas.289.hearing" not in rs.index()


def test_duplicate_id_needs_override(tmp_path):
    probs = problems_for(tmp_path, GOOD.replace("local.test.rule", "kas.289.appeal"))
    assert any(p.message == "duplicate rule id" and p.rule_id == "kas.289.appeal" for p in probs)


def test_unknown_event_type_with_suggestion_and_line(tmp_path):
    probs = problems_for(tmp_path, GOOD.replace("[appeal_filed]", "[apeal_filed]"))
    p = next(p for p in probs if p.message == "unknown event type")
    assert p.field == "trigger.events" and p.rule_id == "local.test.rule" and "appeal_filed" in p.expected
    assert p.location == "line 7" and p.source.endswith("local.yaml")


def test_unknown_convention(tmp_path):
    probs = problems_for(tmp_path, GOOD.replace("convention: kas_120", "convention: kas_999"))
    assert any(p.message == "unknown convention" and p.field == "versions[0].convention" for p in probs)


def test_overlapping_versions(tmp_path):
    text = GOOD.replace("""        convention: kas_120
""", """        convention: kas_120
      - in_force: {from: 2021-01-01}
        period: {days: 5}
        convention: kas_120
""")
    probs = problems_for(tmp_path, text)
    assert any(p.message == "versions overlap" for p in probs)


def test_undeclared_attribute(tmp_path):
    text = GOOD.replace("trigger: {events: [appeal_filed]}", "trigger: {events: [court_decision], when: [{attr: colour, eq: red}]}")
    probs = problems_for(tmp_path, text)
    assert any(p.message == "attribute not declared for the trigger event" and p.found == "colour" for p in probs)


def test_enum_value_checked(tmp_path):
    text = GOOD.replace("trigger: {events: [appeal_filed]}", "trigger: {events: [court_decision], when: [{attr: instance, eq: supreme}]}")
    probs = problems_for(tmp_path, text)
    assert any(p.message == "value not allowed for the attribute" for p in probs)


def test_chain_to_unknown_rule_and_cycle(tmp_path):
    text = GOOD.replace("    versions:", "    anchor: {from: deadline, rule: local.nowhere}\n    versions:")
    probs = problems_for(tmp_path, text)
    assert any(p.message == "chain to an unknown rule" for p in probs)
    cyc = GOOD.replace("    versions:", "    anchor: {from: deadline, rule: local.test.other}\n    versions:") + \
        textwrap.indent(textwrap.dedent(GOOD).split("rules:\n", 1)[1].replace("local.test.rule", "local.test.other").replace(
            "    versions:", "    anchor: {from: deadline, rule: local.test.rule}\n    versions:"), "")
    probs = problems_for(tmp_path, cyc)
    assert any(p.message == "chain of deadlines forms a cycle" for p in probs)


def test_schema_errors_all_reported_at_once(tmp_path):
    text = GOOD.replace("kind: act_by", "kind: maybe").replace("party: person", "party: nobody").replace("verified: 2026-11-27", "")
    probs = problems_for(tmp_path, text)
    fields = {p.field for p in probs}
    assert {"kind", "party"} <= fields
    assert any("verified" in p.message for p in probs)
    assert all(p.source and p.location for p in probs)


def test_unknown_field_rejected(tmp_path):
    probs = problems_for(tmp_path, GOOD.replace("    party: person", "    party: person\n    colour: red"))
    assert any("unknown field" in p.message for p in probs)


def test_aliases_refused(tmp_path):
    bomb = "a: &a [x, x, x]\nb: &b [*a, *a, *a]\nc: [*b, *b, *b]\nrules: []\n"
    probs = problems_for(tmp_path, bomb)
    assert any("aliases" in p.message for p in probs)


def test_custom_tags_refused(tmp_path):
    probs = problems_for(tmp_path, "rules: !!python/object/apply:os.system ['echo pwned']\n")
    assert any("invalid YAML" in p.message for p in probs)


def test_invalid_yaml_has_line(tmp_path):
    probs = problems_for(tmp_path, "rules:\n  - id: [unclosed\n")
    assert probs[0].message.startswith("invalid YAML") and probs[0].location.startswith("line")


def test_validate_paths_single_file(tmp_path):
    d = write(tmp_path, GOOD)
    assert validate_paths([d / "local.yaml"]) == []
    bad = write(tmp_path, GOOD.replace("kas_120", "nope"), "bad.yaml")
    probs = validate_paths([bad / "bad.yaml"])
    assert probs and probs[0].source.endswith("bad.yaml")


def test_no_rule_file_uses_eval_or_python_tags():
    root = pathlib.Path(procedure.__file__).resolve().parent
    from procedure._paths import bundled_rules_dir

    for f in bundled_rules_dir().rglob("*.yaml"):
        text = f.read_text(encoding="utf-8")
        assert "!!python" not in text and "&" not in text.split("#")[0][:0]  # aliases are refused by the loader anyway
    src = "\n".join(p.read_text(encoding="utf-8") for p in root.glob("*.py"))
    assert "eval(" not in src and "exec(" not in src


def test_validated_rules_cache(tmp_path, monkeypatch):
    """A file is taken from the cache only while its bytes are unchanged; a change is validated again."""
    from procedure import _cache, ruleset

    monkeypatch.setenv("PROCEDURE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(_cache, "_MEMORY", None)
    d = write(tmp_path, GOOD)
    first = ruleset._load_rules_cached.__wrapped__((str(d),), True)
    assert (tmp_path / "cache").is_dir()
    monkeypatch.setattr(_cache, "_MEMORY", None)  # a new process: read the cache from disk
    second = ruleset._load_rules_cached.__wrapped__((str(d),), True)
    assert second.digest == first.digest and [r.id for r in second.rules] == [r.id for r in first.rules]
    (d / "local.yaml").write_text(textwrap.dedent(GOOD).replace("kind: act_by", "kind: maybe"), encoding="utf-8")
    with pytest.raises(RuleError):
        ruleset._load_rules_cached.__wrapped__((str(d),), True)


def test_digest_does_not_depend_on_location(tmp_path):
    import shutil

    from procedure._paths import bundled_rules_dir
    from procedure import ruleset

    copy = tmp_path / "elsewhere"
    shutil.copytree(bundled_rules_dir(), copy)
    assert ruleset._load_rules_cached.__wrapped__((str(copy),), False).digest == procedure.load_rules().digest


def test_damaged_cache_entry_is_validated_again(tmp_path, monkeypatch):
    """A cache file that is not what we wrote (truncated, edited, foreign) is ignored, never trusted."""
    from procedure import _cache, ruleset

    monkeypatch.setenv("PROCEDURE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(_cache, "_MEMORY", None)
    d = write(tmp_path, GOOD)
    first = ruleset._load_rules_cached.__wrapped__((str(d),), True)
    entries = list(_cache.cache_dir().glob("*.json"))
    assert entries
    for i, f in enumerate(entries):
        f.write_text(["{", "[]", '{"data": 1}', "null"][i % 4], encoding="utf-8")
    monkeypatch.setattr(_cache, "_MEMORY", None)
    again = ruleset._load_rules_cached.__wrapped__((str(d),), True)
    assert again.digest == first.digest and [r.id for r in again.rules] == [r.id for r in first.rules]


def test_martial_law_file_parsed_once_and_checked_every_time(tmp_path, monkeypatch):
    from procedure import _cache
    from procedure.calendar import _load_martial_law_cached, load_martial_law
    from procedure._paths import bundled_rules_dir

    monkeypatch.setenv("PROCEDURE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(_cache, "_MEMORY", None)
    src = bundled_rules_dir() / "calendar" / "martial-law.yaml"
    mine = tmp_path / "ml.yaml"
    mine.write_bytes(src.read_bytes())
    first = load_martial_law(mine)
    _load_martial_law_cached.cache_clear()
    monkeypatch.setattr(_cache, "_MEMORY", None)  # a new process: from the disk cache
    assert load_martial_law(mine) == first
    mine.write_text(src.read_text(encoding="utf-8").replace("days: 30}", "days: -3}", 1), encoding="utf-8")
    _load_martial_law_cached.cache_clear()
    with pytest.raises(procedure.CalendarError, match="positive number of days"):
        load_martial_law(mine)


def test_problem_lines_are_the_same_from_the_cache(tmp_path, monkeypatch):
    """A schema-valid file is cached with only its top-level lines; a problem deep inside it found on a
    later load (a new process) must still name its own line, read from the cache's line entry."""
    from procedure import _cache, ruleset

    monkeypatch.setenv("PROCEDURE_CACHE_DIR", str(tmp_path / "cache"))
    d = write(tmp_path, GOOD.replace("convention: kas_120", "convention: kas_999"))
    found = []
    for _ in range(2):
        monkeypatch.setattr(_cache, "_MEMORY", None)  # each round a new process
        with pytest.raises(RuleError) as exc:
            ruleset._load_rules_cached.__wrapped__((str(d),), True)
        found.append([(p.field, p.location) for p in exc.value.problems])
    assert found[0] == found[1] and any(loc == "line 11" for _, loc in found[0]), found
    assert any(f.name.endswith(".lines.json") for f in _cache.cache_dir().iterdir())


def test_edited_cache_entry_never_blames_the_rule_file(tmp_path, monkeypatch):
    """An entry that is still valid JSON but not what was written (edited, or damaged inside a string)
    fails its checksum: the rules load from their source as if the cache were empty, with no error."""
    import json as _json

    from procedure import _cache, ruleset

    monkeypatch.setenv("PROCEDURE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(_cache, "_MEMORY", None)
    d = write(tmp_path, GOOD)
    first = ruleset._load_rules_cached.__wrapped__((str(d),), True)
    edited = 0
    for f in _cache.cache_dir().glob("*.json"):
        head, _, body = f.read_bytes().partition(b"\n")
        entry = _json.loads(body)
        if isinstance(entry["data"], dict) and entry["data"].get("rules"):
            entry["data"]["rules"][0]["versions"] = "broken"
            f.write_bytes(head + b"\n" + _json.dumps(entry).encode())
            edited += 1
    assert edited
    monkeypatch.setattr(_cache, "_MEMORY", None)
    again = ruleset._load_rules_cached.__wrapped__((str(d),), True)
    assert again.digest == first.digest and again.by_id("local.test.rule").versions == first.by_id("local.test.rule").versions
