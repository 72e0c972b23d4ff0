//! A Job's `successPolicy`, as v1.32's batch validation checks it: Indexed Jobs only, 1 to 20
//! rules, each with `succeededIndexes` (well-formed, increasing, below `completions`) and/or
//! a `succeededCount` no larger than the indexes it may count.

use serde_json::Value;

use super::{arr, Errs};
use crate::status;

const MAX_RULES: usize = 20;

/// Go's `%#v` of the policy, as the error prints it (pointers as addresses: any will do).
fn go_policy(policy: &Value) -> String {
    let rules: Vec<String> = arr(Some(policy), "rules")
        .iter()
        .map(|r| {
            let ptr = |k: &str, ty: &str| match r.get(k).filter(|v| !v.is_null()) {
                Some(_) => format!("(*{ty})(0xc000a4e5c0)"),
                None => format!("(*{ty})(nil)"),
            };
            format!(
                "batch.SuccessPolicyRule{{SucceededIndexes:{}, SucceededCount:{}}}",
                ptr("succeededIndexes", "string"),
                ptr("succeededCount", "int32")
            )
        })
        .collect();
    format!(
        "batch.SuccessPolicy{{Rules:[]batch.SuccessPolicyRule{{{}}}}}",
        rules.join(", ")
    )
}

pub fn check(spec: Option<&Value>, path: &str, e: &mut Errs) {
    let Some(policy) = spec
        .and_then(|s| s.get("successPolicy"))
        .filter(|p| !p.is_null())
    else {
        return;
    };
    let field = format!("{path}.successPolicy");
    let indexed = spec
        .and_then(|s| s.get("completionMode"))
        .and_then(|m| m.as_str())
        == Some("Indexed");
    if !indexed {
        e.invalid_raw(
            &field,
            &go_policy(policy),
            "requires indexed completion mode",
        );
        return;
    }
    let completions = spec
        .and_then(|s| s.get("completions"))
        .and_then(|c| c.as_i64());
    let rules_path = format!("{field}.rules");
    let rules = arr(Some(policy), "rules");
    if rules.is_empty() {
        e.required_detail(
            &rules_path,
            "at least one rules must be specified when the successPolicy is specified",
        );
    }
    if rules.len() > MAX_RULES {
        e.0.push(status::cause(
            "FieldValueTooMany",
            &rules_path,
            format!(
                "Too many: {}: must have at most {MAX_RULES} items",
                rules.len()
            ),
        ));
    }
    for (i, rule) in rules.iter().enumerate() {
        check_rule(rule, &format!("{rules_path}[{i}]"), completions, e);
    }
}

fn check_rule(rule: &Value, path: &str, completions: Option<i64>, e: &mut Errs) {
    let indexes = rule.get("succeededIndexes").and_then(|v| v.as_str());
    let count = rule.get("succeededCount").and_then(|v| v.as_i64());
    if indexes.is_none() && count.is_none() {
        e.required_detail(
            path,
            "at least one of succeededCount or succeededIndexes must be specified",
        );
    }
    let Some(completions) = completions else {
        return;
    };
    let mut total = 0;
    if let Some(s) = indexes {
        match total_indexes(s, completions) {
            Ok(t) => total = t,
            Err(why) => e.invalid(
                &format!("{path}.succeededIndexes"),
                s,
                &format!("error parsing succeededIndexes: {why}"),
            ),
        }
    }
    if let Some(c) = count {
        let count_path = format!("{path}.succeededCount");
        e.non_negative(&count_path, rule.get("succeededCount"));
        if c > completions {
            e.invalid_raw(
                &count_path,
                &c.to_string(),
                &format!(
                    "must be less than or equal to {completions} (the number of specified completions)"
                ),
            );
        }
        if indexes.is_some() && c > total {
            e.invalid_raw(
                &count_path,
                &c.to_string(),
                &format!("must be less than or equal to {total} (the number of indexes in the specified succeededIndexes field)"),
            );
        }
    }
}

/// How many indexes "1,3-5" names, or why it is malformed (`validateIndexesFormat`).
pub fn total_indexes(s: &str, completions: i64) -> Result<i64, String> {
    if s.is_empty() {
        return Ok(0);
    }
    let mut last: Option<i64> = None;
    let mut total = 0;
    for part in s.split(',') {
        let (x, y) = interval(part, completions)?;
        if let Some(prev) = last.filter(|prev| *prev >= x) {
            return Err(format!(
                "non-increasing order, previous: {prev}, current: {x}"
            ));
        }
        total += y - x + 1;
        last = Some(y);
    }
    Ok(total)
}

fn interval(part: &str, completions: i64) -> Result<(i64, i64), String> {
    let limits: Vec<&str> = part.split('-').collect();
    if limits.len() > 2 {
        return Err(format!(
            "the fragment {} violates the requirement that an index interval can have at most two parts separated by '-'",
            status::go_quote(part)
        ));
    }
    let number = |s: &str| {
        s.parse::<i64>().map_err(|_| {
            format!(
                "cannot convert string to integer for index: {}",
                status::go_quote(s)
            )
        })
    };
    let x = number(limits[0])?;
    if x >= completions {
        return Err(format!("too large index: {}", status::go_quote(limits[0])));
    }
    let Some(second) = limits.get(1) else {
        return Ok((x, x));
    };
    let y = number(second)?;
    if y >= completions {
        return Err(format!("too large index: {}", status::go_quote(second)));
    }
    if x >= y {
        return Err(format!("non-increasing order, previous: {x}, current: {y}"));
    }
    Ok((x, y))
}

#[cfg(test)]
mod tests {
    use super::total_indexes;

    #[test]
    fn indexes_are_counted_or_refused_as_the_api_server_does() {
        assert_eq!(total_indexes("0,2-4", 5), Ok(4));
        assert_eq!(
            total_indexes("3,1", 5),
            Err("non-increasing order, previous: 3, current: 1".into())
        );
        assert_eq!(total_indexes("7", 5), Err("too large index: \"7\"".into()));
        assert_eq!(
            total_indexes("1-2-3", 5),
            Err("the fragment \"1-2-3\" violates the requirement that an index interval can have at most two parts separated by '-'".into())
        );
        assert_eq!(
            total_indexes("a", 5),
            Err("cannot convert string to integer for index: \"a\"".into())
        );
    }
}
