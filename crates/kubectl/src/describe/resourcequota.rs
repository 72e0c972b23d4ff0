//! `kubectl describe resourcequota` and `kubectl describe limitrange`: the quota's used and hard
//! amounts per resource, and the limit range's rows (kubectl prints no events for either).

use kubeplay_core::sort::SortOnce;
use serde_json::Value;

use super::namespace::limit_range_rows;
use super::{arr, name_namespace, s, Settings, LEVEL_0, W};
use crate::{Ctx, KError};
use kubeplay_core::api::quantity::{Format, Quantity};

pub fn describe(_ctx: &mut Ctx, q: &Value, _settings: &Settings) -> Result<String, KError> {
    Ok(render(q))
}

pub fn describe_limit_range(
    _ctx: &mut Ctx,
    r: &Value,
    _settings: &Settings,
) -> Result<String, KError> {
    Ok(render_limit_range(r))
}

pub fn render(q: &Value) -> String {
    let mut w = W::new();
    name_namespace(&mut w, q);
    let mut scopes: Vec<&str> = arr(q, "/spec/scopes")
        .iter()
        .filter_map(|x| x.as_str())
        .collect();
    if !scopes.is_empty() {
        scopes.sort_once();
        w.write(LEVEL_0, &format!("Scopes:\t{}\n", scopes.join(", ")));
        for scope in scopes {
            if let Some(help) = super::namespace::scope_help(scope) {
                w.write(LEVEL_0, &format!(" * {help}\n"));
            }
        }
    }
    w.write(LEVEL_0, "Resource\tUsed\tHard\n");
    w.write(LEVEL_0, "--------\t----\t----\n");
    let hard = q.pointer("/status/hard").and_then(|h| h.as_object());
    let mut names: Vec<&String> = hard.map(|h| h.keys().collect()).unwrap_or_default();
    names.sort_once();
    for name in names {
        let hard_q = hard
            .and_then(|h| h.get(name.as_str()))
            .and_then(kubeplay_core::api::quantity::from_json)
            .unwrap_or_default();
        let used_q = q
            .pointer("/status/used")
            .and_then(|u| u.get(name.as_str()))
            .and_then(kubeplay_core::api::quantity::from_json)
            .unwrap_or_default();
        w.write(
            LEVEL_0,
            &format!(
                "{name}\t{}\t{}\n",
                used_text(&used_q, &hard_q),
                hard_q.to_canonical()
            ),
        );
    }
    w.finish()
}

/// kubectl shows the used amount in the hard amount's format: a used `64Mi` against a hard `1G`
/// prints as the whole number `67108864`.
fn used_text(used: &Quantity, hard: &Quantity) -> String {
    if used.format == hard.format {
        return used.to_canonical();
    }
    let whole = used.value().to_string();
    let mut q = Quantity::parse(&whole).unwrap_or_default();
    q.format = match hard.format {
        Format::DecimalExponent => Format::DecimalExponent,
        Format::BinarySi => Format::BinarySi,
        Format::DecimalSi => Format::DecimalSi,
    };
    q.to_canonical()
}

pub fn render_limit_range(r: &Value) -> String {
    let mut w = W::new();
    w.write(LEVEL_0, &format!("Name:\t{}\n", s(r, "/metadata/name")));
    w.write(
        LEVEL_0,
        &format!("Namespace:\t{}\n", s(r, "/metadata/namespace")),
    );
    w.write(
        LEVEL_0,
        "Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio\n",
    );
    w.write(
        LEVEL_0,
        "----\t--------\t---\t---\t---------------\t-------------\t-----------------------\n",
    );
    limit_range_rows(&mut w, r, "");
    w.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn quota_rows_in_name_order() {
        let q = json!({"metadata": {"name": "compute", "namespace": "team"},
            "spec": {"hard": {"requests.cpu": "2", "requests.memory": "1G", "pods": "4"}},
            "status": {"hard": {"requests.cpu": "2", "requests.memory": "1G", "pods": "4"},
                       "used": {"requests.cpu": "1500m", "requests.memory": "64Mi", "pods": "3"}}});
        assert_eq!(
            render(&q),
            "Name:            compute
Namespace:       team
Resource         Used      Hard
--------         ----      ----
pods             3         4
requests.cpu     1500m     2
requests.memory  67108864  1G
"
        );
    }

    #[test]
    fn limit_range_rows() {
        let r = json!({"metadata": {"name": "limits", "namespace": "team"},
            "spec": {"limits": [{"type": "Container", "max": {"cpu": "1"}, "default": {"cpu": "500m"},
                                 "defaultRequest": {"cpu": "250m"}}]}});
        assert_eq!(
            render_limit_range(&r),
            "Name:       limits
Namespace:  team
Type        Resource  Min  Max  Default Request  Default Limit  Max Limit/Request Ratio
----        --------  ---  ---  ---------------  -------------  -----------------------
Container   cpu       -    1    250m             500m           -
"
        );
    }
}
