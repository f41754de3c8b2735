//! No input makes the parsers panic or hang: thousands of mutated fixtures (fixed seed, so
//! failures reproduce) and random byte strings go through every format's parser, each with a
//! time bound; `proptest` feeds arbitrary text to the analyser.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use chrono::NaiveDate;
use prepai_cv::{analyze_bytes, analyze_text, find_date_range, CvOptions};
use proptest::prelude::*;

/// Mutated variants generated per fixture.
const MUTATIONS_PER_FIXTURE: usize = 200;
/// Random byte strings per format prefix.
const RANDOM_INPUTS: usize = 200;
/// Wall-clock bound for one input (debug build, shared CI machine): a hang, not a benchmark.
const PER_INPUT_LIMIT: Duration = Duration::from_secs(20);

/// xorshift64*: a tiny deterministic generator so the corpus is the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn fixture_files() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut files = Vec::new();
    for dir in ["resumes", "bad"] {
        for entry in std::fs::read_dir(root.join(dir)).expect("fixture dir") {
            let path = entry.expect("entry").path();
            if !path.to_string_lossy().ends_with(".json") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// One random edit: flip, overwrite, insert, delete a run, truncate or duplicate a slice.
fn mutate(rng: &mut Rng, input: &[u8]) -> Vec<u8> {
    let mut v = input.to_vec();
    for _ in 0..1 + rng.below(4) {
        if v.is_empty() {
            v.push(rng.next() as u8);
            continue;
        }
        let at = rng.below(v.len());
        match rng.below(6) {
            0 => v[at] ^= 1 << rng.below(8),
            1 => v[at] = rng.next() as u8,
            2 => v.insert(at, rng.next() as u8),
            3 => {
                let end = (at + 1 + rng.below(64)).min(v.len());
                v.drain(at..end);
            }
            4 => v.truncate(at),
            _ => {
                let end = (at + 1 + rng.below(256)).min(v.len());
                let chunk = v[at..end].to_vec();
                let to = rng.below(v.len());
                v.splice(to..to, chunk);
            }
        }
    }
    v
}

/// A DOCX whose document.xml is replaced by `xml`, stored uncompressed so that mutations reach
/// the XML parser instead of failing the zip checksum.
fn docx_with(xml: &[u8]) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut out);
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        zip.start_file("word/document.xml", opts)
            .expect("zip entry");
        zip.write_all(xml).expect("zip write");
        zip.finish().expect("zip finish");
    }
    out.into_inner()
}

fn document_xml(docx: &[u8]) -> Vec<u8> {
    let mut archive =
        zip::ZipArchive::new(std::io::Cursor::new(docx)).expect("fixture docx is a zip");
    let mut entry = archive.by_name("word/document.xml").expect("document.xml");
    let mut xml = Vec::new();
    std::io::Read::read_to_end(&mut entry, &mut xml).expect("read xml");
    xml
}

/// Runs every input on a worker thread; fails if one panics or exceeds the time bound.
fn run_all(inputs: Vec<(String, Vec<u8>)>) {
    let total = inputs.len();
    let (tx, rx) = mpsc::channel::<usize>();
    let names: Vec<String> = inputs.iter().map(|(n, _)| n.clone()).collect();
    let worker = std::thread::spawn(move || {
        let opts = CvOptions::with_today(NaiveDate::from_ymd_opt(2026, 11, 25).expect("date"));
        for (i, (name, bytes)) in inputs.into_iter().enumerate() {
            let ext = name.rsplit('.').next().map(str::to_string);
            let _ = analyze_bytes(
                &bytes,
                ext.as_deref().map(|e| format!("x.{e}")).as_deref(),
                &opts,
            );
            if tx.send(i).is_err() {
                return;
            }
        }
    });
    let mut done = 0;
    while done < total {
        match rx.recv_timeout(PER_INPUT_LIMIT) {
            Ok(i) => done = i + 1,
            Err(mpsc::RecvTimeoutError::Timeout) => panic!(
                "input {} ({}) took longer than {PER_INPUT_LIMIT:?}",
                done, names[done]
            ),
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                panic!("parser panicked on input {} ({})", done, names[done])
            }
        }
    }
    worker.join().expect("worker finished cleanly");
    println!("{total} inputs parsed without panic or hang");
}

