//! `-o custom-columns=HEADER:.json.path,...` and `-o custom-columns-file=FILE`: one row per
//! object, each cell the column's JSONPath results joined with commas (`<none>` when empty),
//! laid out by kubectl's tabwriter.

use serde_json::Value;

use super::jsonpath::{self, gofmt::go_value, Template};
use super::table::tabwrite;
use crate::error::KError;

#[derive(Debug, Clone)]
pub struct Column {
    pub header: String,
    pub template: Template,
}

/// kubectl's RelaxedJSONPathExpression: `a.b`, `.a.b`, `{a.b}` and `{.a.b}` all mean `{.a.b}`.
pub fn relaxed_expression(path: &str) -> Result<String, String> {
    if path.is_empty() {
        return Ok(String::new());
    }
    let braced = path
        .strip_prefix('{')
        .and_then(|p| p.strip_suffix('}'))
        .filter(|inner| !inner.is_empty() && !inner.contains(['{', '}']));
    let inner = match braced {
        Some(inner) => inner,
        None if !path.contains(['{', '}']) => path,
        None => return Err("unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'".into()),
    };
    let inner = inner.strip_prefix('.').unwrap_or(inner);
    if inner.is_empty() {
        return Err("unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'".into());
    }
    Ok(format!("{{.{inner}}}"))
}

fn column(header: &str, path: &str) -> Result<Column, KError> {
    let expr = relaxed_expression(path).map_err(KError::msg)?;
    let template = jsonpath::parse(&expr).map_err(KError::msg)?;
    Ok(Column {
        header: header.to_string(),
        template,
    })
}

/// `NAME:.metadata.name,IMAGE:.spec.containers[*].image`.
pub fn parse_spec(spec: &str) -> Result<Vec<Column>, KError> {
    if spec.is_empty() {
        return Err(KError::msg(
            "custom-columns format specified but no custom columns given",
        ));
    }
    spec.split(',')
        .map(|part| match part.split_once(':') {
            Some((h, p)) => column(h, p),
            None => Err(KError::msg(format!(
                "unexpected custom-columns spec: {part}, expected <header>:<json-path-expr>"
            ))),
        })
        .collect()
}

/// A custom-columns file: a line of headers, then a line of paths, both split on whitespace.
pub fn parse_file(text: &str) -> Result<Vec<Column>, KError> {
    let mut lines = text.lines();
    let headers: Vec<&str> = match lines.next() {
        Some(l) => l.split_whitespace().collect(),
        None => return Err(KError::msg("invalid template, missing header line. Expected format is one line of space separated headers, one line of space separated column specs.")),
    };
    let specs: Vec<&str> = match lines.next() {
        Some(l) => l.split_whitespace().collect(),
        None => return Err(KError::msg("invalid template, missing spec line. Expected format is one line of space separated headers, one line of space separated column specs.")),
    };
    if headers.len() != specs.len() {
        return Err(KError::msg(format!(
            "number of headers ({}) and field specifications ({}) don't match",
            headers.len(),
            specs.len()
        )));
    }
    headers
        .iter()
        .zip(specs.iter())
        .map(|(h, s)| column(h, s))
        .collect()
}

fn cell(col: &Column, obj: &Value) -> Result<String, KError> {
    let results = jsonpath::find_results(&col.template, obj).map_err(KError::msg)?;
    if results.first().is_none_or(|r| r.is_empty()) {
        return Ok("<none>".into());
    }
    let parts: Vec<String> = results.iter().flatten().map(go_value).collect();
    Ok(parts.join(","))
}

/// The table for these columns: one row per object.
pub fn print_columns(cols: &[Column], objs: &[Value], no_headers: bool) -> Result<String, KError> {
    let mut rows: Vec<Vec<String>> = Vec::new();
    if !no_headers {
        rows.push(cols.iter().map(|c| c.header.clone()).collect());
    }
    for o in objs {
        rows.push(
            cols.iter()
                .map(|c| cell(c, o))
                .collect::<Result<Vec<_>, _>>()?,
        );
    }
    Ok(tabwrite(&rows))
}

pub fn print(spec: &str, objs: &[Value], no_headers: bool) -> Result<String, KError> {
    print_columns(&parse_spec(spec)?, objs, no_headers)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn pods() -> Vec<Value> {
        vec![
            json!({"metadata": {"name": "web", "labels": {"app": "web"}},
                   "spec": {"containers": [{"image": "nginx"}, {"image": "busybox"}]}}),
            json!({"metadata": {"name": "db-longer-name"}, "spec": {"containers": [{"image": "postgres"}]}}),
        ]
    }

    #[test]
    fn relaxed_paths() {
        for p in ["a.b", ".a.b", "{a.b}", "{.a.b}"] {
            assert_eq!(relaxed_expression(p).unwrap(), "{.a.b}");
        }
        assert!(relaxed_expression("{a}{b}").is_err());
    }

    #[test]
    fn columns_with_none_and_lists() {
        let out = print(
            "NAME:.metadata.name,IMAGES:.spec.containers[*].image,APP:.metadata.labels.app",
            &pods(),
            false,
        )
        .unwrap();
        assert_eq!(
            out,
            "NAME             IMAGES          APP\n\
             web              nginx,busybox   web\n\
             db-longer-name   postgres        <none>\n"
        );
        let out = print("N:metadata.name", &pods(), true).unwrap();
        assert_eq!(out, "web\ndb-longer-name\n");
        let out = print("L:.metadata.labels", &pods()[..1], false).unwrap();
        assert_eq!(out, "L\nmap[app:web]\n");
    }

    #[test]
    fn spec_errors() {
        let e = |s: &str| print(s, &pods(), false).err().map(|e| e.render("get"));
        assert_eq!(
            e("NAME").unwrap(),
            "error: unexpected custom-columns spec: NAME, expected <header>:<json-path-expr>\n"
        );
        assert_eq!(
            e("").unwrap(),
            "error: custom-columns format specified but no custom columns given\n"
        );
    }

    #[test]
    fn file_template() {
        let cols = parse_file("NAME   IMAGE\n.metadata.name .spec.containers[0].image\n").unwrap();
        let out = print_columns(&cols, &pods(), false).unwrap();
        assert_eq!(
            out,
            "NAME             IMAGE\nweb              nginx\ndb-longer-name   postgres\n"
        );
        assert!(parse_file("A B\n.a\n").is_err());
    }
}

