//! Date ranges as people write them on CVs: `2019–2022`, `Jan 2019 – Present`,
//! `January 2019 to March 2021`, `03/2018 - 11/2020`, `2018.03 – 2019.11`, `2021 to date`,
//! `Since 2020`, … and the month arithmetic used for durations.
//!
//! Counting rule: a year-only start means January; a month-precise end is inclusive; a
//! year-only end means "until January of that year" (so `2019 – 2022` is 36 months, and
//! `2020 – 2020` is 12); an open end runs through the current month.

use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate};
use regex::{Captures, Regex};

/// A calendar month, or a year when the month is unknown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct YearMonth {
    /// Four-digit year.
    pub year: i32,
    /// Month 1–12, if given.
    pub month: Option<u32>,
}

impl YearMonth {
    /// `YYYY-MM` or `YYYY`.
    pub fn render(self) -> String {
        match self.month {
            Some(m) => format!("{:04}-{m:02}", self.year),
            None => format!("{:04}", self.year),
        }
    }
}

/// A date range found in a line of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateRange {
    /// First month of the range.
    pub start: YearMonth,
    /// Last month; `None` means "present".
    pub end: Option<YearMonth>,
    /// Byte span of the range in the line.
    pub span: (usize, usize),
}

impl DateRange {
    /// Half-open month interval `[a, b)` as month indices (`year * 12 + month - 1`).
    pub fn months(&self, today: NaiveDate) -> (i64, i64) {
        let idx = |y: i32, m: u32| i64::from(y) * 12 + i64::from(m) - 1;
        let a = idx(self.start.year, self.start.month.unwrap_or(1));
        let b = match self.end {
            None => idx(today.year(), today.month()) + 1,
            Some(YearMonth {
                year,
                month: Some(m),
            }) => idx(year, m) + 1,
            Some(YearMonth { year, month: None })
                if self.start.month.is_none() && year == self.start.year =>
            {
                a + 12
            }
            Some(YearMonth { year, month: None }) => idx(year, 1),
        };
        (a, b.max(a))
    }
}

/// Month names (English, German, French, Spanish, Dutch), longest spellings first.
const MONTHS: &[(&str, u32)] = &[
    ("january", 1),
    ("january", 1),
    ("januar", 1),
    ("janvier", 1),
    ("enero", 1),
    ("januari", 1),
    ("jan", 1),
    ("february", 2),
    ("februar", 2),
    ("février", 2),
    ("fevrier", 2),
    ("febrero", 2),
    ("februari", 2),
    ("feb", 2),
    ("fév", 2),
    ("march", 3),
    ("märz", 3),
    ("maerz", 3),
    ("mars", 3),
    ("marzo", 3),
    ("maart", 3),
    ("mar", 3),
    ("mär", 3),
    ("april", 4),
    ("avril", 4),
    ("abril", 4),
    ("apr", 4),
    ("avr", 4),
    ("abr", 4),
    ("may", 5),
    ("mai", 5),
    ("mayo", 5),
    ("mei", 5),
    ("june", 6),
    ("juni", 6),
    ("juin", 6),
    ("junio", 6),
    ("jun", 6),
    ("july", 7),
    ("juli", 7),
    ("juillet", 7),
    ("julio", 7),
    ("jul", 7),
    ("august", 8),
    ("août", 8),
    ("aout", 8),
    ("agosto", 8),
    ("augustus", 8),
    ("aug", 8),
    ("ago", 8),
    ("september", 9),
    ("septembre", 9),
    ("septiembre", 9),
    ("sept", 9),
    ("sep", 9),
    ("october", 10),
    ("oktober", 10),
    ("octobre", 10),
    ("octubre", 10),
    ("oct", 10),
    ("okt", 10),
    ("november", 11),
    ("novembre", 11),
    ("noviembre", 11),
    ("nov", 11),
    ("december", 12),
    ("dezember", 12),
    ("décembre", 12),
    ("decembre", 12),
    ("diciembre", 12),
    ("dec", 12),
    ("dez", 12),
    ("dic", 12),
];

