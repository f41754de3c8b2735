//! Reading the user's own data files (interview types, questions, knowledge-base
//! documents) from directories in the config directory.

use std::path::{Path, PathBuf};

/// The files directly in `dir` whose extension is `ext`, sorted by name, with
/// each file's text; `README.md` is skipped. A missing directory has none.
/// Errors name the directory or file that could not be read.
pub fn read_dir_files(
    dir: &Path,
    ext: &str,
) -> Result<Vec<(PathBuf, String)>, (PathBuf, std::io::Error)> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err((dir.to_path_buf(), e)),
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == ext))
        .filter(|p| p.file_name().is_some_and(|n| n != "README.md"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| match std::fs::read_to_string(&p) {
            Ok(text) => Ok((p, text)),
            Err(e) => Err((p, e)),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_matching_files_sorted_and_tolerates_a_missing_dir() {
        let dir = tempfile::tempdir().unwrap();
        for f in ["b.toml", "a.toml", "README.md", "c.md", "x.txt"] {
            std::fs::write(dir.path().join(f), f).unwrap();
        }
        let toml = read_dir_files(dir.path(), "toml").unwrap();
        let names: Vec<_> = toml
            .iter()
            .map(|(p, _)| p.file_name().unwrap().to_str().unwrap())
            .collect();
        assert_eq!(names, ["a.toml", "b.toml"]);
        assert_eq!(toml[0].1, "a.toml");
        assert_eq!(read_dir_files(dir.path(), "md").unwrap().len(), 1);
        assert!(read_dir_files(&dir.path().join("missing"), "md")
            .unwrap()
            .is_empty());
    }
}
