#!/usr/bin/env python3
"""Validate the PrepAI interviewer question bank.

Loads every ``<type>.toml`` in this directory (or the directory given as the
first argument), checks the schema and every rubric rule a script can check,
prints totals per interview type and exits non-zero on any failure.

Checks: all 8 type files present, ``type`` equals the file name, no unknown
fields; ids unique across files, kebab-case, prefixed by type; per type at least
18 questions, 3 background, 12 technical, 3 problem_solving and 4 of each
difficulty; text and every follow-up hold exactly one ``?`` (at the end) and no
markdown; 2-3 distinct hints; 2-5 key points of 4-10 lowercase spoken terms of at
most 5 words; Amazon questions map to 1-2 real Leadership Principles and all 16
are covered; other principles are known competencies; STAR questions carry
situation/task/action/result points plus a competency point. Terms are compared
the way the interviewer's matcher compares them (same word splitting, same
Snowball stemmer), and a term fails when it is generic, only stopwords,
hyphenated without a spaced or joined twin, repeated inside the question, said
by the question text, by a vague or buzzword answer, by a hint, or by any
follow-up; a key point's first term must not say another point's term.

Usage: python3 validate.py [QUESTIONS_DIR]
       python3 validate.py --self-test   (checks the checker itself)
Requires only the Python 3.11+ standard library (``tomllib``).
"""

from __future__ import annotations

import re
import sys
import tomllib
from collections import Counter
from functools import cache, lru_cache
from pathlib import Path

# Interview type key -> required id prefix for its questions.
TYPES = {
    "google_sde": "gsde-",
    "amazon_sde": "amzn-",
    "microsoft_sde": "msde-",
    "aws_solutions_architect": "aws-",
    "azure_solutions_architect": "azure-",
    "gcp_solutions_architect": "gcp-",
    "cv_grilling": "cv-",
    "coding_practice": "code-",
}

# Ids the local interviewer generates for CV-based questions (agent/local/cv_questions.rs).
RESERVED_ID_PREFIXES = ("cv-role-", "cv-skill-")
PHASES = ("background", "technical", "problem_solving")
MIN_PER_PHASE = {"background": 3, "technical": 12, "problem_solving": 3}
MIN_QUESTIONS = 18
MIN_PER_DIFFICULTY = 4

AMAZON_LPS = {
    "Customer Obsession",
    "Ownership",
    "Invent and Simplify",
    "Are Right, A Lot",
    "Learn and Be Curious",
    "Hire and Develop the Best",
    "Insist on the Highest Standards",
    "Think Big",
    "Bias for Action",
    "Frugality",
    "Earn Trust",
    "Dive Deep",
    "Have Backbone; Disagree and Commit",
    "Deliver Results",
    "Strive to be Earth's Best Employer",
    "Success and Scale Bring Broad Responsibility",
}
COMPETENCIES = {
    "ownership",
    "conflict",
    "failure",
    "leadership",
    "ambiguity",
    "influence",
    "learning",
}
STAR_POINTS = ("situation", "task", "action", "result")

QUESTION_KEYS = {
    "id": str,
    "phase": str,
    "difficulty": int,
    "topic": str,
    "text": str,
    "star": bool,
    "principles": list,
    "hints": list,
    "key_points": list,
}
KEY_POINT_KEYS = {"id": str, "label": str, "terms": list, "follow_up": str}

