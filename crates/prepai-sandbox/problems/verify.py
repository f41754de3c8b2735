#!/usr/bin/env python3
"""Validate the PrepAI coding problem bank and run every reference solution.

Usage:
    python3 verify.py [PROBLEM_DIR] [--only ID[,ID...]] [--no-js] [--quiet]

For every ``<id>.json`` next to this script (or in PROBLEM_DIR) it

1. validates the schema (keys, types, difficulty, id == file name, at least
   5 tests with at least 2 hidden, exactly 3 hints, function names present in
   signature/starter/reference);
2. runs the Python reference (exec + call) and the JavaScript reference
   (``node -e`` with a small driver) against every test, comparing results with
   the problem's ``compare`` options;
3. runs both starters and checks that each one is rejected by at least one test
   (a starter must not accidentally solve the problem).

Comparison rules used here (deliberately no looser than the sandbox's):
- numbers compare by value (``2`` equals ``2.0``); with ``compare.floatTolerance``
  = t, two numbers match when ``|a - b| <= t`` (absolute tolerance only);
- booleans, strings and null must match exactly (``true`` never equals ``1``);
- with ``compare.unorderedLists`` the top-level list is compared as a multiset;
  nested lists are always ordered;
- Python ``None`` / JavaScript ``undefined`` never match an expected value.

It prints per-check totals as ``N passed, M failed`` and exits non-zero on any
failure. Only the Python standard library and a ``node`` binary are needed
(Python 3.10+ for the starters' type annotations).
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import re
import signal
import subprocess
import sys
from collections import Counter

DIFFICULTIES = ("easy", "medium", "hard")
LANGUAGES = ("python", "javascript")
TOP_KEYS = {
    "id": str,
    "title": str,
    "difficulty": str,
    "topics": list,
    "statement": str,
    "languages": dict,
    "tests": list,
    "hints": list,
    "complexity": dict,
}
OPTIONAL_KEYS = {"compare": dict}
LANG_KEYS = ("functionName", "signature", "starter", "reference")
COMPARE_KEYS = ("floatTolerance", "unorderedLists")
ID_RE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")
PY_TIMEOUT_S = 10
JS_TIMEOUT_S = 60

# Node driver: reads {"code", "name", "tests": [args, ...]} on stdin and prints
# one JSON array with an outcome per test: {"value": v}, {"undefined": true}
# or {"error": "message"}.
JS_DRIVER = r"""
const input = require('fs').readFileSync(0, 'utf8');
const job = JSON.parse(input);
let fn;
try {
  fn = new Function(job.code + '\n;return ' + job.name + ';')();
} catch (e) {
  process.stdout.write(JSON.stringify({ loadError: String(e) }));
  process.exit(0);
}
const out = [];
for (const args of job.tests) {
  try {
    const v = fn(...JSON.parse(JSON.stringify(args)));
    if (v === undefined) out.push({ undefined: true });
    else out.push({ value: JSON.parse(JSON.stringify(v)) });
  } catch (e) {
    out.push({ error: String(e && e.message || e) });
  }
}
process.stdout.write(JSON.stringify(out));
"""


class Tally:
    """Counts passed/failed checks and remembers failure messages."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.passed = 0
        self.failed = 0
        self.messages: list[str] = []

    def ok(self) -> None:
        self.passed += 1

    def fail(self, message: str) -> None:
        self.failed += 1
        self.messages.append(message)

    def line(self) -> str:
        return f"{self.name}: {self.passed} passed, {self.failed} failed"