/// Outputs of real kubectl 1.32 `get cm ...` against our API server, on the same three objects.
#[cfg(test)]
mod kubectl_get_tests {
    use serde_json::{json, Value};

    use super::super::{jsonpath_print, list_or_single, template_print, Format};
    use super::*;
    use kubeplay_core::fs::MemFs;

    fn cms() -> Vec<Value> {
        vec![
            json!({"apiVersion": "v1", "kind": "ConfigMap", "data": {"a": "1", "b": "two"},
                   "metadata": {"name": "cm1", "labels": {"app.kubernetes.io/name": "web"}}}),
            json!({"apiVersion": "v1", "kind": "ConfigMap", "data": {"x": "y"}, "metadata": {"name": "cm10"}}),
            json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "cm9"}}),
        ]
    }

    #[test]
    fn jsonpath_on_lists_and_objects() {
        let list = list_or_single(&cms(), true);
        let one = cms()[0].clone();
        let jp = |t: &str, d: &Value| jsonpath_print(t, d).unwrap();
        assert_eq!(jp("{.items[*].metadata.name}", &list), "cm1 cm10 cm9");
        assert_eq!(
            jp(r"{.metadata.labels.app\.kubernetes\.io/name} {.data}", &one),
            r#"web {"a":"1","b":"two"}"#
        );
        assert_eq!(
            jp("{.data}{\"\\n\"}{.metadata.nope}{.items}", &one),
            "{\"a\":\"1\",\"b\":\"two\"}\n"
        );
        assert_eq!(jp("{range .data.*}[{@}]{end}", &one), "[1][two]");
        assert_eq!(
            jp(
                "{range .items[*]}{.metadata.name}{\"\\t\"}{.data.a}{\"\\n\"}{end}",
                &list
            ),
            "cm1\t1\ncm10\t\ncm9\t\n"
        );
        assert_eq!(
            jp("{.items[?(@.metadata.name==\"cm9\")].metadata.name}", &list),
            "cm9"
        );
        assert_eq!(jp("{.items[1].data.nope.x}", &list), "");
        let empty = list_or_single(&[], true);
        assert_eq!(
            jsonpath_print("{.items[0].metadata.name}", &empty).err().unwrap().render("get"),
            "error: error executing jsonpath \"{.items[0].metadata.name}\": Error executing template: array index out of bounds: index 0, length 0. Printing more information for debugging the template:\n\ttemplate was:\n\t\t{.items[0].metadata.name}\n\tobject given to jsonpath engine was:\n\t\tmap[string]interface {}{\"apiVersion\":\"v1\", \"items\":[]interface {}{}, \"kind\":\"List\", \"metadata\":map[string]interface {}{\"resourceVersion\":\"\"}}\n\n\n"
        );
    }

    #[test]
    fn columns_and_files() {
        assert_eq!(
            print(
                r"NAME:.metadata.name,DATA:.data,LBL:.metadata.labels.app\.kubernetes\.io/name",
                &cms(),
                false
            )
            .unwrap(),
            "NAME   DATA             LBL\ncm1    map[a:1 b:two]   web\ncm10   map[x:y]         <none>\ncm9    <none>           <none>\n"
        );
        assert_eq!(print("NAME:.metadata.name", &[], false).unwrap(), "NAME\n");
        let fs = MemFs::new().with_file("ccf.txt", "NAME KEYS\n.metadata.name .data\n");
        let f = Format::parse("custom-columns-file=ccf.txt").unwrap();
        assert_eq!(
            template_print(&fs, &f, &cms(), true, true).unwrap(),
            "NAME   KEYS\ncm1    map[a:1 b:two]\ncm10   map[x:y]\ncm9    <none>\n"
        );
        let f = Format::parse("jsonpath-as-json={.items[*].data}").unwrap();
        assert_eq!(
            template_print(&fs, &f, &cms(), true, false).unwrap(),
            "[\n    {\n        \"a\": \"1\",\n        \"b\": \"two\"\n    },\n    {\n        \"x\": \"y\"\n    }\n]\n"
        );
        let f = Format::parse("jsonpath-file=ccf.txt").unwrap();
        assert_eq!(
            template_print(&fs, &f, &cms(), true, false).unwrap(),
            "NAME KEYS\n.metadata.name .data\n"
        );
    }
}