const PRESENT: &str = r"present|current(?:ly)?|now|today|to\s+date|date|ongoing|heute|aktuell|actualidad|presente|aujourd'hui|présent|nu";
const SEPARATOR: &str =
    r"\s*(?:-{1,2}|–|—|−|~|→|to|until|till|through|thru|bis|à|au|a|hasta|tot)\s*";

fn month_alternation() -> String {
    let mut names: Vec<&str> = MONTHS.iter().map(|(n, _)| *n).collect();
    names.sort_by_key(|n| std::cmp::Reverse(n.len()));
    names.dedup();
    names.join("|")
}

/// One date, with capture names prefixed by `p` so it can appear twice in a pattern.
fn date_pattern(p: &str) -> String {
    let months = month_alternation();
    format!(
        r"(?:\b(?P<{p}mn>{months})\.?,?\s*(?P<{p}my>(?:19|20)\d{{2}})|\b(?P<{p}nm>0?[1-9]|1[0-2])\s*[/.\-]\s*(?P<{p}ny>(?:19|20)\d{{2}})|\b(?P<{p}yy>(?:19|20)\d{{2}})[/.\-](?P<{p}ym>0?[1-9]|1[0-2])\b|\b(?P<{p}y>(?:19|20)\d{{2}}))"
    )
}

static RANGE: LazyLock<Regex> = LazyLock::new(|| {
    let pattern = format!(
        r"(?i)(?:{start}){SEPARATOR}(?:(?P<present>{PRESENT})\b|{end})",
        start = date_pattern("s"),
        end = date_pattern("e")
    );
    Regex::new(&pattern).expect("date range pattern is valid")
});

static SINCE: LazyLock<Regex> = LazyLock::new(|| {
    let pattern = format!(
        r"(?i)\b(?:since|from|seit|depuis|desde|sinds)\s+{}",
        date_pattern("s")
    );
    Regex::new(&pattern).expect("since pattern is valid")
});

fn month_number(name: &str) -> Option<u32> {
    let lower = name.to_lowercase();
    MONTHS.iter().find(|(n, _)| *n == lower).map(|(_, m)| *m)
}

fn capture_date(c: &Captures<'_>, p: &str) -> Option<YearMonth> {
    let get = |k: &str| c.name(&format!("{p}{k}")).map(|m| m.as_str());
    let year = |s: &str| s.parse::<i32>().ok();
    if let (Some(mn), Some(my)) = (get("mn"), get("my")) {
        return Some(YearMonth {
            year: year(my)?,
            month: Some(month_number(mn)?),
        });
    }
    if let (Some(nm), Some(ny)) = (get("nm"), get("ny")) {
        return Some(YearMonth {
            year: year(ny)?,
            month: nm.parse().ok(),
        });
    }
    if let (Some(yy), Some(ym)) = (get("yy"), get("ym")) {
        return Some(YearMonth {
            year: year(yy)?,
            month: ym.parse().ok(),
        });
    }
    get("y").and_then(year).map(|y| YearMonth {
        year: y,
        month: None,
    })
}

/// Finds the first date range in `line`, if any. Ranges that end before they start are ignored.
pub fn find_date_range(line: &str) -> Option<DateRange> {
    for c in RANGE.captures_iter(line) {
        let whole = c.get(0)?;
        let Some(start) = capture_date(&c, "s") else {
            continue;
        };
        let end = if c.name("present").is_some() {
            None
        } else {
            capture_date(&c, "e")
        };
        if c.name("present").is_none() && end.is_none() {
            continue;
        }
        if let Some(e) = end {
            if (e.year, e.month.unwrap_or(12)) < (start.year, start.month.unwrap_or(1)) {
                continue;
            }
        }
        return Some(DateRange {
            start,
            end,
            span: (whole.start(), whole.end()),
        });
    }
    let c = SINCE.captures(line)?;
    let whole = c.get(0)?;
    Some(DateRange {
        start: capture_date(&c, "s")?,
        end: None,
        span: (whole.start(), whole.end()),
    })
}

