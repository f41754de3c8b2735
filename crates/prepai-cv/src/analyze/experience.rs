//! Work history: every line with a date range in the experience part of the CV starts a
//! position; title and company come from that line or the header lines next to it, the
//! description from the lines that follow.

use chrono::NaiveDate;

use super::dates::{find_date_range, DateRange};
use crate::model::Experience;

/// Lowercase words that mark a job title.
const TITLE_WORDS: &[&str] = &[
    "engineer",
    "developer",
    "manager",
    "analyst",
    "scientist",
    "architect",
    "lead",
    "intern",
    "consultant",
    "designer",
    "administrator",
    "specialist",
    "director",
    "officer",
    "head",
    "vp",
    "president",
    "cto",
    "ceo",
    "cfo",
    "coo",
    "founder",
    "co-founder",
    "researcher",
    "assistant",
    "tester",
    "programmer",
    "technician",
    "coordinator",
    "teacher",
    "lecturer",
    "professor",
    "contractor",
    "freelancer",
    "sre",
    "devops",
    "qa",
    "principal",
    "staff",
    "senior",
    "junior",
    "trainee",
    "apprentice",
    "fellow",
    "advisor",
    "strategist",
    "editor",
    "writer",
    "owner",
    "associate",
    "representative",
    "executive",
    "postdoc",
    "student",
    "instructor",
    "tutor",
    "ingenieur",
    "entwickler",
    "développeur",
    "ingénieur",
    "desarrollador",
    "ingeniero",
];

/// Lowercase words and suffixes that mark an organisation.
const COMPANY_WORDS: &[&str] = &[
    "inc",
    "inc.",
    "ltd",
    "ltd.",
    "llc",
    "gmbh",
    "ag",
    "se",
    "sa",
    "s.a.",
    "corp",
    "corp.",
    "corporation",
    "co.",
    "company",
    "group",
    "labs",
    "lab",
    "technologies",
    "technology",
    "systems",
    "solutions",
    "bank",
    "university",
    "pvt",
    "plc",
    "bv",
    "b.v.",
    "studio",
    "studios",
    "agency",
    "consulting",
    "software",
    "partners",
    "holdings",
    "ventures",
    "institute",
    "foundation",
    "self-employed",
    "freelance",
    "sarl",
    "s.l.",
    "kg",
    "oy",
    "ab",
    "as",
    "limited",
    "unibanco",
    "cyberdefense",
];

/// A line that starts with a bullet glyph.
pub fn is_bullet(line: &str) -> bool {
    line.starts_with(['•', '-', '*', '–', '▪', '◦', '●', '○', '■', '►', '✓', '·'])
}

fn strip_bullet(line: &str) -> &str {
    if is_bullet(line) {
        line.trim_start_matches(['•', '-', '*', '–', '▪', '◦', '●', '○', '■', '►', '✓', '·'])
            .trim_start()
    } else {
        line
    }
}

/// A short, non-bullet line that can hold a title or company.
fn is_header_line(line: &str) -> bool {
    let t = line.trim();
    !t.is_empty()
        && !is_bullet(t)
        && t.chars().count() <= 90
        && !t.ends_with('.')
        && find_date_range(t).is_none()
}

/// Splits a header fragment into its parts: strong separators first, then commas.
fn split_parts(text: &str) -> Vec<String> {
    // Parenthesised qualifiers ("(Remote)", "(Berlin)") are parts of their own.
    let cleaned = text
        .replace(['*', '_', '[', ']'], " ")
        .replace(['(', ')'], "|");
    let mut parts: Vec<String> = vec![cleaned];
    for sep in [
        " — ", " – ", " - ", " / ", "|", "\t", " @ ", " at ", " chez ", " bei ", " en ",
    ] {
        parts = parts
            .iter()
            .flat_map(|p| p.split(sep).map(str::to_string).collect::<Vec<_>>())
            .collect();
    }
    let tidy = |p: &str| {
        p.trim()
            .trim_matches(|c: char| matches!(c, ',' | ';' | ':' | '—' | '–' | '-' | '/' | '·'))
            .trim()
            .to_string()
    };
    let mut parts: Vec<String> = parts
        .iter()
        .map(|p| tidy(p))
        .filter(|p| !p.is_empty())
        .collect();
    if parts.len() == 1 {
        let pieces: Vec<String> = parts[0]
            .split(", ")
            .map(tidy)
            .filter(|p| !p.is_empty())
            .collect();
        // "Salesforce, Inc." stays one part.
        let mut merged: Vec<String> = Vec::new();
        for p in pieces {
            let suffix = COMPANY_WORDS.contains(&p.to_lowercase().as_str())
                && p.split_whitespace().count() == 1;
            match merged.last_mut() {
                Some(last) if suffix => {
                    last.push_str(", ");
                    last.push_str(&p);
                }
                _ => merged.push(p),
            }
        }
        parts = merged;
    }
    parts
}

fn word_hits(part: &str, words: &[&str]) -> usize {
    part.split(|c: char| c.is_whitespace() || c == ',' || c == '/')
        .filter(|w| words.contains(&w.to_lowercase().as_str()))
        .count()
}

fn looks_like_company(part: &str) -> bool {
    word_hits(part, COMPANY_WORDS) > 0 || part.contains(".com") || part.contains(".io")
}

/// Picks title and company among header parts.
fn title_and_company(parts: &[String]) -> (Option<String>, Option<String>) {
    let title_idx = parts
        .iter()
        .enumerate()
        .filter(|(_, p)| word_hits(p, TITLE_WORDS) > 0)
        .max_by_key(|(i, p)| {
            (
                word_hits(p, TITLE_WORDS) > 0 && !looks_like_company(p),
                std::cmp::Reverse(*i),
            )
        })
        .map(|(i, _)| i);
    let company_idx = parts
        .iter()
        .enumerate()
        .filter(|(i, _)| Some(*i) != title_idx)
        .max_by_key(|(i, p)| (looks_like_company(p), std::cmp::Reverse(*i)))
        .map(|(i, _)| i);
    (
        title_idx.map(|i| parts[i].clone()),
        company_idx.map(|i| parts[i].clone()),
    )
}

