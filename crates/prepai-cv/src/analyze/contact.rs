//! Contact details: e-mail, phone, profile links and location.

use std::sync::LazyLock;

use regex::Regex;

use super::dates::find_date_range;
use crate::model::Links;

static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b[a-z0-9][a-z0-9._%+\-]*@[a-z0-9](?:[a-z0-9\-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9\-]*[a-z0-9])?)*\.[a-z]{2,}\b")
        .expect("email pattern is valid")
});
static PHONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:\+|\b00)?\(?\d[\d\s().\-/]{5,}\d").expect("phone pattern is valid")
});
static PHONE_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:phone|tel|telephone|mobile|mob|cell|handy|téléphone|teléfono|whatsapp)\b|☎|📞|📱")
        .expect("phone label pattern is valid")
});
static LINKEDIN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:https?://)?(?:[a-z]{2,3}\.)?linkedin\.com/(?:in|pub)/[\w\-%.]+")
        .expect("linkedin pattern is valid")
});
static GITHUB: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:https?://)?(?:www\.)?github\.com/[A-Za-z0-9\-_.]+")
        .expect("github pattern is valid")
});
static URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bhttps?://[^\s|()<>]+|\bwww\.[a-z0-9\-]+\.[^\s|()<>]+")
        .expect("url pattern is valid")
});
static LOCATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\p{Lu}[\p{L}.'\-]*)(?:\s+(?:\p{Lu}|de |del |am |an |upon )[\p{L}.'\-]*)*(?:,\s*\p{Lu}[\p{L}.'\-]*(?:\s+\p{Lu}[\p{L}.'\-]*)*){1,2}$")
        .expect("location pattern is valid")
});
static LOCATION_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\s*(?:location|address|based in|city|wohnort|adresse|ubicación)\s*[:\-]\s*(.+)$",
    )
    .expect("location label pattern is valid")
});

/// `line` with e-mail addresses and URLs blanked out, so that `github.com/x` or
/// `jane@rust-lang.org` do not count as skill mentions.
pub fn without_addresses(line: &str) -> std::borrow::Cow<'_, str> {
    if !line.contains('@')
        && !line.contains("http")
        && !line.contains("www.")
        && !line.contains(".com/")
    {
        return std::borrow::Cow::Borrowed(line);
    }
    let line = EMAIL.replace_all(line, " ");
    let line = URL.replace_all(&line, " ").into_owned();
    let line = LINKEDIN.replace_all(&line, " ").into_owned();
    std::borrow::Cow::Owned(GITHUB.replace_all(&line, " ").into_owned())
}

/// The first e-mail address in `text`.
pub fn email(text: &str) -> Option<String> {
    EMAIL
        .find(text)
        .map(|m| m.as_str().trim_end_matches('.').to_string())
}

/// The best phone number in `lines`: labelled or international numbers first, then any
/// plausible number. Dates and year ranges are not phone numbers.
pub fn phone<'a>(lines: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let mut fallback = None;
    for line in lines {
        let without_email = EMAIL.replace_all(line, " ");
        for m in PHONE.find_iter(&without_email) {
            let candidate = m.as_str().trim();
            if !plausible_phone(candidate) {
                continue;
            }
            let strong = candidate.starts_with('+')
                || candidate.starts_with('(')
                || PHONE_LABEL.is_match(line);
            if strong {
                return Some(candidate.to_string());
            }
            fallback.get_or_insert_with(|| candidate.to_string());
        }
    }
    fallback
}

fn plausible_phone(candidate: &str) -> bool {
    let digits = candidate.chars().filter(char::is_ascii_digit).count();
    if !(7..=15).contains(&digits) || find_date_range(candidate).is_some() {
        return false;
    }
    let groups: Vec<&str> = candidate
        .split(|c: char| !c.is_ascii_digit())
        .filter(|g| !g.is_empty())
        .collect();
    let year_like = |g: &&str| g.len() == 4 && (g.starts_with("19") || g.starts_with("20"));
    !(groups.len() > 1 && groups.iter().all(year_like))
}

/// LinkedIn, GitHub and website links found in `text`.
pub fn links(text: &str) -> Links {
    let normalise = |s: &str| {
        let s = s.trim_end_matches(['.', ',', ';', ')']);
        if s.to_ascii_lowercase().starts_with("http") {
            s.to_string()
        } else {
            format!("https://{s}")
        }
    };
    let website = URL
        .find_iter(text)
        .map(|m| m.as_str())
        .find(|u| {
            let l = u.to_ascii_lowercase();
            !l.contains("linkedin.com") && !l.contains("github.com")
        })
        .map(normalise);
    Links {
        linkedin: LINKEDIN.find(text).map(|m| normalise(m.as_str())),
        github: GITHUB.find(text).map(|m| normalise(m.as_str())),
        website,
    }
}

/// Splits a contact line into its parts (`a | b · c`).
pub fn parts(line: &str) -> impl Iterator<Item = &str> {
    line.split(['|', '•', '·', '\t', '◦', '▪', '✉', '☎', '📞', '📍'])
        .flat_map(|p| p.split("  "))
        .map(|p| p.trim().trim_matches(|c: char| c == ',' || c == ';'))
        .filter(|p| !p.is_empty())
}

/// A "City, Country" location among `lines`; `name` is excluded.
pub fn location<'a>(
    lines: impl IntoIterator<Item = &'a str>,
    name: Option<&str>,
) -> Option<String> {
    for line in lines {
        if let Some(c) = LOCATION_LABEL.captures(line) {
            return c.get(1).map(|m| m.as_str().trim().to_string());
        }
        for part in parts(line) {
            if Some(part) == name || part.contains('@') || part.chars().any(|c| c.is_ascii_digit())
            {
                continue;
            }
            if LOCATION.is_match(part) && part.split_whitespace().count() <= 6 {
                return Some(part.to_string());
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_in_many_formats() {
        for p in [
            "+1 (415) 555-0132",
            "+49 30 12345678",
            "(020) 7946 0958",
            "06-12345678",
            "+55 11 91234-5678",
        ] {
            assert_eq!(
                phone([format!("Name | {p} | City").as_str()]).as_deref(),
                Some(p)
            );
        }
    }

    #[test]
    fn year_ranges_are_not_phones() {
        assert_eq!(
            phone(["Engineer, Acme, 2019 - 2022", "03/2018 - 11/2020"]),
            None
        );
    }

    #[test]
    fn location_and_links() {
        assert_eq!(
            location(["a@b.io | +1 555 0100 | San Francisco, CA"], None).as_deref(),
            Some("San Francisco, CA")
        );
        assert_eq!(
            location(["Location: Lagos"], None).as_deref(),
            Some("Lagos")
        );
        let l = links("linkedin.com/in/jane-doe | github.com/jdoe | https://jane.dev");
        assert_eq!(
            l.linkedin.as_deref(),
            Some("https://linkedin.com/in/jane-doe")
        );
        assert_eq!(l.github.as_deref(), Some("https://github.com/jdoe"));
        assert_eq!(l.website.as_deref(), Some("https://jane.dev"));
    }
}
