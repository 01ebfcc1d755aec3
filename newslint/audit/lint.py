"""One article of an audit: a pure function of its bytes, its path and its ruleset.

Workers (forked by the local engine, or Dask's, on any machine) never receive compiled rules:
compiled rules hold Aho-Corasick automata and RE2 patterns that only pickle carries, and a
process that builds them itself builds them once. A task names the config it needs by a
*config reference* (``config:<file>`` or ``ruleset:<name or file>``), which each process
loads once (``config_for``), and the *ruleset version* the parent computed from the same
config: a worker whose files differ (another newslint, an edited names file on that machine)
reports it instead of silently linting by other rules.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

# Characters of the line kept on each side of a match, for the report's contexts.
CONTEXT = 60

# Per process: each config reference's loaded config (its compiled rulesets inside), and each
# ruleset's version, computed once.
_CONFIGS: dict = {}
_VERSIONS: dict[int, tuple[object, str]] = {}


def config_ref(config, ruleset_option: str | None) -> str:
    """How a worker finds ``config``: its file, or the ruleset it is (``--ruleset``, or the
    bundled house style when no config file applies)."""
    if config.path is not None:
        return f"config:{config.path}"
    name = ruleset_option or "house"
    if os.sep in name or name.endswith((".yaml", ".yml")):
        name = str(Path(name).resolve())
    return f"ruleset:{name}"


def config_for(ref: str):
    """The config a reference names, loaded once per process."""
    config = _CONFIGS.get(ref)
    if config is None:
        from newslint.config import load_config, ruleset_config

        kind, _, where = ref.partition(":")
        config = load_config(Path(where)) if kind == "config" else ruleset_config(where)
        _CONFIGS[ref] = config
    return config


def remember(ref: str, config) -> None:
    """Use ``config`` (found by the parent, fresh) for ``ref`` in this process and the workers
    it forks, instead of loading it again."""
    _CONFIGS[ref] = config


def ruleset_version(ruleset) -> str:
    """``name@hash``: the hash of every rule (id, kind, severity, parts, options) and of the
    content of the data files its matchers were built from, and newslint's version. The same
    on every machine for the same rules; paths and timestamps are not part of it."""
    known = _VERSIONS.get(id(ruleset))
    if known is not None and known[0] is ruleset:
        return known[1]
    from newslint import __version__
    from newslint.config.ruleset import _COMPILED, rule_behaviour

    files_of = {id(rule): files for rule, files, _ in _COMPILED.values()}
    digest = hashlib.sha256(__version__.encode())
    data_files = set()
    for rule in sorted(ruleset.rules, key=lambda r: r.id):
        digest.update(repr((rule.id, rule_behaviour(rule))).encode())
        data_files.update(files_of.get(id(rule), ()))
    for name in sorted(data_files, key=lambda n: Path(n).name):
        try:
            digest.update(Path(name).read_bytes())
        except OSError:
            digest.update(b"missing")
    version = f"{ruleset.name}@{digest.hexdigest()[:12]}"
    _VERSIONS[id(ruleset)] = (ruleset, version)
    return version


def lint_article(path: str, data: bytes | Exception, ref: str, expected: str | None,
                 input_format: str | None = None) -> tuple[tuple, list[tuple]]:
    """The article's row and its findings' rows (``parquet.ARTICLE_FIELDS`` and
    ``FINDING_FIELDS``). ``data`` is the error met reading the article, if it could not be.

    Every error lands in the article's row, so one bad article never stops an audit: an
    input error (binary, undecodable, too large) as its message, anything else as a bug.
    """
    from newslint.errors import NewslintError

    version = expected
    try:
        if isinstance(data, Exception):
            raise data
        config = config_for(ref)
        version = ruleset_version(config.ruleset_for(path))
        if expected is not None and version != expected:
            from newslint.errors import ConfigError

            raise ConfigError(f"this worker's rules are {version}, the audit's {expected}: "
                              "every worker needs the same newslint, rulesets and data files")
        return _rows(path, data, config, version, input_format)
    except NewslintError as error:
        message, bug = str(error), error.exit_code == 3
    except Exception as error:  # a bug, met in this article: say which, and go on
        from newslint.runner import internal_error

        message, bug = internal_error(error), True
    if not message.startswith(path):
        message = f"{path}: {message}"
    return error_row(path, message, version, bug, input_format), []


def error_row(path: str, message: str, version: str | None, bug: bool,
              input_format: str | None) -> tuple:
    """The articles-table row of an article that could not be linted (``message`` names it)."""
    from newslint.readers import format_for

    return (path, format_for(path, input_format) or "txt", None, 0, None, None, None, None,
            version, message, bug)


def _rows(path: str, data: bytes, config, version: str, input_format: str | None):
    from newslint import pipeline
    from newslint.audit.metadata import article_metadata

    document, findings = pipeline.lint_text(path, data, config, input_format)
    words = document.word_count()
    date, section, byline, language = article_metadata(document)
    article = (path, document.format, words, len(findings), date, section, byline, language,
               version, None, False)
    rows = []
    for finding in findings:
        before, after = document.context(finding.start, finding.end, CONTEXT)
        fix = finding.fix
        rows.append((path, document.format, finding.segment_kind, finding.line, finding.column,
                     finding.end_line, finding.end_column, finding.rule, finding.severity,
                     finding.message, finding.match, fix.replacement if fix else None,
                     fix.applicability if fix else None, before, after, version,
                     date, section, byline, language, words))
    return article, rows
