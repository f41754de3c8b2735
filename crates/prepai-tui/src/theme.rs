//! Colour themes: `themes/*.toml` (built in) or `<config dir>/themes/*.toml`,
//! each with the UI colours and the syntect theme that highlights code.
//! `NO_COLOR` gives a monochrome theme that relies on bold, reverse and underline.

use std::path::Path;

use ratatui::style::{Color, Modifier, Style};
use serde::Deserialize;

/// The built-in themes, by name.
const BUILTIN: &[(&str, &str)] = &[
    ("dark", include_str!("../../../themes/dark.toml")),
    ("light", include_str!("../../../themes/light.toml")),
    (
        "high-contrast",
        include_str!("../../../themes/high-contrast.toml"),
    ),
];

/// A theme that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ThemeError {
    /// No built-in or user theme has that name.
    #[error(
        "unknown theme `{0}`; choose dark, light, high-contrast or a file in <config dir>/themes/"
    )]
    Unknown(String),
    /// The file is not a valid theme.
    #[error("theme {name}: {detail}; fix the file or choose another theme")]
    Invalid {
        /// The theme's name.
        name: String,
        /// What is wrong.
        detail: String,
    },
}

#[derive(Deserialize)]
struct ThemeFile {
    name: String,
    syntax: String,
    colors: ColorsFile,
}

#[derive(Deserialize)]
struct ColorsFile {
    background: String,
    foreground: String,
    muted: String,
    border: String,
    border_focused: String,
    accent: String,
    user: String,
    assistant: String,
    system: String,
    success: String,
    warning: String,
    error: String,
    selection: String,
    gauge_low: String,
    gauge_mid: String,
    gauge_high: String,
}

/// The UI colours and the code highlighting theme.
#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    /// The theme's name.
    pub name: String,
    /// The syntect theme for the code pane (`None`: no highlighting, as with NO_COLOR).
    pub syntax: Option<String>,
    /// Whether colours are used at all.
    pub color: bool,
    /// Background.
    pub background: Color,
    /// Ordinary text.
    pub foreground: Color,
    /// Secondary text (times, hints).
    pub muted: Color,
    /// Pane borders.
    pub border: Color,
    /// The focused pane's border.
    pub border_focused: Color,
    /// Titles and highlights.
    pub accent: Color,
    /// The candidate's speaker label.
    pub user: Color,
    /// The interviewer's speaker label.
    pub assistant: Color,
    /// System lines (phases, problems).
    pub system: Color,
    /// Passed tests, good scores.
    pub success: Color,
    /// Warnings.
    pub warning: Color,
    /// Errors and failed tests.
    pub error: Color,
    /// Selected rows.
    pub selection: Color,
    /// Gauges under 4/10.
    pub gauge_low: Color,
    /// Gauges from 4 to 7.
    pub gauge_mid: Color,
    /// Gauges from 7.
    pub gauge_high: Color,
}

fn parse_color(name: &str, key: &str, value: &str) -> Result<Color, ThemeError> {
    value.parse::<Color>().map_err(|_| ThemeError::Invalid {
        name: name.to_string(),
        detail: format!("colour `{key}` = \"{value}\" is not \"#rrggbb\" or a colour name"),
    })
}

impl Theme {
    /// Parses a theme file's text.
    pub fn from_toml(text: &str) -> Result<Theme, ThemeError> {
        let f: ThemeFile = toml::from_str(text).map_err(|e| ThemeError::Invalid {
            name: "(file)".into(),
            detail: e.message().to_string(),
        })?;
        let n = f.name.clone();
        let c = &f.colors;
        let p = |k: &str, v: &str| parse_color(&n, k, v);
        Ok(Theme {
            name: f.name.clone(),
            syntax: Some(f.syntax),
            color: true,
            background: p("background", &c.background)?,
            foreground: p("foreground", &c.foreground)?,
            muted: p("muted", &c.muted)?,
            border: p("border", &c.border)?,
            border_focused: p("border_focused", &c.border_focused)?,
            accent: p("accent", &c.accent)?,
            user: p("user", &c.user)?,
            assistant: p("assistant", &c.assistant)?,
            system: p("system", &c.system)?,
            success: p("success", &c.success)?,
            warning: p("warning", &c.warning)?,
            error: p("error", &c.error)?,
            selection: p("selection", &c.selection)?,
            gauge_low: p("gauge_low", &c.gauge_low)?,
            gauge_mid: p("gauge_mid", &c.gauge_mid)?,
            gauge_high: p("gauge_high", &c.gauge_high)?,
        })
    }

    /// A built-in theme by name.
    pub fn builtin(name: &str) -> Option<Theme> {
        BUILTIN
            .iter()
            .find(|(n, _)| *n == name)
            .and_then(|(_, text)| Theme::from_toml(text).ok())
    }

