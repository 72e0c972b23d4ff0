//! Resource quantities (`100m`, `70Mi`, `2`, `1e3`): parsed exactly, compared, added, and written
//! back in apimachinery's canonical form (largest exact suffix, keeping the
//! format of the first operand), so `0.5` prints `500m` and `1024Ki` prints `1Mi`.

/// Nano-units make every suffix from `n` to `E` exact in an i128.
const NANO: i128 = 1_000_000_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    #[default]
    DecimalSi,
    BinarySi,
    DecimalExponent,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Quantity {
    nanos: i128,
    pub format: Format,
}

const BINARY: [(&str, u32); 6] = [
    ("Ki", 1),
    ("Mi", 2),
    ("Gi", 3),
    ("Ti", 4),
    ("Pi", 5),
    ("Ei", 6),
];
const DECIMAL: [(&str, i32); 9] = [
    ("n", -9),
    ("u", -6),
    ("m", -3),
    ("k", 3),
    ("M", 6),
    ("G", 9),
    ("T", 12),
    ("P", 15),
    ("E", 18),
];

fn pow10(e: u32) -> Option<i128> {
    10i128.checked_pow(e)
}

impl Quantity {
    pub fn parse(s: &str) -> Option<Quantity> {
        let s = s.trim();
        let (neg, body) = match s.strip_prefix('-') {
            Some(r) => (true, r),
            None => (false, s.strip_prefix('+').unwrap_or(s)),
        };
        let num_end = body
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(body.len());
        let (num, suffix) = body.split_at(num_end);
        let (int_part, frac_part) = num.split_once('.').unwrap_or((num, ""));
        if (int_part.is_empty() && frac_part.is_empty()) || frac_part.contains('.') {
            return None;
        }
        // The number as digits * 10^exp10, then scaled to nano-units.
        let digits = format!("{int_part}{frac_part}");
        let digits = digits.trim_start_matches('0');
        if digits.len() > 30 {
            return None;
        }
        let mantissa: i128 = if digits.is_empty() {
            0
        } else {
            digits.parse().ok()?
        };
        let mut exp10: i32 = -(frac_part.len() as i32);
        let mut binary_pow = 0u32;
        let format = match suffix {
            "" => Format::DecimalSi,
            _ => {
                if let Some((_, p)) = BINARY.iter().find(|(n, _)| *n == suffix) {
                    binary_pow = *p;
                    Format::BinarySi
                } else if let Some((_, e)) = DECIMAL.iter().find(|(n, _)| *n == suffix) {
                    exp10 += e;
                    Format::DecimalSi
                } else if let Some(e) = suffix.strip_prefix(['e', 'E']) {
                    exp10 += e.parse::<i32>().ok().filter(|e| e.abs() <= 30)?;
                    Format::DecimalExponent
                } else {
                    return None;
                }
            }
        };
        let mut nanos = mantissa.checked_mul(1024i128.checked_pow(binary_pow)?)?;
        let scale = exp10 + 9;
        nanos = if scale >= 0 {
            nanos.checked_mul(pow10(scale as u32)?)?
        } else {
            // Finer than a nano-unit: round up, as apimachinery does.
            let d = pow10(scale.unsigned_abs())?;
            (nanos + d - 1) / d
        };
        Some(Quantity {
            nanos: if neg { -nanos } else { nanos },
            format,
        })
    }

    pub fn is_zero(&self) -> bool {
        self.nanos == 0
    }

    /// `q.Add(other)`: the sum keeps this quantity's format.
    pub fn add(&mut self, other: &Quantity) {
        self.nanos = self.nanos.saturating_add(other.nanos);
    }

    pub fn cmp_value(&self, other: &Quantity) -> std::cmp::Ordering {
        self.nanos.cmp(&other.nanos)
    }

    /// `MilliValue()`: rounded up to whole milli-units.
    pub fn milli_value(&self) -> i128 {
        div_ceil(self.nanos, 1_000_000)
    }

