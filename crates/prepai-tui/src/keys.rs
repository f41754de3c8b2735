//! Key bindings: every command has default keys, and the `[keys]` table of
//! `config.toml` replaces them (`run_tests = "ctrl-r"` or `hint = ["f2", "alt-h"]`).

use std::collections::BTreeMap;
use std::fmt;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Something a key can be bound to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum KeyCommand {
    /// Leave PrepAI (an interview in progress is kept as it is).
    Quit,
    /// Show or hide the key bindings.
    Help,
    /// Focus the next pane.
    FocusNext,
    /// Focus the previous pane.
    FocusPrev,
    /// Focus the transcript.
    FocusTranscript,
    /// Focus the code pane.
    FocusCode,
    /// Focus the answer input.
    FocusInput,
    /// Focus the scoreboard.
    FocusScoreboard,
    /// Send the answer being typed.
    Send,
    /// A new line in the answer.
    Newline,
    /// Run the code pane's tests.
    RunTests,
    /// Ask for a hint.
    Hint,
    /// Ask for another question.
    Skip,
    /// End the interview and see the report.
    EndInterview,
    /// Undo in the editor.
    Undo,
    /// Redo in the editor.
    Redo,
    /// Open the history screen.
    History,
    /// Go back (to the home screen).
    Back,
    /// Export the report.
    Export,
    /// Mute or unmute the microphone in voice mode (push-to-talk).
    ToggleMic,
}

impl KeyCommand {
    /// Every command, in the order the help screen lists them.
    pub const ALL: [KeyCommand; 20] = [
        KeyCommand::Send,
        KeyCommand::Newline,
        KeyCommand::RunTests,
        KeyCommand::Undo,
        KeyCommand::Redo,
        KeyCommand::Hint,
        KeyCommand::Skip,
        KeyCommand::EndInterview,
        KeyCommand::ToggleMic,
        KeyCommand::FocusNext,
        KeyCommand::FocusPrev,
        KeyCommand::FocusTranscript,
        KeyCommand::FocusCode,
        KeyCommand::FocusInput,
        KeyCommand::FocusScoreboard,
        KeyCommand::History,
        KeyCommand::Export,
        KeyCommand::Back,
        KeyCommand::Help,
        KeyCommand::Quit,
    ];

    /// The name used in `[keys]`.
    pub fn name(self) -> &'static str {
        match self {
            KeyCommand::Quit => "quit",
            KeyCommand::Help => "help",
            KeyCommand::FocusNext => "focus_next",
            KeyCommand::FocusPrev => "focus_prev",
            KeyCommand::FocusTranscript => "focus_transcript",
            KeyCommand::FocusCode => "focus_code",
            KeyCommand::FocusInput => "focus_input",
            KeyCommand::FocusScoreboard => "focus_scoreboard",
            KeyCommand::Send => "send",
            KeyCommand::Newline => "newline",
            KeyCommand::RunTests => "run_tests",
            KeyCommand::Hint => "hint",
            KeyCommand::Skip => "skip",
            KeyCommand::EndInterview => "end_interview",
            KeyCommand::Undo => "undo",
            KeyCommand::Redo => "redo",
            KeyCommand::History => "history",
            KeyCommand::Back => "back",
            KeyCommand::Export => "export",
            KeyCommand::ToggleMic => "toggle_mic",
        }
    }

    /// What it does, for the help screen.
    pub fn describe(self) -> &'static str {
        match self {
            KeyCommand::Quit => "quit PrepAI",
            KeyCommand::Help => "show or hide this help",
            KeyCommand::FocusNext => "focus the next pane",
            KeyCommand::FocusPrev => "focus the previous pane",
            KeyCommand::FocusTranscript => "focus the transcript",
            KeyCommand::FocusCode => "focus the code pane",
            KeyCommand::FocusInput => "focus the answer input",
            KeyCommand::FocusScoreboard => "focus the scoreboard",
            KeyCommand::Send => "send your answer",
            KeyCommand::Newline => "new line in your answer",
            KeyCommand::RunTests => "run the tests on your code",
            KeyCommand::Hint => "ask for a hint",
            KeyCommand::Skip => "skip to another question",
            KeyCommand::EndInterview => "end the interview, see the report",
            KeyCommand::Undo => "undo (code pane)",
            KeyCommand::Redo => "redo (code pane)",
            KeyCommand::History => "past sessions and trends",
            KeyCommand::Back => "back to the home screen",
            KeyCommand::Export => "export the report (report screen)",
            KeyCommand::ToggleMic => "mute or unmute the microphone (voice mode)",
        }
    }

    fn defaults(self) -> &'static [&'static str] {
        match self {
            KeyCommand::Quit => &["ctrl-q"],
            KeyCommand::Help => &["f1"],
            KeyCommand::FocusNext => &["tab"],
            KeyCommand::FocusPrev => &["backtab"],
            KeyCommand::FocusTranscript => &["alt-1"],
            KeyCommand::FocusCode => &["alt-2"],
            KeyCommand::FocusInput => &["alt-3"],
            KeyCommand::FocusScoreboard => &["alt-4"],
            KeyCommand::Send => &["enter"],
            KeyCommand::Newline => &["alt-enter", "ctrl-j"],
            KeyCommand::RunTests => &["f5", "ctrl-r"],
            KeyCommand::Hint => &["f2"],
            KeyCommand::Skip => &["f3"],
            KeyCommand::EndInterview => &["f10"],
            KeyCommand::Undo => &["ctrl-z"],
            KeyCommand::Redo => &["ctrl-y"],
            KeyCommand::History => &["f4"],
            KeyCommand::Back => &["esc"],
            KeyCommand::Export => &["ctrl-s"],
            KeyCommand::ToggleMic => &["f6", "ctrl-t"],
        }
    }

    fn from_name(name: &str) -> Option<KeyCommand> {
        KeyCommand::ALL.into_iter().find(|c| c.name() == name)
    }
}

