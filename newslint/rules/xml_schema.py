"""XML schema: an NITF file, or the NITF inside a NewsML-G2 item, valid against IPTC's schema.

What it checks: the ``<nitf>`` element of an NITF file, and each ``<nitf>`` in an
``<inlineXML>`` of a NewsML-G2 file, against the NITF 3.6 XML Schema of the IPTC (shipped with
newslint, in ``newslint/xsd/`` with its licence). Each error of the validator (libxml2, through
lxml) is one finding, at the start tag of the element it is about, or at the attribute when the
error names one; the message is libxml2's, without the NITF namespace: "Element 'hl2': This
element is not expected. Expected is ( hl1 )." libxml2 reports one error per element content
(the rest of that element is not checked), so fixing one error can reveal the next.

- An NITF without the NITF namespace (the DTD flavour: ``<!DOCTYPE nitf SYSTEM …><nitf>``) is
  validated as if it declared it: the DTD and the schema describe the same structure. With
  ``missing_namespace: report`` it is one finding instead, for clients that require the schema's
  namespace.
- An ``<nitf>`` whose ``version`` names another NITF version ("-//IPTC//DTD NITF 3.4//EN") is
  not checked: newslint ships the NITF 3.6 schema only.
- A NewsML-G2 item itself is not validated: no package registry newslint installs from ships
  the NewsML-G2 schema.
- A file libxml2 will not read as its limits stand (elements nested over 256 deep, a text node
  over 10 MB) is one finding, "Not validated", at the place libxml2 stopped.
- Other formats (plain text, Markdown, HTML) are never read by this rule.

Nothing is fetched: no DTD, no entity, no ``xsi:schemaLocation``; the schema's own imports are
served from the shipped folder only. Entities declared in an unread DTD (``&nbsp;``) are read
as their HTML meaning for validation.

Why: agencies and publishers deliver NITF and NewsML-G2 files to clients whose systems reject a
file that is not valid; a delivery gate catches it before the file leaves.

Bad (nitf): <nitf xmlns="http://iptc.org/std/NITF/2006-10-18/"><body><body.head><hedline><hl2>Talks resume</hl2></hedline></body.head></body></nitf>
Good (nitf): <nitf xmlns="http://iptc.org/std/NITF/2006-10-18/"><body><body.head><hedline><hl1>Talks resume</hl1></hedline></body.head></body></nitf>

Fix safety: no fix. What a valid file needs (an element moved, a required one added, an
attribute value from a list) is an editor's or the delivery system's decision.

Options: ``documents`` (which files: ``nitf``, an NITF file; ``newsml``, the NITF inside a
NewsML-G2 file), ``max_findings`` (per file; the last one says how many more there are),
``missing_namespace`` (``validate`` | ``report``).
"""  # noqa: E501 (the kind's documentation, shown as written by explain, SARIF and docs/rules.md)

from __future__ import annotations

import functools
import re
from pathlib import Path

from newslint.document import OffsetMap, Segment
from newslint.errors import ConfigError
from newslint.files.cache import note_dependency
from newslint.rules import ANY_LANGUAGE, Option, Rule

NITF_NAMESPACE = "http://iptc.org/std/NITF/2006-10-18/"
NITF_VERSION = "-//IPTC//DTD NITF 3.6//EN"
SCHEMA_DIR = Path(__file__).resolve().parent.parent / "xsd"
NITF_SCHEMA = SCHEMA_DIR / "nitf-3-6.xsd"

_START_TAG_NAME = re.compile(r"<[^\s/>]+")
_ATTRIBUTE = re.compile(r"""\s+([^\s=/>]+)\s*=\s*(?:"[^"]*"|'[^']*')""")
_NAMED_ATTRIBUTE = re.compile(r"attribute '(?:\{[^}]*\})?([^']+)'")
_PATH_STEP = re.compile(r"(?P<name>\*|[\w.:-]+)(?:\[(?P<index>\d+)\])?")
_PARSER_ADVICE = re.compile(r",? use XML_PARSE_HUGE option")


class LoadRefused(Exception):
    """A schema tried to load a file from outside its own folder, or a document any file."""


