//! Analytics queries on the SQLite store: everything is aggregated by SQL over
//! the `reports` table (indexes on type, date and candidate), leaving only a few
//! numbers for Rust to combine.

use std::collections::BTreeMap;

use rusqlite::{params, Connection, OptionalExtension};
use uuid::Uuid;

use crate::analytics::{
    call_trend, fit, percentile_position, Aggregate, Benchmarks, Distribution, History,
    HistoryEntry, Rank, Sums, TrendPoint, Trends, METRICS,
};
use crate::report::Report;
use crate::timefmt;

const DAY_MS: f64 = 86_400_000.0;

/// Inserts or replaces `report` for its session.
pub fn put_report(conn: &Connection, r: &Report) -> rusqlite::Result<()> {
    let created: i64 = conn.query_row(
        "SELECT created_at FROM sessions WHERE id = ?1",
        [r.session_id.to_string()],
        |row| row.get(0),
    )?;
    let s = &r.scores;
    conn.execute(
        "INSERT INTO reports (session_id, interview_type, candidate_name, created_at, overall,
             technical_knowledge, problem_solving, communication, code_quality, cultural_fit,
             recommendation)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
         ON CONFLICT (session_id) DO UPDATE SET overall = excluded.overall,
             technical_knowledge = excluded.technical_knowledge,
             problem_solving = excluded.problem_solving, communication = excluded.communication,
             code_quality = excluded.code_quality, cultural_fit = excluded.cultural_fit,
             recommendation = excluded.recommendation",
        params![
            r.session_id.to_string(),
            r.interview_type,
            r.candidate_name,
            created,
            r.overall_score,
            s.technical_knowledge,
            s.problem_solving,
            s.communication,
            s.code_quality,
            s.cultural_fit,
            r.recommendation.as_str(),
        ],
    )?;
    conn.execute(
        "INSERT INTO report_bodies (session_id, body) VALUES (?1, ?2)
         ON CONFLICT (session_id) DO UPDATE SET body = excluded.body",
        params![
            r.session_id.to_string(),
            serde_json::to_string(r).unwrap_or_default()
        ],
    )?;
    Ok(())
}

/// The stored report of a session, if any.
pub fn report(conn: &Connection, id: Uuid) -> rusqlite::Result<Option<Report>> {
    let body: Option<String> = conn
        .query_row(
            "SELECT body FROM report_bodies WHERE session_id = ?1",
            [id.to_string()],
            |r| r.get(0),
        )
        .optional()?;
    Ok(body.and_then(|b| serde_json::from_str(&b).ok()))
}

fn counts(conn: &Connection, sql: &str) -> rusqlite::Result<BTreeMap<String, u64>> {
    let mut stmt = conn.prepare(sql)?;
    let rows = stmt.query_map([], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as u64))
    })?;
    rows.collect()
}

