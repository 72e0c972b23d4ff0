//! Custom resources print the columns their CRD declares (`additionalPrinterColumns`), or Name
//! and Age when it declares none.

use serde_json::{json, Value};

use super::{name, ts_age, Ctx};
use crate::crd::printer;
use crate::discovery::ResourceInfo;
use crate::store::{Key, Store};

pub struct CustomColumn {
    pub name: String,
    pub ty: String,
    pub path: String,
    pub priority: i64,
}

/// The declared columns of a custom resource's version, if its CRD declares any.
pub fn columns(info: &ResourceInfo, store: &Store) -> Option<Vec<CustomColumn>> {
    let key = Key::new(
        "apiextensions.k8s.io/customresourcedefinitions",
        "",
        &format!("{}.{}", info.plural, info.group),
    );
    let crd = store.get(&key)?;
    let version = crd
        .pointer("/spec/versions")
        .and_then(|v| v.as_array())?
        .iter()
        .find(|v| v.get("name").and_then(|n| n.as_str()) == Some(info.version.as_str()))?;
    let cols = version.get("additionalPrinterColumns")?.as_array()?;
    Some(
        cols.iter()
            .map(|c| CustomColumn {
                name: c.get("name").and_then(|v| v.as_str()).unwrap_or("").into(),
                ty: c
                    .get("type")
                    .and_then(|v| v.as_str())
                    .unwrap_or("string")
                    .into(),
                path: c
                    .get("jsonPath")
                    .and_then(|v| v.as_str())
                    .unwrap_or("")
                    .into(),
                priority: c.get("priority").and_then(|v| v.as_i64()).unwrap_or(0),
            })
            .collect(),
    )
}

/// The value at a simple JSONPath (`.spec.replicas`, `.status.items[0].name`); None when absent
/// or when the path uses filters we do not evaluate.
pub fn lookup<'a>(obj: &'a Value, path: &str) -> Option<&'a Value> {
    let mut cur = obj;
    let trimmed = path.trim().trim_start_matches('{').trim_end_matches('}');
    for part in trimmed.split('.').filter(|p| !p.is_empty()) {
        let (field, rest) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if !field.is_empty() {
            cur = cur.get(field)?;
        }
        for idx in rest.split('[').filter(|x| !x.is_empty()) {
            let n: usize = idx.trim_end_matches(']').parse().ok()?;
            cur = cur.get(n)?;
        }
    }
    Some(cur)
}

pub fn cell(obj: &Value, col: &CustomColumn, ctx: &Ctx) -> Value {
    let Some(v) = lookup(obj, &col.path).filter(|v| !v.is_null()) else {
        return Value::Null;
    };
    // Hook: values are converted as the apiextensions server converts them (src/api/crd).
    match col.ty.as_str() {
        "date" => json!(ts_age(Some(v), ctx.now)),
        "string" => json!(printer::go_print(v)),
        ty => printer::typed_cell(ty, v),
    }
}

/// Name, then each declared column.
pub fn cells(obj: &Value, cols: &[CustomColumn], ctx: &Ctx) -> Vec<Value> {
    let mut out = vec![json!(name(obj))];
    out.extend(cols.iter().map(|c| cell(obj, c, ctx)));
    out
}
