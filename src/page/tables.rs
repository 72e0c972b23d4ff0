//! What the cluster view shows: node, namespaces and pods, from the API server's own tables (the
//! columns `kubectl get` prints), asked for as kubectl asks (server-side tables).

use std::collections::{BTreeSet, HashMap};

use serde_json::Value;

use super::engine::Engine;
use crate::api::ApiRequest;
use crate::cluster::Cluster;
use crate::kubectl;

/// One row of a table the API server rendered.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct Row {
    pub name: String,
    pub namespace: String,
    pub cells: Vec<String>,
    /// The object's resourceVersion, when known: the row changes only with it (and the time).
    pub rv: String,
}

impl Row {
    /// The cell at `i`, empty when the row is shorter.
    pub fn cell(&self, i: usize) -> &str {
        self.cells.get(i).map_or("", String::as_str)
    }
}

#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct ClusterData {
    pub nodes: Vec<Row>,
    pub namespaces: Vec<Row>,
    pub pods: Vec<Row>,
    pub pod_columns: Vec<String>,
    pub error: Option<String>,
}

impl ClusterData {
    /// Ask the API server for the three tables; the pods' rows are rendered again only for the
    /// pods that changed since `rows` last saw them (see `PodRows`).
    pub fn fetch(engine: &mut Engine, rows: &mut PodRows) -> ClusterData {
        engine.peek(|cluster| {
            let mut data = ClusterData::default();
            match table(cluster, "/api/v1/nodes") {
                Ok((_, rows)) => data.nodes = rows,
                Err(e) => data.error = Some(e),
            }
            match table(cluster, "/api/v1/namespaces") {
                Ok((_, rows)) => data.namespaces = rows,
                Err(e) => data.error = Some(e),
            }
            (data.pod_columns, data.pods) = rows.refresh(cluster);
            data
        })
    }

    /// A pod row's cell under the column named `name` (`STATUS`), empty when there is none.
    pub fn pod_cell(&self, row: &Row, name: &str) -> String {
        self.pod_columns
            .iter()
            .position(|c| c == name)
            .map(|i| row.cell(i).to_string())
            .unwrap_or_default()
    }

    /// The pods of one namespace.
    pub fn pods_in<'a>(&'a self, namespace: &'a str) -> impl Iterator<Item = &'a Row> {
        self.pods.iter().filter(move |r| r.namespace == namespace)
    }
}

/// Rows one refresh renders at most: a thousand pods changing at once are rendered over the next
/// refreshes (a row not rendered yet shows its name only) rather than in one long task.
const RENDER_AT_MOST: usize = 50;

/// The pods' table rows as last rendered, by namespace and name, with the resourceVersion and
/// the moment each was rendered for. A second with 5,000 pods and nothing changed renders none:
/// only the age moves, and a restart count's "(5s ago)".
#[derive(Default)]
pub struct PodRows {
    columns: Vec<String>,
    rows: HashMap<(String, String), Row>,
    /// The AGE column's index.
    age: Option<usize>,
    /// The store's resourceVersion and the time the rows were last brought up to date for.
    seen: (u64, i64),
    last: Vec<Row>,
}

