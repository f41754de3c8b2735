//! The structured profile produced by the analyser (serialised in camelCase).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Everything extracted from one CV.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CvAnalysis {
    /// The candidate's name, if one was found.
    pub candidate_name: Option<String>,
    /// First e-mail address found.
    pub email: Option<String>,
    /// First phone number found, as written.
    pub phone: Option<String>,
    /// Canonical skill names, in order of first mention.
    pub skills: Vec<String>,
    /// Positions held, in document order.
    pub experience: Vec<Experience>,
    /// Degrees and schools, in document order.
    pub education: Vec<Education>,
    /// Years of experience after merging overlapping positions, one decimal.
    pub total_years_experience: f64,
    /// The CV's own summary section, or a generated one-line summary.
    pub summary: String,
    /// Profile links.
    pub links: Links,
    /// City / country line, if found.
    pub location: Option<String>,
    /// Category label → canonical skills in that category.
    pub categorized_skills: BTreeMap<String, Vec<String>>,
    /// Industry fit derived from skills and job titles.
    pub industry: IndustryMatch,
    /// Fields that could not be found, and other caveats.
    pub warnings: Vec<String>,
}

/// One position held.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Experience {
    /// Job title, if recognised.
    pub title: Option<String>,
    /// Employer, if recognised.
    pub company: Option<String>,
    /// Start as `YYYY-MM`, or `YYYY` when only the year is known.
    pub start: Option<String>,
    /// End as `YYYY-MM` or `YYYY`; `None` means the position is current.
    pub end: Option<String>,
    /// Length of the position in months (see the crate docs for the counting rule).
    pub duration_months: u32,
    /// Bullet points and text under the position.
    pub description: String,
}

/// One degree or school entry.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Education {
    /// Canonical degree abbreviation (`BSc`, `MSc`, `PhD`, …).
    pub degree: Option<String>,
    /// Field of study.
    pub field: Option<String>,
    /// School or university.
    pub institution: Option<String>,
    /// Start as `YYYY-MM` or `YYYY`.
    pub start: Option<String>,
    /// End as `YYYY-MM` or `YYYY`; `None` when ongoing or unknown.
    pub end: Option<String>,
}

/// Profile links found in the CV.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Links {
    /// LinkedIn profile URL.
    pub linkedin: Option<String>,
    /// GitHub profile URL.
    pub github: Option<String>,
    /// Personal website or other URL.
    pub website: Option<String>,
}

/// How well the CV matches each industry.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IndustryMatch {
    /// The best-matching industry, if any scored above zero.
    pub primary: Option<String>,
    /// Industry label → match score in `0..=1`.
    pub scores: BTreeMap<String, f64>,
}