/// One key with its modifiers (shift only matters for non-character keys).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct KeyBinding {
    code: KeyCode,
    mods: KeyModifiers,
}

impl KeyBinding {
    /// Parses `ctrl-r`, `alt-enter`, `f5`, `shift-tab`, `?`, `pagedown`.
    pub fn parse(text: &str) -> Result<KeyBinding, String> {
        let lower = text.trim().to_ascii_lowercase();
        let mut mods = KeyModifiers::NONE;
        let mut rest = lower.as_str();
        loop {
            let (m, tail) = if let Some(t) = rest.strip_prefix("ctrl-") {
                (KeyModifiers::CONTROL, t)
            } else if let Some(t) = rest.strip_prefix("alt-") {
                (KeyModifiers::ALT, t)
            } else if let Some(t) = rest.strip_prefix("shift-") {
                (KeyModifiers::SHIFT, t)
            } else {
                break;
            };
            mods |= m;
            rest = tail;
        }
        let code = match rest {
            "enter" | "return" => KeyCode::Enter,
            "tab" => KeyCode::Tab,
            "backtab" => KeyCode::BackTab,
            "esc" | "escape" => KeyCode::Esc,
            "space" => KeyCode::Char(' '),
            "backspace" => KeyCode::Backspace,
            "delete" | "del" => KeyCode::Delete,
            "insert" => KeyCode::Insert,
            "up" => KeyCode::Up,
            "down" => KeyCode::Down,
            "left" => KeyCode::Left,
            "right" => KeyCode::Right,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            "pageup" => KeyCode::PageUp,
            "pagedown" => KeyCode::PageDown,
            f if f.starts_with('f')
                && f.len() > 1
                && f[1..].chars().all(|c| c.is_ascii_digit()) =>
            {
                match f[1..].parse::<u8>() {
                    Ok(n @ 1..=12) => KeyCode::F(n),
                    _ => return Err(format!("`{text}`: function keys are f1 to f12")),
                }
            }
            s if s.chars().count() == 1 => KeyCode::Char(s.chars().next().unwrap_or(' ')),
            _ => {
                return Err(format!(
                    "`{text}` is not a key (try \"ctrl-r\", \"f5\", \"alt-enter\")"
                ))
            }
        };
        if code == KeyCode::Tab && mods == KeyModifiers::SHIFT {
            return Ok(KeyBinding::new(KeyCode::BackTab, KeyModifiers::NONE));
        }
        Ok(KeyBinding::new(code, mods))
    }

    fn new(code: KeyCode, mods: KeyModifiers) -> KeyBinding {
        // Terminals report shifted characters as the character itself.
        let mods = match code {
            KeyCode::Char(_) | KeyCode::BackTab => mods - KeyModifiers::SHIFT,
            _ => mods,
        };
        KeyBinding { code, mods }
    }

    /// The binding a key event would match.
    pub fn of(key: &KeyEvent) -> KeyBinding {
        let code = match key.code {
            KeyCode::Char(c) if key.modifiers.contains(KeyModifiers::CONTROL) => {
                KeyCode::Char(c.to_ascii_lowercase())
            }
            c => c,
        };
        KeyBinding::new(
            code,
            key.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT),
        )
    }
}

impl fmt::Display for KeyBinding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.mods.contains(KeyModifiers::CONTROL) {
            f.write_str("Ctrl-")?;
        }
        if self.mods.contains(KeyModifiers::ALT) {
            f.write_str("Alt-")?;
        }
        if self.mods.contains(KeyModifiers::SHIFT) {
            f.write_str("Shift-")?;
        }
        match self.code {
            KeyCode::Enter => f.write_str("Enter"),
            KeyCode::Tab => f.write_str("Tab"),
            KeyCode::BackTab => f.write_str("Shift-Tab"),
            KeyCode::Esc => f.write_str("Esc"),
            KeyCode::Char(' ') => f.write_str("Space"),
            KeyCode::Char(c) => write!(f, "{}", c.to_ascii_uppercase()),
            KeyCode::F(n) => write!(f, "F{n}"),
            KeyCode::PageUp => f.write_str("PgUp"),
            KeyCode::PageDown => f.write_str("PgDn"),
            other => write!(f, "{other:?}"),
        }
    }
}

