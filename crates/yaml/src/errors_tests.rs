//! go-yaml error wording and line numbers, checked against real kubectl.

use super::*;

/// Real kubectl 1.32 (`create -f bad.yaml --dry-run=client -o yaml`) printed
/// `error: error parsing bad.yaml: <message>` for each of these inputs.
const KUBECTL_ERRORS: &[(&str, &str)] = &[
    ("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  x: y: z\n", "error converting YAML to JSON: yaml: line 5: mapping values are not allowed in this context"),
    ("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n labels: x\n", "error converting YAML to JSON: yaml: line 4: did not find expected key"),
    ("apiVersion: v1\nkind: ConfigMap\nmetadata\n  name: a\n", "error converting YAML to JSON: yaml: line 4: could not find expected ':'"),
    ("apiVersion: v1\nkind: ConfigMap\ndata:\n  a: @x\n", "error converting YAML to JSON: yaml: line 4: found character that cannot start any token"),
    ("apiVersion: v1\nkind: ConfigMap\ndata:\n  a: \"unterminated\n", "error converting YAML to JSON: yaml: line 5: found unexpected end of stream"),
    ("apiVersion: v1\nkind: ConfigMap\ndata:\n\ta: b\n", "error converting YAML to JSON: yaml: line 4: found character that cannot start any token"),
    ("apiVersion: v1\nkind: ConfigMap\ndata: [a, b\n", "error converting YAML to JSON: yaml: line 3: did not find expected ',' or ']'"),
    ("apiVersion: v1\nkind: ConfigMap\ndata: {a: b\n", "error converting YAML to JSON: yaml: line 3: did not find expected ',' or '}'"),
    ("apiVersion: v1\nkind: ConfigMap\ndata:\n  - a\n  b: c\n", "error converting YAML to JSON: yaml: line 4: did not find expected '-' indicator"),
    ("apiVersion: v1\nkind: ConfigMap\ndata:\n  a: *nope\n", "error converting YAML to JSON: yaml: unknown anchor 'nope' referenced"),
    ("apiVersion: v1\nkind: ConfigMap\ndata:\n  a: b\n c: d\n", "error converting YAML to JSON: yaml: line 4: did not find expected key"),
    ("apiVersion: v1\nkind: ConfigMap\ndata:\n  a: |\n  b\n x: 1\n", "error converting YAML to JSON: yaml: line 6: could not find expected ':'"),
    ("apiVersion: v1\nkind: ConfigMap\ndata: \"a\" b\n", "error converting YAML to JSON: yaml: line 2: did not find expected key"),
    ("apiVersion: v1\nkind: ConfigMap\ndata: 'a\n", "error converting YAML to JSON: yaml: line 4: found unexpected end of stream"),
    ("a: b\nc\n", "error converting YAML to JSON: yaml: line 3: could not find expected ':'"),
    ("key: [1, 2]]\n", "error converting YAML to JSON: yaml: did not find expected key"),
    ("a: 1\n- b\n", "error converting YAML to JSON: yaml: line 1: did not find expected key"),
    ("a:\n  - b\n  c: d\n", "error converting YAML to JSON: yaml: line 2: did not find expected '-' indicator"),
    ("a: !!int x\n", "error converting YAML to JSON: yaml: cannot decode !!str `x` as a !!int"),
    ("a: \"\\q\"\n", "error converting YAML to JSON: yaml: found unknown escape character"),
    ("\tkind: x\n", "error converting YAML to JSON: yaml: found character that cannot start any token"),
    ("a: `x\n", "error converting YAML to JSON: yaml: found character that cannot start any token"),
    ("%YAML 1.1\n%YAML 1.1\n---\na: 1\n", "error converting YAML to JSON: yaml: line 1: found duplicate %YAML directive"),
    ("a: [b, c\nd: e\n", "error converting YAML to JSON: yaml: line 1: did not find expected ',' or ']'"),
    ("a:\n  b: 1\n   c: 2\n", "error converting YAML to JSON: yaml: line 3: mapping values are not allowed in this context"),
    ("? a\n? b\n: c\n- d\n", "error converting YAML to JSON: yaml: line 3: did not find expected key"),
    ("a: b\n  c: d\n", "error converting YAML to JSON: yaml: line 2: mapping values are not allowed in this context"),
    ("a:\n  b: |\n    x\n   y\n", "error converting YAML to JSON: yaml: line 3: did not find expected key"),
    ("a: b # c\n  d\n", "error converting YAML to JSON: yaml: line 1: did not find expected key"),
    ("a: [\n", "error converting YAML to JSON: yaml: line 1: did not find expected node content"),
    ("a: {b: [c}\n", "error converting YAML to JSON: yaml: did not find expected ',' or ']'"),
    ("a:\n- b\n- c: d\n e: f\n", "error converting YAML to JSON: yaml: line 3: did not find expected key"),
    ("a: -\tb\n", "error converting YAML to JSON: yaml: block sequence entries are not allowed in this context"),
    ("a: \"x\n---\n", "error converting YAML to JSON: yaml: line 2: found unexpected end of stream"),
    ("a: b\n]\n", "error converting YAML to JSON: yaml: line 1: did not find expected key"),
    ("a:\n  b: c\n d: e\n", "error converting YAML to JSON: yaml: line 2: did not find expected key"),
    ("\n\n- a\nb: c\n", "error converting YAML to JSON: yaml: line 3: did not find expected '-' indicator"),
    ("a: \"\\x4\"\n", "error converting YAML to JSON: yaml: did not find expected hexdecimal number"),
    ("a: &\n", "error converting YAML to JSON: yaml: did not find expected alphabetic or numeric character"),
    ("a: b: c\n", "error converting YAML to JSON: yaml: mapping values are not allowed in this context"),
    ("a:\n  b\n  c: d\n", "error converting YAML to JSON: yaml: line 3: mapping values are not allowed in this context"),
    ("a: >\n  x\n y: 1\n", "error converting YAML to JSON: yaml: line 2: did not find expected key"),
    ("a: 'x''\n", "error converting YAML to JSON: yaml: line 2: found unexpected end of stream"),
    ("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  ~: x\n", "error converting YAML to JSON: unsupported map key of type: %!s(<nil>), key: <nil>, value: \"x\""),
    ("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  : x\n", "error converting YAML to JSON: yaml: line 5: did not find expected key"),
    ("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  null:\n    a: [1, \"b\"]\n", "error converting YAML to JSON: unsupported map key of type: %!s(<nil>), key: <nil>, value: map[interface {}]interface {}{\"a\":[]interface {}{1, \"b\"}}"),
    ("a: 1\n: x\n", "error converting YAML to JSON: yaml: line 1: did not find expected key"),
    (": x\n", "error converting YAML to JSON: yaml: did not find expected key"),
    ("a:\n  b: 1\n  : x\n", "error converting YAML to JSON: yaml: line 2: did not find expected key"),
    ("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  18446744073709551615: x\n", "error converting YAML to JSON: unsupported map key of type: uint64, key: 0xffffffffffffffff, value: \"x\""),
    ("%YAML 1.1\n---\na: 1\n", "error converting YAML to JSON: yaml: line 1: did not find expected <document start>"),
    ("%YAML 1.1\n", "error converting YAML to JSON: yaml: line 1: did not find expected <document start>"),
    ("#c\n%YAML 1.2\n---\na: 1\n", "error converting YAML to JSON: yaml: line 1: found incompatible YAML document"),
    ("%TAG ! tag:x,2000:\n---\na: 1\n", "error converting YAML to JSON: yaml: line 1: did not find expected <document start>"),
    ("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\nx:\n  a: b\n \t# tab comment\n  c: d\n", "error converting YAML to JSON: yaml: line 7: found a tab character that violates indentation"),
    ("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\nx:\n  a: b\n  \t# tab comment\n  c: d\n", "error converting YAML to JSON: yaml: line 7: found a tab character that violates indentation"),
    ("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\nx:\n  - b\n\t- c\n", "error converting YAML to JSON: yaml: line 7: found a tab character that violates indentation"),
    ("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\nx:\n  a: b\n\t# tab comment\n  c: d\n", "error converting YAML to JSON: yaml: line 7: found a tab character that violates indentation"),
    ("%YAML 1.2\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\nx:\n  a: 1\n", "error converting YAML to JSON: yaml: found incompatible YAML document"),
    ("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\nx: !!float abc\n", "error converting YAML to JSON: yaml: cannot decode !!str `abc` as a !!float"),
    ("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\nm:\n  <<: 5\n", "error converting YAML to JSON: yaml: map merge requires map or sequence of maps as the value"),
    ("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\nx:\n  a: {{ x }}\n", "error converting YAML to JSON: yaml: invalid map key: map[interface {}]interface {}{\"x\":interface {}(nil)}"),
    ("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\nx:\n  a: &a.b 1\n  b: *a.b\n", "error converting YAML to JSON: yaml: line 6: did not find expected alphabetic or numeric character"),
    ("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\nx:\n  a: \"x\"y\n", "error converting YAML to JSON: yaml: line 5: did not find expected key"),
    ("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\nx:\n  - a\n  b: c\n", "error converting YAML to JSON: yaml: line 6: did not find expected '-' indicator"),
    ("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\nx:\n  a:\n    - b\n    c: d\n", "error converting YAML to JSON: yaml: line 7: did not find expected '-' indicator"),
    ("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\nx:\n  a: b\n    c: d\n", "error converting YAML to JSON: yaml: line 7: mapping values are not allowed in this context"),
    ("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\nx:\n  a: !!str\n  b: !!int\n", "error converting YAML to JSON: yaml: cannot decode !!null `` as a !!int"),
    ("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\nx:\n  a: [*x]\n", "error converting YAML to JSON: yaml: unknown anchor 'x' referenced"),
    ("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\nx:\n  ? [a, b]\n  : c\n", "error converting YAML to JSON: yaml: invalid map key: []interface {}{\"a\", \"b\"}"),
    ("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\nx:\n  a: \"\\/\"\n", "error converting YAML to JSON: yaml: line 6: found unknown escape character"),
    ("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\nx:\n  a: \"\\uD800\"\n", "error converting YAML to JSON: yaml: line 6: found invalid Unicode character escape code"),
    ("---\n---\n\n---\nx: [\n", "error converting YAML to JSON: yaml: line 1: did not find expected node content"),
    ("a: 1\n----\nb: 2\n", "invalid Yaml document separator: -"),
    ("a: 1\n---x\n", "invalid Yaml document separator: x"),
];

