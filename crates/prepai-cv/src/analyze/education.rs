//! Degrees, fields of study and institutions.

use std::sync::LazyLock;

use regex::Regex;

use super::dates::{find_date_range, find_year};
use crate::model::Education;

/// Degree patterns, most specific first, with their canonical abbreviation.
static DEGREES: LazyLock<Vec<(Regex, &'static str)>> = LazyLock::new(|| {
    [
        (r"\bPh\.?\s?D\b\.?|\bDoctor(?:ate)? of Philosophy\b|\bD\.?Phil\b\.?|\bDoktor\b|\bDoctorate\b", "PhD"),
        (r"\bMBA\b|\bMaster of Business Administration\b", "MBA"),
        (r"\bM\.?\s?Eng\b\.?|\bMaster of Engineering\b", "MEng"),
        (r"\bM\.?\s?Sc\b\.?|\bMaster of Science\b|\bM\.S\.|\bMS\s+(?:in|of)\b", "MSc"),
        (r"\bM\.A\.|\bMA\b|\bMaster of Arts\b", "MA"),
        (r"\bM\.?\s?Tech\b\.?", "MTech"),
        (r"(?i)\bmaster'?s?\b|\bmaestr[ií]a\b|\bmáster\b", "Master"),
        (r"\bB\.?\s?Eng\b\.?|\bBachelor of Engineering\b|\bB\.E\.", "BEng"),
        (r"\bB\.?\s?Tech\b\.?|\bBachelor of Technology\b", "BTech"),
        (r"\bB\.?\s?Sc\b\.?|\bBachelor of Science\b|\bB\.S\.|\bBS\s+(?:in|of)\b", "BSc"),
        (r"\bB\.A\.|\bBA\b|\bBachelor of Arts\b", "BA"),
        (r"(?i)\bbachelor'?s?\b|\blicenciatura\b|\blicence\b|\bgrado en\b", "Bachelor"),
        (r"(?i)\bassociate(?:'s)? (?:degree|of|in)\b", "Associate"),
        (r"(?i)\bdipl(?:om|oma|ôme)\b", "Diploma"),
    ]
    .into_iter()
    .map(|(p, d)| (Regex::new(p).expect("degree pattern is valid"), d))
    .collect()
});

static INSTITUTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:university|universit[äéà]t?|universidad|universidade|universit[aà]|universiteit|college|institute|institut|instituto|school|academy|polytechnic|polit[eé]cnic[ao]|hochschule|école|escuela|eth|epfl|mit|iit)\b")
        .expect("institution pattern is valid")
});

fn degree_in(line: &str) -> Option<(&'static str, usize, usize)> {
    DEGREES
        .iter()
        .find_map(|(re, d)| re.find(line).map(|m| (*d, m.start(), m.end())))
}

/// Strong separators between degree, school and dates on one line.
fn segments(line: &str) -> Vec<&str> {
    line.split([',', '—', '–', '|', '\t', '(', ')'])
        .flat_map(|s| s.split(" - "))
        .map(|s| s.trim().trim_matches(|c: char| c == '*' || c == '_').trim())
        .filter(|s| !s.is_empty())
        .collect()
}

/// The field of study after the degree words: "BSc Computer Science — …" → "Computer Science".
fn field_after(rest: &str) -> Option<String> {
    let rest =
        rest.trim_start_matches(|c: char| c == '.' || c == ':' || c.is_whitespace() || c == '*');
    let rest = rest
        .strip_prefix("in ")
        .or_else(|| rest.strip_prefix("of "))
        .or_else(|| rest.strip_prefix("en "))
        .unwrap_or(rest);
    let field = segments(rest).into_iter().next()?.trim();
    let field = field.trim_end_matches(['.', ':']);
    let plausible = !field.is_empty()
        && field.chars().next().is_some_and(char::is_alphabetic)
        && !INSTITUTION.is_match(field)
        && find_year(field).is_none()
        && field.split_whitespace().count() <= 6;
    plausible.then(|| field.to_string())
}

fn institution_in(line: &str) -> Option<String> {
    let without_dates = match find_date_range(line) {
        Some(r) => format!("{} {}", &line[..r.span.0], &line[r.span.1..]),
        None => line.to_string(),
    };
    let strong: Vec<&str> = without_dates
        .split(['—', '–', '|', '\t', '(', ')'])
        .flat_map(|s| s.split(" - "))
        .collect();
    let seg = strong.iter().find(|s| INSTITUTION.is_match(s))?;
    let seg = seg
        .trim()
        .trim_matches(|c: char| matches!(c, ',' | '*' | '_' | '.' | ' '));
    // Drop a trailing year ("University of X, 2017").
    let seg = match find_year(seg) {
        Some(_) => seg.rsplit_once(',').map_or(seg, |(a, _)| a).trim(),
        None => seg,
    };
    (!seg.is_empty()).then(|| seg.to_string())
}