impl PodRows {
    fn refresh(&mut self, cluster: &mut Cluster) -> (Vec<String>, Vec<Row>) {
        let now = cluster.api.now;
        let seen = (cluster.api.store().current_resource_version(), now.0);
        if seen == self.seen {
            return (self.columns.clone(), self.last.clone());
        }
        let store = cluster.api.store();
        let Some(info) = cluster.api.discovery.by_plural("", "v1", "pods") else {
            return (Vec::new(), Vec::new());
        };
        let mut stale = Vec::new();
        // In the API server's order: by namespace, then name.
        let mut order = BTreeSet::new();
        let mut kept = HashMap::with_capacity(self.rows.len());
        let mut behind = false;
        for (key, obj) in store.list("/pods", None) {
            let id = (key.namespace, key.name);
            let rv = crate::api::meta::str_at(obj, &["metadata", "resourceVersion"]);
            match self.rows.remove(&id) {
                Some(mut row)
                    if row.rv == rv && !row.cells.iter().any(|c| c.ends_with(" ago)")) =>
                {
                    if let Some(cell) = self.age.and_then(|i| row.cells.get_mut(i)) {
                        *cell = crate::api::table::age(obj, now);
                    }
                    kept.insert(id.clone(), row);
                }
                old => {
                    if stale.len() < RENDER_AT_MOST {
                        stale.push(obj.clone());
                    } else {
                        behind = true;
                        let mut row = old.unwrap_or_else(|| Row {
                            name: id.1.clone(),
                            namespace: id.0.clone(),
                            ..Row::default()
                        });
                        // Rendered again next time.
                        row.rv.clear();
                        kept.insert(id.clone(), row);
                    }
                }
            }
            order.insert(id);
        }
        if !stale.is_empty() || self.columns.is_empty() {
            let stale: Vec<&Value> = stale.iter().collect();
            let table = crate::api::table::render(info, &stale, now, "Metadata", store);
            let (cols, rows) = parse_table(&table);
            self.age = cols.iter().position(|c| c == "AGE");
            self.columns = cols;
            for row in rows {
                kept.insert((row.namespace.clone(), row.name.clone()), row);
            }
        }
        self.last = order
            .iter()
            .filter_map(|id| kept.get(id).cloned())
            .collect();
        self.rows = kept;
        self.seen = if behind { (0, 0) } else { seen };
        (self.columns.clone(), self.last.clone())
    }
}

fn table(cluster: &mut Cluster, path: &str) -> Result<(Vec<String>, Vec<Row>), String> {
    let resp = cluster.peek(ApiRequest::get(path).with_accept(kubectl::client::TABLE_ACCEPT));
    let v: Value = serde_json::from_str(&resp.body).unwrap_or(Value::Null);
    if !resp.is_success() {
        return Err(v["message"]
            .as_str()
            .unwrap_or("request failed")
            .to_string());
    }
    Ok(parse_table(&v))
}

fn cell_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => "<none>".into(),
        other => other.to_string(),
    }
}

fn parse_table(v: &Value) -> (Vec<String>, Vec<Row>) {
    let cols = v["columnDefinitions"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|c| c["name"].as_str().unwrap_or("").to_uppercase())
                .collect()
        })
        .unwrap_or_default();
    let text = |v: &Value| v.as_str().unwrap_or("").to_string();
    let rows = v["rows"]
        .as_array()
        .map(|rows| {
            rows.iter()
                .map(|r| Row {
                    name: text(&r["object"]["metadata"]["name"]),
                    namespace: text(&r["object"]["metadata"]["namespace"]),
                    rv: text(&r["object"]["metadata"]["resourceVersion"]),
                    cells: r["cells"]
                        .as_array()
                        .map(|c| c.iter().map(cell_text).collect())
                        .unwrap_or_default(),
                })
                .collect()
        })
        .unwrap_or_default();
    (cols, rows)
}

/// Every pod row of the cluster view is this tall (`.objs.virtual > li` in the style), so the
/// list knows which rows a scroll position shows without measuring them.
pub const ROW_PX: usize = 48;
/// Rows a namespace's list shows at once; more scroll.
pub const VISIBLE_ROWS: usize = 12;
/// Rows drawn beyond the visible ones on each side, so a quick scroll shows no gap.
const OVERSCAN: usize = 4;