# Terms so generic that a buzzword-only answer would hit them.
GENERIC_TERMS = {
    "scalable",
    "scalability",
    "scale",
    "efficient",
    "efficiency",
    "best practice",
    "best practices",
    "cloud",
    "the cloud",
    "robust",
    "optimize",
    "optimise",
    "optimization",
    "leverage",
    "synergy",
    "seamless",
    "performance",
    "performant",
    "fast",
    "good",
    "better",
    "improve",
    "improved",
    "quality",
    "solution",
    "secure",
    "agile",
}
# Vague or empty answers a candidate might give; no key point may match them.
BUZZWORD_ANSWERS = (
    "I would follow best practices and make sure the solution is scalable, efficient, secure "
    "and highly available, using the cloud and monitoring, with good performance and cost in "
    "mind. We would design it properly and test it.",
    "It depends on the requirements. I would think about the trade-offs, talk to stakeholders, "
    "and choose the right tool for the job, then iterate and improve it over time.",
    "I would use microservices, kubernetes and a database, with caching and a load balancer, "
    "and make sure everything is resilient, observable, automated and well documented.",
    "I am honestly not really sure about this one at all. I don't know, I haven't done that, "
    "but I'm a backend engineer who loves distributed systems and I would do my best.",
)
# Words that carry no meaning on their own; a term made only of these matches anything.
STOPWORDS = {
    "a",
    "an",
    "the",
    "and",
    "or",
    "of",
    "to",
    "in",
    "on",
    "at",
    "for",
    "it",
    "is",
    "was",
    "we",
    "i",
    "you",
    "they",
    "that",
    "this",
    "with",
    "be",
    "so",
    "then",
    "my",
    "our",
    "by",
    "as",
    "do",
    "did",
    "not",
    "no",
    "yes",
    "if",
}
ID_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
TERM_RE = re.compile(r"^[a-z0-9][a-z0-9'+#. -]*[a-z0-9+#]$|^[a-z0-9]$")
MARKDOWN_RE = re.compile(r"[*_`#\[\]<>|\n\r\t]|^\s*[-+] |\s-\s")
MAX_TERM_WORDS = 5


# --- Matching exactly as the interviewer does (prepai-core `matcher.rs`) ---------
# Words are split like the matcher splits them and reduced with the English
# Snowball (Porter2) stemmer of rust-stemmers 1.2, ported below, so every check
# here sees a term the way the live interviewer will.

VOWELS = set("aeiouy")
DOUBLES = ("bb", "dd", "ff", "gg", "mm", "nn", "pp", "rr", "tt")
LI_ENDINGS = set("cdeghkmnrt")
EXCEPTIONS1 = {
    "skis": "ski",
    "skies": "sky",
    "dying": "die",
    "lying": "lie",
    "tying": "tie",
    "idly": "idl",
    "gently": "gentl",
    "ugly": "ugli",
    "early": "earli",
    "only": "onli",
    "singly": "singl",
    "sky": "sky",
    "news": "news",
    "howe": "howe",
    "atlas": "atlas",
    "cosmos": "cosmos",
    "bias": "bias",
    "andes": "andes",
}
EXCEPTIONS2 = {"inning", "outing", "canning", "herring", "earring", "proceed", "exceed", "succeed"}
STEP2 = (
    ("ization", "ize"),
    ("ational", "ate"),
    ("fulness", "ful"),
    ("ousness", "ous"),
    ("iveness", "ive"),
    ("tional", "tion"),
    ("biliti", "ble"),
    ("lessli", "less"),
    ("entli", "ent"),
    ("ation", "ate"),
    ("alism", "al"),
    ("aliti", "al"),
    ("ousli", "ous"),
    ("iviti", "ive"),
    ("fulli", "ful"),
    ("enci", "ence"),
    ("anci", "ance"),
    ("abli", "able"),
    ("izer", "ize"),
    ("ator", "ate"),
    ("alli", "al"),
    ("bli", "ble"),
    ("ogi", "og"),
    ("li", ""),
)
STEP3 = (
    ("ational", "ate"),
    ("tional", "tion"),
    ("alize", "al"),
    ("icate", "ic"),
    ("iciti", "ic"),
    ("ative", ""),
    ("ical", "ic"),
    ("ness", ""),
    ("ful", ""),
)
STEP4 = (
    "ement",
    "ance",
    "ence",
    "able",
    "ible",
    "ment",
    "ant",
    "ent",
    "ism",
    "ate",
    "iti",
    "ous",
    "ive",
    "ize",
    "ion",
    "al",
    "er",
    "ic",
)


def _is_vowel(c: str) -> bool:
    return c in VOWELS


def _short_syllable_at(w: str, end: int) -> bool:
    """Snowball `shortv`, testing the letters just before index `end`."""
    if (
        end >= 3
        and not _is_vowel(w[end - 1])
        and w[end - 1] not in "wxY"
        and _is_vowel(w[end - 2])
        and not _is_vowel(w[end - 3])
    ):
        return True
    return end == 2 and _is_vowel(w[0]) and not _is_vowel(w[1])


def _after_vowel_consonant(w: str, start: int) -> int:
    """Index just past the first non-vowel that follows a vowel, from `start`."""
    i = start
    while i < len(w) and not _is_vowel(w[i]):
        i += 1
    while i < len(w) and _is_vowel(w[i]):
        i += 1
    return min(i + 1, len(w)) if i < len(w) else len(w)


