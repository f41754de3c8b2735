//! A multi-line text buffer with a cursor and undo/redo: the model behind the
//! code editor and the answer input.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// How many undo steps are kept.
const UNDO_LIMIT: usize = 500;

/// A snapshot for undo.
#[derive(Debug, Clone, PartialEq)]
struct Snapshot {
    lines: Vec<String>,
    cursor: (usize, usize),
}

/// What kind of edit was last made, so runs of typing undo as one step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum EditKind {
    Insert,
    Delete,
    Other,
}

/// Lines of text, a cursor (row, column in characters) and undo history.
#[derive(Debug, Clone, PartialEq)]
pub struct TextBuffer {
    lines: Vec<String>,
    row: usize,
    col: usize,
    undo: Vec<Snapshot>,
    redo: Vec<Snapshot>,
    last_edit: EditKind,
    /// The first line changed since [`TextBuffer::take_dirty`] was last called.
    dirty_from: Option<usize>,
    /// Increases with every change.
    version: u64,
}

impl Default for TextBuffer {
    fn default() -> Self {
        TextBuffer::new("")
    }
}

fn byte_at(s: &str, col: usize) -> usize {
    s.char_indices().nth(col).map(|(i, _)| i).unwrap_or(s.len())
}

impl TextBuffer {
    /// A buffer holding `text`, cursor at the start, no history.
    pub fn new(text: &str) -> TextBuffer {
        let mut lines: Vec<String> = text.split('\n').map(|l| l.replace('\t', "    ")).collect();
        if lines.is_empty() {
            lines.push(String::new());
        }
        TextBuffer {
            lines,
            row: 0,
            col: 0,
            undo: Vec::new(),
            redo: Vec::new(),
            last_edit: EditKind::Other,
            dirty_from: Some(0),
            version: 0,
        }
    }

    /// Replaces the whole text (undoable), cursor at the start.
    pub fn set_text(&mut self, text: &str) {
        self.checkpoint(EditKind::Other);
        let fresh = TextBuffer::new(text);
        self.lines = fresh.lines;
        self.row = 0;
        self.col = 0;
        self.changed(0);
    }

    /// The text, lines joined with `\n`.
    pub fn text(&self) -> String {
        self.lines.join("\n")
    }

    /// The lines.
    pub fn lines(&self) -> &[String] {
        &self.lines
    }

    /// Whether the buffer holds only whitespace.
    pub fn is_blank(&self) -> bool {
        self.lines.iter().all(|l| l.trim().is_empty())
    }

    /// The cursor as (row, column in characters).
    pub fn cursor(&self) -> (usize, usize) {
        (self.row, self.col)
    }

    /// A number that changes whenever the text does.
    pub fn version(&self) -> u64 {
        self.version
    }

    /// The first line changed since the last call, if any.
    pub fn take_dirty(&mut self) -> Option<usize> {
        self.dirty_from.take()
    }

    fn changed(&mut self, from: usize) {
        self.version += 1;
        self.dirty_from = Some(self.dirty_from.map_or(from, |d| d.min(from)));
    }

    fn checkpoint(&mut self, kind: EditKind) {
        if kind != EditKind::Other && kind == self.last_edit {
            return;
        }
        self.last_edit = kind;
        self.undo.push(Snapshot {
            lines: self.lines.clone(),
            cursor: (self.row, self.col),
        });
        if self.undo.len() > UNDO_LIMIT {
            self.undo.remove(0);
        }
        self.redo.clear();
    }

    fn restore(&mut self, s: Snapshot) -> Snapshot {
        let current = Snapshot {
            lines: std::mem::replace(&mut self.lines, s.lines),
            cursor: (self.row, self.col),
        };
        (self.row, self.col) = s.cursor;
        self.clamp();
        self.last_edit = EditKind::Other;
        self.changed(0);
        current
    }

    /// Undoes the last edit; false when there is nothing to undo.
    pub fn undo(&mut self) -> bool {
        match self.undo.pop() {
            Some(s) => {
                let cur = self.restore(s);
                self.redo.push(cur);
                true
            }
            None => false,
        }
    }

    /// Redoes the last undone edit; false when there is nothing to redo.
    pub fn redo(&mut self) -> bool {
        match self.redo.pop() {
            Some(s) => {
                let cur = self.restore(s);
                self.undo.push(cur);
                true
            }
            None => false,
        }
    }

    fn line_len(&self, row: usize) -> usize {
        self.lines[row].chars().count()
    }

    fn clamp(&mut self) {
        self.row = self.row.min(self.lines.len() - 1);
        self.col = self.col.min(self.line_len(self.row));
    }

    /// Inserts text at the cursor (newlines split lines).
    pub fn insert_str(&mut self, text: &str) {
        for (i, part) in text.split('\n').enumerate() {
            if i > 0 {
                self.split_line(false);
            }
            for c in part.chars() {
                self.insert_char(c);
            }
        }
    }

    /// Inserts one character at the cursor.
    pub fn insert_char(&mut self, c: char) {
        if c == '\n' {
            return self.split_line(false);
        }
        self.checkpoint(EditKind::Insert);
        let at = byte_at(&self.lines[self.row], self.col);
        self.lines[self.row].insert(at, c);
        self.col += 1;
        self.changed(self.row);
    }