def is_number(x) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def values_equal(actual, expected, tol: float, unordered: bool, top: bool = True) -> bool:
    """Deep comparison. ``unordered`` applies to the top-level list only."""
    if is_number(expected):
        if not is_number(actual):
            return False
        if tol:
            return abs(actual - expected) <= tol
        return actual == expected
    if isinstance(expected, bool) or expected is None or isinstance(expected, str):
        return type(actual) is type(expected) and actual == expected
    if isinstance(expected, list):
        if not isinstance(actual, list) or len(actual) != len(expected):
            return False
        if unordered and top:
            used = [False] * len(actual)
            for e in expected:
                for i, a in enumerate(actual):
                    if not used[i] and values_equal(a, e, tol, unordered, False):
                        used[i] = True
                        break
                else:
                    return False
            return True
        return all(values_equal(a, e, tol, unordered, False) for a, e in zip(actual, expected))
    if isinstance(expected, dict):
        if not isinstance(actual, dict) or set(actual) != set(expected):
            return False
        return all(values_equal(actual[k], expected[k], tol, unordered, False) for k in expected)
    return False


def validate_schema(pid: str, p) -> list[str]:
    """Return a list of schema problems (empty when the problem is well formed)."""
    errs: list[str] = []
    if not isinstance(p, dict):
        return ["top level must be a JSON object"]
    for key, typ in TOP_KEYS.items():
        if key not in p:
            errs.append(f"missing key '{key}'")
        elif not isinstance(p[key], typ):
            errs.append(f"'{key}' must be {typ.__name__}")
    for key in p:
        if key not in TOP_KEYS and key not in OPTIONAL_KEYS:
            errs.append(f"unknown key '{key}'")
    if errs:
        return errs
    if p["id"] != pid:
        errs.append(f"id '{p['id']}' does not match file name '{pid}.json'")
    if not ID_RE.match(p["id"]):
        errs.append(f"id '{p['id']}' is not snake_case")
    if p["difficulty"] not in DIFFICULTIES:
        errs.append(f"difficulty '{p['difficulty']}' not one of {DIFFICULTIES}")
    if not p["title"].strip() or not p["statement"].strip():
        errs.append("title and statement must be non-empty")
    if not p["topics"] or not all(isinstance(t, str) and t for t in p["topics"]):
        errs.append("topics must be a non-empty list of strings")
    if "Example" not in p["statement"]:
        errs.append("statement should contain at least one worked example")
    if len(p["hints"]) != 3 or not all(isinstance(h, str) and h.strip() for h in p["hints"]):
        errs.append("hints must be exactly 3 non-empty strings")
    cx = p["complexity"]
    if set(cx) != {"time", "space"} or not all(isinstance(v, str) and v for v in cx.values()):
        errs.append("complexity must have exactly string keys 'time' and 'space'")
    if set(p["languages"]) != set(LANGUAGES):
        errs.append(f"languages must be exactly {LANGUAGES}")
    else:
        for lang in LANGUAGES:
            spec = p["languages"][lang]
            if not isinstance(spec, dict):
                errs.append(f"languages.{lang} must be an object")
                continue
            missing = [k for k in LANG_KEYS if not isinstance(spec.get(k), str) or not spec[k]]
            extra = [k for k in spec if k not in LANG_KEYS]
            if missing or extra:
                errs.append(f"languages.{lang}: missing {missing}, unknown {extra}")
                continue
            name = spec["functionName"]
            for k in ("signature", "starter", "reference"):
                if not re.search(r"\b" + re.escape(name) + r"\b", spec[k]):
                    errs.append(f"languages.{lang}.{k} does not mention '{name}'")
            if not spec["starter"].startswith(spec["signature"]):
                errs.append(f"languages.{lang}.starter must begin with the signature")
            if lang == "python" and not spec["reference"].lstrip().startswith(
                ("def ", "from ", "import ")
            ):
                errs.append("python reference must start with a def or stdlib import")
            if lang == "javascript":
                if "module.exports" in spec["reference"] or "require(" in spec["reference"]:
                    errs.append("javascript reference must not use require/module.exports")
                if not re.search(r"\bfunction\s+" + re.escape(name) + r"\s*\(", spec["reference"]):
                    errs.append("javascript reference must declare 'function NAME(...)'")
    tests = p["tests"]
    if len(tests) < 5:
        errs.append(f"needs at least 5 tests, has {len(tests)}")
    hidden = 0
    for i, t in enumerate(tests):
        if not isinstance(t, dict) or not isinstance(t.get("args"), list) or "expected" not in t:
            errs.append(f"test {i} must be an object with 'args' (list) and 'expected'")
            continue
        extra = set(t) - {"args", "expected", "hidden"}
        if extra:
            errs.append(f"test {i} has unknown keys {sorted(extra)}")
        if "hidden" in t and not isinstance(t["hidden"], bool):
            errs.append(f"test {i}: 'hidden' must be a bool")
        if t.get("hidden") is True:
            hidden += 1
    if hidden < 2:
        errs.append(f"needs at least 2 hidden tests, has {hidden}")
    if len(tests) - hidden < 1:
        errs.append("needs at least 1 visible test")
    if "compare" in p:
        cmp = p["compare"]
        for k, v in cmp.items():
            if k not in COMPARE_KEYS:
                errs.append(f"compare: unknown option '{k}'")
            elif k == "unorderedLists" and not isinstance(v, bool):
                errs.append("compare.unorderedLists must be true or false")
            elif k == "floatTolerance" and (not is_number(v) or not 0 < v < 1):
                errs.append("compare.floatTolerance must be a number between 0 and 1")
    return errs