@cache
def snowball_stem(word: str) -> str:
    """English (Porter2) Snowball stem, as in rust-stemmers 1.2."""
    if word in EXCEPTIONS1:
        return EXCEPTIONS1[word]
    if len(word) < 3:
        return word
    w = word[1:] if word.startswith("'") else word
    # prelude: consonant-like y becomes Y
    chars = list(w)
    for i, c in enumerate(chars):
        if c == "y" and (i == 0 or _is_vowel(chars[i - 1])):
            chars[i] = "Y"
    w = "".join(chars)
    # regions
    for prefix in ("gener", "commun", "arsen"):
        if w.startswith(prefix):
            p1 = len(prefix)
            break
    else:
        p1 = _after_vowel_consonant(w, 0)
    p2 = _after_vowel_consonant(w, p1)
    # step 0 / 1a
    for suf in ("'s'", "'s", "'"):
        if w.endswith(suf):
            w = w[: -len(suf)]
            break
    if w.endswith("sses"):
        w = w[:-2]
    elif w.endswith(("ied", "ies")):
        w = w[:-3] + ("i" if len(w) - 3 >= 2 else "ie")
    elif w.endswith(("us", "ss")):
        pass
    elif w.endswith("s") and any(_is_vowel(c) for c in w[:-2]):
        w = w[:-1]
    if w in EXCEPTIONS2:
        return w
    # step 1b
    for suf in ("eedly", "ingly", "edly", "eed", "ing", "ed"):
        if w.endswith(suf):
            start = len(w) - len(suf)
            if suf in ("eed", "eedly"):
                if start >= p1:
                    w = w[:start] + "ee"
            elif any(_is_vowel(c) for c in w[:start]):
                w = w[:start]
                if w.endswith(("at", "bl", "iz")):
                    w += "e"
                elif w.endswith(DOUBLES):
                    w = w[:-1]
                elif len(w) == p1 and _short_syllable_at(w, len(w)):
                    w += "e"
            break
    # step 1c
    if len(w) >= 3 and w[-1] in "yY" and not _is_vowel(w[-2]):
        w = w[:-1] + "i"
    # step 2
    for suf, rep in STEP2:
        if w.endswith(suf):
            start = len(w) - len(suf)
            if start >= p1:
                if suf == "ogi":
                    if start >= 1 and w[start - 1] == "l":
                        w = w[:start] + rep
                elif suf == "li":
                    if start >= 1 and w[start - 1] in LI_ENDINGS:
                        w = w[:start]
                else:
                    w = w[:start] + rep
            break
    # step 3
    for suf, rep in STEP3:
        if w.endswith(suf):
            start = len(w) - len(suf)
            if start >= p1 and (suf != "ative" or start >= p2):
                w = w[:start] + rep
            break
    # step 4
    for suf in STEP4:
        if w.endswith(suf):
            start = len(w) - len(suf)
            if start >= p2 and (suf != "ion" or (start >= 1 and w[start - 1] in "st")):
                w = w[:start]
            break
    # step 5
    if w.endswith("e"):
        start = len(w) - 1
        if start >= p2 or (start >= p1 and not _short_syllable_at(w, start)):
            w = w[:start]
    elif w.endswith("l"):
        start = len(w) - 1
        if start >= p2 and start >= 1 and w[start - 1] == "l":
            w = w[:start]
    return w.replace("Y", "y")


def matcher_words(text: str) -> list[str]:
    """Lower-case words as `matcher::words` splits them: `+ # . -` join inside a word."""
    out: list[str] = []
    cur = ""
    for i, c in enumerate(text):
        nxt = text[i + 1] if i + 1 < len(text) else ""
        inside = cur != "" and nxt != "" and (nxt.isalnum() or nxt in "+#")
        if c.isalnum():
            cur += c.lower()
        elif c in "+#.-'" and (inside or (c in "+#" and cur != "")):
            if c != "'":
                cur += c
        elif cur:
            out.append(cur)
            cur = ""
    if cur:
        out.append(cur)
    return out


@cache
def stems(text: str) -> tuple[str, ...]:
    """Stemmed words of a text, as the matcher compares them."""
    return tuple(snowball_stem(w) for w in matcher_words(text))


def norm_term(term: str) -> str:
    """Return a term as the matcher sees it: its stems joined by spaces."""
    return " ".join(stems(term))


