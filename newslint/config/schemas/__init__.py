"""JSON Schemas for rulesets and configs, shipped so that editors validate and complete them.

The schemas are generated from the code (rule kinds and their declared options, segment kinds,
severities, bundled rulesets), so they cannot drift from what the loader accepts: after adding
a kind or an option, run ``python -m newslint.config.schemas`` (a test fails until you do).
"""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
DRAFT = "https://json-schema.org/draft/2020-12/schema"


def schema_path(name: str) -> Path:
    return HERE / f"{name}.schema.json"


def _strings(item: dict | None = None) -> dict:
    item = item or {"type": "string"}
    return {"anyOf": [item, {"type": "array", "items": item}]}


def _option_schema(option) -> dict:
    kind = option.type
    schema = {
        "str": {"type": "string"}, "bool": {"type": "boolean"},
        "int": {"type": "integer", "minimum": option.minimum},
        "dict": {"type": "object"}, "regex": {"type": "string", "format": "regex"},
        "path": {"type": "string"}, "list": _strings(),
        "list[regex]": _strings({"type": "string", "format": "regex"}),
        "choice": {"enum": list(option.choices)},
        "list[choice]": _strings({"enum": list(option.choices)}),
    }.get(kind, {})
    return {**schema, "description": option.doc}


def _definitions() -> dict:
    from newslint.config.ruleset import RULE_ID, bundled_names
    from newslint.document import SEGMENT_KINDS
    from newslint.findings import SEVERITIES
    from newslint.readers import FORMATS
    from newslint.rules import kind_names, load_kind

    kinds = kind_names()
    per_kind = []
    for name in kinds:
        kind = load_kind(name)
        options = {key: _option_schema(option) for key, option in sorted(kind.options.items())}
        per_kind.append({
            "if": {"required": ["kind"], "properties": {"kind": {"const": name}}},
            "then": {"properties": {"options": {"type": "object", "additionalProperties": False,
                                                "properties": options}}},
        })
    segment = {"enum": list(SEGMENT_KINDS)}
    text = {"type": "string", "minLength": 1}
    example = {"anyOf": [text, {
        "type": "object", "required": ["text"], "additionalProperties": False,
        "properties": {"text": text, "as": segment, "format": {"enum": sorted(FORMATS)}},
        "not": {"required": ["as", "format"]},
    }]}
    example_list = {"anyOf": [
        {"$ref": "#/$defs/example"},
        {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/example"}},
    ]}
    return {
        "example": example,
        "extends": {
            "description": "Bundled rulesets by name, or ruleset files relative to this file.",
            **_strings({"anyOf": [{"enum": bundled_names()},
                                  {"type": "string", "pattern": r"(/|\.ya?ml$)"}]}),
        },
        "rule": {
            "type": ["object", "null"],
            "additionalProperties": False,
            "properties": {
                "kind": {"enum": kinds,
                         "description": "The rule kind (a module of newslint.rules)."},
                "severity": {"enum": [*SEVERITIES, "off", False]},
                "segments": {"anyOf": [segment, {"type": "array", "items": segment}]},
                "description": {"type": "string", "description": "What is wrong, in one line."},
                "doc": {
                    "type": "object", "additionalProperties": False,
                    "description": "The rule's documentation, shown by `newslint explain`.",
                    "properties": {
                        "why": {"type": "string", "description": "Why it matters."},
                        "bad": {"type": "string", "description": "An example the rule flags."},
                        "good": {"type": "string", "description": "The example as it should be."},
                        "as": {"type": "string", "description": "What the examples are: a "
                               "segment kind or a file format (default: a plain-text article)."},
                        "fix_safety": {"type": "string", "description": "What its fix may "
                                       "change unread, or why there is none."},
                    },
                },
                "in_quotes": {"type": "boolean"},
                "options": {"type": "object"},
                "examples": {
                    "type": "object",
                    "description": "Texts the rule must find something in (match) and nothing "
                                   "in (no_match); `newslint try` and the test suite check them.",
                    "additionalProperties": False,
                    "minProperties": 1,
                    "properties": {"match": example_list, "no_match": example_list},
                },
                "replaces": {
                    "description": "Rules of the current ruleset this one supersedes "
                                   "(`newslint try` compares their counts).",
                    **_strings({"type": "string", "pattern": f"^{RULE_ID.pattern}$"}),
                },
            },
            "allOf": per_kind,
        },
        "rules": {
            "type": ["object", "null"],
            "description": ("Rules by id (family.name); an entry without 'kind' refines the "
                            "inherited rule."),
            "propertyNames": {"pattern": f"^{RULE_ID.pattern}$"},
            "additionalProperties": {"$ref": "#/$defs/rule"},
        },
    }


def ruleset_schema() -> dict:
    return {
        "$schema": DRAFT,
        "$id": "https://pypi.org/project/newslint/ruleset.schema.json",
        "title": "newslint ruleset",
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "name": {"type": "string"},
            "description": {"type": "string"},
            "language": {"type": "string", "pattern": r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$",
                         "description": "The language its rules are written for (a BCP 47 tag, "
                                        "such as en); text marked as another is not read."},
            "extends": {"$ref": "#/$defs/extends"},
            "rules": {"$ref": "#/$defs/rules"},
        },
        "$defs": _definitions(),
    }


