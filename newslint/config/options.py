"""Rule options as a ruleset gives them, checked against the types a kind declares
(``newslint.rules.Option``) and turned into the plain values the kind is built with."""

from __future__ import annotations

import re
from pathlib import Path

from newslint.config.rulespecs import RuleSpec, bundled_dir, fail
from newslint.rules import Option


def coerce_option(spec: RuleSpec, name: str, option: Option, value):
    where_path, where_line = spec.option_lines.get(name, (spec.path, spec.line))

    def must_be(expected: str):
        fail(f"option {name!r} of rule {spec.id!r} must be {expected}, not {value!r}",
              where_path, where_line)

    kind = option.type
    if kind == "any":
        return value
    if kind == "str":
        if not isinstance(value, str):
            must_be("a string")
        return value
    if kind == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            must_be("a whole number")
        if value < option.minimum:
            must_be(f"{option.minimum} or more")
        return value
    if kind == "bool":
        if not isinstance(value, bool):
            must_be("true or false")
        return value
    if kind == "list":
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            must_be("a list of strings")
        return list(value)
    if kind == "dict":
        if not isinstance(value, dict):
            must_be("a mapping")
        return value
    if kind in ("regex", "list[regex]"):
        values = [value] if kind == "regex" or isinstance(value, str) else value
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            must_be("a regular expression" if kind == "regex" else "a list of regular expressions")
        from newslint.config.regex_safety import pattern_problem

        for pattern in values:
            try:
                re.compile(pattern)
            except re.error as error:
                fail(f"option {name!r} of rule {spec.id!r}: {pattern!r} is not a valid regular "
                      f"expression: {error}", where_path, where_line)
            problem = pattern_problem(pattern)
            if problem:
                fail(f"option {name!r} of rule {spec.id!r}: {pattern!r} {problem}",
                      where_path, where_line)
        return value if kind == "regex" else list(values)
    if kind == "path":
        if not isinstance(value, str):
            must_be("a file path")
        resolved = Path(value) if Path(value).is_absolute() else Path(where_path).parent / value
        if not resolved.is_file():
            bundled = bundled_dir() / value
            if bundled.is_file():
                return bundled
            fail(f"option {name!r} of rule {spec.id!r}: file not found: {value}", where_path,
                 where_line)
        return resolved
    if kind == "choice":
        if value not in option.choices:
            must_be("one of " + ", ".join(map(str, option.choices)))
        return value
    if kind == "list[choice]":
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or any(v not in option.choices for v in value):
            must_be("a list of " + ", ".join(map(str, option.choices)))
        return list(value)
    raise AssertionError(f"undeclared option type {kind}")


def without_positions(value):
    """Options without the YAML position wrappers: compiled rules pickle without PyYAML."""
    if isinstance(value, dict):
        return {k: without_positions(v) for k, v in value.items()}
    if isinstance(value, list):
        return [without_positions(v) for v in value]
    return value