def contains_phrase(text: str, phrase: str) -> bool:
    """Whether `phrase` occurs in `text` as whole stemmed words, ignoring case."""
    t, p = stems(text), stems(phrase)
    return bool(p) and any(t[i : i + len(p)] == p for i in range(len(t) - len(p) + 1))


def word_set(text: str) -> set[str]:
    """Lower-case word set of a sentence without stopwords, for overlap checks."""
    return {w for w in re.findall(r"[a-z0-9']+", text.lower()) if w not in STOPWORDS}


class Report:
    """Collects failures with their location."""

    def __init__(self) -> None:
        self.errors: list[str] = []

    def fail(self, where: str, message: str) -> None:
        """Record one failure."""
        self.errors.append(f"{where}: {message}")


def check_sentence(rep: Report, where: str, field: str, value: str) -> None:
    """Check a spoken question: exactly one question mark, at the end, and no markdown."""
    if not value.strip():
        rep.fail(where, f"{field} is empty")
        return
    if value.count("?") != 1 or not value.rstrip().endswith("?"):
        rep.fail(where, f"{field} must contain exactly one '?' and end with it: {value!r}")
    if MARKDOWN_RE.search(value):
        rep.fail(where, f"{field} looks like markdown or a list: {value!r}")
    if value != value.strip() or "  " in value:
        rep.fail(where, f"{field} has stray whitespace: {value!r}")
    if re.search(r"\band also\b", value, re.IGNORECASE):
        rep.fail(where, f"{field} asks a double question ('and also'): {value!r}")


@lru_cache(maxsize=1)
def generic_stems() -> frozenset[str]:
    """Return the generic terms as the matcher sees them."""
    return frozenset(norm_term(g) for g in GENERIC_TERMS)


def check_term(rep: Report, where: str, term: object) -> None:
    """One matchable term: lowercase, spoken form, not generic, not only stopwords."""
    if not isinstance(term, str):
        rep.fail(where, f"term {term!r} is not a string")
        return
    if term != term.lower():
        rep.fail(where, f"term {term!r} is not lowercase")
    if not TERM_RE.match(term) or "  " in term:
        rep.fail(where, f"term {term!r} must be letters, digits, spaces, hyphens, apostrophes, dots, + or #")
    if len(term.split()) > MAX_TERM_WORDS:
        rep.fail(where, f"term {term!r} is longer than {MAX_TERM_WORDS} words")
    if norm_term(term) in generic_stems():
        rep.fail(where, f"term {term!r} is too generic; a buzzword answer would hit it")
    if all(w in STOPWORDS for w in term.split()):
        rep.fail(where, f"term {term!r} is only stopwords and would match any answer")


def check_key_point(rep: Report, where: str, kp: object) -> list[str]:
    """Check one key point; returns its terms (possibly empty)."""
    if not isinstance(kp, dict):
        rep.fail(where, "key point is not a table")
        return []
    for key, typ in KEY_POINT_KEYS.items():
        if key not in kp:
            rep.fail(where, f"key point is missing '{key}'")
        elif not isinstance(kp[key], typ):
            rep.fail(where, f"key point '{key}' must be {typ.__name__}")
    for key in kp.keys() - KEY_POINT_KEYS.keys():
        rep.fail(where, f"key point has unknown field '{key}'")
    kid = kp.get("id")
    if isinstance(kid, str) and not ID_RE.match(kid):
        rep.fail(where, f"key point id {kid!r} must be lowercase kebab-case")
    label = kp.get("label")
    if isinstance(label, str) and not label.strip():
        rep.fail(where, "key point label is empty")
    terms = kp.get("terms")
    if not isinstance(terms, list):
        return []
    if not 4 <= len(terms) <= 10:
        rep.fail(where, f"key point has {len(terms)} terms; needs 4-10")
    for term in terms:
        check_term(rep, where, term)
    str_terms = [t for t in terms if isinstance(t, str)]
    for term in str_terms:
        if "-" in term and not any(
            other != term
            and norm_term(other) in (norm_term(term.replace("-", " ")), norm_term(term.replace("-", "")))
            for other in str_terms
        ):
            rep.fail(
                where,
                f"term {term!r} is one hyphenated word to the matcher; "
                "add it spelled with a space or joined up too",
            )
    dupes = [t for t, n in Counter(norm_term(t) for t in str_terms).items() if n > 1]
    if dupes:
        rep.fail(where, f"key point repeats terms {dupes}")
    follow_up = kp.get("follow_up")
    if isinstance(follow_up, str):
        check_sentence(rep, where, "follow_up", follow_up)
        given_away = [t for t in str_terms if contains_phrase(follow_up, t)]
        if given_away:
            rep.fail(where, f"follow_up gives the answer away with term(s) {given_away}")
    return str_terms


