#!/usr/bin/env python3
"""Validates a SARIF file against the SARIF 2.1.0 JSON schema vendored here
(see SCHEMA.md) and prints a summary of it for FileCheck:

  rule <id> [helpUri=<uri>] [short="<shortDescription>"] [help markdown]
  result <ruleId> <level> <file>:<line>:<col> <message> [fp=<fingerprint>] [in <function>()] [<baselineState>]
    related <file>:<line>:<col> <message>
    flow step <executionOrder> <file>:<line>:<col> <message>
    fix "<description>"
      replace <file> <startLine>:<startCol>-<endLine>:<endCol> "<text>"

  validate.py FILE.sarif

Exit 1 (and the validator's errors) when the file does not validate, or
when a code flow is out of order: its steps' executionOrder must count up
from 1 and its steps must be the result's related locations (the notes) in
their order, then the result's own location.
"""

import json
import os
import sys

import jsonschema  # python3-jsonschema

HERE = os.path.dirname(os.path.abspath(__file__))
SCHEMA = os.path.join(HERE, "sarif-schema-2.1.0-rtm.5.json")


def where(loc):
    phys = loc.get("physicalLocation", loc)
    art = phys.get("artifactLocation", {})
    reg = phys.get("region", {})
    base = "$" + art["uriBaseId"] + "/" if "uriBaseId" in art else ""
    return "%s%s:%s:%s" % (base, art.get("uri", "?"), reg.get("startLine", 0),
                           reg.get("startColumn", 0))


def flow_errors(result):
    """What is out of order in a result's code flows."""
    errors = []
    related = [(where(r), r["message"]["text"]) for r in result.get("relatedLocations", [])]
    own = (where(result["locations"][0]), result["message"]["text"])
    expected = related if related and related[-1] == own else related + [own]
    for flow in result.get("codeFlows", []):
        for thread in flow["threadFlows"]:
            steps = thread["locations"]
            if [s.get("executionOrder") for s in steps] != list(range(1, len(steps) + 1)):
                errors.append("%s: executionOrder is not 1, 2, ..." % own[0])
            got = [(where(s["location"]), s["location"]["message"]["text"]) for s in steps]
            if got != expected:
                errors.append("%s: the steps are not the notes in order, then the result" % own[0])
    return errors


def main():
    with open(sys.argv[1]) as f:
        log = json.load(f)
    with open(SCHEMA) as f:
        schema = json.load(f)
    validator = jsonschema.Draft4Validator(schema)
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
    for e in errors:
        print("INVALID: %s: %s" % ("/".join(str(p) for p in e.path), e.message))
    if errors:
        return 1
    disorder = [e for run in log["runs"] for r in run.get("results", []) for e in flow_errors(r)]
    for e in disorder:
        print("INVALID: " + e)
    if disorder:
        return 1
    print("valid SARIF %s" % log["version"])
    for run in log["runs"]:
        print("tool %s rules %s" % (run["tool"]["driver"]["name"],
                                    ",".join(r["id"] for r in run["tool"]["driver"].get("rules", []))))
        for rule in run["tool"]["driver"].get("rules", []):
            if "helpUri" in rule:
                print('rule %s helpUri=%s short="%s"%s' % (
                    rule["id"], rule["helpUri"], rule["shortDescription"]["text"],
                    " help markdown" if "markdown" in rule.get("help", {}) else ""))
        for r in run.get("results", []):
            fp = r.get("partialFingerprints", {})
            function = (r.get("properties") or {}).get("function")
            print("result %s %s %s %s [fp=%s]%s%s" % (
                r["ruleId"], r.get("level", "warning"), where(r["locations"][0]),
                r["message"]["text"], ",".join(fp.values()),
                " in " + function + "()" if function else "",
                " " + r["baselineState"] if "baselineState" in r else ""))
            for rel in r.get("relatedLocations", []):
                print("  related %s %s" % (where(rel), rel.get("message", {}).get("text", "")))
            for flow in r.get("codeFlows", []):
                for thread in flow["threadFlows"]:
                    for step in thread["locations"]:
                        print("  flow step %d %s %s" % (step["executionOrder"], where(step["location"]),
                                                        step["location"]["message"]["text"]))
            for fix in r.get("fixes", []):
                print('  fix "%s"' % fix["description"]["text"])
                for change in fix["artifactChanges"]:
                    for rep in change["replacements"]:
                        reg = rep["deletedRegion"]
                        print('    replace %s %s:%s-%s:%s "%s"' % (
                            change["artifactLocation"]["uri"], reg.get("startLine"),
                            reg.get("startColumn"), reg.get("endLine"), reg.get("endColumn"),
                            rep.get("insertedContent", {}).get("text", "").replace("\n", "\\n")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
