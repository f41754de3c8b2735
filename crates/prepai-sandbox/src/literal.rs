//! Literal parsing for the original test format: JSON first, then Python literals
//! (`True`, `None`, single quotes, tuples, sets) via the `py_literal` crate.

use py_literal::Value as Py;
use serde_json::{Map, Number, Value};

/// Parses `text` as JSON, else as a Python literal converted to JSON
/// (tuples and sets become arrays, dict keys become strings).
pub(crate) fn parse_literal(text: &str) -> Result<Value, String> {
    if let Ok(v) = serde_json::from_str::<Value>(text) {
        return Ok(v);
    }
    let py: Py = text.trim().parse().map_err(|e| format!("{e}"))?;
    to_json(&py)
}

fn to_json(v: &Py) -> Result<Value, String> {
    Ok(match v {
        Py::String(s) => Value::String(s.clone()),
        Py::Bytes(b) => Value::String(String::from_utf8_lossy(b).into_owned()),
        Py::Integer(i) => {
            let digits = i.to_string();
            if let Ok(n) = digits.parse::<i64>() {
                Value::from(n)
            } else if let Ok(n) = digits.parse::<u64>() {
                Value::from(n)
            } else {
                let f: f64 = digits
                    .parse()
                    .map_err(|_| format!("integer {digits} is out of range"))?;
                Number::from_f64(f)
                    .map(Value::Number)
                    .ok_or("integer out of range")?
            }
        }
        Py::Float(f) => Number::from_f64(*f)
            .map(Value::Number)
            .ok_or_else(|| format!("non-finite float {f} has no JSON form"))?,
        Py::Complex(_) => return Err("complex numbers are not supported".into()),
        Py::Tuple(items) | Py::List(items) | Py::Set(items) => {
            Value::Array(items.iter().map(to_json).collect::<Result<_, _>>()?)
        }
        Py::Dict(pairs) => {
            let mut map = Map::new();
            for (k, val) in pairs {
                let key = match k {
                    Py::String(s) => s.clone(),
                    other => match to_json(other)? {
                        Value::String(s) => s,
                        j => j.to_string(),
                    },
                };
                map.insert(key, to_json(val)?);
            }
            Value::Object(map)
        }
        Py::Boolean(b) => Value::Bool(*b),
        Py::None => Value::Null,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn python_literals_convert() {
        assert_eq!(
            parse_literal("[[2,7,11,15],9]").unwrap(),
            json!([[2, 7, 11, 15], 9])
        );
        assert_eq!(
            parse_literal("[True, None, 'a', (1, 2)]").unwrap(),
            json!([true, null, "a", [1, 2]])
        );
        assert_eq!(
            parse_literal("{1: 'x', 'k': [1.5,]}").unwrap(),
            json!({"1": "x", "k": [1.5]})
        );
        assert_eq!(parse_literal("-3").unwrap(), json!(-3));
        assert!(parse_literal("[1, 2").is_err());
        assert!(parse_literal("1+2j").is_err());
    }
}
