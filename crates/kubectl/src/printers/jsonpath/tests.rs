//! Expected outputs are real kubectl 1.32's `config view -o jsonpath=...` on the same document.

use serde_json::{json, Value};

use super::*;

fn doc() -> Value {
    json!({
        "apiVersion": "v1",
        "kind": "Config",
        "clusters": [
            {"name": "minikube", "cluster": {"server": "https://192.168.49.2:8443",
              "extensions": [{"name": "cluster_info", "extension": {"last-update": "Wed, 25 Nov 2026 10:00:00 UTC"}}]}},
            {"name": "other", "cluster": {"server": "https://10.0.0.1:6443"}}
        ],
        "contexts": [
            {"name": "dev", "context": {"cluster": "other", "user": "admin"}},
            {"name": "minikube", "context": {"cluster": "minikube", "namespace": "default", "user": "minikube"}}
        ],
        "current-context": "minikube",
        "preferences": {},
        "users": [
            {"name": "admin", "user": {"token": "REDACTED"}},
            {"name": "minikube", "user": {"client-key": "/k"}}
        ],
        "n": [3, 1.5, true, null],
        "labels": {"app.kubernetes.io/name": "web"}
    })
}

fn run(t: &str) -> String {
    match parse(t) {
        Ok(t) => execute(&t, &doc()).unwrap_or_else(|e| format!("ERR {e}")),
        Err(e) => format!("PARSE {e}"),
    }
}

#[test]
fn fields_and_text() {
    assert_eq!(run("{.kind}"), "Config");
    assert_eq!(run("{.kind} {.apiVersion}"), "Config v1");
    assert_eq!(run("x{.contexts[0].name}y{\"\\n\"}"), "xdevy\n");
    assert_eq!(run("{@.kind}"), "Config");
    assert_eq!(run("{$.kind}"), "Config");
    assert_eq!(run("{.}"), "");
    assert_eq!(run("{.foo}"), "");
    assert_eq!(run("{.contexts.name}"), "");
    assert_eq!(run("plain text"), "plain text");
    assert_eq!(
        run("{.clusters[0].cluster.extensions[0].extension.last-update}"),
        "Wed, 25 Nov 2026 10:00:00 UTC"
    );
    assert_eq!(run(r"{.labels.app\.kubernetes\.io/name}"), "web");
}

#[test]
fn arrays_and_slices() {
    assert_eq!(run("{.contexts[*].name}"), "dev minikube");
    assert_eq!(run("{.contexts[-1:].name}"), "minikube");
    assert_eq!(run("{.contexts[-1].name}"), "minikube");
    assert_eq!(run("{.contexts[0:2].name}"), "dev minikube");
    assert_eq!(run("{.contexts[::2].name}"), "dev");
    assert_eq!(run("{.contexts[0,1].name}"), "dev minikube");
    assert_eq!(run("{.contexts[0]['name']}"), "dev");
    assert_eq!(run("{.contexts[1:1]}"), "");
    assert_eq!(
        run("{.contexts[0]}"),
        r#"{"context":{"cluster":"other","user":"admin"},"name":"dev"}"#
    );
    assert_eq!(
        run("{.contexts[0:1].context}"),
        r#"{"cluster":"other","user":"admin"}"#
    );
    assert_eq!(run("{.contexts[*].context.namespace}"), "default");
    assert_eq!(run("{.n[*]}"), "3 1.5 true null");
    assert_eq!(run("{.preferences}"), "{}");
}

#[test]
fn array_errors() {
    assert_eq!(
        run("{.contexts[5].name}"),
        "ERR array index out of bounds: index 5, length 2"
    );
    assert_eq!(
        run("{.contexts[3:1]}"),
        "ERR array index out of bounds: index 3, length 2"
    );
    assert_eq!(
        run("{.contexts[1:0]}"),
        "ERR starting index 1 is greater than ending index 0"
    );
    assert_eq!(run("{.contexts[::0]}"), "ERR step must be > 0");
    assert_eq!(run("{.kind[0]}"), "ERR string is not array or slice");
    assert_eq!(
        run("{.preferences[0]}"),
        "ERR map[string]interface {} is not array or slice"
    );
}

#[test]
fn range_and_end() {
    assert_eq!(
        run("{range .contexts[*]}{.name}{\"\\t\"}{.context.cluster}{\"\\n\"}{end}"),
        "dev\tother\nminikube\tminikube\n"
    );
    assert_eq!(run("{range .contexts[*]}{.name}"), "devminikube");
    assert_eq!(run("{range .nothing[*]}{.name}{end}after"), "after");
    assert_eq!(
        run("{range .contexts[*]}[{range .context.*}{@} {end}]{end}"),
        "[other admin ][minikube default minikube ]"
    );
    assert_eq!(run("{end}"), "ERR not in range, nothing to end");
    assert_eq!(run("{nope}"), "ERR unrecognized identifier nope");
}

