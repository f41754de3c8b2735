//! Embeds the data directories (`data/questions`, `data/kb`) by generating a
//! table of `include_str!` entries, so adding a file needs no code change.

use std::path::Path;

fn main() {
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    for (dir, ext, name) in [
        ("data/questions", "toml", "question_files.rs"),
        ("data/kb", "md", "kb_files.rs"),
    ] {
        let full = Path::new(&manifest).join(dir);
        println!("cargo:rerun-if-changed={}", full.display());
        let mut files: Vec<String> = std::fs::read_dir(&full)
            .map(|rd| {
                rd.filter_map(|e| e.ok())
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .filter(|n| n.ends_with(&format!(".{ext}")) && n != "README.md")
                    .collect()
            })
            .unwrap_or_default();
        files.sort();
        let mut src = String::from("&[\n");
        for f in &files {
            let path = full.join(f);
            println!("cargo:rerun-if-changed={}", path.display());
            src.push_str(&format!(
                "    ({f:?}, include_str!({:?})),\n",
                path.display().to_string()
            ));
        }
        src.push_str("]\n");
        std::fs::write(Path::new(&out).join(name), src).expect("write generated table");
    }
}
