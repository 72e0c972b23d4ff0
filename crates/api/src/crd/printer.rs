//! How the API server turns an `additionalPrinterColumns` value into a Table cell: string columns
//! print the JSONPath result as Go's `fmt.Print` does; numeric and boolean columns keep the JSON
//! value when it has the right type (integers truncate floats, numbers widen integers).

use kubeplay_core::sort::SortOnce;
use serde_json::{json, Value};

/// Go's `%v` of a decoded JSON value: `[a b]` for lists, `map[k:v]` for objects.
pub fn go_print(v: &Value) -> String {
    match v {
        Value::Null => "<nil>".into(),
        Value::String(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) if n.is_i64() || n.is_u64() => n.to_string(),
        Value::Number(n) => go_float(n.as_f64().unwrap_or(0.0)),
        Value::Array(items) => {
            let parts: Vec<String> = items.iter().map(go_print).collect();
            format!("[{}]", parts.join(" "))
        }
        Value::Object(m) => {
            let mut keys: Vec<&String> = m.keys().collect();
            keys.sort_once();
            let parts: Vec<String> = keys
                .iter()
                .map(|k| format!("{k}:{}", m.get(*k).map(go_print).unwrap_or_default()))
                .collect();
            format!("map[{}]", parts.join(" "))
        }
    }
}

/// Go's `%v` of a float64: shortest form, exponent from 1e21 up or below 1e-4.
fn go_float(f: f64) -> String {
    let abs = f.abs();
    if abs != 0.0 && !(1e-4..1e21).contains(&abs) {
        let s = format!("{f:e}");
        // Rust writes `1e21` / `1.5e-5`; Go writes `1e+21` / `1.5e-05`.
        match s.split_once('e') {
            Some((m, e)) => {
                let (sign, digits) = match e.strip_prefix('-') {
                    Some(d) => ('-', d),
                    None => ('+', e),
                };
                format!("{m}e{sign}{digits:0>2}")
            }
            None => s,
        }
    } else {
        format!("{f}")
    }
}

/// The cell of a typed column (not `date`, which is an age, nor `string`).
pub fn typed_cell(ty: &str, v: &Value) -> Value {
    match (ty, v) {
        ("integer", Value::Number(n)) => n
            .as_i64()
            .map(|i| json!(i))
            .or_else(|| n.as_f64().map(|f| json!(f as i64)))
            .unwrap_or(Value::Null),
        // An integral float is written without a fraction, as Go's encoder writes float64s.
        ("number", Value::Number(n)) => match n.as_f64() {
            Some(f) if f.fract() == 0.0 && f.abs() < 1e15 => json!(f as i64),
            Some(f) => json!(f),
            None => Value::Null,
        },
        ("boolean", Value::Bool(b)) => json!(b),
        _ => Value::Null,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_formatting() {
        assert_eq!(go_print(&json!(["warm", "primary"])), "[warm primary]");
        assert_eq!(go_print(&json!({"b": 1, "a": [true]})), "map[a:[true] b:1]");
        assert_eq!(go_print(&json!(0.75)), "0.75");
        assert_eq!(go_print(&json!(1e21)), "1e+21");
        assert_eq!(typed_cell("integer", &json!(2.7)), json!(2));
        assert_eq!(typed_cell("number", &json!(2)), json!(2));
        assert_eq!(typed_cell("boolean", &json!("true")), Value::Null);
    }
}
