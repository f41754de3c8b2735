//! Offline CV parsing for PrepAI.
//!
//! Reads PDF (text layer, multi-column aware), DOCX, plain text and Markdown CVs locally and
//! turns them into a [`CvAnalysis`]: name, contact details, canonical skills from an embedded
//! taxonomy, dated experience with merged total years, education, industry fit and warnings.
//!
//! ```no_run
//! let opts = prepai_cv::CvOptions::default();
//! let cv = prepai_cv::analyze_path("cv.pdf", &opts)?;
//! println!("{} knows {:?}", cv.candidate_name.unwrap_or_default(), cv.skills);
//! # Ok::<(), prepai_cv::CvError>(())
//! ```

mod analyze;
mod error;
mod extract;
mod model;
#[cfg(feature = "textract")]
pub mod textract;

use std::io::Read;
use std::path::Path;

use chrono::NaiveDate;

pub use analyze::{
    analyze_text, find_date_range, taxonomy, DateRange, IndustryDef, Skill, Taxonomy, YearMonth,
};
pub use error::CvError;
pub use extract::{
    extract_text, extract_text_limited, DocumentFormat, ExtractedText, DEFAULT_MAX_BYTES,
};
pub use model::{CvAnalysis, Education, Experience, IndustryMatch, Links};

/// Settings for an analysis.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CvOptions {
    /// "Today", for open-ended positions ("– Present"). Inject a fixed date for reproducible results.
    pub today: NaiveDate,
    /// Largest accepted input in bytes (default 10 MiB).
    pub max_bytes: u64,
}

impl Default for CvOptions {
    fn default() -> Self {
        CvOptions {
            today: chrono::Local::now().date_naive(),
            max_bytes: DEFAULT_MAX_BYTES,
        }
    }
}

impl CvOptions {
    /// Default options with a fixed "today".
    pub fn with_today(today: NaiveDate) -> Self {
        CvOptions {
            today,
            ..CvOptions::default()
        }
    }
}

/// Extracts and analyses a CV held in memory. The format is detected from the content;
/// `file_name` only breaks ties (Markdown versus plain text).
pub fn analyze_bytes(
    bytes: &[u8],
    file_name: Option<&str>,
    opts: &CvOptions,
) -> Result<CvAnalysis, CvError> {
    let extracted = extract_text_limited(bytes, file_name, opts.max_bytes)?;
    let mut analysis = analyze_text(&extracted.text, opts);
    analysis.warnings.extend(extracted.warnings);
    Ok(analysis)
}

/// Reads and analyses a CV file. Files over `opts.max_bytes` are refused before being read.
pub fn analyze_path(path: impl AsRef<Path>, opts: &CvOptions) -> Result<CvAnalysis, CvError> {
    let path = path.as_ref();
    let io = |source| CvError::Io {
        path: path.to_path_buf(),
        source,
    };
    let file = std::fs::File::open(path).map_err(io)?;
    let size = file.metadata().map_err(io)?.len();
    if size > opts.max_bytes {
        return Err(CvError::TooLarge {
            size,
            limit: opts.max_bytes,
        });
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    file.take(opts.max_bytes + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    analyze_bytes(&bytes, path.file_name().and_then(|n| n.to_str()), opts)
}
