#!/usr/bin/python3
"""Reads an mlgate JUnit report with junitparser (Debian's python3-junitparser, the parser many
CI report tools build on) and checks that it tells the same story as the JSON verdict of the
same run: the same counts, one test case per result with the same outcome, names and messages
that survived escaping intact.

Usage: junit_agrees_with_json.py REPORT.xml VERDICT.json
Exits 0 when they agree; otherwise prints every disagreement and exits 1.
"""
import collections
import json
import sys

from junitparser import Error, Failure, JUnitXml, Skipped, TestSuite


def xml_chars(text):
    """The text as XML 1.0 can carry it: characters XML forbids are dropped (as mlgate does)."""
    def allowed(c):
        o = ord(c)
        return (o in (0x9, 0xA, 0xD) or 0x20 <= o <= 0xD7FF or 0xE000 <= o <= 0xFFFD
                or o >= 0x10000)
    return "".join(c for c in text if allowed(c))


def outcome_of(case):
    kinds = {type(r) for r in case.result}
    if Failure in kinds:
        return "fail"
    if Error in kinds:
        return "error"
    if Skipped in kinds:
        return "skip"
    return "pass"  # JUnit has no "warn": a warning is a passing test case


def message_of(case):
    for r in case.result:
        return r.message
    return None


def main(xml_path, json_path):
    problems = []
    with open(json_path, encoding="utf-8") as f:
        verdict = json.load(f)
    report = JUnitXml.fromfile(xml_path)
    suites = [report] if isinstance(report, TestSuite) else list(report)

    seen = collections.Counter()
    messages = collections.defaultdict(list)
    system_out = collections.defaultdict(list)
    totals = collections.Counter()
    for suite in suites:
        walked = collections.Counter()
        for case in suite:
            outcome = outcome_of(case)
            walked[outcome] += 1
            seen[(case.classname, case.name, outcome)] += 1
            messages[(case.classname, case.name, outcome)].append(message_of(case))
            system_out[(case.classname, case.name)].append(case.system_out)
        declared = (suite.tests, suite.failures, suite.errors, suite.skipped)
        counted = (sum(walked.values()), walked["fail"], walked["error"], walked["skip"])
        if declared != counted:
            problems.append(f"suite {suite.name!r}: attributes (tests, failures, errors, skipped) "
                            f"= {declared}, its test cases = {counted}")
        totals.update(walked)

    counts = verdict["counts"]
    expected_totals = {"pass": counts["pass"] + counts["warn"], "fail": counts["fail"],
                       "error": counts["error"], "skip": counts["skip"]}
    for outcome, n in expected_totals.items():
        if totals[outcome] != n:
            problems.append(f"{outcome}: JUnit has {totals[outcome]}, JSON counts say {n}")
    if len(verdict["results"]) != sum(counts.values()):
        problems.append("JSON counts do not add up to the number of results")

    if isinstance(report, JUnitXml):
        top = (report.tests, report.failures, report.errors)
        want = (sum(counts.values()), counts["fail"], counts["error"])
        if top != want:
            problems.append(f"<testsuites> (tests, failures, errors) = {top}, JSON says {want}")

    gate = verdict["gate"] or "mlgate"
    expected = collections.Counter()
    for r in verdict["results"]:
        classname = xml_chars(f"{gate}.{r['check'] or 'check'}")
        name = xml_chars(r["subject"] or r["check"])
        outcome = "pass" if r["outcome"] == "warn" else r["outcome"]
        expected[(classname, name, outcome)] += 1
        key = (classname, name, outcome)
        if r["message"] and r["outcome"] in ("fail", "error", "skip"):
            if xml_chars(r["message"]) not in messages.get(key, []):
                problems.append(f"{key}: message {r['message']!r} not found as written; "
                                f"JUnit has {messages.get(key)}")
        if r["outcome"] == "warn":
            outs = [o or "" for o in system_out.get((classname, name), [])]
            if not any(o.startswith("warning: ") and xml_chars(r["message"]) in o for o in outs):
                problems.append(f"{key}: warning not in <system-out>: {outs}")
    if expected != seen:
        missing = expected - seen
        extra = seen - expected
        problems.append(f"test cases differ from JSON results: missing {dict(missing)}, "
                        f"unexpected {dict(extra)}")

    for p in problems:
        print(f"{xml_path}: {p}")
    if not problems:
        print(f"{xml_path}: agrees with {json_path} ({sum(totals.values())} test cases in "
              f"{len(suites)} suites)")
    return 1 if problems else 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2]))
