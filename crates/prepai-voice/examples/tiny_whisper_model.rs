//! Writes the tiny random-weight Whisper model used by the tests to a path, so the CLI's
//! voice commands can be tried without downloading a model (its words are gibberish).
//!
//! `cargo run -p prepai-voice --example tiny_whisper_model -- /tmp/tiny.bin`

fn main() {
    let Some(path) = std::env::args_os().nth(1) else {
        eprintln!("usage: tiny_whisper_model PATH");
        std::process::exit(2);
    };
    if let Err(e) = prepai_voice::tiny_model::write_tiny_model(std::path::Path::new(&path), 1) {
        eprintln!(
            "cannot write {}: {e}",
            std::path::Path::new(&path).display()
        );
        std::process::exit(1);
    }
}
