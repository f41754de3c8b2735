//! The embedded skill taxonomy (`data/skills.toml`) and the matcher that finds skills in text
//! on token boundaries, with extra care for ambiguous names (Go, R, C, Spring, Swift, …).

use std::collections::HashMap;
use std::sync::LazyLock;

use serde::Deserialize;

use super::tokens::{tokenize, Token};

const TAXONOMY_TOML: &str = include_str!("../../data/skills.toml");

#[derive(Deserialize)]
struct TaxonomyFile {
    category: Vec<CategoryDef>,
    industry: Vec<IndustryDef>,
}

#[derive(Deserialize)]
struct CategoryDef {
    name: String,
    skills: Vec<SkillDef>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum SkillDef {
    Name(String),
    Full {
        name: String,
        #[serde(default)]
        aliases: Vec<String>,
        #[serde(default)]
        strict: Vec<String>,
    },
}

/// An industry profile from the taxonomy.
#[derive(Debug, Clone, Deserialize)]
pub struct IndustryDef {
    /// Display name.
    pub name: String,
    /// Skill categories that count half.
    pub categories: Vec<String>,
    /// Skills that count fully.
    pub skills: Vec<String>,
    /// Lowercase fragments of job titles typical of the industry.
    pub titles: Vec<String>,
}

/// A canonical skill.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skill {
    /// Canonical name.
    pub name: String,
    /// Category label.
    pub category: String,
}

/// One spelling of a skill, as a token sequence.
#[derive(Debug)]
struct Pattern {
    norms: Vec<String>,
    raws: Vec<String>,
    skill: usize,
    strict: bool,
}

/// The parsed taxonomy with its lookup index.
#[derive(Debug)]
pub struct Taxonomy {
    /// All skills; indices are stable for the process.
    pub skills: Vec<Skill>,
    /// Industry profiles.
    pub industries: Vec<IndustryDef>,
    index: HashMap<String, Vec<Pattern>>,
}

static TAXONOMY: LazyLock<Taxonomy> = LazyLock::new(|| {
    Taxonomy::parse(TAXONOMY_TOML)
        .expect("the embedded data/skills.toml is valid (checked by tests)")
});

/// The embedded taxonomy.
pub fn taxonomy() -> &'static Taxonomy {
    &TAXONOMY
}

/// Words that give an ambiguous skill name a technical context.
const TECH_WORDS: &[&str] = &[
    "programming",
    "language",
    "languages",
    "developer",
    "developers",
    "development",
    "engineer",
    "engineering",
    "code",
    "coding",
    "framework",
    "frameworks",
    "library",
    "libraries",
    "backend",
    "frontend",
    "microservices",
    "services",
    "service",
    "api",
    "apis",
    "tooling",
    "tools",
    "stack",
    "scripts",
    "scripting",
    "written",
    "wrote",
    "compiler",
    "sdk",
    "software",
    "app",
    "apps",
    "application",
    "applications",
    "server",
    "database",
    "cli",
    "modules",
    "packages",
    "codebase",
    "runtime",
];

/// Tokens that, right after an ambiguous name, show a non-technical meaning ("go to",
/// "go ahead", "Spring semester", "Swift delivery").
const NON_TECH_NEXT: &[&str] = &[
    "to", "ahead", "live", "through", "back", "over", "semester", "term", "break", "festival",
    "season", "level", "suite", "grade", "delivery", "response", "action", "fair", "cleaning",
    "and", "or",
];

/// Tokens that, right before an ambiguous name, show a non-technical meaning.
const NON_TECH_PREV: &[&str] = &[
    "grade", "vitamin", "plan", "class", "type", "let's", "lets", "will", "must", "should", "can",
    "could", "would", "i", "we", "you", "they", "please", "this", "last", "next", "early", "late",
];