def check_question(rep: Report, type_key: str, where: str, q: object) -> dict | None:
    """Check one question; returns it when it is a table."""
    if not isinstance(q, dict):
        rep.fail(where, "question is not a table")
        return None
    for key, typ in QUESTION_KEYS.items():
        if key not in q:
            rep.fail(where, f"missing '{key}'")
        elif not isinstance(q[key], typ) or (typ is int and isinstance(q[key], bool)):
            rep.fail(where, f"'{key}' must be {typ.__name__}")
    for key in q.keys() - QUESTION_KEYS.keys():
        rep.fail(where, f"unknown field '{key}'")

    qid = q.get("id")
    if isinstance(qid, str):
        if not ID_RE.match(qid):
            rep.fail(where, f"id {qid!r} must be lowercase kebab-case")
        if not qid.startswith(TYPES[type_key]):
            rep.fail(where, f"id {qid!r} must start with '{TYPES[type_key]}'")
        if qid.startswith(RESERVED_ID_PREFIXES):
            rep.fail(where, f"id {qid!r} uses a prefix reserved for questions generated from a CV")
    if q.get("phase") not in PHASES:
        rep.fail(where, f"phase {q.get('phase')!r} must be one of {PHASES}")
    if isinstance(q.get("difficulty"), int) and q["difficulty"] not in (1, 2, 3):
        rep.fail(where, f"difficulty {q['difficulty']} must be 1, 2 or 3")
    if isinstance(q.get("topic"), str) and not q["topic"].strip():
        rep.fail(where, "topic is empty")
    text = q.get("text")
    if isinstance(text, str):
        check_sentence(rep, where, "text", text)

    hints = q.get("hints")
    if isinstance(hints, list):
        if not 2 <= len(hints) <= 3:
            rep.fail(where, f"has {len(hints)} hints; needs 2-3")
        for hint in hints:
            if not isinstance(hint, str) or not hint.strip():
                rep.fail(where, f"hint {hint!r} is not a non-empty string")
            elif MARKDOWN_RE.search(hint):
                rep.fail(where, f"hint looks like markdown or a list: {hint!r}")
        if len(set(hints)) != len(hints):
            rep.fail(where, "hints repeat")

    check_principles(rep, type_key, where, q)

    kps = q.get("key_points")
    if isinstance(kps, list):
        if not 2 <= len(kps) <= 5:
            rep.fail(where, f"has {len(kps)} key points; needs 2-5")
        seen_ids: set[str] = set()
        owner: dict[str, str] = {}
        for i, kp in enumerate(kps):
            kwhere = f"{where} key point {kp.get('id', i) if isinstance(kp, dict) else i}"
            terms = check_key_point(rep, kwhere, kp)
            kid = kp.get("id") if isinstance(kp, dict) else None
            if isinstance(kid, str):
                if kid in seen_ids:
                    rep.fail(where, f"key point id {kid!r} repeats")
                seen_ids.add(kid)
            for term in terms:
                if isinstance(text, str) and contains_phrase(text, term):
                    rep.fail(
                        kwhere, f"term {term!r} is in the question text; echoing the question would score it"
                    )
                vague = [i + 1 for i, a in enumerate(BUZZWORD_ANSWERS) if contains_phrase(a, term)]
                if vague:
                    rep.fail(kwhere, f"term {term!r} matches buzzword answer(s) {vague}")
                n = norm_term(term)
                if n in owner and owner[n] != kid:
                    rep.fail(where, f"term {term!r} is in key points {owner[n]!r} and {kid!r}")
                owner[n] = kid
            if isinstance(kp, dict) and isinstance(kp.get("follow_up"), str) and isinstance(text, str):
                fu = kp["follow_up"]
                tw, fw = word_set(text), word_set(fu)
                if fu.strip().lower() == text.strip().lower() or (tw and len(tw & fw) / len(tw | fw) > 0.6):
                    rep.fail(kwhere, "follow_up repeats the original question")
        check_leaks(rep, where, q)
        if q.get("star") is True:
            missing = [p for p in STAR_POINTS if p not in seen_ids]
            if missing:
                rep.fail(where, f"STAR question lacks key points {missing}")
            if len(seen_ids - set(STAR_POINTS)) < 1:
                rep.fail(where, "STAR question needs a competency-specific key point")
    return q


