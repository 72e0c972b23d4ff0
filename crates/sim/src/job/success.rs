//! `successPolicy` of an Indexed Job: the Job has succeeded once the succeeded indexes cover a
//! rule's `succeededIndexes` (or `succeededCount` of them), or number `succeededCount`; then it
//! gets SuccessCriteriaMet (reason SuccessPolicy), its other pods are deleted, and Complete
//! follows.

use std::collections::BTreeSet;

use serde_json::Value;

use super::indexed;

/// The message of the first rule the succeeded indexes meet, if any.
pub fn matched(policy: Option<&Value>, completions: i64, done: &BTreeSet<i64>) -> Option<String> {
    if done.is_empty() {
        return None;
    }
    let rules = policy?.get("rules")?.as_array()?;
    rules.iter().enumerate().find_map(|(index, rule)| {
        let count = rule.get("succeededCount").and_then(|c| c.as_i64());
        let met = match rule.get("succeededIndexes").and_then(|s| s.as_str()) {
            Some(s) => {
                let wanted = indexed::parse(s, completions);
                let have = wanted.intersection(done).count() as i64;
                !wanted.is_empty()
                    && (have == wanted.len() as i64 || count.is_some_and(|c| have >= c))
            }
            None => count.is_some_and(|c| done.len() as i64 >= c),
        };
        met.then(|| format!("Matched rules at index {index}"))
    })
}