/// Totals, completion rate, mean score, and counts by type and recommendation.
pub fn aggregate(conn: &Connection) -> rusqlite::Result<Aggregate> {
    let by_status = counts(
        conn,
        "SELECT status, COUNT(*) FROM sessions GROUP BY status",
    )?;
    let total: u64 = by_status.values().sum();
    let completed = by_status.get("completed").copied().unwrap_or(0);
    let (reports, avg): (i64, Option<f64>) =
        conn.query_row("SELECT COUNT(*), AVG(overall) FROM reports", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
    Ok(Aggregate {
        total_interviews: total,
        completed_interviews: completed,
        completion_rate: if total == 0 {
            0.0
        } else {
            round2(100.0 * completed as f64 / total as f64)
        },
        average_score: avg.map(round2),
        reports: reports as u64,
        interview_types: counts(
            conn,
            "SELECT interview_type, COUNT(*) FROM sessions GROUP BY interview_type",
        )?,
        recommendations: counts(
            conn,
            "SELECT recommendation, COUNT(*) FROM reports GROUP BY recommendation",
        )?,
    })
}

/// Min, max, mean and interpolated P25/P50/P75/P90 per metric for one type.
pub fn benchmarks(conn: &Connection, interview_type: &str) -> rusqlite::Result<Benchmarks> {
    let sample: i64 = conn.query_row(
        "SELECT COUNT(*) FROM reports WHERE interview_type = ?1",
        [interview_type],
        |r| r.get(0),
    )?;
    let mut out = BTreeMap::new();
    for (column, key) in METRICS {
        if let Some(d) = distribution(conn, interview_type, column)? {
            out.insert(key.to_string(), d);
        }
    }
    Ok(Benchmarks {
        interview_type: interview_type.to_string(),
        sample_size: sample as u64,
        benchmarks: out,
    })
}

fn distribution(
    conn: &Connection,
    interview_type: &str,
    column: &str,
) -> rusqlite::Result<Option<Distribution>> {
    // Scores have one decimal, so a type has at most 101 distinct values per
    // metric: counting them on the (type, metric) index gives exact order
    // statistics without sorting the rows.
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {column}, COUNT(*) FROM reports
         WHERE interview_type = ?1 AND {column} IS NOT NULL
         GROUP BY {column} ORDER BY {column}"
    ))?;
    let hist: Vec<(f64, u64)> = stmt
        .query_map([interview_type], |r| {
            Ok((r.get(0)?, r.get::<_, i64>(1)? as u64))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let (Some(first), Some(last)) = (hist.first(), hist.last()) else {
        return Ok(None);
    };
    let n: u64 = hist.iter().map(|(_, c)| c).sum();
    let sum: f64 = hist.iter().map(|(v, c)| v * *c as f64).sum();
    // The value at 0-based rank `r` in sorted order.
    let at = |r: u64| {
        let mut seen = 0;
        for (v, c) in &hist {
            seen += c;
            if r < seen {
                return *v;
            }
        }
        last.0
    };
    let pct = |p: f64| {
        let (lo, hi, frac) = percentile_position(n, p);
        let (a, b) = (at(lo), at(hi));
        round2(a + (b - a) * frac)
    };
    Ok(Some(Distribution {
        count: n,
        min: first.0,
        max: last.0,
        avg: round2(sum / n as f64),
        p25: pct(0.25),
        p50: pct(0.5),
        p75: pct(0.75),
        p90: pct(0.9),
    }))
}

/// The daily series of the last `days` days before `now_ms`, with a line
/// fitted through every report in the window.
pub fn trends(conn: &Connection, days: u32, now_ms: i64) -> rusqlite::Result<Trends> {
    let since = now_ms - (days as f64 * DAY_MS) as i64;
    // One pass over the (created_at, overall) index: per day, the count and
    // the sums a least-squares fit needs, with x in days since the window start.
    let mut stmt = conn.prepare_cached(
        "SELECT created_at / 86400000 AS day, COUNT(*), SUM(overall),
                SUM(x), SUM(x * x), SUM(x * overall), SUM(overall * overall), MIN(x), MAX(x)
         FROM (SELECT created_at, overall, (created_at - ?1) / 86400000.0 AS x
               FROM reports WHERE created_at >= ?1 AND created_at <= ?2)
         GROUP BY day ORDER BY day",
    )?;
    let mut data = Vec::new();
    let mut sums = Sums::default();
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    let mut rows = stmt.query(params![since, now_ms])?;
    while let Some(r) = rows.next()? {
        let day: i64 = r.get(0)?;
        let n = r.get::<_, i64>(1)? as f64;
        let y: f64 = r.get(2)?;
        sums.n += n;
        sums.y += y;
        sums.x += r.get::<_, f64>(3)?;
        sums.xx += r.get::<_, f64>(4)?;
        sums.xy += r.get::<_, f64>(5)?;
        sums.yy += r.get::<_, f64>(6)?;
        lo = lo.min(r.get(7)?);
        hi = hi.max(r.get(8)?);
        data.push(TrendPoint {
            date: timefmt::from_millis(day * DAY_MS as i64)
                .format("%Y-%m-%d")
                .to_string(),
            average_score: round2(y / n),
            count: n as u64,
        });
    }
    let line = if data.len() < 2 { None } else { fit(&sums) };
    let (trend, change, significant) = call_trend(line, sums.n, (hi - lo).max(0.0));
    Ok(Trends {
        days,
        trend,
        change: change.map(round2),
        slope_per_day: line.map(|f| f.slope),
        t_statistic: line.and_then(|f| f.t),
        significant,
        sample_size: sums.n as u64,
        data,
    })
}

/// A candidate's sessions (name matched case-insensitively), newest first,
/// with their scores and the fitted progression.
pub fn history(conn: &Connection, name: &str) -> rusqlite::Result<History> {
    let mut stmt = conn.prepare(
        "SELECT s.id, s.interview_type, s.created_at, s.status, r.overall, r.recommendation
         FROM sessions s LEFT JOIN reports r ON r.session_id = s.id
         WHERE s.candidate_name = ?1 COLLATE NOCASE
         ORDER BY s.created_at DESC, s.rowid DESC",
    )?;
    let sessions: Vec<HistoryEntry> = stmt
        .query_map([name.trim()], |r| {
            let id: String = r.get(0)?;
            Ok(HistoryEntry {
                session_id: Uuid::parse_str(&id).unwrap_or_default(),
                interview_type: r.get(1)?,
                created_at: timefmt::rfc3339(&timefmt::from_millis(r.get(2)?)),
                status: r.get(3)?,
                overall_score: r.get(4)?,
                recommendation: r.get(5)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let scores: Vec<f64> = sessions
        .iter()
        .rev()
        .filter_map(|s| s.overall_score)
        .collect();
    let mut sums = Sums::default();
    for (i, y) in scores.iter().enumerate() {
        let x = i as f64;
        sums.n += 1.0;
        sums.x += x;
        sums.y += y;
        sums.xx += x * x;
        sums.xy += x * y;
        sums.yy += y * y;
    }
    Ok(History {
        candidate_name: name.trim().to_string(),
        total_interviews: sessions.len() as u64,
        average_score: (!scores.is_empty())
            .then(|| round2(scores.iter().sum::<f64>() / scores.len() as f64)),
        best_score: scores.iter().copied().reduce(f64::max),
        latest_score: scores.last().copied(),
        improvement_per_interview: fit(&sums).map(|f| round2(f.slope)),
        scores_over_time: scores,
        sessions,
    })
}

/// Where a reported session ranks among reports of its type.
pub fn rank(conn: &Connection, id: Uuid) -> rusqlite::Result<Option<Rank>> {
    let Some((ty, score)): Option<(String, f64)> = conn
        .query_row(
            "SELECT interview_type, overall FROM reports WHERE session_id = ?1",
            [id.to_string()],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?
    else {
        return Ok(None);
    };
    let (n, above, below): (i64, i64, i64) = conn.query_row(
        "SELECT COUNT(*), COALESCE(SUM(overall > ?2), 0), COALESCE(SUM(overall < ?2), 0)
         FROM reports WHERE interview_type = ?1",
        params![ty, score],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    let others = (n - 1).max(0) as f64;
    let ties = (n - above - below - 1).max(0) as f64;
    let percentile = if others == 0.0 {
        100.0
    } else {
        100.0 * (below as f64 + 0.5 * ties) / others
    };
    Ok(Some(Rank {
        session_id: id,
        interview_type: ty,
        overall_score: score,
        rank: above as u64 + 1,
        out_of: n as u64,
        percentile: round2(percentile),
    }))
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}
