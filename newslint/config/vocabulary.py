"""A newsroom's own names: the vocabulary a config gives with ``names:`` and ``accept:``.

```yaml
# .newslint.yaml (or, with `names: names.yaml`, a vocabulary file holding these two keys)
names:                           # preferred form: its variants
  Navalnyy: [Navalny, Navalni]
  Zelensky: [Zelenskyy]          # a house that keeps the older spelling
accept: [Odessa]                 # words and phrases never flagged by the names rules
```

The vocabulary is merged into every rule that reads the names dictionary, where it wins: an
entry for a variant the newsroom maps gives way to the newsroom's, keeping what the dictionary
knows about the variant itself (the phrases in which it is right, whether its fix is safe); an
entry flagging a form the newsroom prefers or accepts is dropped, and one inside such a phrase
gets the phrase as an exception; an entry that writes a form the newsroom rejects writes the
newsroom's instead ("Zelenskiy" -> "Zelensky"). So no two rules ever ask for each other's
spelling, and ``fix`` never meets a contradiction. The names themselves are added to the
rules that read every group of the dictionary (``names.spelling``), not to those that pick
groups (``names.context``).

Everything is checked when the config loads, and each mistake is an error at file:line (exit
2): a variant that is its own preferred form, one mapped to two names, a name that is both a
preferred form and a variant, an accepted word that is also a variant.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, replace
from pathlib import Path

from newslint.config.rulespecs import fail
from newslint.errors import ConfigError

VOCABULARY_KEYS = ("names", "accept")
VOCABULARY_SHAPE = ("a YAML mapping with 'names' (preferred form: [variants]) and optionally "
                    "'accept'")
_EXAMPLE = "as in `Navalnyy: [Navalny, Navalni]`"


@dataclass(frozen=True)
class Vocabulary:
    """What a config says about names, checked; plain data, so compiled rules pickle it."""

    sources: tuple[str, ...]  # the files it was read from, for `explain` and `show --config`
    names: tuple[tuple[str, tuple[str, ...]], ...]  # (preferred form, its variants)
    accept: tuple[str, ...] = ()

    def __str__(self) -> str:
        variants = sum(len(v) for _, v in self.names)
        counts = [_count(len(self.names), "name"), _count(variants, "variant")]
        if self.accept:
            counts.append(f"{len(self.accept)} accepted")
        return f"{', '.join(self.sources)} ({', '.join(counts)})"

    def merged(self, entries: list, adds: bool) -> list:
        """The substitution entries of a rule with this vocabulary merged in (see above);
        ``adds``: the rule reads every group of the dictionary, so the names join it."""
        from newslint.analysis.matcher import TermMatcher, fold
        from newslint.config.ruledata import Entry

        newsroom_form = {fold(v): p for p, variants in self.names for v in variants}
        rejected = TermMatcher({v: p for p, variants in self.names for v in variants})
        protected = [*(p for p, _ in self.names), *self.accept]
        exact = {fold(phrase) for phrase in protected}
        known = {}  # what the dictionary knows about a variant the newsroom maps elsewhere
        result = []
        for entry in entries:
            variant = fold(entry.variant)
            if variant in exact:
                continue
            if variant in newsroom_form:
                known.setdefault(variant, entry)
                continue
            # Its fix must not write what the newsroom rejects ("Alexei Navalny" for a house
            # that writes "Navalnyy"): the newsroom's spelling goes in.
            preferred = _respelt(entry.preferred, rejected)
            if preferred != entry.preferred:
                if fold(preferred) == variant:
                    continue  # the newsroom's spelling makes the variant right
                entry = replace(entry, preferred=preferred, note="")  # its note was about the old
            result.append(entry)
        if adds:
            for preferred, variants in self.names:
                for variant in variants:
                    old = known.get(fold(variant))
                    if old is None:
                        result.append(Entry(variant, preferred))
                    else:
                        same = fold(old.preferred) == fold(preferred)
                        result.append(Entry(variant, preferred, old.exceptions, old.applicability,
                                            old.note if same else ""))
        return _with_phrases(result, protected)


def leaves_alone(vocabulary: Vocabulary | None, name: str) -> bool:
    """Whether the vocabulary already says ``name`` is right: accepted, or a preferred form."""
    from newslint.analysis.matcher import fold

    if vocabulary is None:
        return False
    return fold(name) in {fold(word) for word in (*vocabulary.accept,
                                                  *(p for p, _ in vocabulary.names))}


def with_accepted(vocabulary: Vocabulary | None, name: str) -> Vocabulary:
    """The vocabulary with ``name`` added to ``accept``, as a file listing it would read;
    ConfigError where the newsroom maps it as a variant (it rejects that spelling)."""
    from newslint.analysis.matcher import fold

    vocabulary = vocabulary or Vocabulary((), ())
    for preferred, variants in vocabulary.names:
        if fold(name) in {fold(variant) for variant in variants}:
            raise ConfigError(f"{name!r} is a variant of {preferred!r} in the house names")
    return replace(vocabulary, accept=(*vocabulary.accept, name))


def _respelt(text: str, rejected) -> str:
    """``text`` with each whole-word variant the newsroom rejects written its way."""
    from newslint.analysis import Analysis

    parts, position = [], 0
    for start, end, preferred in rejected.find(Analysis(text)):
        parts += [text[position:start], preferred]
        position = end
    return "".join(parts) + text[position:] if parts else text


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _with_phrases(entries: list, phrases: list[str]) -> list:
    """The entries, each with the protected phrases its variant stands in as a whole word as
    exceptions ("Odessa" in an accepted "Odessa Young"): one pass over the phrases for all
    the variants."""
    from newslint.analysis.matcher import Automaton, fold
    from newslint.analysis.text import is_whole_word

    if not phrases or not entries:
        return entries
    automaton = Automaton((key, key) for key in {fold(entry.variant) for entry in entries})
    inside: dict[str, list[str]] = {}
    for phrase in phrases:
        folded = fold(phrase)
        for end_index, key in automaton.iter(folded):
            if is_whole_word(folded, end_index + 1 - len(key), end_index + 1):
                found = inside.setdefault(key, [])
                if phrase not in found:
                    found.append(phrase)
    return [replace(entry, exceptions=entry.exceptions + tuple(inside[fold(entry.variant)]))
            if inside.get(fold(entry.variant)) else entry for entry in entries]



def vocabulary_of_config(data, path: Path) -> Vocabulary | None:
    """The vocabulary a config's ``names`` (a mapping, or a vocabulary file beside it) and
    ``accept`` give, or None; ConfigError at file:line for any mistake."""
    if "names" not in data and "accept" not in data:
        return None
    reader = _Reader()
    value = data.get("names")
    if isinstance(value, str):
        file = Path(value) if Path(value).is_absolute() else path.parent / value
        if not file.is_file():
            problem = (f"{value} is not a file" if file.exists()
                       else f"names file not found: {value}")
            fail(f"{problem} ('names' is a vocabulary file, or a mapping of "
                  f"preferred forms to their variants, {_EXAMPLE})", path, data.line_of("names"))
        reader.file(file.resolve())
    elif value is not None:
        reader.names(value, path, data.line_of("names"))
        reader.sources.append(str(path))
    if data.get("accept") is not None:
        reader.accept(data["accept"], path, data.line_of("accept"))
        if str(path) not in reader.sources:
            reader.sources.append(str(path))
    return reader.vocabulary()


class _Reader:
    """Collects names and accepted words from a config and a vocabulary file, each with the
    place it was written, and checks them against each other."""

    def __init__(self):
        self.sources: list[str] = []
        self._names: dict[str, tuple[str, list[str]]] = {}
        # By folded spelling: (preferred form, file, line); (variant, its preferred, file, line).
        self._preferred_at: dict[str, tuple[str, Path, int]] = {}
        self._variant_at: dict[str, tuple[str, str, Path, int]] = {}
        self._accept: list[str] = []
        self._accepted_at: dict[str, tuple[Path, int]] = {}

    def file(self, path: Path):
        from newslint.config.yamlpos import (
            load_yaml_file,  # notes the file: an edit reloads the config
        )

        try:
            data = load_yaml_file(path)
        except ConfigError as error:
            raise ConfigError(f"not a names vocabulary ({VOCABULARY_SHAPE}): {error.message}",
                              str(path), error.line, error.column) from None
        # A file named by a config may be anyone's (`names: /etc/shadow`): until it has the
        # shape of a vocabulary, say what is wrong without quoting it.
        reason, line = None, 1
        if data is None:
            reason = "the file is empty"
        elif not isinstance(data, dict):
            reason = "its top level is not a mapping"
        else:
            unknown = next((key for key in data if key not in VOCABULARY_KEYS), None)
            if unknown is not None:
                reason, line = "a top-level key that is not one of these", data.line_of(unknown)
                # Quoted only when it is plainly a typo of one: nothing else is said about it.
                close = difflib.get_close_matches(str(unknown), VOCABULARY_KEYS, n=1)
                if isinstance(unknown, str) and close:
                    reason = f"unknown key {unknown!r}; did you mean {close[0]!r}?"
            elif not data:
                reason = "it has neither 'names' nor 'accept'"
        if reason is not None:
            fail(f"not a names vocabulary ({VOCABULARY_SHAPE}): {reason}", path, line)
        self.sources.append(str(path))
        if data.get("names") is not None:
            self.names(data["names"], path, data.line_of("names"))
        if data.get("accept") is not None:
            self.accept(data["accept"], path, data.line_of("accept"))

    def names(self, mapping, path: Path, line: int):
        from newslint.analysis.matcher import fold

        if not isinstance(mapping, dict):
            fail(f"'names' must map each preferred form to its variants, {_EXAMPLE}", path, line)
        for preferred, variants in mapping.items():
            at = mapping.line_of(preferred) if hasattr(mapping, "line_of") else line
            self._check_name(preferred, "a preferred form", path, at)
            if variants is None or variants == []:
                fail(f"{preferred!r} has no variants; write `{preferred}: [variant, …]`", path, at)
            if isinstance(variants, str):
                variants, lines = [variants], [at]
            elif isinstance(variants, list):
                lines = [variants.line_of(i) if hasattr(variants, "line_of") else at
                         for i in range(len(variants))]
            else:
                fail(f"the variants of {preferred!r} must be a name or a list of names, "
                      f"{_EXAMPLE}", path, at)
            kept = []
            for variant, variant_line in zip(variants, lines, strict=True):
                self._check_name(variant, f"a variant of {preferred!r}", path, variant_line)
                folded = fold(variant)
                if folded == fold(preferred):
                    same = "is" if variant == preferred else "differs only in case from"
                    fail(f"variant {variant!r} {same} its preferred form {preferred!r}: "
                          "nothing to change", path, variant_line)
                earlier = self._variant_at.get(folded)
                if earlier is not None and fold(earlier[1]) != fold(preferred):
                    fail(f"variant {variant!r} is mapped to {preferred!r} here and to "
                          f"{earlier[1]!r} at {_where(earlier[2], earlier[3], path)}", path,
                          variant_line)
                if earlier is None:
                    self._variant_at[folded] = (variant, preferred, path, variant_line)
                    kept.append(variant)
            self._preferred_at.setdefault(fold(preferred), (preferred, path, at))
            self._names.setdefault(preferred, (preferred, []))[1].extend(kept)

    def accept(self, value, path: Path, line: int):
        if isinstance(value, str):
            value, lines = [value], [line]
        elif isinstance(value, list):
            lines = [value.line_of(i) if hasattr(value, "line_of") else line
                     for i in range(len(value))]
        else:
            fail("'accept' must be a word or a list of words and phrases that the names rules "
                  "never flag", path, line)
        from newslint.analysis.matcher import fold

        for word, word_line in zip(value, lines, strict=True):
            self._check_name(word, "an accepted word", path, word_line)
            self._accepted_at.setdefault(fold(word), (path, word_line))
            if word not in self._accept:
                self._accept.append(word)

    def _check_name(self, value, what: str, path: Path, line: int):
        if isinstance(value, (list, dict)):
            fail(f"{what} must be text, not a {'list' if isinstance(value, list) else 'mapping'}",
                  path, line)
        if not isinstance(value, str):  # YAML read it as a number, a date, true or null
            fail(f"{what} must be text, not {value} (quote it)", path, line)
        if not value.strip():
            fail(f"{what} is empty", path, line)
        if value != value.strip():
            fail(f"{what}, {value!r}, begins or ends with white space", path, line)

    def vocabulary(self) -> Vocabulary:
        for folded, (variant, preferred, path, line) in self._variant_at.items():
            name = self._preferred_at.get(folded)
            if name is not None:
                fail(f"{variant!r} is a variant of {preferred!r} here and a preferred form at "
                      f"{_where(name[1], name[2], path)}: which spelling is right?", path, line)
            accepted = self._accepted_at.get(folded)
            if accepted is not None:
                fail(f"{variant!r} is accepted at {_where(*accepted, path)} and a variant of "
                      f"{preferred!r} here: which is it?", path, line)
        names = tuple((preferred, tuple(variants)) for preferred, variants in self._names.values())
        return Vocabulary(tuple(self.sources), names, tuple(self._accept))


def _where(path: Path, line: int, here: Path) -> str:
    return f"line {line}" if path == here else f"{path}:{line}"
