//! From extracted text to a [`CvAnalysis`].

mod contact;
mod dates;
mod education;
mod experience;
mod industry;
mod name;
mod sections;
mod skills;
mod tokens;

use std::collections::BTreeMap;

use sections::{Line, Section};

use crate::model::CvAnalysis;
use crate::CvOptions;

pub use dates::{find_date_range, DateRange, YearMonth};
pub use skills::{taxonomy, IndustryDef, Skill, Taxonomy};

/// Longest summary taken from the CV's own summary section, in characters.
const MAX_SUMMARY_CHARS: usize = 600;

/// Analyses CV text (as produced by [`crate::extract_text`]).
pub fn analyze_text(text: &str, opts: &CvOptions) -> CvAnalysis {
    let lines = sections::split(text);
    let content = |pred: &dyn Fn(&Line<'_>) -> bool| -> Vec<&str> {
        lines
            .iter()
            .filter(|l| !l.is_heading && !l.text.is_empty() && pred(l))
            .map(|l| l.text)
            .collect()
    };
    let header = content(&|l| l.section == Section::Header);
    let top: Vec<&str> = if header.is_empty() {
        content(&|_| true).into_iter().take(12).collect()
    } else {
        header
    };
    let contact_lines: Vec<&str> = top
        .iter()
        .copied()
        .chain(content(&|l| l.section == Section::Contact))
        .collect();
    let all = content(&|_| true);

    let mut out = CvAnalysis {
        candidate_name: name::find(&top),
        email: contact::email(text),
        ..Default::default()
    };
    out.phone = contact::phone(contact_lines.iter().copied())
        .or_else(|| contact::phone(all.iter().copied()));
    out.links = contact::links(text);
    out.location = contact::location(contact_lines.iter().copied(), out.candidate_name.as_deref());

    let mut positions =
        experience::find(&content(&|l| l.section == Section::Experience), opts.today);
    if positions.is_empty() {
        let rest = content(&|l| {
            !matches!(
                l.section,
                Section::Education | Section::Header | Section::Contact
            )
        });
        positions = experience::find(&rest, opts.today);
    }
    let ranges: Vec<DateRange> = positions.iter().map(|p| p.range).collect();
    let months = dates::merged_months(&ranges, opts.today);
    out.total_years_experience = (months as f64 / 12.0 * 10.0).round() / 10.0;
    out.experience = positions.into_iter().map(|p| p.entry).collect();

    out.education = education::find(&content(&|l| l.section == Section::Education));
    if out.education.is_empty() {
        out.education = education::find(&content(&|l| l.section != Section::Experience))
            .into_iter()
            .filter(|e| e.degree.is_some())
            .collect();
    }

    let tax = taxonomy();
    let mut skill_ids: Vec<usize> = Vec::new();
    // Contact lines ("[GitHub](…) · LinkedIn") name sites, not skills; addresses never do.
    let is_contact_line = |l: &Line<'_>| {
        matches!(l.section, Section::Header | Section::Contact)
            && contact::without_addresses(l.text).len() != l.text.len()
    };
    for line in lines
        .iter()
        .filter(|l| !l.is_heading && !is_contact_line(l))
    {
        let text = contact::without_addresses(line.text);
        for id in tax.find_in_line(&text, line.section == Section::Skills) {
            if !skill_ids.contains(&id) {
                skill_ids.push(id);
            }
        }
    }
    out.skills = skill_ids
        .iter()
        .map(|&i| tax.skills[i].name.clone())
        .collect();
    let mut categorized: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for &i in &skill_ids {
        categorized
            .entry(tax.skills[i].category.clone())
            .or_default()
            .push(tax.skills[i].name.clone());
    }
    out.categorized_skills = categorized;

    let mut titles: Vec<&str> = out
        .experience
        .iter()
        .filter_map(|e| e.title.as_deref())
        .collect();
    titles.extend(top.iter().take(4));
    out.industry = industry::score(tax, &skill_ids, &titles);
    out.summary = summary(&content(&|l| l.section == Section::Summary), &out);
    out.warnings = warnings(&out);
    out
}

fn summary(lines: &[&str], cv: &CvAnalysis) -> String {
    let own = lines.join(" ");
    if !own.trim().is_empty() {
        if own.chars().count() <= MAX_SUMMARY_CHARS {
            return own;
        }
        let cut: String = own.chars().take(MAX_SUMMARY_CHARS).collect();
        let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(a, _)| a);
        return format!("{cut}…");
    }
    let role = cv
        .experience
        .first()
        .and_then(|e| e.title.clone())
        .unwrap_or_else(|| "Candidate".to_string());
    let mut s = format!(
        "{role} with {:.1} years of experience",
        cv.total_years_experience
    );
    if !cv.skills.is_empty() {
        let top: Vec<&str> = cv.skills.iter().take(5).map(String::as_str).collect();
        s.push_str(&format!("; key skills: {}", top.join(", ")));
    }
    s.push('.');
    s
}

fn warnings(cv: &CvAnalysis) -> Vec<String> {
    let mut w = Vec::new();
    let mut missing = |absent: bool, what: &str| {
        if absent {
            w.push(format!("no {what} found"));
        }
    };
    missing(cv.candidate_name.is_none(), "candidate name");
    missing(cv.email.is_none(), "e-mail address");
    missing(cv.phone.is_none(), "phone number");
    missing(cv.experience.is_empty(), "dated work experience");
    missing(cv.education.is_empty(), "education");
    missing(cv.skills.is_empty(), "recognised skills");
    for (i, e) in cv.experience.iter().enumerate() {
        if e.company.is_none() {
            w.push(format!(
                "experience entry {} has no recognisable company",
                i + 1
            ));
        }
        if e.title.is_none() {
            w.push(format!(
                "experience entry {} has no recognisable job title",
                i + 1
            ));
        }
    }
    w
}
