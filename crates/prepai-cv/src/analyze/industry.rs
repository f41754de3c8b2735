//! Industry fit: how strongly the skills and job titles match each industry profile of the
//! taxonomy, as a score in `0..=1`.

use std::collections::BTreeMap;

use super::skills::Taxonomy;
use super::tokens::tokenize;
use crate::model::IndustryMatch;

/// Weighted skill hits at which the skill part of a score saturates.
const SATURATION: f64 = 6.0;

fn normalised(text: &str) -> String {
    let words: Vec<String> = tokenize(text).into_iter().map(|t| t.norm).collect();
    format!(" {} ", words.join(" "))
}

/// Scores every industry: 75 % from skills (a listed skill counts 1, another skill of a
/// listed category 0.5, saturating at 6), 25 % from a job title typical of the industry.
pub fn score(taxonomy: &Taxonomy, skills: &[usize], titles: &[&str]) -> IndustryMatch {
    let titles: Vec<String> = titles.iter().map(|t| normalised(t)).collect();
    let mut scores = BTreeMap::new();
    let mut best: Option<(f64, &str)> = None;
    for industry in &taxonomy.industries {
        let mut weight = 0.0;
        for &id in skills {
            let skill = &taxonomy.skills[id];
            if industry.skills.contains(&skill.name) {
                weight += 1.0;
            } else if industry.categories.contains(&skill.category) {
                weight += 0.5;
            }
        }
        let title_hit = industry.titles.iter().any(|frag| {
            let frag = normalised(frag);
            titles.iter().any(|t| t.contains(&frag))
        });
        let raw = 0.75 * (weight / SATURATION).min(1.0) + if title_hit { 0.25 } else { 0.0 };
        let value = (raw * 100.0).round() / 100.0;
        if value > 0.0 && best.is_none_or(|(b, _)| value > b) {
            best = Some((value, industry.name.as_str()));
        }
        scores.insert(industry.name.clone(), value);
    }
    IndustryMatch {
        primary: best.map(|(_, n)| n.to_string()),
        scores,
    }
}

#[cfg(test)]
mod tests {
    use super::super::skills::taxonomy;
    use super::*;

    fn ids(names: &[&str]) -> Vec<usize> {
        names
            .iter()
            .map(|n| taxonomy().skill_id(n).unwrap())
            .collect()
    }

    #[test]
    fn devops_profile_wins_for_devops_skills() {
        let skills = ids(&[
            "Kubernetes",
            "Terraform",
            "Prometheus",
            "Grafana",
            "Ansible",
            "Jenkins",
            "Linux",
        ]);
        let m = score(taxonomy(), &skills, &["Site Reliability Engineer"]);
        assert_eq!(m.primary.as_deref(), Some("DevOps / SRE"));
        assert_eq!(m.scores["DevOps / SRE"], 1.0);
        assert!(m.scores["Mobile Development"] < 0.2);
    }

    #[test]
    fn no_skills_no_primary() {
        let m = score(taxonomy(), &[], &[]);
        assert_eq!(m.primary, None);
        assert!(m.scores.values().all(|v| *v == 0.0));
    }
}