impl Taxonomy {
    fn parse(source: &str) -> Result<Taxonomy, toml::de::Error> {
        let file: TaxonomyFile = toml::from_str(source)?;
        let mut skills = Vec::new();
        let mut index: HashMap<String, Vec<Pattern>> = HashMap::new();
        let mut add = |form: &str, skill: usize, strict: bool| {
            let tokens = tokenize(form);
            let Some(first) = tokens.first() else { return };
            let pattern = Pattern {
                norms: tokens.iter().map(|t| t.norm.clone()).collect(),
                raws: tokens.iter().map(|t| t.raw.to_string()).collect(),
                skill,
                strict,
            };
            index.entry(first.norm.clone()).or_default().push(pattern);
        };
        for category in file.category {
            for def in category.skills {
                let (name, aliases, strict) = match def {
                    SkillDef::Name(name) => (name, Vec::new(), Vec::new()),
                    SkillDef::Full {
                        name,
                        aliases,
                        strict,
                    } => (name, aliases, strict),
                };
                let id = skills.len();
                if !strict.iter().any(|s| s.eq_ignore_ascii_case(&name)) {
                    add(&name, id, false);
                }
                for alias in &aliases {
                    add(alias, id, false);
                }
                for form in &strict {
                    add(form, id, true);
                }
                skills.push(Skill {
                    name,
                    category: category.name.clone(),
                });
            }
        }
        for patterns in index.values_mut() {
            patterns.sort_by_key(|p| std::cmp::Reverse(p.norms.len()));
        }
        Ok(Taxonomy {
            skills,
            industries: file.industry,
            index,
        })
    }

    /// Looks a skill up by canonical name.
    pub fn skill_id(&self, name: &str) -> Option<usize> {
        self.skills.iter().position(|s| s.name == name)
    }

    /// Skills mentioned in `line`, in order of appearance (may repeat). `skills_section` says
    /// the line sits under a "Skills" heading, which is technical context by itself.
    pub fn find_in_line(&self, line: &str, skills_section: bool) -> Vec<usize> {
        let tokens = tokenize(line);
        let mut loose = Vec::new();
        let mut strict = Vec::new();
        let mut i = 0;
        'scan: while i < tokens.len() {
            if let Some(patterns) = self.index.get(&tokens[i].norm) {
                for p in patterns {
                    let n = p.norms.len();
                    let Some(window) = tokens.get(i..i + n) else {
                        continue;
                    };
                    if !window.iter().zip(&p.norms).all(|(t, norm)| &t.norm == norm) {
                        continue;
                    }
                    if p.strict {
                        let same_case = window.iter().zip(&p.raws).all(|(t, raw)| t.raw == raw);
                        if !same_case || non_technical_use(line, &tokens, i, n) {
                            continue;
                        }
                        strict.push((i, p.skill));
                    } else {
                        loose.push((i, p.skill));
                    }
                    i += n;
                    continue 'scan;
                }
            }
            i += 1;
        }
        let context = skills_section
            || !loose.is_empty()
            || tokens.iter().any(|t| TECH_WORDS.contains(&t.norm.as_str()));
        if context {
            loose.extend(strict);
            loose.sort_unstable();
        }
        loose.into_iter().map(|(_, s)| s).collect()
    }
}

