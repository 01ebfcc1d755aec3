"""Checkstyle XML: ``<file name>`` elements holding
``<error line column severity message source>``."""

from __future__ import annotations

from itertools import groupby
from xml.etree import ElementTree as ET

from newslint.formatters import LEVELS, xml_safe


def render(report, stream) -> None:
    root = ET.Element("checkstyle", version="4.3")
    for path, group in groupby(report.findings, key=lambda f: f.path):
        file = ET.SubElement(root, "file", name=path)
        for f in group:
            ET.SubElement(file, "error", line=str(f.line), column=str(f.column),
                          severity=LEVELS["checkstyle"][f.severity], message=f.message,
                          source=f"newslint.{f.rule}")
    ET.indent(root)
    stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    stream.write(xml_safe(ET.tostring(root, encoding="unicode")))
    stream.write("\n")