#[test]
fn filters() {
    assert_eq!(
        run(r#"{.users[?(@.name=="admin")].user.token}"#),
        "REDACTED"
    );
    assert_eq!(run(r#"{.users[?(@.name != "admin")].name}"#), "minikube");
    assert_eq!(run("{.contexts[?(@.context.namespace)].name}"), "minikube");
    assert_eq!(
        run("{.n[?(@ > 2)]}"),
        "ERR incompatible types for comparison"
    );
    assert_eq!(
        run("{.contexts[?(@.name==1)].name}"),
        "ERR incompatible types for comparison"
    );
    assert_eq!(
        run("{.clusters[?(@.name=='other')].cluster.server}"),
        "https://10.0.0.1:6443"
    );
}

#[test]
fn recursive_descent() {
    assert_eq!(run("{..token}"), "REDACTED");
    assert_eq!(run("{.contexts..cluster}"), "other minikube");
    assert_eq!(
        run("{....name}"),
        "PARSE invalid multiple recursive descent"
    );
}

#[test]
fn parse_errors() {
    assert_eq!(run("{.foo"), "PARSE unclosed action");
    assert_eq!(
        run("{#}"),
        "PARSE unrecognized character in action: U+0023 '#'"
    );
    assert_eq!(run("{.contexts[x]}"), "PARSE invalid array index x");
    assert_eq!(run("{.contexts[0}"), "PARSE unterminated array");
    assert_eq!(run("{\"abc}"), "PARSE unterminated quoted string");
}

#[test]
fn missing_keys_when_not_allowed() {
    let mut t = parse("{.foo}").unwrap();
    t.allow_missing = false;
    assert_eq!(execute(&t, &doc()).err().unwrap(), "foo is not found");
}

#[test]
fn as_json() {
    let mut t = parse("{.contexts[*].name}{.kind}").unwrap();
    t.as_json = true;
    assert_eq!(
        execute(&t, &doc()).unwrap(),
        "[\n    \"dev\",\n    \"minikube\"\n]\n[\n    \"Config\"\n]\n"
    );
}

#[test]
fn sorting_like_kubectl() {
    // Real kubectl 1.32 on these names and values: missing first (in Go's insertion-sort order),
    // then strings byte-wise.
    let names = ["a10", "a1x", "a2", "b1", "cm1", "cm10", "cm9"];
    let objs: Vec<Value> = names
        .iter()
        .map(|n| {
            let data = if n.starts_with("cm") && *n != "cm1" {
                json!(null)
            } else if *n == "cm1" {
                json!({"v": "1"})
            } else {
                json!({"v": n})
            };
            json!({"metadata": {"name": n}, "data": data})
        })
        .collect();
    let order = sort_order(&objs, ".data.v").unwrap();
    let sorted: Vec<&str> = order.iter().map(|&i| names[i]).collect();
    assert_eq!(sorted, ["cm9", "cm10", "cm1", "a10", "a1x", "a2", "b1"]);
    let order = sort_order(&objs, "{.metadata.name}").unwrap();
    assert_eq!(order, (0..7).collect::<Vec<_>>());
    assert_eq!(
        sort_order(&objs, ".nope").err().unwrap(),
        "couldn't find any field with path \"{.nope}\" in the list of objects"
    );
}

#[test]
fn sorting_many_mixed_or_null_keys_never_panics() {
    // Rust's sort panics on a comparator that is not a total order; Go's Less is not one when
    // keys mix nulls, types or missing fields. Past Go's insertion-sort size this must still end
    // in an order or in Less's error.
    let mut objs: Vec<Value> = Vec::new();
    for i in 0..60 {
        let v = match i % 5 {
            0 => json!(null),
            1 => json!(format!("s{}", 60 - i)),
            2 => json!(i),
            3 => json!([i, "x"]),
            _ => json!(format!("t{i}")),
        };
        let obj = if i % 7 == 0 {
            json!({"metadata": {"name": format!("o{i}")}})
        } else {
            json!({"metadata": {"name": format!("o{i}")}, "v": v})
        };
        objs.push(obj);
    }
    assert_eq!(sort_order(&objs, ".v").err().unwrap(), "unsortable type");
    let strings_and_nulls: Vec<Value> = (0..40)
        .map(|i| {
            if i % 3 == 0 {
                json!({"v": null})
            } else {
                json!({"v": format!("k{}", (i * 7) % 40)})
            }
        })
        .collect();
    let order = sort_order(&strings_and_nulls, ".v").unwrap();
    assert_eq!(order.len(), 40);
}
