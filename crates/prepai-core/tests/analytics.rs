//! Analytics computed by the store, checked against values computed here
//! independently (sorting, interpolating, and a two-pass least-squares fit).

mod support;

use chrono::{TimeZone, Utc};
use prepai_core::{SqliteStore, Store};
use support::seed::{insert, Row};

const DAY: i64 = 86_400_000;

/// A small deterministic generator (so failures reproduce).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

fn fresh() -> (tempfile::TempDir, SqliteStore) {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open_dir(dir.path()).unwrap();
    (dir, store)
}

fn now_ms() -> i64 {
    Utc.with_ymd_and_hms(2026, 11, 25, 12, 0, 0)
        .unwrap()
        .timestamp_millis()
}

/// numpy's default ("linear") percentile of unsorted values.
fn percentile(values: &[f64], p: f64) -> f64 {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    let pos = p * (v.len() - 1) as f64;
    let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
    v[lo] + (v[hi] - v[lo]) * (pos - lo as f64)
}

fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol
}

#[test]
fn benchmarks_match_interpolated_percentiles_computed_independently() {
    let (dir, store) = fresh();
    let mut rng = Lcg(7);
    let mut rows = Vec::new();
    for i in 0..537 {
        let ty = if i % 3 == 0 {
            "amazon_sde"
        } else {
            "google_sde"
        };
        let mut scores = [None; 6];
        for (k, s) in scores.iter_mut().enumerate() {
            // Code quality is missing in a fifth of the reports.
            if !(k == 4 && i % 5 == 0) {
                *s = Some((rng.next() * 1000.0).round() / 100.0);
            }
        }
        rows.push(Row {
            interview_type: ty.into(),
            candidate: format!("c{i}"),
            created_ms: now_ms() - i * 3_600_000,
            scores,
        });
    }
    insert(&dir.path().join("prepai.db"), &rows);
    let b = store.benchmarks("google_sde").unwrap();
    let mine: Vec<&Row> = rows
        .iter()
        .filter(|r| r.interview_type == "google_sde")
        .collect();
    assert_eq!(b.sample_size, mine.len() as u64);
    for (k, key) in [
        "overall",
        "technical_knowledge",
        "problem_solving",
        "communication",
        "code_quality",
        "cultural_fit",
    ]
    .iter()
    .enumerate()
    {
        let values: Vec<f64> = mine.iter().filter_map(|r| r.scores[k]).collect();
        let d = &b.benchmarks[*key];
        assert_eq!(d.count, values.len() as u64, "{key}");
        let min = values.iter().copied().fold(f64::INFINITY, f64::min);
        let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let mean = values.iter().sum::<f64>() / values.len() as f64;
        assert!(close(d.min, min, 1e-9) && close(d.max, max, 1e-9), "{key}");
        assert!(close(d.avg, mean, 0.006), "{key}: {} vs {mean}", d.avg);
        for (got, p) in [(d.p25, 0.25), (d.p50, 0.5), (d.p75, 0.75), (d.p90, 0.9)] {
            let want = percentile(&values, p);
            assert!(close(got, want, 0.006), "{key} p{p}: {got} vs {want}");
        }
    }
    // A type with no reports has no distributions.
    let empty = store.benchmarks("gcp_solutions_architect").unwrap();
    assert_eq!(empty.sample_size, 0);
    assert!(empty.benchmarks.is_empty());
}

/// Slope and t statistic by the textbook two-pass formulas.
fn ols(points: &[(f64, f64)]) -> (f64, f64) {
    let n = points.len() as f64;
    let mx = points.iter().map(|p| p.0).sum::<f64>() / n;
    let my = points.iter().map(|p| p.1).sum::<f64>() / n;
    let sxx: f64 = points.iter().map(|p| (p.0 - mx).powi(2)).sum();
    let sxy: f64 = points.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
    let slope = sxy / sxx;
    let intercept = my - slope * mx;
    let sse: f64 = points
        .iter()
        .map(|p| (p.1 - intercept - slope * p.0).powi(2))
        .sum();
    let se = (sse / (n - 2.0) / sxx).sqrt();
    (slope, slope / se)
}

/// (days since `since`, overall score) of each row.
fn points_since(rows: &[Row], since: i64) -> Vec<(f64, f64)> {
    rows.iter()
        .map(|r| {
            (
                (r.created_ms - since) as f64 / DAY as f64,
                r.scores[0].unwrap(),
            )
        })
        .collect()
}

fn trend_rows(days: i64, per_day: i64, slope: f64, noise: f64, seed: u64) -> Vec<Row> {
    let mut rng = Lcg(seed);
    let mut rows = Vec::new();
    for d in 0..days {
        for k in 0..per_day {
            let at = now_ms() - (days - d) * DAY + k * 3_600_000;
            let y = (5.0 + slope * d as f64 + noise * (rng.next() - 0.5)).clamp(0.0, 10.0);
            rows.push(Row {
                interview_type: "google_sde".into(),
                candidate: "Ada".into(),
                created_ms: at,
                scores: [Some(y), None, None, None, None, None],
            });
        }
    }
    rows
}