    /// `Value()`: rounded up to whole units.
    pub fn value(&self) -> i128 {
        div_ceil(self.nanos, NANO)
    }

    /// apimachinery's canonical `String()`.
    pub fn to_canonical(&self) -> String {
        if self.nanos == 0 {
            return "0".into();
        }
        let whole = self.nanos % NANO == 0;
        let units = self.nanos / NANO;
        if self.format == Format::BinarySi && whole && units.abs() >= 1024 {
            let mut pow = 0usize;
            let mut v = units;
            while pow < BINARY.len() && v % 1024 == 0 {
                v /= 1024;
                pow += 1;
            }
            let suffix = if pow == 0 { "" } else { BINARY[pow - 1].0 };
            return format!("{v}{suffix}");
        }
        // Largest exponent (a multiple of 3, from -9 up) that keeps the mantissa whole.
        let mut exp = -9i32;
        let mut m = self.nanos;
        while exp < 18 && m % 1000 == 0 {
            m /= 1000;
            exp += 3;
        }
        if self.format == Format::DecimalExponent {
            return if exp == 0 {
                m.to_string()
            } else {
                format!("{m}e{exp}")
            };
        }
        let suffix = DECIMAL
            .iter()
            .find(|(_, e)| *e == exp)
            .map(|(n, _)| *n)
            .unwrap_or("");
        format!("{m}{suffix}")
    }
}

fn div_ceil(a: i128, b: i128) -> i128 {
    let q = a / b;
    if a % b != 0 && a > 0 {
        q + 1
    } else {
        q
    }
}

/// A quantity from a JSON value (`"100m"`, or a bare number as some clients send).
pub fn from_json(v: &serde_json::Value) -> Option<Quantity> {
    match v {
        serde_json::Value::String(s) => Quantity::parse(s),
        serde_json::Value::Number(n) => Quantity::parse(&n.to_string()),
        _ => None,
    }
}

/// A resource list (`requests`, `limits`, `allocatable`) as parsed quantities, in the list's
/// order; entries that do not parse are left out.
pub fn list(v: Option<&serde_json::Value>) -> Vec<(String, Quantity)> {
    v.and_then(|m| m.as_object())
        .map(|m| {
            m.iter()
                .filter_map(|(k, q)| from_json(q).map(|q| (k.clone(), q)))
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::Quantity;

    fn canon(s: &str) -> String {
        Quantity::parse(s)
            .map(|q| q.to_canonical())
            .unwrap_or_else(|| "ERR".into())
    }

    #[test]
    fn canonical_forms() {
        assert_eq!(canon("100m"), "100m");
        assert_eq!(canon("0.5"), "500m");
        assert_eq!(canon("2"), "2");
        assert_eq!(canon("1000"), "1k");
        assert_eq!(canon("1500"), "1500");
        assert_eq!(canon("70Mi"), "70Mi");
        assert_eq!(canon("1024Ki"), "1Mi");
        assert_eq!(canon("1536Mi"), "1536Mi");
        assert_eq!(canon("512"), "512");
        assert_eq!(canon("16365268Ki"), "16365268Ki");
        assert_eq!(canon("1e3"), "1e3");
        assert_eq!(canon("0"), "0");
        assert_eq!(canon("12Mx"), "ERR");
        assert_eq!(canon(""), "ERR");
    }

    #[test]
    fn sums_keep_the_first_format() {
        let mut a = Quantity::parse("100m").unwrap_or_default();
        a.add(&Quantity::parse("1").unwrap_or_default());
        assert_eq!(a.to_canonical(), "1100m");
        let mut m = Quantity::parse("70Mi").unwrap_or_default();
        m.add(&Quantity::parse("100Mi").unwrap_or_default());
        assert_eq!(m.to_canonical(), "170Mi");
        assert_eq!(Quantity::parse("8").map(|q| q.milli_value()), Some(8000));
        assert_eq!(Quantity::parse("1Ki").map(|q| q.value()), Some(1024));
    }
}