/// The rows [first, last) a list of `count` rows scrolled to `top` pixels draws: those in view
/// and a few beyond.
pub fn rows_in_view(top: usize, count: usize) -> (usize, usize) {
    let first = (top / ROW_PX).saturating_sub(OVERSCAN).min(count);
    let last = (top / ROW_PX + VISIBLE_ROWS + OVERSCAN + 1).min(count);
    (first, last)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_server_table_becomes_named_rows() {
        let v = json!({
            "columnDefinitions": [{"name": "Name"}, {"name": "Status"}, {"name": "Age"}],
            "rows": [{"cells": ["web", "Running", 5], "object": {"metadata": {"name": "web", "namespace": "default"}}},
                     {"cells": ["x", null]}],
        });
        let (cols, rows) = parse_table(&v);
        assert_eq!(cols, ["NAME", "STATUS", "AGE"]);
        assert_eq!(rows[0].cells, ["web", "Running", "5"]);
        assert_eq!(rows[0].namespace, "default");
        assert_eq!(rows[1].cells, ["x", "<none>"]);
        assert_eq!(rows[1].cell(7), "");
        let data = ClusterData {
            pods: rows,
            pod_columns: cols,
            ..ClusterData::default()
        };
        assert_eq!(data.pod_cell(&data.pods[0], "STATUS"), "Running");
        assert_eq!(data.pod_cell(&data.pods[0], "READY"), "");
        assert_eq!(data.pods_in("default").count(), 1);
    }

    #[test]
    fn garbage_is_an_empty_table() {
        assert_eq!(parse_table(&json!("nope")), (vec![], vec![]));
    }

    #[test]
    fn a_scrolled_list_draws_the_rows_in_view_and_a_few_more() {
        assert_eq!(rows_in_view(0, 3), (0, 3));
        assert_eq!(rows_in_view(0, 5000), (0, VISIBLE_ROWS + OVERSCAN + 1));
        let at = rows_in_view(100 * ROW_PX, 5000);
        assert_eq!(at, (96, 100 + VISIBLE_ROWS + OVERSCAN + 1));
        // Scrolled to the bottom: the last rows, and a few above them.
        let bottom = (5000 - VISIBLE_ROWS) * ROW_PX;
        assert_eq!(
            rows_in_view(bottom, 5000),
            (5000 - VISIBLE_ROWS - OVERSCAN, 5000)
        );
    }

    #[test]
    fn pod_rows_render_what_changed_at_most_a_batch_at_a_time() {
        let mut c = kubeplay_cluster::fixture::minikube();
        let deployment = json!({
            "apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": {"name": "big", "namespace": "default"},
            "spec": {"replicas": 250, "selector": {"matchLabels": {"app": "big"}},
                "template": {"metadata": {"labels": {"app": "big"}},
                    "spec": {"containers": [{"name": "c", "image": "nginx"}]}}},
        });
        let req = ApiRequest::new(
            crate::api::Method::Post,
            "/apis/apps/v1/namespaces/default/deployments",
        )
        .with_body(deployment.to_string());
        assert!(crate::api::Transport::call(&mut c, req).is_success());
        // The ReplicaSet controller creates 30 at once, then 20 a second (its client's limit).
        c.advance(30);
        let mut rows = PodRows::default();
        let (cols, first) = rows.refresh(&mut c);
        assert!(cols.contains(&"STATUS".to_string()));
        let big = |rs: &[Row]| rs.iter().filter(|r| r.name.starts_with("big-")).count();
        let unrendered = |rs: &[Row]| rs.iter().filter(|r| r.cells.is_empty()).count();
        assert_eq!(big(&first), 250);
        assert!(unrendered(&first) > 0, "a batch at most");
        let mut second = first;
        for _ in 0..250 / RENDER_AT_MOST {
            second = rows.refresh(&mut c).1;
        }
        assert_eq!(unrendered(&second), 0, "the rest on the next refreshes");
        let whole = parse_table(
            &serde_json::from_str(
                &c.peek(ApiRequest::get("/api/v1/pods").with_accept(kubectl::client::TABLE_ACCEPT))
                    .body,
            )
            .unwrap_or(Value::Null),
        )
        .1;
        assert_eq!(
            second, whole,
            "the rows the API server renders for the list"
        );
        assert_eq!(
            rows.refresh(&mut c).1,
            second,
            "nothing changed, nothing new"
        );
    }
}