/// Finds a lone year (e.g. a graduation year) in `line`.
pub fn find_year(line: &str) -> Option<YearMonth> {
    static YEAR: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\b(?:19|20)\d{2}\b").expect("year pattern is valid"));
    let m = YEAR.find(line)?;
    Some(YearMonth {
        year: m.as_str().parse().ok()?,
        month: None,
    })
}

/// Total months covered by `ranges` after merging overlaps.
pub fn merged_months(ranges: &[DateRange], today: NaiveDate) -> i64 {
    let mut intervals: Vec<(i64, i64)> = ranges.iter().map(|r| r.months(today)).collect();
    intervals.sort_unstable();
    let mut total = 0;
    let mut current: Option<(i64, i64)> = None;
    for (a, b) in intervals {
        match current {
            Some((ca, cb)) if a <= cb => current = Some((ca, cb.max(b))),
            Some((ca, cb)) => {
                total += cb - ca;
                current = Some((a, b));
            }
            None => current = Some((a, b)),
        }
    }
    total + current.map_or(0, |(a, b)| b - a)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
    }

    fn ym(year: i32, month: Option<u32>) -> YearMonth {
        YearMonth { year, month }
    }

    fn parse(s: &str) -> (YearMonth, Option<YearMonth>) {
        let r = find_date_range(s).unwrap_or_else(|| panic!("no range in {s:?}"));
        (r.start, r.end)
    }

    #[test]
    fn the_formats_people_write() {
        assert_eq!(parse("2019–2022"), (ym(2019, None), Some(ym(2022, None))));
        assert_eq!(parse("2019 - 2022"), (ym(2019, None), Some(ym(2022, None))));
        assert_eq!(parse("Jan 2019 – Present"), (ym(2019, Some(1)), None));
        assert_eq!(
            parse("January 2019 to March 2021"),
            (ym(2019, Some(1)), Some(ym(2021, Some(3))))
        );
        assert_eq!(
            parse("03/2018 - 11/2020"),
            (ym(2018, Some(3)), Some(ym(2020, Some(11))))
        );
        assert_eq!(parse("2021 to date"), (ym(2021, None), None));
        assert_eq!(parse("Since 2020"), (ym(2020, None), None));
        assert_eq!(
            parse("2018.03 – 2019.11"),
            (ym(2018, Some(3)), Some(ym(2019, Some(11))))
        );
        assert_eq!(
            parse("Sept. 2017 — Dec. 2018"),
            (ym(2017, Some(9)), Some(ym(2018, Some(12))))
        );
        assert_eq!(parse("Mar 2020 – current"), (ym(2020, Some(3)), None));
        assert_eq!(parse("2022–present"), (ym(2022, None), None));
        assert_eq!(parse("März 2019 bis heute"), (ym(2019, Some(3)), None));
        assert_eq!(parse("since Jan 2021"), (ym(2021, Some(1)), None));
    }

    #[test]
    fn not_ranges() {
        assert_eq!(find_date_range("Cut latency by 40% in 2019"), None);
        assert_eq!(find_date_range("+1 (415) 555-0132"), None);
        assert_eq!(find_date_range("2022 - 2019"), None);
    }

    #[test]
    fn month_counting_rule() {
        let months = |s: &str| {
            let (a, b) = find_date_range(s).unwrap().months(today());
            b - a
        };
        assert_eq!(months("2019 - 2022"), 36);
        assert_eq!(months("2020 - 2020"), 12);
        assert_eq!(months("Jan 2019 - Mar 2021"), 27);
        assert_eq!(months("Jan 2026 - Present"), 11);
    }

    #[test]
    fn overlapping_ranges_are_merged() {
        let ranges: Vec<DateRange> = ["Jan 2018 - Dec 2019", "Jun 2019 - Dec 2020", "2023 - 2024"]
            .iter()
            .map(|s| find_date_range(s).unwrap())
            .collect();
        assert_eq!(merged_months(&ranges, today()), 36 + 12);
    }
}
