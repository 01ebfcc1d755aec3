"""proselint's checks, read through its public surface while a rule compiles.

The one module of the adapter that imports proselint, whose hundred check modules are slow to
import: only compiling a rule does it. proselint gives its checks as data: the register
``proselint.checks.__register__`` holds ``Check`` named tuples, each with a check type (a named
tuple of word lists and patterns), an engine with its options, flags and an offset;
``plan_for`` copies them into a plan (``plans.py``). A check written as a function has no data
to read: ``uncomparables_existence`` reads the two uncomparables checks from their module's
word lists, and the other functions run through proselint at lint time.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from newslint.rules.proselint import plans


@lru_cache(maxsize=1)
def all_checks() -> tuple:
    """Every check proselint registers, in its order (read from its modules: proselint's
    ``CheckRegistry`` is process-global and filled by its command line)."""
    import proselint.checks

    return tuple(proselint.checks.__register__)


@lru_cache(maxsize=1)
def default_paths() -> tuple[str, ...]:
    """The check paths proselint enables when its configuration names none."""
    from proselint.config import DEFAULT

    return tuple(path for path, enabled in DEFAULT["checks"].items() if enabled)


def select(wanted: Iterable[str], ignored: Iterable[str] = ()) -> tuple:
    """The checks under a path of ``wanted`` (proselint's defaults when it is empty) and under
    none of ``ignored``, in proselint's order. A path that no check is under is a
    ``LookupError`` naming it ("typography" is over "typography.symbols")."""
    checks = all_checks()
    wanted, ignored = tuple(wanted) or default_paths(), tuple(ignored)
    for path in (*wanted, *ignored):
        if not any(check.matches_partial(path) for check in checks):
            raise LookupError(path)
    return tuple(check for check in checks
                 if any(map(check.matches_partial, wanted))
                 and not any(map(check.matches_partial, ignored)))


@lru_cache(maxsize=1)
def install_record() -> tuple[str, ...]:
    """The file listing proselint's installed files with their hashes (its RECORD), which
    changes whenever proselint is installed anew: a compiled rule holds copies of its data."""
    from importlib.metadata import PackageNotFoundError, distribution

    try:
        files = distribution("proselint").files or ()
    except PackageNotFoundError:  # pragma: no cover - proselint is a dependency
        return ()
    return tuple(str(f.locate()) for f in files
                 if f.name == "RECORD" and f.parent.name.endswith(".dist-info"))


def plan_for(check) -> plans.Plan:
    """The plan of a proselint ``Check``: its data run as its check type runs it, or, for a
    check written as code (or a type newslint does not know), proselint running it."""
    from proselint.registry.checks import engine as engines
    from proselint.registry.checks import types

    about = {"path": check.path, "message": check.message,
             "allow_quotes": bool(check.flags.allow_quotes),
             "ppm_threshold": check.flags.ppm_threshold, "offset": tuple(check.offset)}
    kind = check.check_type
    if callable(kind):
        kind = uncomparables_existence(check) or kind
    if type(check.engine) not in (engines.Fast, engines.Fancy):
        kind = None
    engine = plans.Engine(fancy=type(check.engine) is engines.Fancy,
                          case_insensitive=bool(check.engine.opts.case_insensitive),
                          multi_line=bool(check.engine.opts.multi_line))
    if type(kind) is types.ExistenceSimple and check.path == "lexical_illusions":
        # newslint's repeated-phrase pattern in place of proselint's: see search.py. It has a
        # backreference, which only ``re`` runs.
        return plans.RepeatedPhrases(exceptions=tuple(kind.exceptions),
                                     engine=engine._replace(fancy=True), **about)
    if type(kind) is types.Existence:
        return plans.Existence(items=tuple(kind.items), padding=_format(kind.padding),
                               exceptions=tuple(kind.exceptions), engine=engine, **about)
    if type(kind) is types.ExistenceSimple:
        return plans.ExistenceSimple(pattern=kind.pattern, exceptions=tuple(kind.exceptions),
                                     engine=engine, **about)
    if type(kind) in (types.PreferredForms, types.PreferredFormsSimple):
        plan = (plans.PreferredForms if type(kind) is types.PreferredForms
                else plans.PreferredFormsSimple)
        return plan(items=dict(kind.items), padding=_format(kind.padding), engine=engine,
                    **about)
    if type(kind) is types.Consistency:
        return plans.Consistency(term_pairs=tuple(map(tuple, kind.term_pairs)), engine=engine,
                                 **about)
    if type(kind) is types.ReverseExistence:
        return plans.ReverseExistence(allowed=frozenset(kind.allowed), tokenizer=kind.TOKENIZER,
                                      engine=engine, **about)
    return plans.FunctionCheck(index=next(i for i, c in enumerate(all_checks()) if c is check),
                               **about)


def _format(padding) -> str:
    """A padding (a str enum in proselint) as a plain format string."""
    return str(getattr(padding, "value", padding))


def uncomparables_existence(check):
    """The ``Existence`` that proselint's uncomparables check ``check`` builds each time it
    runs, or None for any other check.

    proselint 0.16 writes its two uncomparables checks as functions that build an Existence of
    every comparator-adjective pair of its module's word lists, so the checks themselves hold
    no data; this builds the same Existence from the same word lists. As data, the fast check
    joins the RE2 gate and the fancy one (a ``re`` alternation of lookbehinds, the slowest
    check there is) runs only the pairs whose words a text holds.
    """
    from itertools import product

    from proselint.checks import uncomparables as module
    from proselint.registry.checks import Padding, types

    if check is module.check_uncomparables:
        return types.Existence(items=tuple(
            rf"{comparator}\s+{adjective}"
            for comparator, adjective in product(module.COMPARATORS, module.UNCOMPARABLES)
            if (comparator, adjective) not in module.EXCEPTIONS))
    if check is module.check_fancy_uncomparables:
        return types.Existence(items=tuple(
            rf"(?<!at\s)\b{comparator}\s+{adjective}\b"
            for comparator, adjective in product(module.FANCY_COMPARATORS, module.UNCOMPARABLES)
        ), padding=Padding.RAW)
    return None
