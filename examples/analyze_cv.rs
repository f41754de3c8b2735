//! Analyse a CV and print the result as JSON.
//!
//! ```text
//! cargo run --example analyze_cv -- path/to/cv.pdf                      # structured profile
//! cargo run --example analyze_cv -- --today 2026-11-25 path/to/cv.docx  # fixed "today"
//! cargo run --example analyze_cv -- --text path/to/cv.pdf               # extracted text only
//! ```

use std::process::ExitCode;

use prepai_cv::{CvError, CvOptions};

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let (mut text_only, mut today, mut path) = (false, None, None);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--text" => text_only = true,
            "--today" => today = args.next(),
            _ => path = Some(arg),
        }
    }
    let Some(path) = path else {
        eprintln!("usage: analyze_cv [--text] [--today YYYY-MM-DD] <cv.pdf|cv.docx|cv.txt|cv.md>");
        return ExitCode::from(2);
    };
    let mut opts = CvOptions::default();
    if let Some(day) = today {
        match chrono::NaiveDate::parse_from_str(&day, "%Y-%m-%d") {
            Ok(d) => opts.today = d,
            Err(_) => {
                eprintln!("error: --today wants a date like 2026-11-25, got {day:?}");
                return ExitCode::from(2);
            }
        }
    }
    let result = if text_only {
        std::fs::read(&path)
            .map_err(|e| CvError::Io {
                path: path.clone().into(),
                source: e,
            })
            .and_then(|bytes| prepai_cv::extract_text_limited(&bytes, Some(&path), opts.max_bytes))
            .map(|t| t.text)
    } else {
        prepai_cv::analyze_path(&path, &opts).map(|cv| {
            serde_json::to_string_pretty(&cv).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
        })
    };
    match result {
        Ok(out) => {
            use std::io::Write;
            // A closed pipe (`| head`) is not an error worth a panic.
            let _ = writeln!(std::io::stdout(), "{out}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