def load_schema(path: Path):
    """Compile the XML Schema at ``path``; its imports and includes are read from its own
    folder and nothing else (no network, no other file), whatever their locations say."""
    from lxml import etree

    path = path.resolve()
    refused: list[str] = []

    class OwnFolderOnly(etree.Resolver):
        def resolve(self, url, public_id, context):
            location = url.removeprefix("file://")
            local = Path(location).resolve()
            if "://" not in location and local.parent == path.parent and local.is_file():
                return self.resolve_filename(str(local), context)
            refused.append(url)
            raise LoadRefused(url)  # libxml2 then fails the import: nothing is read

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False)
    parser.resolvers.add(OwnFolderOnly())
    try:
        return etree.XMLSchema(etree.parse(str(path), parser))
    except etree.XMLSchemaParseError:
        if refused:
            raise LoadRefused(f"{path.name} loads {', '.join(refused)}, outside "
                              f"{path.parent}") from None
        raise


@functools.cache
def nitf_schema():
    """The NITF 3.6 schema, compiled at its first use in a process (a compiled schema does not
    pickle, so it is kept here, not in the cached rule)."""
    return load_schema(NITF_SCHEMA)


# What a document being validated tried to load (a DTD, an entity, an XInclude): each was
# refused, and none is expected, since the parser is told to load none.
refused_loads: list[str] = []


def _document_parser():
    from lxml import etree

    class RefuseAll(etree.Resolver):
        def resolve(self, url, public_id, context):
            refused_loads.append(url)
            raise LoadRefused(url)

    # encoding: the text is the reader's decoded source, re-encoded; its declaration may
    # name another encoding.
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False, encoding="utf-8")
    parser.resolvers.add(RefuseAll())
    return parser


class XmlSchema(Rule):
    __doc__ = __doc__
    kind = "xml_schema"
    languages = ANY_LANGUAGE  # the file's structure, in any language
    default_segments = ("metadata",)
    options = {
        "documents": Option("list[choice]", ["nitf", "newsml"],
                            "files to validate: nitf (an NITF file), newsml (the NITF inside "
                            "a NewsML-G2 file)", ("nitf", "newsml")),
        "max_findings": Option("int", 20, "findings per file at most"),
        "missing_namespace": Option("choice", "validate",
                                    "an NITF without the NITF namespace: validate it as NITF "
                                    "3.6, or report it", ("validate", "report")),
    }

    def prepare(self) -> None:
        if self.config["max_findings"] < 1:
            raise ConfigError(f"option 'max_findings' of rule {self.id!r} must be 1 or more, "
                              f"not {self.config['max_findings']}")
        for schema_file in sorted(SCHEMA_DIR.glob("*.xsd")):  # a new schema is new findings
            note_dependency(schema_file)

    def check(self, document):
        if document.format not in self.config["documents"]:
            return
        from lxml import etree

        data = document.source.encode("utf-8", "surrogatepass")
        try:
            root = etree.fromstring(data, _document_parser())
        except etree.XMLSyntaxError as error:
            yield self._not_validated(document, error)
            return
        errors = []  # (the validated <nitf>, a log entry or None for its namespace)
        for nitf in [root] if document.format == "nitf" else _inline_nitf(root):
            if nitf.get("version", NITF_VERSION) != NITF_VERSION:
                continue
            if etree.QName(nitf).namespace != NITF_NAMESPACE:
                if self.config["missing_namespace"] == "report":
                    errors.append((nitf, None))
                    continue
                _into_nitf_namespace(nitf)
            _substitute_entities(nitf)
            schema = nitf_schema()
            if not schema.validate(nitf):
                errors.extend((nitf, entry) for entry in schema.error_log)
        if not errors:
            return
        places = _Places(document.source, data, root)
        limit = self.config["max_findings"]
        for number, (nitf, entry) in enumerate(errors[:limit], 1):
            if entry is None:
                start, end = places.tag_name(nitf)
                message = (f"Element '{etree.QName(nitf).localname}' is not in the NITF "
                           f'namespace; NITF 3.6 declares xmlns="{NITF_NAMESPACE}"')
            else:
                element = _element_at(nitf, entry.path)
                named = _NAMED_ATTRIBUTE.search(entry.message)
                place = places.attribute(element, named[1]) if named else None
                start, end = place or places.tag_name(element)
                message = entry.message.replace("{" + NITF_NAMESPACE + "}", "")
            if number == limit and len(errors) > limit:
                message += (f" ({len(errors) - limit} more schema errors in this file; "
                            f"max_findings is {limit})")
            yield self._at(document, start, end, message)

    def _at(self, document, start: int, end: int, message: str):
        anchor = Segment("metadata", document.source[start:end],
                         OffsetMap.identity(start, end - start))
        return self.violation(anchor, 0, end - start, message)

    def _not_validated(self, document, error):
        """A file expat read but libxml2 refuses (its limits): where libxml2 stopped, whose
        columns are 1-based code points."""
        line, column = error.position
        message = _PARSER_ADVICE.sub("", error.msg.removesuffix(f", line {line}, column {column}"))
        starts = document.lines.starts
        line = max(1, min(line, len(starts)))
        line_end = starts[line] if line < len(starts) else len(document.source)
        offset = min(starts[line - 1] + max(column, 1) - 1, line_end)
        return self._at(document, offset, offset, f"Not validated: libxml2 stops here: {message}")