def _vocabulary_definitions() -> dict:
    name = {"type": "string", "minLength": 1, "pattern": r"^\S(.*\S)?$"}
    return {
        "names": {
            "type": "object",
            "description": "The newsroom's own names: each preferred form with its variants, "
                           "merged into the names dictionary (and winning where they disagree).",
            "propertyNames": name,
            "additionalProperties": {"anyOf": [name, {"type": "array", "minItems": 1,
                                                      "items": name}]},
        },
        "accept": {"description": "Words and phrases the names rules never flag.",
                   **_strings(name)},
    }


def vocabulary_schema() -> dict:
    return {
        "$schema": DRAFT,
        "$id": "https://pypi.org/project/newslint/vocabulary.schema.json",
        "title": "newslint names vocabulary (the file a config's `names:` names)",
        "type": "object",
        "additionalProperties": False,
        "anyOf": [{"required": ["names"]}, {"required": ["accept"]}],
        "properties": {"names": {"$ref": "#/$defs/names"}, "accept": {"$ref": "#/$defs/accept"}},
        "$defs": _vocabulary_definitions(),
    }


def config_schema() -> dict:
    from newslint.document import SEGMENT_KINDS

    names = {"description": "Rule ids or families.", **_strings()}
    globs = {"description": "Globs (gitignore syntax) relative to the config's directory.",
             **_strings()}
    return {
        "$schema": DRAFT,
        "$id": "https://pypi.org/project/newslint/config.schema.json",
        "title": "newslint configuration (.newslint.yaml or [tool.newslint])",
        "type": ["object", "null"],
        "additionalProperties": False,
        "properties": {
            "extends": {"$ref": "#/$defs/extends"},
            "rules": {"$ref": "#/$defs/rules"},
            "select": names,
            "ignore": names,
            "files": globs,
            "exclude": globs,
            "overrides": {"type": "array", "items": {
                "type": "object", "required": ["files"], "additionalProperties": False,
                "properties": {"files": globs, "rules": {"$ref": "#/$defs/rules"},
                               "select": names, "ignore": names},
            }},
            "front_matter": {
                "type": "object",
                "description": ("Front-matter keys readers recognise, each mapped to the "
                                "segment kind it holds."),
                "additionalProperties": {"enum": list(SEGMENT_KINDS)},
            },
            "encoding": {"type": "string", "description": "The encoding of files that are not "
                         "UTF-8 and declare none (legacy archives: cp1252)."},
            "html": {
                "type": "object",
                "description": "HTML selectors (tag, .class, #id, [attr=value], combined), each "
                               "mapped to the segment kind the element holds, or skip.",
                "additionalProperties": {"enum": [*SEGMENT_KINDS, "skip"]},
            },
            "names": {"anyOf": [{"type": "string", "description": "A vocabulary file, relative "
                                 "to this file (vocabulary.schema.json)."},
                                {"$ref": "#/$defs/names"}]},
            "accept": {"$ref": "#/$defs/accept"},
            "baseline": {"type": "string", "minLength": 1,
                         "description": "The baseline file, relative to this file: findings "
                                        "already published, which check does not report "
                                        "(`newslint baseline` writes it)."},
        },
        "$defs": {**_definitions(), **_vocabulary_definitions()},
    }


SCHEMAS = {"ruleset": ruleset_schema, "config": config_schema, "vocabulary": vocabulary_schema}


def render(name: str) -> str:
    return json.dumps(SCHEMAS[name](), indent=2, ensure_ascii=False) + "\n"



def write_all() -> None:
    for schema_name in SCHEMAS:
        schema_path(schema_name).write_text(render(schema_name), encoding="utf-8")