#[test]
fn mutated_fixtures_never_panic_or_hang() {
    let mut rng = Rng(0x5EED_CAFE_F00D_1234);
    let mut inputs = Vec::new();
    for path in fixture_files() {
        let bytes = std::fs::read(&path).expect("fixture");
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_string();
        for k in 0..MUTATIONS_PER_FIXTURE {
            inputs.push((format!("{name}#{k}"), mutate(&mut rng, &bytes)));
        }
        if name.ends_with(".docx") && !name.starts_with("corrupt") && !name.starts_with("not_a_zip")
        {
            let xml = document_xml(&bytes);
            for k in 0..MUTATIONS_PER_FIXTURE {
                inputs.push((
                    format!("{name}#xml{k}.docx"),
                    docx_with(&mutate(&mut rng, &xml)),
                ));
            }
        }
    }
    assert!(inputs.len() >= 3000, "only {} inputs", inputs.len());
    run_all(inputs);
}

#[test]
fn random_bytes_behind_every_magic_never_panic() {
    let mut rng = Rng(0xDEAD_BEEF_0BAD_F00D);
    let prefixes: [&[u8]; 6] = [
        b"%PDF-1.4\n",
        b"PK\x03\x04",
        b"",
        b"\xEF\xBB\xBF# CV\n",
        b"\xFF\xFE",
        b"\xD0\xCF\x11\xE0",
    ];
    let mut inputs = Vec::new();
    for (p, prefix) in prefixes.iter().enumerate() {
        for k in 0..RANDOM_INPUTS {
            let len = rng.below(4096);
            let mut bytes = prefix.to_vec();
            bytes.extend((0..len).map(|_| rng.next() as u8));
            inputs.push((format!("random{p}#{k}.bin"), bytes));
        }
    }
    run_all(inputs);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 600, ..ProptestConfig::default() })]

    #[test]
    fn analyser_accepts_any_text(text in "\\PC{0,400}") {
        let opts = CvOptions::with_today(NaiveDate::from_ymd_opt(2026, 11, 25).expect("date"));
        let cv = analyze_text(&text, &opts);
        prop_assert!(cv.total_years_experience >= 0.0);
        prop_assert!(cv.industry.scores.values().all(|s| (0.0..=1.0).contains(s)));
    }

    #[test]
    fn cv_shaped_text_is_analysed(lines in proptest::collection::vec(
        prop_oneof![
            Just("EXPERIENCE".to_string()),
            Just("Education".to_string()),
            Just("Skills: Go, Rust, C, R".to_string()),
            "[A-Z][a-z]{1,8} [A-Z][a-z]{1,8}",
            "(Jan|Mar|Sept\\.) (19|20)[0-9]{2} (–|-|to) ((19|20)[0-9]{2}|Present)",
            "[0-9]{1,2}/(19|20)[0-9]{2} - [0-9]{1,2}/(19|20)[0-9]{2}",
            "• [a-zA-Z .,#+]{0,60}",
            "\\PC{0,40}",
        ], 0..40)) {
        let opts = CvOptions::with_today(NaiveDate::from_ymd_opt(2026, 11, 25).expect("date"));
        let cv = analyze_text(&lines.join("\n"), &opts);
        for e in &cv.experience {
            prop_assert!(e.start.is_some());
        }
    }

    #[test]
    fn date_ranges_never_end_before_they_start(s in "\\PC{0,80}") {
        if let Some(r) = find_date_range(&s) {
            if let Some(end) = r.end {
                prop_assert!((end.year, end.month.unwrap_or(12)) >= (r.start.year, r.start.month.unwrap_or(1)));
            }
            prop_assert!(s.is_char_boundary(r.span.0) && s.is_char_boundary(r.span.1));
        }
    }
}