/// Whether an ambiguous name at `tokens[i..i + n]` is used in an everyday sense.
fn non_technical_use(line: &str, tokens: &[Token<'_>], i: usize, n: usize) -> bool {
    let (start, end) = (tokens[i].start, tokens[i + n - 1].end);
    if line[end..].starts_with(['-', '&']) || line[..start].ends_with('&') {
        return true; // C-level, Go-to-market, R-rated, R&D
    }
    // An initial in a name: "John R. Smith".
    let single_letter = n == 1 && tokens[i].raw.chars().count() == 1;
    let after_capitalised_word = i > 0
        && tokens[i - 1].raw.chars().count() > 1
        && tokens[i - 1]
            .raw
            .chars()
            .next()
            .is_some_and(char::is_uppercase);
    if single_letter && after_capitalised_word && line[end..].starts_with(". ") {
        return true;
    }
    if let Some(next) = tokens.get(i + n) {
        let is_year = next.norm.len() == 4 && next.norm.chars().all(|c| c.is_ascii_digit());
        if is_year || NON_TECH_NEXT.contains(&next.norm.as_str()) {
            // "and"/"or" only disqualify when no technical list follows: "Go and Rust" is fine.
            let list_follows = matches!(next.norm.as_str(), "and" | "or")
                && tokens
                    .get(i + n + 1)
                    .is_some_and(|t| t.raw.chars().next().is_some_and(char::is_uppercase));
            if !list_follows {
                return true;
            }
        }
    }
    i > 0 && NON_TECH_PREV.contains(&tokens[i - 1].norm.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(line: &str, skills_section: bool) -> Vec<String> {
        let t = taxonomy();
        t.find_in_line(line, skills_section)
            .into_iter()
            .map(|i| t.skills[i].name.clone())
            .collect()
    }

    #[test]
    fn taxonomy_is_big_unique_and_consistent() {
        let t = taxonomy();
        assert!(t.skills.len() >= 300, "only {} skills", t.skills.len());
        let mut seen = std::collections::HashSet::new();
        for s in &t.skills {
            assert!(seen.insert(&s.name), "duplicate skill {}", s.name);
        }
        for ind in &t.industries {
            for s in &ind.skills {
                assert!(
                    t.skill_id(s).is_some(),
                    "industry {} names unknown skill {s}",
                    ind.name
                );
            }
            for c in &ind.categories {
                assert!(
                    t.skills.iter().any(|s| &s.category == c),
                    "industry {} names unknown category {c}",
                    ind.name
                );
            }
        }
    }

    #[test]
    fn go_needs_tech_context_and_is_not_google() {
        assert_eq!(
            names("Worked at Google on search", false),
            Vec::<String>::new()
        );
        assert_eq!(
            names("Whenever I go to conferences", false),
            Vec::<String>::new()
        );
        assert_eq!(
            names("Go to market strategy for retail", false),
            Vec::<String>::new()
        );
        assert_eq!(
            names("Built APIs in Go and PostgreSQL", false),
            ["Go", "PostgreSQL"]
        );
        assert_eq!(names("Wrote internal tooling in Go", false), ["Go"]);
        assert_eq!(names("Golang enthusiast", false), ["Go"]);
    }

    #[test]
    fn single_letter_languages_only_standalone_with_context() {
        assert_eq!(
            names("Statistics in R and Python", false),
            ["Statistics", "R", "Python"]
        );
        assert_eq!(
            names("Reported to C-level executives", false),
            Vec::<String>::new()
        );
        assert_eq!(
            names("Languages: Python, C, Bash", false),
            ["Python", "C", "Bash"]
        );
        assert_eq!(names("R", true), ["R"]);
        assert_eq!(names("Grade C in chemistry", false), Vec::<String>::new());
        assert_eq!(
            names("Objective-C and C++ and C#", false),
            ["Objective-C", "C++", "C#"]
        );
        assert_eq!(
            names("Led R&D for the Python tools team", false),
            ["Python"]
        );
        assert_eq!(names("John R. Smith, Python developer", false), ["Python"]);
    }

    #[test]
    fn dotted_and_symbol_names() {
        assert_eq!(
            names("Maintained a legacy C# / .NET payments service", false),
            ["C#", ".NET"]
        );
        assert_eq!(
            names("Node.js/Express backends with Vue.js", false),
            ["Node.js", "Express", "Vue.js"]
        );
        assert_eq!(names("ASP.NET Core and .NET 6", false), ["ASP.NET", ".NET"]);
        assert_eq!(
            names("scikit-learn, CI/CD", false),
            ["scikit-learn", "CI/CD"]
        );
    }

    #[test]
    fn spring_framework_versus_season() {
        assert_eq!(
            names("led the Spring 2019 hiring campaign", false),
            Vec::<String>::new()
        );
        assert_eq!(
            names("Java/Spring services on Kubernetes", false),
            ["Java", "Spring", "Kubernetes"]
        );
        assert_eq!(
            names("Spring Boot microservices", false),
            ["Spring Boot", "Microservices"]
        );
        assert_eq!(names("In spring we hiked", false), Vec::<String>::new());
    }

    #[test]
    fn everyday_words_are_not_skills() {
        assert_eq!(
            names("Took some rest after the project", false),
            Vec::<String>::new()
        );
        assert_eq!(names("Designed REST APIs", false), ["REST"]);
        assert_eq!(
            names("Went networking at events with the postman", false),
            Vec::<String>::new()
        );
        assert_eq!(
            names("Reviewed user IDs in the tableau de bord", false),
            Vec::<String>::new()
        );
        assert_eq!(
            names("Ran Jenkins pipelines for Docker images", false),
            ["Jenkins", "Docker"]
        );
    }

    #[test]
    fn swift_rust_and_excel_as_words() {
        assert_eq!(
            names("Swift delivery of features is what I enjoy", false),
            Vec::<String>::new()
        );
        assert_eq!(
            names("Rewrote the app in Swift and SwiftUI", false),
            ["Swift", "SwiftUI"]
        );
        assert_eq!(
            names("Removed rust from the old bridge", false),
            Vec::<String>::new()
        );
        assert_eq!(names("Programming: Rust, C++", false), ["Rust", "C++"]);
        assert_eq!(
            names("I excel at communication", false),
            Vec::<String>::new()
        );
    }
}