/// A problem in the `[keys]` table.
#[derive(Debug, thiserror::Error)]
#[error("[keys] in config.toml: {0}")]
pub struct KeysError(pub String);

/// The key bindings in effect.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyMap {
    bindings: BTreeMap<KeyCommand, Vec<KeyBinding>>,
}

impl Default for KeyMap {
    fn default() -> Self {
        let bindings = KeyCommand::ALL
            .into_iter()
            .map(|c| {
                let keys = c
                    .defaults()
                    .iter()
                    .filter_map(|k| KeyBinding::parse(k).ok())
                    .collect();
                (c, keys)
            })
            .collect();
        KeyMap { bindings }
    }
}

impl KeyMap {
    /// The defaults with the `[keys]` table of a parsed `config.toml` applied.
    pub fn from_config(config: &toml::Table) -> Result<KeyMap, KeysError> {
        let mut map = KeyMap::default();
        let Some(keys) = config.get("keys") else {
            return Ok(map);
        };
        let table = keys
            .as_table()
            .ok_or_else(|| KeysError("`keys` must be a table: [keys]".into()))?;
        for (name, value) in table {
            let cmd = KeyCommand::from_name(name).ok_or_else(|| {
                let names: Vec<_> = KeyCommand::ALL.iter().map(|c| c.name()).collect();
                KeysError(format!(
                    "unknown command `{name}`; known: {}",
                    names.join(", ")
                ))
            })?;
            let texts: Vec<&str> = match value {
                toml::Value::String(s) => vec![s.as_str()],
                toml::Value::Array(a) => a.iter().filter_map(|v| v.as_str()).collect(),
                _ => {
                    return Err(KeysError(format!(
                        "`{name}` must be a key or a list of keys"
                    )))
                }
            };
            let keys = texts
                .iter()
                .map(|t| KeyBinding::parse(t).map_err(|e| KeysError(format!("`{name}`: {e}"))))
                .collect::<Result<Vec<_>, _>>()?;
            map.bindings.insert(cmd, keys);
        }
        Ok(map)
    }

    /// Whether `key` is bound to `cmd`.
    pub fn is(&self, cmd: KeyCommand, key: &KeyEvent) -> bool {
        let b = KeyBinding::of(key);
        self.bindings.get(&cmd).is_some_and(|v| v.contains(&b))
    }

    /// The first command (in help order) bound to `key` among `among`.
    pub fn lookup(&self, key: &KeyEvent, among: &[KeyCommand]) -> Option<KeyCommand> {
        among.iter().copied().find(|c| self.is(*c, key))
    }

    /// The keys of `cmd`, for display (`F5 / Ctrl-R`).
    pub fn label(&self, cmd: KeyCommand) -> String {
        match self.bindings.get(&cmd) {
            Some(v) if !v.is_empty() => v
                .iter()
                .map(|k| k.to_string())
                .collect::<Vec<_>>()
                .join(" / "),
            _ => "(unbound)".into(),
        }
    }

    /// The first key of `cmd`, for short hints.
    pub fn short(&self, cmd: KeyCommand) -> String {
        self.bindings
            .get(&cmd)
            .and_then(|v| v.first())
            .map(|k| k.to_string())
            .unwrap_or_else(|| "-".into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn defaults_and_overrides() {
        let cfg: toml::Table =
            toml::from_str("[keys]\nrun_tests = \"ctrl-t\"\nhint = [\"f2\", \"alt-h\"]").unwrap();
        let m = KeyMap::from_config(&cfg).unwrap();
        assert!(m.is(
            KeyCommand::RunTests,
            &ev(KeyCode::Char('t'), KeyModifiers::CONTROL)
        ));
        assert!(!m.is(KeyCommand::RunTests, &ev(KeyCode::F(5), KeyModifiers::NONE)));
        assert!(m.is(KeyCommand::Hint, &ev(KeyCode::Char('h'), KeyModifiers::ALT)));
        assert!(m.is(KeyCommand::Send, &ev(KeyCode::Enter, KeyModifiers::NONE)));
        assert_eq!(m.label(KeyCommand::Hint), "F2 / Alt-H");
    }

    #[test]
    fn bad_tables_are_explained() {
        for (text, want) in [
            ("[keys]\nfly = \"f2\"", "unknown command `fly`"),
            ("[keys]\nhint = \"hyper-x\"", "`hint`"),
            ("[keys]\nhint = 3", "must be a key"),
            ("keys = 1", "must be a table"),
        ] {
            let cfg: toml::Table = toml::from_str(text).unwrap();
            let e = KeyMap::from_config(&cfg).unwrap_err().to_string();
            assert!(e.contains(want), "{text}: {e}");
        }
    }

    #[test]
    fn shift_tab_is_backtab() {
        let m = KeyMap::default();
        assert!(m.is(
            KeyCommand::FocusPrev,
            &ev(KeyCode::BackTab, KeyModifiers::SHIFT)
        ));
        assert_eq!(
            KeyBinding::parse("shift-tab").unwrap(),
            KeyBinding::parse("backtab").unwrap()
        );
    }
}
