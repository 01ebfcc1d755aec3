"""JUnit XML, as CI test-report views read it: a test suite per file, a failing case per finding."""

from __future__ import annotations

from itertools import groupby
from xml.etree import ElementTree as ET

from newslint.formatters import text_line, xml_safe


def render(report, stream) -> None:
    total = len(report.findings)
    root = ET.Element("testsuites", name="newslint", tests=str(max(total, 1)), failures=str(total),
                      errors=str(report.files_failed))
    if not report.findings:
        suite = ET.SubElement(root, "testsuite", name="newslint", tests="1", failures="0",
                              errors="0")
        ET.SubElement(suite, "testcase", name=f"{report.files_checked} files checked",
                      classname="newslint")
    for path, group in groupby(report.findings, key=lambda f: f.path):
        findings = list(group)
        suite = ET.SubElement(root, "testsuite", name=path, tests=str(len(findings)),
                              failures=str(len(findings)), errors="0")
        for f in findings:
            case = ET.SubElement(suite, "testcase", name=f"{f.rule} at {f.line}:{f.column}",
                                 classname=path, file=path, line=str(f.line))
            failure = ET.SubElement(case, "failure", message=f.message, type=f.rule)
            failure.text = text_line(f)
    ET.indent(root)
    stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    stream.write(xml_safe(ET.tostring(root, encoding="unicode")))
    stream.write("\n")
