//! Comparing a returned value with the expected one. Done on the host, so expected answers
//! never enter the sandbox and candidate code cannot read or forge them.

use serde_json::Value;

use crate::suite::CompareOptions;

/// Default tolerance for float comparisons when a suite sets none.
pub const DEFAULT_FLOAT_TOLERANCE: f64 = 1e-9;

/// Largest list compared pairwise (O(n²)) when unordered matching by sorting fails.
const MAX_PAIRWISE_UNORDERED: usize = 2_000;

/// Whether `actual` matches `expected` under `opts`.
///
/// Numbers compare numerically (`2 == 2.0`). Floats match within the suite's
/// `floatTolerance` as an absolute difference; without one, within
/// [`DEFAULT_FLOAT_TOLERANCE`] absolute or relative (floating-point noise scales
/// with magnitude). With `unordered_lists` the top-level list is compared as a
/// multiset.
pub fn values_match(expected: &Value, actual: &Value, opts: &CompareOptions) -> bool {
    let tol = match opts.float_tolerance {
        Some(abs) => Tolerance { abs, rel: 0.0 },
        None => Tolerance {
            abs: DEFAULT_FLOAT_TOLERANCE,
            rel: DEFAULT_FLOAT_TOLERANCE,
        },
    };
    match (expected, actual) {
        (Value::Array(e), Value::Array(a)) if opts.unordered_lists => unordered_match(e, a, tol),
        _ => equal(expected, actual, tol),
    }
}

/// How far apart two floats may be.
#[derive(Debug, Clone, Copy)]
struct Tolerance {
    abs: f64,
    rel: f64,
}

fn equal(e: &Value, a: &Value, tol: Tolerance) -> bool {
    match (e, a) {
        (Value::Number(x), Value::Number(y)) => {
            if let (Some(x), Some(y)) = (x.as_i64(), y.as_i64()) {
                return x == y;
            }
            if let (Some(x), Some(y)) = (x.as_u64(), y.as_u64()) {
                return x == y;
            }
            match (x.as_f64(), y.as_f64()) {
                (Some(x), Some(y)) => {
                    let diff = (x - y).abs();
                    diff <= tol.abs || diff <= tol.rel * x.abs().max(y.abs())
                }
                _ => false,
            }
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| equal(p, q, tol))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| equal(v, w, tol)))
        }
        _ => e == a,
    }
}

fn unordered_match(e: &[Value], a: &[Value], tol: Tolerance) -> bool {
    if e.len() != a.len() {
        return false;
    }
    let key = |v: &&Value| v.to_string();
    let mut es: Vec<&Value> = e.iter().collect();
    let mut as_: Vec<&Value> = a.iter().collect();
    es.sort_by_cached_key(key);
    as_.sort_by_cached_key(key);
    if es.iter().zip(&as_).all(|(x, y)| equal(x, y, tol)) {
        return true;
    }
    if e.len() > MAX_PAIRWISE_UNORDERED {
        return false;
    }
    // Tolerant floats can sort differently; fall back to greedy pairing.
    let mut used = vec![false; a.len()];
    e.iter().all(|x| {
        let hit = a
            .iter()
            .enumerate()
            .find(|(i, y)| !used[*i] && equal(x, y, tol))
            .map(|(i, _)| i);
        hit.map(|i| used[i] = true).is_some()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn opts(tol: Option<f64>, unordered: bool) -> CompareOptions {
        CompareOptions {
            float_tolerance: tol,
            unordered_lists: unordered,
        }
    }

    #[test]
    fn numbers_strings_and_nesting() {
        let o = opts(None, false);
        assert!(values_match(&json!([0, 1]), &json!([0, 1]), &o));
        assert!(!values_match(&json!([0, 1]), &json!([1, 0]), &o));
        assert!(values_match(&json!(2), &json!(2.0), &o));
        assert!(values_match(&json!(0.3), &json!(0.1 + 0.2), &o));
        assert!(!values_match(&json!(1), &json!(true), &o));
        assert!(!values_match(&json!("1"), &json!(1), &o));
        assert!(values_match(&json!({"a": [1.0]}), &json!({"a": [1]}), &o));
        assert!(!values_match(
            &json!({"a": 1}),
            &json!({"a": 1, "b": 2}),
            &o
        ));
    }

    #[test]
    fn tolerance_and_unordered() {
        assert!(values_match(
            &json!(1.0),
            &json!(1.0000005),
            &opts(Some(1e-6), false)
        ));
        assert!(!values_match(
            &json!(1.0),
            &json!(1.01),
            &opts(Some(1e-6), false)
        ));
        let u = opts(Some(1e-6), true);
        assert!(values_match(
            &json!([[1, 2], [3]]),
            &json!([[3], [1, 2]]),
            &u
        ));
        assert!(!values_match(
            &json!([[1, 2], [3]]),
            &json!([[3], [2, 1]]),
            &u
        ));
        assert!(!values_match(&json!([1, 1, 2]), &json!([1, 2, 2]), &u));
        // An explicit tolerance is absolute: large answers get no relative slack.
        assert!(!values_match(
            &json!(1_000_000.0),
            &json!(1_000_000.5),
            &opts(Some(1e-6), false)
        ));
        assert!(values_match(
            &json!(1e12),
            &json!(1e12 + 1e-3),
            &opts(None, false)
        ));
        assert!(values_match(
            &json!([0.1, 0.3]),
            &json!([0.3000000001, 0.1]),
            &u
        ));
    }
}
