//! What the cluster view shows: node, namespaces and pods, from the API server's own tables (the
//! columns `kubectl get` prints), asked for as kubectl asks (server-side tables).

use serde_json::Value;

use super::engine::Engine;
use crate::api::{ApiRequest, Transport};
use crate::cluster::Cluster;
use crate::kubectl;

/// One row of a table the API server rendered.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct Row {
    pub name: String,
    pub namespace: String,
    pub cells: Vec<String>,
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
    /// Ask the API server for the three tables.
    pub fn fetch(engine: &mut Engine) -> ClusterData {
        engine.query(|cluster| {
            let mut data = ClusterData::default();
            match table(cluster, "/api/v1/nodes") {
                Ok((_, rows)) => data.nodes = rows,
                Err(e) => data.error = Some(e),
            }
            match table(cluster, "/api/v1/namespaces") {
                Ok((_, rows)) => data.namespaces = rows,
                Err(e) => data.error = Some(e),
            }
            match table(cluster, "/api/v1/pods") {
                Ok((cols, rows)) => {
                    data.pod_columns = cols;
                    data.pods = rows;
                }
                Err(e) => data.error = Some(e),
            }
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

fn table(cluster: &mut Cluster, path: &str) -> Result<(Vec<String>, Vec<Row>), String> {
    let resp = cluster.call(ApiRequest::get(path).with_accept(kubectl::client::TABLE_ACCEPT));
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
}