def _local(element) -> str:
    from lxml import etree

    return etree.QName(element).localname


def _inline_nitf(root) -> list:
    """The <nitf> elements a NewsML-G2 file carries in its <inlineXML> elements."""
    from lxml import etree

    return [element for element in root.iter(etree.Element)
            if _local(element) == "nitf" and element.getparent() is not None
            and _local(element.getparent()) == "inlineXML"]


def _into_nitf_namespace(nitf) -> None:
    """Put the elements of a <nitf> without the NITF namespace (those in the namespace of the
    <nitf> itself) into it, as its DTD means them; elements of other namespaces stay."""
    from lxml import etree

    namespace = etree.QName(nitf).namespace
    for element in nitf.iter(etree.Element):
        name = etree.QName(element)
        if name.namespace == namespace:
            element.tag = f"{{{NITF_NAMESPACE}}}{name.localname}"


def _substitute_entities(nitf) -> None:
    """libxml2's validator stops at an entity reference (one declared in a DTD nobody read,
    as ``&nbsp;`` in older NITF): read it as its HTML meaning, as the reader does."""
    import html

    from lxml import etree

    for entity in list(nitf.iter(etree.Entity)):
        text = html.unescape(entity.text) + (entity.tail or "")
        previous, parent = entity.getprevious(), entity.getparent()
        if previous is not None:
            previous.tail = (previous.tail or "") + text
        else:
            parent.text = (parent.text or "") + text
        parent.remove(entity)  # and its tail, now moved before it


def _element_at(root, path: str | None):
    """The element a libxml2 node path ("/*/*[2]/ns0:media[2]") names under ``root``, the
    validated element (its first step); unnamed elements count all element siblings."""
    from lxml import etree

    element = root
    for step in (path or "").strip("/").split("/")[1:]:
        match = _PATH_STEP.fullmatch(step)
        if match is None:  # an attribute or a text node: the element that holds it
            break
        children = [child for child in element if isinstance(child.tag, str)]
        if match["name"] != "*":
            prefix, _, name = match["name"].rpartition(":")
            children = [child for child in children
                        if etree.QName(child).localname == name and (child.prefix or "") == prefix]
        index = int(match["index"] or 1) - 1
        if index >= len(children):
            break
        element = children[index]
    return element


class _Places:
    """Source offsets of elements and attributes. libxml2's validator gives a line and no
    column (the line where the start tag ends); the n-th element of lxml's tree is the n-th
    start tag expat reports, whose byte index the reader's converter makes a code point."""

    def __init__(self, source: str, data: bytes, root):
        from xml.parsers import expat

        from lxml import etree

        from newslint.readers._markup import _ByteToChar

        self.source = source
        self.order = {element: n for n, element in enumerate(root.iter(etree.Element))}
        to_char = _ByteToChar(source, data)
        parser = expat.ParserCreate(encoding="UTF-8")
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        self.starts: list[int] = []
        parser.StartElementHandler = lambda *_: self.starts.append(to_char(parser.CurrentByteIndex))
        parser.Parse(data, True)

    def tag_name(self, element) -> tuple[int, int]:
        """``<name`` of the element's start tag."""
        start = self.starts[self.order[element]]
        return start, _START_TAG_NAME.match(self.source, start).end()

    def attribute(self, element, name: str) -> tuple[int, int] | None:
        """``name="value"`` in the element's start tag (any prefix), if it is there."""
        position = self.tag_name(element)[1]
        while match := _ATTRIBUTE.match(self.source, position):
            if match[1].rpartition(":")[2] == name:
                return match.start(1), match.end()
            position = match.end()
        return None


RULE = XmlSchema