    /// The default theme (dark).
    pub fn dark() -> Theme {
        Theme::builtin("dark").unwrap_or_else(Theme::monochrome)
    }

    /// Names of the built-in themes.
    pub fn builtin_names() -> Vec<&'static str> {
        BUILTIN.iter().map(|(n, _)| *n).collect()
    }

    /// Loads `name` from `<config_dir>/themes/<name>.toml`, else the built-ins.
    pub fn load(name: &str, config_dir: Option<&Path>) -> Result<Theme, ThemeError> {
        if let Some(dir) = config_dir {
            let path = dir.join("themes").join(format!("{name}.toml"));
            if let Ok(text) = std::fs::read_to_string(&path) {
                return Theme::from_toml(&text).map_err(|e| match e {
                    ThemeError::Invalid { detail, .. } => ThemeError::Invalid {
                        name: path.display().to_string(),
                        detail,
                    },
                    other => other,
                });
            }
        }
        Theme::builtin(name).ok_or_else(|| ThemeError::Unknown(name.to_string()))
    }

    /// The theme for terminals without colour (`NO_COLOR`): the terminal's own
    /// colours, with emphasis from modifiers only.
    pub fn monochrome() -> Theme {
        let r = Color::Reset;
        Theme {
            name: "no-color".into(),
            syntax: None,
            color: false,
            background: r,
            foreground: r,
            muted: r,
            border: r,
            border_focused: r,
            accent: r,
            user: r,
            assistant: r,
            system: r,
            success: r,
            warning: r,
            error: r,
            selection: r,
            gauge_low: r,
            gauge_mid: r,
            gauge_high: r,
        }
    }

    /// Ordinary text on the background.
    pub fn base(&self) -> Style {
        Style::default().fg(self.foreground).bg(self.background)
    }

    /// Secondary text.
    pub fn muted(&self) -> Style {
        Style::default().fg(self.muted)
    }

    /// A pane border, brighter (and bold without colour) when focused.
    pub fn border(&self, focused: bool) -> Style {
        match (focused, self.color) {
            (true, true) => Style::default().fg(self.border_focused),
            (true, false) => Style::default().add_modifier(Modifier::BOLD),
            (false, _) => Style::default().fg(self.border),
        }
    }

    /// A selected row.
    pub fn selected(&self) -> Style {
        if self.color {
            Style::default()
                .bg(self.selection)
                .add_modifier(Modifier::BOLD)
        } else {
            Style::default().add_modifier(Modifier::REVERSED)
        }
    }

    /// Titles and highlights.
    pub fn accent(&self) -> Style {
        Style::default()
            .fg(self.accent)
            .add_modifier(Modifier::BOLD)
    }

    /// A colour with `style`, plus `fallback` modifiers without colour.
    pub fn fg(&self, color: Color) -> Style {
        Style::default().fg(color)
    }

    /// The gauge colour for a 0–10 score.
    pub fn gauge(&self, score: f64) -> Color {
        if score < 4.0 {
            self.gauge_low
        } else if score < 7.0 {
            self.gauge_mid
        } else {
            self.gauge_high
        }
    }
}

/// Chooses the theme: NO_COLOR (non-empty) wins, then `flag`, then `config`,
/// then dark.
pub fn choose(
    flag: Option<&str>,
    config: Option<&str>,
    config_dir: Option<&Path>,
    no_color: bool,
) -> Result<Theme, ThemeError> {
    let name = flag.or(config).unwrap_or("dark");
    let theme = Theme::load(name, config_dir)?;
    Ok(if no_color { Theme::monochrome() } else { theme })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtins_parse() {
        for n in Theme::builtin_names() {
            let t = Theme::builtin(n).expect(n);
            assert_eq!(t.name, n);
            assert!(t.syntax.is_some());
        }
    }

    #[test]
    fn unknown_and_invalid_themes_are_explained() {
        let e = Theme::load("nope", None).unwrap_err().to_string();
        assert!(e.contains("unknown theme `nope`"), "{e}");
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("themes")).unwrap();
        let bad = include_str!("../../../themes/dark.toml").replace("#1b1f27", "mauve-ish");
        std::fs::write(dir.path().join("themes/mine.toml"), bad).unwrap();
        let e = Theme::load("mine", Some(dir.path()))
            .unwrap_err()
            .to_string();
        assert!(e.contains("background"), "{e}");
    }

    #[test]
    fn no_color_wins() {
        let t = choose(Some("light"), None, None, true).unwrap();
        assert!(!t.color);
        assert_eq!(
            choose(None, Some("light"), None, false).unwrap().name,
            "light"
        );
    }
}