#[test]
fn trends_fit_a_line_and_call_it_only_when_meaningful() {
    // A clear upward trend over 20 days.
    let (dir, store) = fresh();
    let rows = trend_rows(20, 3, 0.1, 1.0, 11);
    insert(&dir.path().join("prepai.db"), &rows);
    let now = Utc.timestamp_millis_opt(now_ms()).unwrap();
    let t = store.trends(30, now).unwrap();
    let since = now_ms() - 30 * DAY;
    let (slope, tstat) = ols(&points_since(&rows, since));
    assert!(
        close(t.slope_per_day.unwrap(), slope, 1e-9),
        "{t:?} vs {slope}"
    );
    assert!(
        close(t.t_statistic.unwrap(), tstat, 1e-6),
        "{t:?} vs {tstat}"
    );
    assert_eq!(t.trend, "improving");
    assert!(t.significant);
    assert_eq!(t.sample_size, 60);
    assert_eq!(t.data.len(), 20);
    // Daily means, independently.
    let first_day: Vec<f64> = rows[..3].iter().map(|r| r.scores[0].unwrap()).collect();
    let mean = first_day.iter().sum::<f64>() / 3.0;
    assert!(close(t.data[0].average_score, mean, 0.006));
    assert_eq!(t.data[0].count, 3);

    // Noise around a flat line is stable, even when first and last days differ.
    let (dir, store) = fresh();
    let rows = trend_rows(20, 3, 0.0, 3.0, 5);
    insert(&dir.path().join("prepai.db"), &rows);
    let t = store.trends(30, now).unwrap();
    let (_, tstat) = ols(&points_since(&rows, since));
    assert_eq!(t.trend, "stable", "{t:?}");
    assert!(tstat.abs() < 2.0);
    assert!(
        (t.data[0].average_score - t.data[19].average_score).abs() > 0.3,
        "first and last days differ, which a first-vs-last rule would call a trend"
    );

    // A downward trend is declining; one day is not enough data.
    let (dir, store) = fresh();
    insert(
        &dir.path().join("prepai.db"),
        &trend_rows(15, 2, -0.2, 0.5, 3),
    );
    assert_eq!(store.trends(30, now).unwrap().trend, "declining");
    let (dir, store) = fresh();
    insert(
        &dir.path().join("prepai.db"),
        &trend_rows(1, 4, 0.0, 1.0, 3),
    );
    let t = store.trends(30, now).unwrap();
    assert_eq!(t.trend, "insufficient_data");
    assert_eq!(t.change, None);
}

#[test]
fn history_rank_and_aggregate() {
    let (dir, store) = fresh();
    let rows: Vec<Row> = [
        (4.0, "Ada"),
        (5.5, "ada"),
        (7.0, "ADA"),
        (6.0, "Bob"),
        (9.0, "Cy"),
    ]
    .iter()
    .enumerate()
    .map(|(i, (score, name))| Row {
        interview_type: "google_sde".into(),
        candidate: name.to_string(),
        created_ms: now_ms() - (10 - i as i64) * DAY,
        scores: [Some(*score), None, None, None, None, None],
    })
    .collect();
    insert(&dir.path().join("prepai.db"), &rows);
    let h = store.history("  aDa ").unwrap();
    assert_eq!(h.total_interviews, 3);
    assert_eq!(h.scores_over_time, vec![4.0, 5.5, 7.0]);
    assert_eq!(h.sessions[0].overall_score, Some(7.0), "newest first");
    assert_eq!(h.best_score, Some(7.0));
    assert_eq!(h.latest_score, Some(7.0));
    assert_eq!(h.improvement_per_interview, Some(1.5));
    assert!(close(h.average_score.unwrap(), 5.5, 1e-9));

    let ada_latest = h.sessions[0].session_id;
    let r = store.rank(ada_latest).unwrap().unwrap();
    assert_eq!((r.rank, r.out_of), (2, 5));
    // Better than Ada 4.0, Ada 5.5 and Bob 6.0: 3 of the 4 others.
    assert!(close(r.percentile, 75.0, 1e-9));

    let a = store.aggregate().unwrap();
    assert_eq!(a.total_interviews, 5);
    assert_eq!(a.completed_interviews, 5);
    assert!(close(a.completion_rate, 100.0, 1e-9));
    assert!(close(a.average_score.unwrap(), 6.3, 1e-9));
    assert_eq!(a.interview_types["google_sde"], 5);
    assert_eq!(a.recommendations["STRONG_HIRE"], 1);
    assert_eq!(a.recommendations["NO_HIRE"], 2);
    assert_eq!(a.recommendations["STRONG_NO_HIRE"], 1);
}