    /// Breaks the line at the cursor; with `indent`, the new line keeps the
    /// old one's leading spaces (plus four after a `:` or `{`).
    pub fn split_line(&mut self, indent: bool) {
        self.checkpoint(EditKind::Other);
        let line = &self.lines[self.row];
        let at = byte_at(line, self.col);
        let rest = line[at..].to_string();
        let head = &line[..at];
        let mut pad = if indent {
            head.chars().take_while(|c| *c == ' ').count()
        } else {
            0
        };
        if indent && (head.trim_end().ends_with(':') || head.trim_end().ends_with('{')) {
            pad += 4;
        }
        self.lines[self.row].truncate(at);
        self.lines
            .insert(self.row + 1, format!("{}{rest}", " ".repeat(pad)));
        let from = self.row;
        self.row += 1;
        self.col = pad;
        self.changed(from);
    }

    /// Deletes the character before the cursor (joining lines at a line start).
    pub fn backspace(&mut self) {
        if self.col == 0 && self.row == 0 {
            return;
        }
        self.checkpoint(EditKind::Delete);
        if self.col > 0 {
            let at = byte_at(&self.lines[self.row], self.col - 1);
            self.lines[self.row].remove(at);
            self.col -= 1;
            self.changed(self.row);
        } else {
            let line = self.lines.remove(self.row);
            self.row -= 1;
            self.col = self.line_len(self.row);
            self.lines[self.row].push_str(&line);
            self.changed(self.row);
        }
    }

    /// Deletes the character under the cursor (joining lines at a line end).
    pub fn delete(&mut self) {
        if self.col < self.line_len(self.row) {
            self.checkpoint(EditKind::Delete);
            let at = byte_at(&self.lines[self.row], self.col);
            self.lines[self.row].remove(at);
            self.changed(self.row);
        } else if self.row + 1 < self.lines.len() {
            self.checkpoint(EditKind::Delete);
            let next = self.lines.remove(self.row + 1);
            self.lines[self.row].push_str(&next);
            self.changed(self.row);
        }
    }

    /// Moves the cursor by rows/columns, clamped to the text.
    pub fn move_by(&mut self, rows: isize, cols: isize) {
        self.last_edit = EditKind::Other;
        if rows != 0 {
            self.row = self
                .row
                .saturating_add_signed(rows)
                .min(self.lines.len() - 1);
        }
        if cols < 0 && self.col == 0 && self.row > 0 && rows == 0 {
            self.row -= 1;
            self.col = self.line_len(self.row);
            return;
        }
        if cols > 0
            && self.col >= self.line_len(self.row)
            && self.row + 1 < self.lines.len()
            && rows == 0
        {
            self.row += 1;
            self.col = 0;
            return;
        }
        self.col = self.col.saturating_add_signed(cols);
        self.clamp();
    }

    /// Handles an editing or movement key; true when it was one.
    /// `page` is how many rows PageUp/PageDown move; `auto_indent` keeps
    /// indentation on Enter.
    pub fn handle_key(&mut self, key: &KeyEvent, page: usize, auto_indent: bool) -> bool {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let alt = key.modifiers.contains(KeyModifiers::ALT);
        match key.code {
            KeyCode::Char(c) if !ctrl && !alt => self.insert_char(c),
            KeyCode::Enter if !ctrl && !alt => self.split_line(auto_indent),
            KeyCode::Tab => {
                let n = 4 - self.col % 4;
                self.insert_str(&" ".repeat(n));
            }
            KeyCode::Backspace => self.backspace(),
            KeyCode::Delete => self.delete(),
            KeyCode::Left => self.move_by(0, -1),
            KeyCode::Right => self.move_by(0, 1),
            KeyCode::Up => self.move_by(-1, 0),
            KeyCode::Down => self.move_by(1, 0),
            KeyCode::Home => self.col = 0,
            KeyCode::End => self.col = self.line_len(self.row),
            KeyCode::PageUp => self.move_by(-(page as isize), 0),
            KeyCode::PageDown => self.move_by(page as isize, 0),
            _ => return false,
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typing_undoes_as_one_step_and_redoes() {
        let mut b = TextBuffer::new("x");
        b.move_by(0, 1);
        b.insert_str("yz");
        b.split_line(true);
        b.insert_str("w");
        assert_eq!(b.text(), "xyz\nw");
        assert!(b.undo());
        assert_eq!(b.text(), "xyz\n");
        assert!(b.undo());
        assert_eq!(b.text(), "xyz");
        assert!(b.undo());
        assert_eq!(b.text(), "x");
        assert!(!b.undo());
        assert!(b.redo());
        assert!(b.redo());
        assert_eq!(b.text(), "xyz\n");
    }

    #[test]
    fn auto_indent_after_colon_and_joins() {
        let mut b = TextBuffer::new("def f(x):");
        b.handle_key(&KeyEvent::from(KeyCode::End), 10, true);
        b.handle_key(&KeyEvent::from(KeyCode::Enter), 10, true);
        b.insert_str("return x");
        assert_eq!(b.text(), "def f(x):\n    return x");
        b.move_by(0, -100);
        assert_eq!(b.cursor(), (1, 0));
        b.backspace();
        assert_eq!(b.lines().len(), 1);
        assert_eq!(b.cursor(), (0, 9));
    }

    #[test]
    fn multibyte_text_edits_by_character() {
        let mut b = TextBuffer::new("héllo");
        b.move_by(0, 2);
        b.backspace();
        assert_eq!(b.text(), "hllo");
        b.delete();
        assert_eq!(b.text(), "hlo");
        assert_eq!(b.take_dirty(), Some(0));
        assert_eq!(b.take_dirty(), None);
    }
}
