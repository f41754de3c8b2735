//! The candidate's side of a headless interview: turns from a file (one per
//! paragraph, or a JSON list) or from standard input (one per line).
//!
//! Paragraph and line turns may be commands: `/code PATH` submits the file's
//! code (language from its extension), `/hint`, `/skip`, `/end`, `/retry`
//! (run the failed interviewer turn again) and `/local` (carry on with the
//! offline interviewer). In a JSON
//! list an item is a string (an answer) or an object: `{"answer": "..."}`,
//! `{"code": "PATH"}` or `{"code": "PATH", "language": "javascript"}`,
//! `{"command": "hint" | "skip" | "end" | "retry" | "local"}`. Code paths are relative to the
//! answers file.

use std::path::{Path, PathBuf};

use super::BadInput;

/// One thing the candidate does.
#[derive(Debug, Clone, PartialEq)]
pub enum Turn {
    /// Say something.
    Say(String),
    /// Submit the code in a file.
    Code {
        /// The file.
        path: PathBuf,
        /// The language, if given (else from the extension).
        language: Option<String>,
    },
    /// Ask for a hint.
    Hint,
    /// Skip the question.
    Skip,
    /// End the interview.
    End,
    /// Run the last failed interviewer turn again.
    Retry,
    /// Carry on with the built-in offline interviewer.
    Local,
    /// Say what this WAV file holds (transcribed by Whisper).
    Spoken(PathBuf),
}

/// Parses one typed line or paragraph (a command or an answer).
pub fn parse_line(text: &str, base: &Path) -> Turn {
    let t = text.trim();
    match t {
        "/hint" => Turn::Hint,
        "/skip" => Turn::Skip,
        "/end" => Turn::End,
        "/retry" => Turn::Retry,
        "/local" => Turn::Local,
        _ => match t.strip_prefix("/code ") {
            Some(path) => Turn::Code {
                path: base.join(path.trim()),
                language: None,
            },
            None => Turn::Say(t.to_string()),
        },
    }
}

/// Reads an answers file.
pub fn load(path: &Path) -> Result<Vec<Turn>, BadInput> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| BadInput(format!("cannot read answers file {}: {e}", path.display())))?;
    let base = path.parent().unwrap_or(Path::new("."));
    let trimmed = text.trim_start();
    if trimmed.starts_with('[') {
        return from_json(&text, base, path);
    }
    Ok(text
        .split("\n\n")
        .map(|p| p.lines().map(str::trim).collect::<Vec<_>>().join(" "))
        .filter(|p| !p.trim().is_empty())
        .map(|p| parse_line(&p, base))
        .collect())
}

/// The candidate's spoken turns: the `.wav` files in `dir`, in name order.
pub fn load_audio_dir(dir: &Path) -> Result<Vec<Turn>, BadInput> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| BadInput(format!("cannot read audio folder {}: {e}", dir.display())))?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && p.extension().is_some_and(|x| x.eq_ignore_ascii_case("wav")))
        .collect();
    if files.is_empty() {
        return Err(BadInput(format!(
            "no .wav files in {}; put one answer per file (answers are taken in name order)",
            dir.display()
        )));
    }
    files.sort();
    Ok(files.into_iter().map(Turn::Spoken).collect())
}

fn from_json(text: &str, base: &Path, path: &Path) -> Result<Vec<Turn>, BadInput> {
    let items: Vec<serde_json::Value> = serde_json::from_str(text).map_err(|e| {
        BadInput(format!(
            "answers file {} is not valid JSON (line {}, column {}): {e}",
            path.display(),
            e.line(),
            e.column()
        ))
    })?;
    let bad = |i: usize, what: &str| {
        BadInput(format!(
            "answers file {}: item {} {what}",
            path.display(),
            i + 1
        ))
    };
    let mut turns = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let turn = match item {
            serde_json::Value::String(s) => parse_line(s, base),
            serde_json::Value::Object(o) => {
                if let Some(a) = o.get("answer").and_then(|v| v.as_str()) {
                    Turn::Say(a.to_string())
                } else if let Some(c) = o.get("code").and_then(|v| v.as_str()) {
                    Turn::Code {
                        path: base.join(c),
                        language: o.get("language").and_then(|v| v.as_str()).map(String::from),
                    }
                } else {
                    match o.get("command").and_then(|v| v.as_str()) {
                        Some("hint") => Turn::Hint,
                        Some("skip") => Turn::Skip,
                        Some("end") => Turn::End,
                        Some("retry") => Turn::Retry,
                        Some("local") => Turn::Local,
                        _ => return Err(bad(
                            i,
                            "needs `answer`, `code` or `command` (hint, skip, end, retry, local)",
                        )),
                    }
                }
            }
            _ => return Err(bad(i, "must be a string or an object")),
        };
        turns.push(turn);
    }
    Ok(turns)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_and_commands() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("a.txt");
        std::fs::write(
            &f,
            "Hello, I'm Ada.\nI build things.\n\n/hint\n\n/code sol.py\n\n\n/end\n",
        )
        .unwrap();
        let t = load(&f).unwrap();
        assert_eq!(t[0], Turn::Say("Hello, I'm Ada. I build things.".into()));
        assert_eq!(t[1], Turn::Hint);
        assert_eq!(
            t[2],
            Turn::Code {
                path: dir.path().join("sol.py"),
                language: None
            }
        );
        assert_eq!(t[3], Turn::End);
    }

    #[test]
    fn retry_and_local_are_commands() {
        let base = Path::new(".");
        assert_eq!(parse_line(" /retry ", base), Turn::Retry);
        assert_eq!(parse_line("/local", base), Turn::Local);
        assert_eq!(parse_line("/locally", base), Turn::Say("/locally".into()));
    }

    #[test]
    fn json_lists() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("a.json");
        std::fs::write(&f, r#"["hi", {"answer": "x"}, {"code": "s.js", "language": "javascript"}, {"command": "skip"}]"#).unwrap();
        let t = load(&f).unwrap();
        assert_eq!(t.len(), 4);
        assert_eq!(t[3], Turn::Skip);
        std::fs::write(&f, "[\"hi\",\n  {\"oops\": 1}]").unwrap();
        assert!(load(&f).unwrap_err().0.contains("item 2"));
        std::fs::write(&f, "[\"hi\",\n  ").unwrap();
        assert!(load(&f).unwrap_err().0.contains("line 2"));
    }
}