def check_leaks(rep: Report, where: str, q: dict) -> None:
    """Hints and follow-ups must not say another key point's terms, or parroting them would score."""
    points = [kp for kp in q.get("key_points", []) if isinstance(kp, dict)]
    terms = {(kp.get("id"), t) for kp in points for t in kp.get("terms", []) if isinstance(t, str)}
    for hint in q.get("hints", []) if isinstance(q.get("hints"), list) else []:
        if isinstance(hint, str):
            for kid, term in sorted(terms, key=str):
                if contains_phrase(hint, term):
                    rep.fail(where, f"hint {hint!r} gives away term {term!r} of key point {kid!r}")
    for kp in points:
        first = kp.get("terms", [None])[0] if kp.get("terms") else None
        if isinstance(first, str):
            for kid, term in sorted(terms, key=str):
                if kid != kp.get("id") and contains_phrase(first, term):
                    rep.fail(
                        where,
                        f"first term {first!r} of {kp.get('id')!r} also says {term!r} of key point {kid!r}; "
                        "the first term must name its own point only",
                    )
        fu = kp.get("follow_up")
        if isinstance(fu, str):
            for kid, term in sorted(terms, key=str):
                if kid != kp.get("id") and contains_phrase(fu, term):
                    rep.fail(
                        where, f"follow_up of {kp.get('id')!r} gives away term {term!r} of key point {kid!r}"
                    )


def check_principles(rep: Report, type_key: str, where: str, q: dict) -> None:
    """Amazon questions map to 1-2 Leadership Principles; others to known competencies."""
    principles = q.get("principles")
    if not isinstance(principles, list):
        return
    if len(set(principles)) != len(principles):
        rep.fail(where, "principles repeat")
    if type_key == "amazon_sde":
        if not 1 <= len(principles) <= 2:
            rep.fail(where, f"Amazon question maps to {len(principles)} principles; needs 1-2")
        for p in principles:
            if p not in AMAZON_LPS:
                rep.fail(where, f"{p!r} is not an Amazon Leadership Principle")
        return
    for p in principles:
        if p not in COMPETENCIES:
            rep.fail(where, f"{p!r} is not a competency {sorted(COMPETENCIES)}")
    if type_key == "cv_grilling" and q.get("star") is True and not principles:
        rep.fail(where, "cv_grilling STAR question must name its competencies")
    if q.get("star") is True and not principles:
        rep.fail(where, "STAR question must name the competencies it probes")


def check_file(rep: Report, path: Path, all_ids: dict[str, str], texts: dict[str, str]) -> Counter:
    """Check one type file; returns its totals."""
    type_key = path.stem
    totals: Counter = Counter()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        rep.fail(path.name, f"is not valid TOML: {exc}")
        return totals
    if data.get("type") != type_key:
        rep.fail(path.name, f"type = {data.get('type')!r} must equal the file name {type_key!r}")
    for key in data.keys() - {"type", "questions"}:
        rep.fail(path.name, f"unknown top-level field '{key}'")
    questions = data.get("questions")
    if not isinstance(questions, list):
        rep.fail(path.name, "has no [[questions]]")
        return totals

    for i, q in enumerate(questions):
        where = f"{path.name} #{i + 1} {q.get('id', '?') if isinstance(q, dict) else ''}".rstrip()
        q = check_question(rep, type_key, where, q)
        if q is None:
            continue
        qid, text = q.get("id"), q.get("text")
        if isinstance(qid, str):
            if qid in all_ids:
                rep.fail(where, f"id {qid!r} already used in {all_ids[qid]}")
            all_ids[qid] = path.name
        if isinstance(text, str):
            key = " ".join(sorted(word_set(text)))
            if key in texts:
                rep.fail(where, f"text duplicates {texts[key]}")
            texts[key] = str(qid)
        totals["questions"] += 1
        totals[str(q.get("phase"))] += 1
        totals[f"d{q.get('difficulty')}"] += 1
        totals["star"] += q.get("star") is True
        kps = q.get("key_points") if isinstance(q.get("key_points"), list) else []
        totals["key_points"] += len(kps)
        totals["terms"] += sum(len(k.get("terms", [])) for k in kps if isinstance(k, dict))
        if type_key == "amazon_sde":
            for p in q.get("principles", []):
                totals[f"lp:{p}"] += 1

    if totals["questions"] < MIN_QUESTIONS:
        rep.fail(path.name, f"has {totals['questions']} questions; needs at least {MIN_QUESTIONS}")
    for phase, minimum in MIN_PER_PHASE.items():
        if totals[phase] < minimum:
            rep.fail(path.name, f"has {totals[phase]} {phase} questions; needs at least {minimum}")
    for d in (1, 2, 3):
        if totals[f"d{d}"] < MIN_PER_DIFFICULTY:
            rep.fail(path.name, f"has {totals[f'd{d}']} difficulty-{d} questions; needs {MIN_PER_DIFFICULTY}")
    if type_key == "amazon_sde":
        uncovered = sorted(lp for lp in AMAZON_LPS if totals[f"lp:{lp}"] == 0)
        if uncovered:
            rep.fail(path.name, f"no question maps to Leadership Principles {uncovered}")
    return totals