#[test]
fn errors_match_kubectl() {
    let mut bad = Vec::new();
    for (input, want) in KUBECTL_ERRORS {
        match parse_documents(input) {
            Ok(v) => bad.push(format!("{input:?}: accepted {v:?}")),
            Err(e) if e.kubectl_message() != *want => bad.push(format!(
                "{input:?}:\n  got  {}\n  want {want}",
                e.kubectl_message()
            )),
            Err(_) => {}
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

/// Inputs real kubectl parsed without complaint (it went on to validate the objects).
#[test]
fn accepted_like_kubectl() {
    for input in [
        "a: &x 1\nb: &x 2\nc: *x\n",
        "a:\tb\n",
        "x: {a: 1, a: 2}\n",
        "a: !foo\n",
        "x:\n  a: 1\n  a: 2\n",
        "a: b\n\n\n  - c\n",
    ] {
        assert!(parse_documents(input).is_ok(), "{input:?}");
    }
}

#[test]
fn separator_with_content_is_rejected_before_parsing() {
    let e = parse_documents("a: 1\n--- x\n").unwrap_err();
    assert_eq!(e.kubectl_message(), "invalid Yaml document separator: x");
}

#[test]
fn lines_count_from_the_document_start() {
    let e = parse_documents("a: 1\n---\nb: 2\nc: d: e\n").unwrap_err();
    assert_eq!(
        e.to_string(),
        "yaml: line 2: mapping values are not allowed in this context"
    );
}

#[test]
fn many_tabs_after_colons_are_accepted() {
    let text: String = (0..300).map(|i| format!("k{i}:\tv{i}\n")).collect();
    let docs = parse_documents(&text).unwrap();
    assert_eq!(docs[0].value["k299"], "v299");
}
