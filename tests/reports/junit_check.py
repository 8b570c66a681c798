"""Reads a JUnit XML file the way CI plugins do (with junitparser) and prints what it found as
JSON: the declared totals, and per suite and test case the name, classname, result and failure
message. The Rust test `consumer` compares this with what the run was.

Usage: python3 junit_check.py REPORT.xml
"""

import json
import sys

from junitparser import Error, Failure, JUnitXml, Skipped


def result_of(case):
    for result in case.result:
        if isinstance(result, Failure):
            kind = "failure"
        elif isinstance(result, Error):
            kind = "error"
        elif isinstance(result, Skipped):
            kind = "skipped"
        else:
            continue
        return {
            "result": kind,
            "message": result.message,
            "type": result.type,
            "text": result.text,
        }
    return {"result": "passed", "message": None, "type": None, "text": None}


def main(path):
    xml = JUnitXml.fromfile(path)
    suites = []
    for suite in xml:
        cases = []
        for case in suite:
            entry = {
                "name": case.name,
                "classname": case.classname,
                "time": case.time,
                "file": case._elem.get("file"),
                "line": case._elem.get("line"),
                "system_out": case.system_out,
            }
            entry.update(result_of(case))
            cases.append(entry)
        suites.append(
            {
                "name": suite.name,
                "tests": suite.tests,
                "failures": suite.failures,
                "errors": suite.errors,
                "skipped": suite.skipped,
                "timestamp": suite.timestamp,
                "properties": {p.name: p.value for p in suite.properties()},
                "cases": cases,
            }
        )
    print(
        json.dumps(
            {
                "name": xml.name,
                "tests": xml.tests,
                "failures": xml.failures,
                "errors": xml.errors,
                "skipped": xml.skipped,
                "suites": suites,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main(sys.argv[1])