# --- Self-test: the checks above can fail, and the stemmer matches rust-stemmers --
# Stems produced by rust-stemmers 1.2 (the interviewer's stemmer) for these words.
KNOWN_STEMS = (
    ("resizing", "resiz"),
    ("rehashing", "rehash"),
    ("partitions", "partit"),
    ("partitioned", "partit"),
    ("generalization", "general"),
    ("communication", "communic"),
    ("arsenal", "arsenal"),
    ("hoped", "hope"),
    ("hopping", "hop"),
    ("caresses", "caress"),
    ("cries", "cri"),
    ("ties", "tie"),
    ("gaps", "gap"),
    ("gas", "gas"),
    ("kiwis", "kiwi"),
    ("agreed", "agre"),
    ("feed", "feed"),
    ("sized", "size"),
    ("fitted", "fit"),
    ("filing", "file"),
    ("conditional", "condit"),
    ("rational", "ration"),
    ("valenci", "valenc"),
    ("hesitanci", "hesit"),
    ("digitizer", "digit"),
    ("conformabli", "conform"),
    ("radicalli", "radic"),
    ("differentli", "differ"),
    ("vileli", "vile"),
    ("analogi", "analog"),
    ("vietnamization", "vietnam"),
    ("predication", "predic"),
    ("operator", "oper"),
    ("feudalism", "feudal"),
    ("decisiveness", "decis"),
    ("hopefulness", "hope"),
    ("callousness", "callous"),
    ("formaliti", "formal"),
    ("sensitiviti", "sensit"),
    ("sensibiliti", "sensibl"),
    ("triplicate", "triplic"),
    ("formative", "format"),
    ("formalize", "formal"),
    ("electriciti", "electr"),
    ("electrical", "electr"),
    ("hopeful", "hope"),
    ("goodness", "good"),
    ("revival", "reviv"),
    ("allowance", "allow"),
    ("inference", "infer"),
    ("airliner", "airlin"),
    ("gyroscopic", "gyroscop"),
    ("adjustable", "adjust"),
    ("defensible", "defens"),
    ("irritant", "irrit"),
    ("replacement", "replac"),
    ("adjustment", "adjust"),
    ("dependent", "depend"),
    ("adoption", "adopt"),
    ("homologou", "homologou"),
    ("communism", "communism"),
    ("activate", "activ"),
    ("angulariti", "angular"),
    ("homologous", "homolog"),
    ("effective", "effect"),
    ("bowdlerize", "bowdler"),
    ("probate", "probat"),
    ("rate", "rate"),
    ("cease", "ceas"),
    ("controll", "control"),
    ("roll", "roll"),
    ("skies", "sky"),
    ("dying", "die"),
    ("news", "news"),
    ("early", "earli"),
    ("idly", "idl"),
    ("succeeding", "succeed"),
    ("innings", "inning"),
    ("sky", "sky"),
    ("say", "say"),
    ("cry", "cri"),
    ("flying", "fli"),
    ("enjoying", "enjoy"),
    ("consistency", "consist"),
    ("consistent", "consist"),
    ("eventually", "eventu"),
    ("organizations", "organ"),
    ("throttling", "throttl"),
)
BROKEN_FILE = """
type = "google_sde"

[[questions]]
id = "gsde-broken"
phase = "lunch"
difficulty = 4
topic = "t"
text = "Is this a question? And another?"
star = true
principles = ["Ownership"]
hints = ["Think about the load factor."]

[[questions.key_points]]
id = "only"
label = "l"
terms = ["Scalable", "cloud", "the", "load factor", "question"]
follow_up = "What is the load factor?"
"""
BROKEN_EXPECTED = (
    "phase 'lunch'",
    "difficulty 4",
    "exactly one '?'",
    "not a competency",
    "1 hints",
    "1 key points",
    "'Scalable' is not lowercase",
    "'cloud' is too generic",
    "'the' is only stopwords",
    "gives the answer away",
    "in the question text",
    "hint 'Think about the load factor.' gives away",
    "STAR question lacks key points",
    "has 1 questions",
)