/// A position found in the text with the range that dates it.
#[derive(Debug, Clone)]
pub struct Position {
    /// The structured entry.
    pub entry: Experience,
    /// The parsed dates.
    pub range: DateRange,
}

/// Finds positions in `lines` (the experience section, or the whole CV minus education when
/// there is no such section).
pub fn find(lines: &[&str], today: NaiveDate) -> Vec<Position> {
    let dated: Vec<(usize, DateRange)> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| !is_bullet(l.trim()))
        .filter_map(|(i, l)| find_date_range(l).map(|r| (i, r)))
        .collect();
    let mut positions = Vec::new();
    let mut floor = 0; // first line not yet claimed by an earlier position
    let mut header_starts = Vec::new();
    let mut bodies: Vec<(usize, usize)> = Vec::new();
    for (n, (k, range)) in dated.iter().enumerate() {
        let line = lines[*k];
        let rest = format!("{} {}", &line[..range.span.0], &line[range.span.1..]);
        let mut parts = split_parts(&rest);
        let mut first_header = *k;
        let mut j = *k;
        while parts.len() < 2 && j > floor && *k - j < 2 {
            j -= 1;
            if !is_header_line(lines[j]) {
                break;
            }
            let mut before = split_parts(lines[j]);
            before.append(&mut parts);
            parts = before;
            first_header = j;
        }
        let next_dated = dated.get(n + 1).map_or(lines.len(), |(i, _)| *i);
        let mut body_start = *k + 1;
        if parts.len() < 2 && body_start < next_dated && is_header_line(lines[body_start]) {
            parts.extend(split_parts(lines[body_start]));
            body_start += 1;
        }
        header_starts.push(first_header);
        bodies.push((body_start, next_dated));
        let (title, company) = title_and_company(&parts);
        let (a, b) = range.months(today);
        positions.push(Position {
            entry: Experience {
                title,
                company,
                start: Some(range.start.render()),
                end: range.end.map(|e| e.render()),
                duration_months: u32::try_from(b - a).unwrap_or(0),
                description: String::new(),
            },
            range: *range,
        });
        floor = body_start;
    }
    // Descriptions run until the next position's header lines.
    for (idx, pos) in positions.iter_mut().enumerate() {
        let (start, mut end) = bodies[idx];
        if let Some(next_header) = header_starts.get(idx + 1) {
            end = end.min(*next_header);
        }
        let text: Vec<&str> = lines
            .get(start..end.max(start))
            .unwrap_or_default()
            .iter()
            .map(|l| strip_bullet(l.trim()))
            .filter(|l| !l.is_empty())
            .collect();
        pos.entry.description = text.join("\n");
    }
    positions
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
    }

    fn tc(lines: &[&str]) -> Vec<(Option<String>, Option<String>)> {
        find(lines, today())
            .into_iter()
            .map(|p| (p.entry.title, p.entry.company))
            .collect()
    }

    fn pair(t: &str, c: &str) -> (Option<String>, Option<String>) {
        (Some(t.into()), Some(c.into()))
    }

    #[test]
    fn header_layouts() {
        assert_eq!(
            tc(&["Senior Engineer — Acme Corp  |  Jan 2021 – Present"]),
            [pair("Senior Engineer", "Acme Corp")]
        );
        assert_eq!(
            tc(&["Acme Corp | Data Analyst | 2019 - 2022"]),
            [pair("Data Analyst", "Acme Corp")]
        );
        assert_eq!(
            tc(&[
                "Data Scientist",
                "Helix Analytics",
                "Mar 2021 – Present",
                "- built things"
            ]),
            [pair("Data Scientist", "Helix Analytics")]
        );
        assert_eq!(
            tc(&["iOS Developer at Cabify", "April 2021 to date"]),
            [pair("iOS Developer", "Cabify")]
        );
        assert_eq!(
            tc(&["Lead Data Engineer @ Careem (Mar 2020 – current)"]),
            [pair("Lead Data Engineer", "Careem")]
        );
        assert_eq!(
            tc(&[
                "Acme GmbH    2019–2022",
                "Backend Developer",
                "• Built APIs"
            ]),
            [pair("Backend Developer", "Acme GmbH")]
        );
        assert_eq!(
            tc(&["Software Engineer, Salesforce, Inc., 2019 - 2022"]),
            [pair("Software Engineer", "Salesforce, Inc.")]
        );
        assert_eq!(
            tc(&["Backend Developer – Shopify (Remote)", "2021/08 - present"]),
            [pair("Backend Developer", "Shopify")]
        );
        assert_eq!(
            tc(&["Toss / Android Developer", "Since March 2021"]),
            [pair("Android Developer", "Toss")]
        );
    }

    #[test]
    fn descriptions_stop_at_the_next_header() {
        let lines = [
            "Engineer — Acme",
            "2019 - 2021",
            "• Built the billing system.",
            "Kept it running.",
            "Analyst — Beta Labs",
            "2017 - 2019",
            "• Wrote reports.",
        ];
        let found = find(&lines, today());
        assert_eq!(found.len(), 2);
        assert_eq!(
            found[0].entry.description,
            "Built the billing system.\nKept it running."
        );
        assert_eq!(found[1].entry.company.as_deref(), Some("Beta Labs"));
        assert_eq!(found[1].entry.description, "Wrote reports.");
        assert_eq!(found[0].entry.duration_months, 24);
    }
}