class _Timeout(Exception):
    pass


def _alarm(_signum, _frame):
    raise _Timeout()


def run_python(code: str, name: str, tests: list) -> list[dict]:
    """Exec ``code`` and call ``name`` on each test's args; outcomes like the JS driver."""
    ns: dict = {"__name__": "prepai_problem"}
    try:
        exec(compile(code, f"<{name}>", "exec"), ns)
        fn = ns[name]
    except Exception as e:  # noqa: BLE001 - any load error is a reportable failure
        return [{"error": f"load: {type(e).__name__}: {e}"} for _ in tests]
    out = []
    has_alarm = hasattr(signal, "SIGALRM")  # not on Windows: run without a time limit there
    old = signal.signal(signal.SIGALRM, _alarm) if has_alarm else None
    try:
        for t in tests:
            if has_alarm:
                signal.alarm(PY_TIMEOUT_S)
            try:
                v = fn(*copy.deepcopy(t["args"]))
                # Round-trip through JSON so tuples become lists, like the sandbox sees them.
                out.append({"undefined": True} if v is None else {"value": json.loads(json.dumps(v))})
            except _Timeout:
                out.append({"error": f"timed out after {PY_TIMEOUT_S}s"})
            except Exception as e:  # noqa: BLE001
                out.append({"error": f"{type(e).__name__}: {e}"})
            finally:
                if has_alarm:
                    signal.alarm(0)
    finally:
        if has_alarm:
            signal.signal(signal.SIGALRM, old)
    return out


def run_js(code: str, name: str, tests: list) -> list[dict]:
    """Run ``code`` in node via ``node -e`` and call ``name`` on each test's args."""
    job = json.dumps({"code": code, "name": name, "tests": [t["args"] for t in tests]})
    try:
        proc = subprocess.run(
            ["node", "-e", JS_DRIVER],
            input=job,
            capture_output=True,
            text=True,
            timeout=JS_TIMEOUT_S,
        )
    except FileNotFoundError:
        return [{"error": "node not found on PATH"} for _ in tests]
    except subprocess.TimeoutExpired:
        return [{"error": f"node timed out after {JS_TIMEOUT_S}s"} for _ in tests]
    if proc.returncode != 0:
        return [{"error": f"node exited {proc.returncode}: {proc.stderr.strip()[-400:]}"} for _ in tests]
    res = json.loads(proc.stdout)
    if isinstance(res, dict):
        return [{"error": f"load: {res['loadError']}"} for _ in tests]
    return res


def check_outcomes(pid, lang, outcomes, tests, tol, unordered, tally, quiet) -> None:
    for i, (o, t) in enumerate(zip(outcomes, tests)):
        if "value" in o and values_equal(o["value"], t["expected"], tol, unordered):
            tally.ok()
            continue
        got = o.get("error") or ("None/undefined" if o.get("undefined") else o.get("value"))
        msg = f"{pid} [{lang}] test {i}: expected {short(t['expected'])}, got {short(got)}"
        tally.fail(msg)
        if not quiet:
            print("FAIL " + msg)


