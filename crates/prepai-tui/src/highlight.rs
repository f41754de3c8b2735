//! Syntax highlighting with syntect, cached per line: a change re-highlights
//! only from the first changed line, and only as far as is drawn.

use std::sync::{Arc, OnceLock};

use ratatui::style::{Color, Modifier, Style};
use syntect::highlighting::{
    FontStyle, HighlightIterator, HighlightState, Highlighter, Theme as SynTheme, ThemeSet,
};
use syntect::parsing::{ParseState, ScopeStack, SyntaxReference, SyntaxSet};

/// One highlighted run of a line: a style and a character range.
pub type Run = (Style, usize, usize);

fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

fn themes() -> &'static ThemeSet {
    static SET: OnceLock<ThemeSet> = OnceLock::new();
    SET.get_or_init(ThemeSet::load_defaults)
}

/// Whether syntect knows a theme called `name`.
pub fn has_theme(name: &str) -> bool {
    themes().themes.contains_key(name)
}

/// Highlighting state of one buffer: the language, the theme and a per-line cache.
pub struct HighlightCache {
    syntax: Option<&'static SyntaxReference>,
    theme: Option<Arc<SynTheme>>,
    /// Parser and highlighter state at the start of each cached line.
    states: Vec<(ParseState, HighlightState)>,
    /// Runs of each cached line.
    runs: Vec<Vec<Run>>,
}

impl HighlightCache {
    /// A cache for `language` (`python`, `javascript`, …) in syntect theme
    /// `theme`; without a known theme or language, lines are drawn plain.
    pub fn new(language: &str, theme: Option<&str>) -> HighlightCache {
        let set = syntaxes();
        let syntax = set
            .find_syntax_by_token(language)
            .or_else(|| set.find_syntax_by_extension(language));
        let theme = theme
            .and_then(|t| themes().themes.get(t))
            .map(|t| Arc::new(t.clone()));
        HighlightCache {
            syntax,
            theme,
            states: Vec::new(),
            runs: Vec::new(),
        }
    }

    /// Forgets lines from `row` on (they changed).
    pub fn invalidate_from(&mut self, row: usize) {
        // Line `row`'s start state depends only on the lines before it.
        self.states.truncate(row + 1);
        self.runs.truncate(row);
    }

    /// The runs of `lines[row]`, highlighting (and caching) up to it.
    pub fn line(&mut self, lines: &[String], row: usize) -> &[Run] {
        self.extend_to(lines, row);
        self.runs.get(row).map(Vec::as_slice).unwrap_or(&[])
    }

    fn extend_to(&mut self, lines: &[String], row: usize) {
        let (Some(syntax), Some(theme)) = (self.syntax, self.theme.clone()) else {
            while self.runs.len() <= row && self.runs.len() < lines.len() {
                let n = lines[self.runs.len()].chars().count();
                self.runs.push(vec![(Style::default(), 0, n)]);
            }
            return;
        };
        let highlighter = Highlighter::new(&theme);
        while self.runs.len() <= row && self.runs.len() < lines.len() {
            let i = self.runs.len();
            if self.states.len() <= i {
                // Only the first line lacks a start state (see `invalidate_from`).
                self.runs.clear();
                self.states.clear();
                self.states.push((
                    ParseState::new(syntax),
                    HighlightState::new(&highlighter, ScopeStack::new()),
                ));
                continue;
            }
            let (mut parse, mut hl) = self.states[i].clone();
            let text = format!("{}\n", lines[i]);
            let ops = parse.parse_line(&text, syntaxes()).unwrap_or_default();
            let mut runs = Vec::new();
            let mut col = 0;
            for (style, piece) in HighlightIterator::new(&mut hl, &ops, &text, &highlighter) {
                let piece = piece.trim_end_matches('\n');
                let n = piece.chars().count();
                if n > 0 {
                    runs.push((convert(style), col, col + n));
                }
                col += n;
            }
            self.runs.push(runs);
            // The state after line i starts line i + 1.
            self.states.truncate(i + 1);
            self.states.push((parse, hl));
        }
    }
}

fn convert(s: syntect::highlighting::Style) -> Style {
    let mut style = Style::default().fg(Color::Rgb(s.foreground.r, s.foreground.g, s.foreground.b));
    if s.font_style.contains(FontStyle::BOLD) {
        style = style.add_modifier(Modifier::BOLD);
    }
    if s.font_style.contains(FontStyle::ITALIC) {
        style = style.add_modifier(Modifier::ITALIC);
    }
    style
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_keywords_get_their_own_colour_and_edits_rehighlight() {
        let mut lines = vec!["def f(x):".to_string(), "    return x".to_string()];
        let mut c = HighlightCache::new("python", Some("base16-ocean.dark"));
        let runs = c.line(&lines, 1).to_vec();
        assert!(runs.len() > 1, "{runs:?}");
        let first = c.line(&lines, 0)[0];
        assert_eq!((first.1, first.2), (0, 3)); // `def`
        lines[1] = "    x".into();
        c.invalidate_from(1);
        let n: usize = c.line(&lines, 1).iter().map(|r| r.2 - r.1).sum();
        assert_eq!(n, 5);
    }

    #[test]
    fn unknown_language_is_plain() {
        let lines = vec!["anything".to_string()];
        let mut c = HighlightCache::new("cobol-9000", Some("base16-ocean.dark"));
        assert_eq!(c.line(&lines, 0), &[(Style::default(), 0, 8)]);
    }
}
