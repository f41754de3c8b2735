//! Tokenisation on word boundaries that keeps technical spellings whole: `C++`, `C#`,
//! `.NET`, `Node.js`, `scikit` + `learn`, `CI` + `CD`.

/// A token of a line: lowercased form, original form and byte span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token<'a> {
    /// Lowercased text.
    pub norm: String,
    /// Text as written.
    pub raw: &'a str,
    /// Byte offset of the first character.
    pub start: usize,
    /// Byte offset after the last character.
    pub end: usize,
}

/// Splits `line` into tokens. Letters and digits form words; `+` and `#` stick to the end of
/// a word (`C++`, `C#`); a `.` is kept when a letter or digit follows it (`Node.js`, `.NET`),
/// so sentence-final dots are dropped.
pub fn tokenize(line: &str) -> Vec<Token<'_>> {
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let (start, c) = chars[i];
        let next_alnum = chars.get(i + 1).is_some_and(|&(_, n)| n.is_alphanumeric());
        if !(c.is_alphanumeric() || (c == '.' && next_alnum)) {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < chars.len() {
            let ch = chars[j].1;
            let follows_alnum = chars.get(j + 1).is_some_and(|&(_, n)| n.is_alphanumeric());
            if ch.is_alphanumeric() || (ch == '.' && follows_alnum) {
                j += 1;
            } else if ch == '+' || ch == '#' {
                while j < chars.len() && matches!(chars[j].1, '+' | '#') {
                    j += 1;
                }
                break;
            } else {
                break;
            }
        }
        let end = chars.get(j).map_or(line.len(), |&(b, _)| b);
        let raw = &line[start..end];
        tokens.push(Token {
            norm: raw.to_lowercase(),
            raw,
            start,
            end,
        });
        i = j;
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norms(s: &str) -> Vec<String> {
        tokenize(s).into_iter().map(|t| t.norm).collect()
    }

    #[test]
    fn technical_spellings_stay_whole() {
        assert_eq!(
            norms("C++, C#, .NET and Node.js."),
            ["c++", "c#", ".net", "and", "node.js"]
        );
        assert_eq!(
            norms("CI/CD with scikit-learn"),
            ["ci", "cd", "with", "scikit", "learn"]
        );
        assert_eq!(norms("Wrote it in Go."), ["wrote", "it", "in", "go"]);
        assert_eq!(norms("Jürgen Müller"), ["jürgen", "müller"]);
    }
}