def check_starter(pid, lang, outcomes, tests, tally) -> None:
    """A starter must load, run without error, return None/undefined, and so fail some test."""
    errors = [o["error"] for o in outcomes if "error" in o]
    returned = [o["value"] for o in outcomes if "value" in o]
    fails_some = any("value" not in o or o["value"] != t["expected"] for o, t in zip(outcomes, tests))
    if errors:
        msg = f"{pid} [{lang}]: starter raised instead of returning nothing: {short(errors[0])}"
    elif returned:
        msg = f"{pid} [{lang}]: starter returned {short(returned[0])} instead of None/undefined"
    elif not fails_some:
        msg = f"{pid} [{lang}]: starter passes every test"
    else:
        tally.ok()
        return
    tally.fail(msg)
    print("FAIL " + msg)


def short(v) -> str:
    s = v if isinstance(v, str) else json.dumps(v)
    return s if len(s) <= 200 else s[:200] + "..."


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dir", nargs="?", default=os.path.dirname(os.path.abspath(__file__)))
    ap.add_argument("--only", help="comma-separated problem ids to check")
    ap.add_argument("--no-js", action="store_true", help="skip JavaScript (no node available)")
    ap.add_argument("--quiet", action="store_true", help="print totals only")
    opts = ap.parse_args()

    files = sorted(f for f in os.listdir(opts.dir) if f.endswith(".json"))
    if opts.only:
        wanted = set(opts.only.split(","))
        files = [f for f in files if f[:-5] in wanted]
    if not files:
        print(f"no problem files found in {opts.dir}", file=sys.stderr)
        return 2

    schema = Tally("schema")
    refs = {lang: Tally(f"{lang} reference tests") for lang in LANGUAGES}
    starters = Tally("starters run and rejected")
    by_diff: Counter = Counter()
    titles: dict[str, str] = {}

    for fname in files:
        pid = fname[:-5]
        path = os.path.join(opts.dir, fname)
        try:
            with open(path, encoding="utf-8") as fh:
                p = json.load(fh)
        except (OSError, json.JSONDecodeError) as e:
            schema.fail(f"{pid}: cannot load: {e}")
            print(f"FAIL {pid}: cannot load: {e}")
            continue
        errs = validate_schema(pid, p)
        if isinstance(p, dict) and isinstance(p.get("title"), str):
            if p["title"] in titles:
                errs.append(f"title '{p['title']}' duplicates {titles[p['title']]}")
            titles[p["title"]] = pid
        if errs:
            for e in errs:
                schema.fail(f"{pid}: {e}")
                print(f"FAIL {pid}: schema: {e}")
            continue
        schema.ok()
        by_diff[p["difficulty"]] += 1
        cmp = p.get("compare", {})
        tol = float(cmp.get("floatTolerance", 0.0))
        unordered = bool(cmp.get("unorderedLists", False))
        tests = p["tests"]
        for lang in LANGUAGES:
            if lang == "javascript" and opts.no_js:
                continue
            spec = p["languages"][lang]
            runner = run_python if lang == "python" else run_js
            outs = runner(spec["reference"], spec["functionName"], tests)
            check_outcomes(pid, lang, outs, tests, tol, unordered, refs[lang], opts.quiet)
            check_starter(pid, lang, runner(spec["starter"], spec["functionName"], tests), tests, starters)

    print()
    for t in (schema, *refs.values(), starters):
        print(t.line())
    print(
        "problems by difficulty: "
        + ", ".join(f"{d} {by_diff[d]}" for d in DIFFICULTIES)
        + f" (total {sum(by_diff.values())})"
    )
    failed = schema.failed + starters.failed + sum(t.failed for t in refs.values())
    total_passed = schema.passed + starters.passed + sum(t.passed for t in refs.values())
    print(f"TOTAL: {total_passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