/// A lone capitalised word continuing a wrapped school name ("… of Technology" / "Madras").
fn is_wrapped_name_end(line: &str) -> bool {
    let t = line.trim();
    !t.contains(' ')
        && t.chars().next().is_some_and(char::is_uppercase)
        && t.chars().all(|c| c.is_alphabetic() || c == '-')
        && degree_in(t).is_none()
}

/// Education entries in `lines` (the education section, or the whole CV as a fallback).
pub fn find(lines: &[&str]) -> Vec<Education> {
    let mut out = Vec::new();
    let mut used = vec![false; lines.len()];
    for (i, line) in lines.iter().enumerate() {
        let Some((degree, _, end)) = degree_in(line) else {
            continue;
        };
        used[i] = true;
        let mut entry = Education {
            degree: Some(degree.to_string()),
            field: field_after(&line[end..]),
            ..Default::default()
        };
        entry.institution = institution_in(line);
        let mut dates = find_date_range(line)
            .map(|r| (Some(r.start), r.end))
            .or_else(|| find_year(line).map(|y| (None, Some(y))));
        // Institution and dates may sit on the next lines (or the line before).
        for j in [i + 1, i + 2, i + 3, i.wrapping_sub(1)] {
            let Some(other) = lines.get(j) else { continue };
            if degree_in(other).is_some() {
                if j > i {
                    break;
                }
                continue;
            }
            if entry.institution.is_none() {
                if let Some(inst) = institution_in(other) {
                    let wrapped = lines.get(j + 1).filter(|next| is_wrapped_name_end(next));
                    entry.institution = Some(match wrapped {
                        Some(rest) => format!("{inst} {}", rest.trim()),
                        None => inst,
                    });
                    used[j] = true;
                }
            }
            if dates.is_none() && j > i {
                dates = find_date_range(other).map(|r| (Some(r.start), r.end));
            }
        }
        if let Some((start, end)) = dates {
            entry.start = start.map(|s| s.render());
            entry.end = end.map(|e| e.render());
        }
        out.push(entry);
    }
    for (i, line) in lines.iter().enumerate() {
        if !used[i] && find_date_range(line).is_some() {
            if let Some(inst) = institution_in(line) {
                if !out
                    .iter()
                    .any(|e: &Education| e.institution.as_deref() == Some(inst.as_str()))
                {
                    let r = find_date_range(line);
                    out.push(Education {
                        institution: Some(inst),
                        start: r.map(|r| r.start.render()),
                        end: r.and_then(|r| r.end.map(|e| e.render())),
                        ..Default::default()
                    });
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    type Fields = [Option<String>; 5];

    fn one(lines: &[&str]) -> Fields {
        let e = find(lines).into_iter().next().expect("an entry");
        [e.degree, e.field, e.institution, e.start, e.end]
    }

    fn s(v: &str) -> Option<String> {
        Some(v.to_string())
    }

    #[test]
    fn degree_field_school_on_one_line() {
        assert_eq!(
            one(&["BSc Computer Science — University of California, Berkeley, 2013 – 2017"]),
            [
                s("BSc"),
                s("Computer Science"),
                s("University of California, Berkeley"),
                s("2013"),
                s("2017")
            ]
        );
        let msc = one(&[
            "Master of Science in Informatics — Technische Universität München, 2012 – 2017",
        ]);
        assert_eq!(
            msc[..3],
            [
                s("MSc"),
                s("Informatics"),
                s("Technische Universität München")
            ]
        );
        assert_eq!(
            one(&["PhD in Computer Science, University of Edinburgh"])[1],
            s("Computer Science")
        );
        assert_eq!(
            one(&["**B.Sc. Computer Science** — University of Lagos, 2013 – 2017"])[2],
            s("University of Lagos")
        );
    }

    #[test]
    fn degree_school_dates_on_separate_lines() {
        assert_eq!(
            one(&[
                "MSc Statistics",
                "Indian Institute of Technology",
                "Madras",
                "2014 – 2016"
            ]),
            [
                s("MSc"),
                s("Statistics"),
                s("Indian Institute of Technology Madras"),
                s("2014"),
                s("2016")
            ]
        );
        assert_eq!(
            one(&[
                "Bachelor of Engineering in Software Engineering",
                "Zhejiang University, 2012 – 2016"
            ]),
            [
                s("BEng"),
                s("Software Engineering"),
                s("Zhejiang University"),
                s("2012"),
                s("2016")
            ]
        );
    }
}
