//! `minikube service NAME [--url] [-n NS]` with the docker driver on Linux, where the node's
//! address is reachable: the URL of each node port, or minikube's table of them followed by
//! the line it prints as it opens the browser.

use serde_json::Value;

use crate::Cluster;
use kubeplay_api::ApiRequest;
use kubeplay_api::Transport;
use kubeplay_core::output::Output;

pub struct Wanted<'a> {
    pub name: &'a str,
    pub namespace: &'a str,
    pub url_mode: bool,
}

/// `service NAME [--url] [-n NS | --namespace NS | --namespace=NS]`; None for other words.
pub fn parse<'a>(words: &[&'a str]) -> Option<Wanted<'a>> {
    let mut w = Wanted {
        name: "",
        namespace: "default",
        url_mode: false,
    };
    let mut it = words.iter();
    while let Some(a) = it.next() {
        match *a {
            "--url" => w.url_mode = true,
            "-n" | "--namespace" => w.namespace = it.next()?,
            a if a.starts_with("--namespace=") => w.namespace = a.get(12..)?,
            a if a.starts_with('-') || !w.name.is_empty() => return None,
            a => w.name = a,
        }
    }
    (!w.name.is_empty()).then_some(w)
}

impl Cluster {
    pub(super) fn service(&mut self, w: &Wanted) -> Output {
        let mut o = Output::new();
        let (name, ns) = (w.name, w.namespace);
        let resp = self.call(ApiRequest::get(format!(
            "/api/v1/namespaces/{ns}/services/{name}"
        )));
        let svc: Value = serde_json::from_str(&resp.body).unwrap_or_default();
        if !resp.is_success() {
            o.err(format!(
                "\n❌  Exiting due to SVC_NOT_FOUND: Service '{name}' was not found in '{ns}' namespace.\n\
                 You may select another namespace by using 'minikube service {name} -n <namespace>'. Or list out all the services using 'minikube service list'\n\n"
            ));
            o.exit_code = 30;
            return o;
        }
        let ports: Vec<(String, String)> = svc
            .pointer("/spec/ports")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|p| {
                let node_port = p.get("nodePort").and_then(Value::as_i64)?;
                let port = p.get("port").and_then(Value::as_i64).unwrap_or(0);
                let label = match p.get("name").and_then(Value::as_str) {
                    Some(n) if !n.is_empty() => format!("{n}/{port}"),
                    _ => port.to_string(),
                };
                Some((
                    label,
                    format!("http://{}:{node_port}", self.profile.node_ip),
                ))
            })
            .collect();
        if ports.is_empty() {
            o.err(format!(
                "❗  Services [{ns}/{name}] have type \"ClusterIP\" not meant to be exposed, however for local development minikube allows you to access this !\n"
            ));
            return o;
        }
        let urls: Vec<&str> = ports.iter().map(|(_, u)| u.as_str()).collect();
        if w.url_mode {
            o.out(format!("{}\n", urls.join("\n")));
            return o;
        }
        let labels: Vec<&str> = ports.iter().map(|(l, _)| l.as_str()).collect();
        o.out(table(&[ns, name, &labels.join("\n"), &urls.join("\n")]));
        o.out(format!(
            "🎉  Opening service {ns}/{name} in default browser...\n"
        ));
        o
    }
}

/// tablewriter's bordered table with `|` corners, as `PrintServiceList` renders one row:
/// headers centered, numbers right-aligned, a cell's lines stacked.
fn table(row: &[&str; 4]) -> String {
    let header = ["NAMESPACE", "NAME", "TARGET PORT", "URL"];
    let cells: Vec<Vec<&str>> = row.iter().map(|c| c.split('\n').collect()).collect();
    let widths: Vec<usize> = (0..4)
        .map(|i| {
            let longest = cells[i]
                .iter()
                .map(|l| l.chars().count())
                .max()
                .unwrap_or(0);
            longest.max(header[i].len())
        })
        .collect();
    let rule: String = widths
        .iter()
        .map(|w| format!("|{}", "-".repeat(w + 2)))
        .collect::<String>()
        + "|\n";
    let mut s = rule.clone();
    for (i, h) in header.iter().enumerate() {
        let left = (widths[i] - h.len()) / 2;
        let right = widths[i] - h.len() - left;
        s.push_str(&format!("| {}{h}{} ", " ".repeat(left), " ".repeat(right)));
    }
    s.push_str("|\n");
    s.push_str(&rule);
    let lines = cells.iter().map(Vec::len).max().unwrap_or(1);
    for l in 0..lines {
        for (i, cell) in cells.iter().enumerate() {
            let text = cell.get(l).copied().unwrap_or("");
            let numeric = !text.is_empty() && text.parse::<f64>().is_ok();
            match numeric {
                true => s.push_str(&format!("| {text:>w$} ", w = widths[i])),
                false => s.push_str(&format!("| {text:<w$} ", w = widths[i])),
            }
        }
        s.push_str("|\n");
    }
    s.push_str(&rule);
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_tablewriters() {
        assert_eq!(
            table(&["default", "hello-node", "8080", "http://192.168.49.2:31526"]),
            "|-----------|------------|-------------|---------------------------|\n\
             | NAMESPACE |    NAME    | TARGET PORT |            URL            |\n\
             |-----------|------------|-------------|---------------------------|\n\
             | default   | hello-node |        8080 | http://192.168.49.2:31526 |\n\
             |-----------|------------|-------------|---------------------------|\n"
        );
    }
}
