//! `kubectl describe namespace`: the namespace, its resource quotas and limit ranges (kubectl
//! prints no events for namespaces).

use kubeplay_core::api::meta::ResourceExt;
use kubeplay_core::sort::SortOnce;
use serde_json::Value;

use super::podspec::resource_list;
use super::{annotations_multiline, arr, labels_multiline, parse_time, rfc1123z, s, Settings, W};
use super::{LEVEL_0, LEVEL_1};
use crate::{Ctx, KError};
use kubeplay_core::api::quantity;
use kubeplay_core::api::ApiRequest;

pub fn describe(ctx: &mut Ctx, ns: &Value, _settings: &Settings) -> Result<String, KError> {
    let name = s(ns, "/metadata/name");
    let quotas = list(ctx, &format!("/api/v1/namespaces/{name}/resourcequotas"))?;
    let limits = list(ctx, &format!("/api/v1/namespaces/{name}/limitranges"))?;
    Ok(render(ns, quotas.as_deref(), limits.as_deref()))
}

/// A list's items; a server without the resource (404) means "not shown".
fn list(ctx: &mut Ctx, path: &str) -> Result<Option<Vec<Value>>, KError> {
    match ctx.call(ApiRequest::get(path)) {
        Ok(l) => Ok(Some(arr(&l, "/items").to_vec())),
        Err(KError::Status(st)) if st.code == 404 => Ok(None),
        Err(e) => Err(e),
    }
}

pub fn render(ns: &Value, quotas: Option<&[Value]>, limits: Option<&[Value]>) -> String {
    let mut w = W::new();
    w.write(LEVEL_0, &format!("Name:\t{}\n", s(ns, "/metadata/name")));
    labels_multiline(&mut w, "", "Labels", ns.labels());
    annotations_multiline(&mut w, "Annotations", ns.annotations());
    w.write(LEVEL_0, &format!("Status:\t{}\n", s(ns, "/status/phase")));
    let conditions = arr(ns, "/status/conditions");
    if !conditions.is_empty() {
        w.write(LEVEL_0, "Conditions:\n");
        w.write(
            LEVEL_1,
            "Type\tStatus\tLastTransitionTime\tReason\tMessage\n",
        );
        w.write(
            LEVEL_1,
            "----\t------\t------------------\t------\t-------\n",
        );
        for c in conditions {
            let t = parse_time(s(c, "/lastTransitionTime"))
                .map(rfc1123z)
                .unwrap_or_else(|| "Mon, 01 Jan 0001 00:00:00 +0000".into());
            w.write(
                LEVEL_1,
                &format!(
                    "{}\t{}\t{t}\t{}\t{}\n",
                    s(c, "/type"),
                    s(c, "/status"),
                    s(c, "/reason"),
                    s(c, "/message")
                ),
            );
        }
    }
    if let Some(q) = quotas {
        w.write(LEVEL_0, "\n");
        resource_quotas(&mut w, q);
    }
    if let Some(l) = limits {
        w.write(LEVEL_0, "\n");
        limit_ranges(&mut w, l);
    }
    w.finish()
}

fn resource_quotas(w: &mut W, quotas: &[Value]) {
    if quotas.is_empty() {
        w.write(LEVEL_0, "No resource quota.\n");
        return;
    }
    let mut sorted: Vec<&Value> = quotas.iter().collect();
    sorted.sort_once_by(|a, b| s(a, "/metadata/name").cmp(s(b, "/metadata/name")));
    w.write(LEVEL_0, "Resource Quotas\n");
    for q in sorted {
        w.write(LEVEL_1, &format!("Name:\t{}\n", s(q, "/metadata/name")));
        let mut scopes: Vec<&str> = arr(q, "/spec/scopes")
            .iter()
            .filter_map(|x| x.as_str())
            .collect();
        if !scopes.is_empty() {
            scopes.sort_once();
            w.write(LEVEL_1, &format!("Scopes:\t{}\n", scopes.join(", ")));
            for scope in scopes {
                if let Some(help) = scope_help(scope) {
                    w.write(LEVEL_1, &format!("* {help}\n"));
                }
            }
        }
        w.write(LEVEL_1, "Resource\tUsed\tHard\n");
        w.write(LEVEL_1, "--------\t---\t---\n");
        let used = resource_list(q.pointer("/status/used"));
        for (name, hard) in resource_list(q.pointer("/status/hard")) {
            let u = used
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.clone())
                .unwrap_or_else(|| "0".into());
            w.write(LEVEL_1, &format!("{name}\t{u}\t{hard}\n"));
        }
    }
}

pub(super) fn scope_help(scope: &str) -> Option<&'static str> {
    Some(match scope {
        "Terminating" => "Matches all pods that have an active deadline. These pods have a limited lifespan on a node before being actively terminated by the system.",
        "NotTerminating" => "Matches all pods that do not have an active deadline. These pods usually include long running pods whose container command is not expected to terminate.",
        "BestEffort" => "Matches all pods that do not have resource requirements set. These pods have a best effort quality of service.",
        "NotBestEffort" => "Matches all pods that have at least one resource requirement set. These pods have a burstable or guaranteed quality of service.",
        _ => return None,
    })
}

fn limit_ranges(w: &mut W, ranges: &[Value]) {
    if ranges.is_empty() {
        w.write(LEVEL_0, "No LimitRange resource.\n");
        return;
    }
    w.write(
        LEVEL_0,
        "Resource Limits\n Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio\n",
    );
    w.write(
        LEVEL_0,
        " ----\t--------\t---\t---\t---------------\t-------------\t-----------------------\n",
    );
    for r in ranges {
        limit_range_rows(w, r, " ");
    }
}

/// `describeLimitRangeSpec`: one row per item and resource, `-` where a field is unset
/// (resources in name order; kubectl walks a map).
pub(super) fn limit_range_rows(w: &mut W, r: &Value, prefix: &str) {
    for item in arr(r, "/spec/limits") {
        let fields = [
            "max",
            "min",
            "default",
            "defaultRequest",
            "maxLimitRequestRatio",
        ];
        let mut names: Vec<String> = fields
            .iter()
            .flat_map(|f| {
                item.get(*f)
                    .and_then(|m| m.as_object())
                    .into_iter()
                    .flat_map(|m| m.keys().cloned())
            })
            .collect();
        names.sort_once();
        names.dedup();
        for name in names {
            let get = |f: &str| {
                item.get(f)
                    .and_then(|m| m.get(&name))
                    .and_then(quantity::from_json)
                    .map(|q| q.to_canonical())
                    .unwrap_or_else(|| "-".into())
            };
            w.write(
                LEVEL_0,
                &format!(
                    "{prefix}{}\t{name}\t{}\t{}\t{}\t{}\t{}\n",
                    s(item, "/type"),
                    get("min"),
                    get("max"),
                    get("defaultRequest"),
                    get("default"),
                    get("maxLimitRequestRatio")
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn default_namespace() {
        let ns = json!({"metadata": {"name": "default", "labels": {"kubernetes.io/metadata.name": "default"}},
                        "status": {"phase": "Active"}});
        assert_eq!(
            render(&ns, Some(&[]), Some(&[])),
            "Name:         default
Labels:       kubernetes.io/metadata.name=default
Annotations:  <none>
Status:       Active

No resource quota.

No LimitRange resource.
"
        );
    }
}
