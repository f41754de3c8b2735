//! Knowledge-base documents: markdown with TOML front matter, cut into passages
//! at each `##` heading.

use serde::Deserialize;

/// One retrievable passage.
#[derive(Debug, Clone, PartialEq)]
pub struct Passage {
    /// `<file stem>#<section slug>`, or the file stem for the introduction.
    pub source: String,
    /// The document's title.
    pub title: String,
    /// The section heading (the title for the introduction).
    pub heading: String,
    /// The section's text.
    pub body: String,
    /// Interview type keys the document applies to (`all` for every type).
    pub types: Vec<String>,
    /// Free-form tags.
    pub tags: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct FrontMatter {
    title: String,
    #[serde(default)]
    types: Vec<String>,
    #[serde(default)]
    tags: Vec<String>,
}

/// Lower-cases a heading and joins its alphanumeric runs with `-`.
pub fn slug(heading: &str) -> String {
    let mut out = String::new();
    for c in heading.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// Splits one document into passages. `stem` is the file name without `.md`.
pub fn passages(stem: &str, text: &str) -> Result<Vec<Passage>, String> {
    let text = text.trim_start_matches('\u{feff}');
    let rest = text
        .strip_prefix("+++")
        .ok_or("the file must start with a +++ TOML front matter block")?;
    let end = rest
        .find("\n+++")
        .ok_or("the front matter block is not closed with +++")?;
    let front: FrontMatter = toml::from_str(&rest[..end]).map_err(|e| e.to_string())?;
    let body = &rest[end + 4..];
    let types = if front.types.is_empty() {
        vec!["all".to_string()]
    } else {
        front.types.clone()
    };
    let mut out = Vec::new();
    let mut heading: Option<String> = None;
    let mut buf = String::new();
    let mut flush = |heading: &Option<String>, buf: &mut String| {
        let content = buf.trim();
        if !content.is_empty() {
            let (source, h) = match heading {
                Some(h) => (format!("{stem}#{}", slug(h)), h.clone()),
                None => (stem.to_string(), front.title.clone()),
            };
            out.push(Passage {
                source,
                title: front.title.clone(),
                heading: h,
                body: content.to_string(),
                types: types.clone(),
                tags: front.tags.clone(),
            });
        }
        buf.clear();
    };
    for line in body.lines() {
        if let Some(h) = line.strip_prefix("## ") {
            flush(&heading, &mut buf);
            heading = Some(h.trim().to_string());
        } else if line.starts_with("# ") && heading.is_none() && buf.trim().is_empty() {
            // The document title line repeats the front matter's title.
        } else {
            buf.push_str(line);
            buf.push('\n');
        }
    }
    flush(&heading, &mut buf);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(
            slug("Top-down memoisation vs bottom-up tables"),
            "top-down-memoisation-vs-bottom-up-tables"
        );
        assert_eq!(
            slug("  CAP: what it really says! "),
            "cap-what-it-really-says"
        );
    }

    #[test]
    fn splits_at_second_level_headings() {
        let doc = "+++\ntitle = \"DP\"\ntypes = [\"coding_practice\"]\n+++\n\n# DP\n\nIntro words.\n\n## When DP applies\nOverlapping subproblems.\n\n## Tables\nBottom up.\n";
        let p = passages("dp", doc).unwrap();
        assert_eq!(p.len(), 3);
        assert_eq!(p[0].source, "dp");
        assert_eq!(p[1].source, "dp#when-dp-applies");
        assert_eq!(p[1].body, "Overlapping subproblems.");
        assert_eq!(p[2].types, ["coding_practice"]);
    }

    #[test]
    fn missing_front_matter_is_an_error() {
        assert!(passages("x", "# Title\n").is_err());
        assert!(passages("x", "+++\ntitle = \"t\"\n").is_err());
    }
}