def self_test() -> int:
    """Check the stemmer, the word splitter, and that a broken file is rejected."""
    import tempfile

    failures = [
        f"stem({w!r}) = {snowball_stem(w)!r}, expected {want!r}"
        for w, want in KNOWN_STEMS
        if snowball_stem(w) != want
    ]
    for text, want in (
        ("I used C++, C#, Node.js and multi-AZ.", ["i", "used", "c++", "c#", "node.js", "and", "multi-az"]),
        ("it's O(n).", ["its", "o", "n"]),
    ):
        if matcher_words(text) != want:
            failures.append(f"matcher_words({text!r}) = {matcher_words(text)}, expected {want}")
    if not contains_phrase("We kept resizing the table", "resize") or contains_phrase(
        "I worked at Google", "go"
    ):
        failures.append("contains_phrase does not match like the interviewer")
    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "google_sde.toml").write_text(BROKEN_FILE, encoding="utf-8")
        rep = Report()
        check_file(rep, Path(tmp, "google_sde.toml"), {}, {})
        joined = "\n".join(rep.errors)
        failures += [f"broken file did not report {e!r}" for e in BROKEN_EXPECTED if e not in joined]
    for failure in failures:
        print(f"self-test: {failure}", file=sys.stderr)
    print(
        f"self-test: {len(KNOWN_STEMS)} stems, 2 splits, broken-file rejection: "
        f"{'FAILED' if failures else 'OK'}"
    )
    return 1 if failures else 0


def main(argv: list[str]) -> int:
    """Validate the bank; print totals; return the exit status."""
    if len(argv) > 1 and argv[1] == "--self-test":
        return self_test()
    directory = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent
    if not directory.is_dir():
        print(f"error: {directory} is not a directory; pass the questions directory", file=sys.stderr)
        return 2
    rep = Report()
    files = {p.stem: p for p in sorted(directory.glob("*.toml"))}
    for stem in sorted(files.keys() - TYPES.keys()):
        rep.fail(files[stem].name, f"is not a known interview type {sorted(TYPES)}")
    for stem in sorted(TYPES.keys() - files.keys()):
        rep.fail(f"{stem}.toml", "is missing")

    all_ids: dict[str, str] = {}
    texts: dict[str, str] = {}
    grand: Counter = Counter()
    header = (
        f"{'type':<27}{'total':>6}{'bg':>4}{'tech':>5}{'ps':>4}{'d1':>4}{'d2':>4}{'d3':>4}"
        f"{'star':>5}{'kps':>5}{'terms':>6}"
    )
    print(header)
    for stem in sorted(files.keys() & TYPES.keys()):
        t = check_file(rep, files[stem], all_ids, texts)
        grand.update({k: v for k, v in t.items() if not k.startswith("lp:")})
        print(
            f"{stem:<27}{t['questions']:>6}{t['background']:>4}{t['technical']:>5}"
            f"{t['problem_solving']:>4}{t['d1']:>4}{t['d2']:>4}{t['d3']:>4}{t['star']:>5}"
            f"{t['key_points']:>5}{t['terms']:>6}"
        )
    g = grand
    print(
        f"{'ALL':<27}{g['questions']:>6}{g['background']:>4}{g['technical']:>5}"
        f"{g['problem_solving']:>4}{g['d1']:>4}{g['d2']:>4}{g['d3']:>4}{g['star']:>5}"
        f"{g['key_points']:>5}{g['terms']:>6}"
    )
    if rep.errors:
        print(f"\n{len(rep.errors)} problem(s):", file=sys.stderr)
        for err in rep.errors:
            print(f"  {err}", file=sys.stderr)
        return 1
    print("\nOK: question bank is valid.")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv))
    except BrokenPipeError:  # output piped into `head` and closed early
        sys.stderr.close()
        sys.exit(1)
