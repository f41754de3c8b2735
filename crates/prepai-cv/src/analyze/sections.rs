//! Splitting a CV into sections by its headings ("Experience", "Education", "Skills", …).

/// The kind of section a line belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    /// Before the first heading: name, headline, contact details.
    Header,
    /// Summary / profile / objective.
    Summary,
    /// Work history.
    Experience,
    /// Degrees and schools.
    Education,
    /// Skills and technologies.
    Skills,
    /// Contact details under their own heading.
    Contact,
    /// Projects, certifications, languages, interests and anything else.
    Other,
}

/// Heading phrases (lowercase, without punctuation) and their sections.
const HEADINGS: &[(&str, Section)] = &[
    ("summary", Section::Summary),
    ("professional summary", Section::Summary),
    ("profile", Section::Summary),
    ("professional profile", Section::Summary),
    ("about", Section::Summary),
    ("about me", Section::Summary),
    ("objective", Section::Summary),
    ("career objective", Section::Summary),
    ("personal statement", Section::Summary),
    ("overview", Section::Summary),
    ("career summary", Section::Summary),
    ("kurzprofil", Section::Summary),
    ("experience", Section::Experience),
    ("work experience", Section::Experience),
    ("professional experience", Section::Experience),
    ("employment", Section::Experience),
    ("employment history", Section::Experience),
    ("work history", Section::Experience),
    ("career history", Section::Experience),
    ("relevant experience", Section::Experience),
    ("professional background", Section::Experience),
    ("experience history", Section::Experience),
    ("berufserfahrung", Section::Experience),
    ("expérience professionnelle", Section::Experience),
    ("experiencia", Section::Experience),
    ("experiencia profesional", Section::Experience),
    ("education", Section::Education),
    ("academic background", Section::Education),
    ("education and training", Section::Education),
    ("academic qualifications", Section::Education),
    ("qualifications", Section::Education),
    ("academic history", Section::Education),
    ("studies", Section::Education),
    ("ausbildung", Section::Education),
    ("formation", Section::Education),
    ("educación", Section::Education),
    ("formación", Section::Education),
    ("skills", Section::Skills),
    ("technical skills", Section::Skills),
    ("core skills", Section::Skills),
    ("key skills", Section::Skills),
    ("competencies", Section::Skills),
    ("core competencies", Section::Skills),
    ("technologies", Section::Skills),
    ("tech stack", Section::Skills),
    ("tools", Section::Skills),
    ("expertise", Section::Skills),
    ("skills and tools", Section::Skills),
    ("tools and technologies", Section::Skills),
    ("skills and technologies", Section::Skills),
    ("technical expertise", Section::Skills),
    ("kenntnisse", Section::Skills),
    ("compétences", Section::Skills),
    ("habilidades", Section::Skills),
    ("contact", Section::Contact),
    ("contact details", Section::Contact),
    ("contact information", Section::Contact),
    ("personal details", Section::Contact),
    ("personal information", Section::Contact),
    ("kontakt", Section::Contact),
    ("projects", Section::Other),
    ("personal projects", Section::Other),
    ("selected projects", Section::Other),
    ("certifications", Section::Other),
    ("certificates", Section::Other),
    ("licenses and certifications", Section::Other),
    ("courses", Section::Other),
    ("training", Section::Other),
    ("languages", Section::Other),
    ("language skills", Section::Other),
    ("interests", Section::Other),
    ("hobbies", Section::Other),
    ("awards", Section::Other),
    ("honors and awards", Section::Other),
    ("publications", Section::Other),
    ("references", Section::Other),
    ("volunteering", Section::Other),
    ("volunteer experience", Section::Other),
    ("achievements", Section::Other),
    ("activities", Section::Other),
];

/// If `line` is a section heading, its section.
pub fn heading(line: &str) -> Option<Section> {
    let cleaned: String = line
        .trim()
        .trim_start_matches('#')
        .trim_end_matches(':')
        .chars()
        .map(|c| if c == '&' { ' ' } else { c })
        .filter(|c| c.is_alphabetic() || c.is_whitespace())
        .collect::<String>()
        .to_lowercase();
    let words: Vec<&str> = cleaned.split_whitespace().filter(|w| *w != "and").collect();
    if words.is_empty() || words.len() > 4 || line.trim().len() > 40 {
        return None;
    }
    let key = words.join(" ");
    HEADINGS
        .iter()
        .find(|(h, _)| h.split(' ').filter(|w| *w != "and").eq(key.split(' ')))
        .map(|(_, s)| *s)
}

/// A line of the CV with the section it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line<'a> {
    /// Section of the line.
    pub section: Section,
    /// Trimmed text (empty for blank lines).
    pub text: &'a str,
    /// Whether this line is itself a heading.
    pub is_heading: bool,
}

/// Assigns every line of `text` to a section.
pub fn split(text: &str) -> Vec<Line<'_>> {
    let mut section = Section::Header;
    text.lines()
        .map(|raw| {
            let text = raw.trim();
            match heading(text) {
                Some(s) => {
                    section = s;
                    Line {
                        section,
                        text,
                        is_heading: true,
                    }
                }
                None => Line {
                    section,
                    text,
                    is_heading: false,
                },
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_in_several_spellings() {
        assert_eq!(heading("WORK EXPERIENCE"), Some(Section::Experience));
        assert_eq!(heading("## Education"), Some(Section::Education));
        assert_eq!(heading("Skills & Tools:"), Some(Section::Skills));
        assert_eq!(heading("Languages: Go, Python"), None);
        assert_eq!(
            heading("Experience building payment systems at scale"),
            None
        );
    }
}
