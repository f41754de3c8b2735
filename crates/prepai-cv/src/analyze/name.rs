//! Finding the candidate's name near the top of the CV: not blindly the first line.
//! Document titles ("Curriculum Vitae", "Resume"), contact lines and job titles are skipped;
//! accents, hyphens, apostrophes, particles (van der, de la, bin, Al-) and CJK names are kept.

use super::contact;

/// Lines that title the document rather than name the person.
const DOCUMENT_TITLES: &[&str] = &[
    "curriculum vitae",
    "resume",
    "résumé",
    "cv",
    "lebenslauf",
    "currículum",
    "curriculum",
    "currículum vitae",
    "resumé",
    "profile",
    "personal profile",
    "confidential",
];

/// Lowercase name particles allowed between capitalised name parts.
const PARTICLES: &[&str] = &[
    "van", "von", "der", "den", "de", "del", "della", "di", "da", "du", "la", "le", "bin", "binti",
    "ibn", "al", "el", "y", "dos", "das", "do", "ten", "ter", "zu", "af", "av", "St.",
];

/// Titles dropped in front of a name.
const HONORIFICS: &[&str] = &[
    "Dr.", "Dr", "Prof.", "Prof", "Mr.", "Mrs.", "Ms.", "Mx.", "Ing.",
];

/// Words that mark a line as a job title or heading, not a name.
const NOT_NAME_WORDS: &[&str] = &[
    "engineer",
    "developer",
    "manager",
    "analyst",
    "scientist",
    "architect",
    "designer",
    "consultant",
    "intern",
    "specialist",
    "administrator",
    "director",
    "officer",
    "lead",
    "senior",
    "junior",
    "tester",
    "programmer",
    "resume",
    "curriculum",
    "vitae",
    "experience",
    "education",
    "skills",
    "summary",
    "profile",
    "contact",
    "street",
    "road",
    "avenue",
    "university",
    "college",
    "inc",
    "ltd",
    "gmbh",
    "llc",
    "page",
    "objective",
];

/// The candidate's name from the first lines of the CV.
pub fn find(lines: &[&str]) -> Option<String> {
    for line in lines.iter().take(12) {
        let line = line
            .trim()
            .trim_matches(|c: char| c == '#' || c == '*' || c == '_')
            .trim();
        if line.is_empty() || DOCUMENT_TITLES.contains(&line.to_lowercase().as_str()) {
            continue;
        }
        if let Some(rest) = strip_label(line) {
            if let Some(n) = as_name(rest) {
                return Some(n);
            }
        }
        let first = contact::parts(line).next().unwrap_or(line);
        let first = first.split([',', '—', '–']).next().unwrap_or(first).trim();
        if let Some(n) = as_name(first) {
            return Some(n);
        }
    }
    None
}

fn strip_label(line: &str) -> Option<&str> {
    let (label, rest) = line.split_once(':')?;
    matches!(
        label.trim().to_lowercase().as_str(),
        "name" | "full name" | "nombre" | "nom" | "navn"
    )
    .then_some(rest.trim())
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x4E00..=0x9FFF | 0x3400..=0x4DBF | 0xAC00..=0xD7AF | 0x3040..=0x30FF | 0xF900..=0xFAFF)
}

/// `text` as a name, normalised (apostrophes straightened, ALL CAPS title-cased), if it
/// looks like one.
fn as_name(text: &str) -> Option<String> {
    let text = text.replace(['’', '`', '´'], "'");
    let mut text = text.trim();
    for honorific in HONORIFICS {
        if let Some(rest) = text
            .strip_prefix(honorific)
            .and_then(|r| r.strip_prefix(' '))
        {
            text = rest.trim_start();
        }
    }
    let compact: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '·' && *c != '・')
        .collect();
    if !compact.is_empty() && compact.chars().all(is_cjk) {
        return (2..=8)
            .contains(&compact.chars().count())
            .then(|| text.to_string());
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    if !(2..=6).contains(&words.len()) {
        return None;
    }
    let mut capitalised = 0;
    for w in &words {
        let lower = w.to_lowercase();
        if NOT_NAME_WORDS.contains(&lower.trim_end_matches('.')) {
            return None;
        }
        if !w
            .chars()
            .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '.'))
        {
            return None;
        }
        if w.chars().next().is_some_and(char::is_uppercase) {
            capitalised += 1;
        } else if !PARTICLES.contains(w) {
            return None;
        }
    }
    if capitalised < 2 && !(capitalised == 1 && words.len() >= 2) {
        return None;
    }
    let letters: Vec<char> = text.chars().filter(|c| c.is_alphabetic()).collect();
    let all_caps = letters.len() > 3 && letters.iter().all(|c| c.is_uppercase());
    Some(if all_caps {
        title_case(text)
    } else {
        text.to_string()
    })
}

fn title_case(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut start = true;
    for c in text.chars() {
        if start {
            out.extend(c.to_uppercase());
        } else {
            out.extend(c.to_lowercase());
        }
        start = !c.is_alphabetic();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skips_document_titles_and_contact_lines() {
        assert_eq!(
            find(&[
                "Curriculum Vitae",
                "Anna-Lena van der Berg",
                "Cloud Architect"
            ])
            .as_deref(),
            Some("Anna-Lena van der Berg")
        );
        assert_eq!(
            find(&["RESUME", "jane@x.io | +1 555 1234", "Jane Doe"]).as_deref(),
            Some("Jane Doe")
        );
        assert_eq!(
            find(&["Senior Software Engineer", "Emily Carter"]).as_deref(),
            Some("Emily Carter")
        );
    }

    #[test]
    fn non_english_names() {
        assert_eq!(
            find(&["Nguyễn Thị Minh Khai"]).as_deref(),
            Some("Nguyễn Thị Minh Khai")
        );
        assert_eq!(find(&["王小明"]).as_deref(), Some("王小明"));
        assert_eq!(
            find(&["Jean-Luc de la Fontaine"]).as_deref(),
            Some("Jean-Luc de la Fontaine")
        );
        assert_eq!(
            find(&["Siobhán O’Connor"]).as_deref(),
            Some("Siobhán O'Connor")
        );
        assert_eq!(
            find(&["Omar bin Khalid Al-Farsi"]).as_deref(),
            Some("Omar bin Khalid Al-Farsi")
        );
        assert_eq!(
            find(&["LUCAS OLIVEIRA SANTOS"]).as_deref(),
            Some("Lucas Oliveira Santos")
        );
        assert_eq!(find(&["Dr. Amara Okafor"]).as_deref(), Some("Amara Okafor"));
        assert_eq!(
            find(&["Name: José María García-López"]).as_deref(),
            Some("José María García-López")
        );
    }
}
