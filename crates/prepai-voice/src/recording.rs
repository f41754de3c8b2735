//! Keeps each turn's audio as a WAV file: `{root}/recordings/{session_id}/turn-NNN.wav`.

use std::path::{Path, PathBuf};

use crate::error::{Result, VoiceError};
use crate::wav::write_wav;

/// Writes a session's turns under a directory the caller chose.
#[derive(Debug, Clone)]
pub struct Recorder {
    dir: PathBuf,
    next: u32,
}

impl Recorder {
    /// Records into `root/recordings/{session_id}/`, creating it; numbering continues
    /// after turns already there.
    pub fn new(root: &Path, session_id: &str) -> Result<Self> {
        if session_id.is_empty()
            || !session_id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            return Err(VoiceError::InvalidSetting(format!(
                "session id `{session_id}` cannot name a recordings folder"
            )));
        }
        let dir = root.join("recordings").join(session_id);
        std::fs::create_dir_all(&dir)?;
        let next = std::fs::read_dir(&dir)?
            .filter_map(|e| e.ok())
            .filter_map(|e| {
                let name = e.file_name().into_string().ok()?;
                name.strip_prefix("turn-")?
                    .strip_suffix(".wav")?
                    .parse::<u32>()
                    .ok()
            })
            .max()
            .map_or(1, |n| n + 1);
        Ok(Self { dir, next })
    }

    /// The session's recordings folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Saves one turn's mono audio; returns its path.
    pub fn save_turn(&mut self, samples: &[f32], sample_rate: u32) -> Result<PathBuf> {
        let path = self.dir.join(format!("turn-{:03}.wav", self.next));
        write_wav(&path, samples, sample_rate)?;
        self.next += 1;
        Ok(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_turns_and_continues() {
        let root = tempfile::tempdir().unwrap();
        let mut r = Recorder::new(root.path(), "abc-123").unwrap();
        let first = r.save_turn(&[0.1; 160], 16_000).unwrap();
        assert!(first.ends_with("recordings/abc-123/turn-001.wav"));
        let mut again = Recorder::new(root.path(), "abc-123").unwrap();
        assert!(again
            .save_turn(&[0.1; 160], 16_000)
            .unwrap()
            .ends_with("turn-002.wav"));
        let back = crate::wav::read_wav(&first).unwrap();
        assert_eq!((back.samples.len(), back.sample_rate), (160, 16_000));
        assert!(Recorder::new(root.path(), "../x").is_err());
    }
}
