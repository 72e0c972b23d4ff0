//! The emitter against real kubectl 1.32: every expectation below is what
//! `kubectl create configmap x --from-literal=k=<value> --dry-run=client -o yaml` printed between
//! `data:` and `kind: ConfigMap`.

use super::*;
use serde_json::json;

const CONFIGMAP_VALUES: &[(&str, &str)] = &[
    ("yes", "  k: \"yes\"\n"),
    ("123", "  k: \"123\"\n"),
    ("true", "  k: \"true\"\n"),
    ("null", "  k: \"null\"\n"),
    ("", "  k: \"\"\n"),
    ("1e3", "  k: \"1e3\"\n"),
    ("~", "  k: \"~\"\n"),
    ("-", "  k: '-'\n"),
    ("--", "  k: --\n"),
    ("---x", "  k: '---x'\n"),
    ("...", "  k: '...'\n"),
    ("? x", "  k: '? x'\n"),
    ("?x", "  k: ?x\n"),
    (":x", "  k: :x\n"),
    (": x", "  k: ': x'\n"),
    ("a:b", "  k: a:b\n"),
    ("a: b", "  k: 'a: b'\n"),
    ("a #b", "  k: 'a #b'\n"),
    ("a#b", "  k: a#b\n"),
    ("#a", "  k: '#a'\n"),
    (" lead", "  k: ' lead'\n"),
    ("trail ", "  k: 'trail '\n"),
    ("both  spaces", "  k: both  spaces\n"),
    ("a\tb", "  k: \"a\\tb\"\n"),
    ("x\n", "  k: |\n    x\n"),
    ("x\n\n", "  k: |+\n    x\n\n"),
    ("\nx", "  k: |2-\n\n    x\n"),
    ("x\ny\n", "  k: |\n    x\n    y\n"),
    (" x\ny", "  k: |2-\n     x\n    y\n"),
    ("x \ny", "  k: \"x \\ny\"\n"),
    ("x\n y", "  k: |-\n    x\n     y\n"),
    ("x\n\ny", "  k: |-\n    x\n\n    y\n"),
    ("été", "  k: été\n"),
    ("\u{1f600} smile", "  k: \"\\U0001F600 smile\"\n"),
    ("a'b", "  k: a'b\n"),
    ("'a'", "  k: '''a'''\n"),
    ("\"a\"", "  k: '\"a\"'\n"),
    ("a\"b", "  k: a\"b\n"),
    ("a\\b", "  k: a\\b\n"),
    ("@x", "  k: '@x'\n"),
    ("`x", "  k: '`x'\n"),
    ("%x", "  k: '%x'\n"),
    ("!x", "  k: '!x'\n"),
    ("&x", "  k: '&x'\n"),
    ("*x", "  k: '*x'\n"),
    ("|x", "  k: '|x'\n"),
    (">x", "  k: '>x'\n"),
    ("[x]", "  k: '[x]'\n"),
    ("{x}", "  k: '{x}'\n"),
    ("a,b", "  k: a,b\n"),
    ("x,", "  k: x,\n"),
    ("0x1F", "  k: \"0x1F\"\n"),
    ("0o17", "  k: \"0o17\"\n"),
    ("017", "  k: \"017\"\n"),
    ("08", "  k: \"08\"\n"),
    ("1_000", "  k: \"1_000\"\n"),
    ("+1", "  k: \"+1\"\n"),
    ("-1", "  k: \"-1\"\n"),
    ("+.5", "  k: \"+.5\"\n"),
    (".5", "  k: \".5\"\n"),
    ("1.", "  k: \"1.\"\n"),
    (".inf", "  k: \".inf\"\n"),
    ("-.Inf", "  k: \"-.Inf\"\n"),
    (".NaN", "  k: \".NaN\"\n"),
    ("2024-01-01", "  k: \"2024-01-01\"\n"),
    ("2024-1-1", "  k: \"2024-1-1\"\n"),
    ("2024-01-01T10:00:00Z", "  k: \"2024-01-01T10:00:00Z\"\n"),
    ("2024-01-01 10:00:00", "  k: \"2024-01-01 10:00:00\"\n"),
    ("1:20", "  k: \"1:20\"\n"),
    ("1:20:30.5", "  k: \"1:20:30.5\"\n"),
    ("190:20:30", "  k: \"190:20:30\"\n"),
    ("Yes", "  k: \"Yes\"\n"),
    ("YES", "  k: \"YES\"\n"),
    ("yEs", "  k: yEs\n"),
    ("On", "  k: \"On\"\n"),
    ("oN", "  k: oN\n"),
    ("Y", "  k: \"Y\"\n"),
    ("n", "  k: \"n\"\n"),
    ("N", "  k: \"N\"\n"),
    ("<<", "  k: <<\n"),
    ("=", "  k: =\n"),
    ("0", "  k: \"0\"\n"),
    ("-0", "  k: \"-0\"\n"),
    ("0.0", "  k: \"0.0\"\n"),
    ("1e", "  k: 1e\n"),
    ("e3", "  k: e3\n"),
    ("12e", "  k: 12e\n"),
    ("0b101", "  k: \"0b101\"\n"),
    ("-0b101", "  k: \"-0b101\"\n"),
    ("0b2", "  k: 0b2\n"),
    ("word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word ", "  k: 'word word word word word word word word word word word word word word word word\n    word word word word word word word word word word word word word word '\n"),
    ("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "  k: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n"),
    ("word word word word word word word word word word word word word word word word word word word word\nword word word word word word word word word word word word word word word word word word word word", "  k: |-\n    word word word word word word word word word word word word word word word word word word word word\n    word word word word word word word word word word word word word word word word word word word word\n"),
    ("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa b", "  k: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n    b\n"),
    ("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa  b c", "  k: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa  b\n    c\n"),
    ("yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy : z", "  k: 'yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy\n    : z'\n"),
    ("'q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q '", "  k: '''q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q\n    q q q q q q q q q q q q q '''\n"),
    ("tab\tword word word word word word word word word word word word word word word word word word word word ", "  k: \"tab\\tword word word word word word word word word word word word word word word\n    word word word word word \"\n"),
    ("line1\nline2 with a very long line that goes on and on and on and on and on and on and on and on and end\n", "  k: |\n    line1\n    line2 with a very long line that goes on and on and on and on and on and on and on and on and end\n"),
    ("x\r\ny", "  k: \"x\\r\\ny\"\n"),
    ("end \n", "  k: \"end \\n\"\n"),
    ("#!/bin/sh\necho hi\n", "  k: |\n    #!/bin/sh\n    echo hi\n"),
    ("key=value\nother=1\n", "  k: |\n    key=value\n    other=1\n"),
    ("  two lead\nx\n", "  k: |2\n      two lead\n    x\n"),
    ("\t\tx\n", "  k: \"\\t\\tx\\n\"\n"),
    ("a\u{a0}b", "  k: a\u{a0}b\n"),
    ("\u{2028}x", "  k: '\u{2028}    x'\n"),
    ("x\u{2029}", "  k: 'x\u{2029}'\n"),
    ("\u{1}ctl", "  k: \"\\x01ctl\"\n"),
    ("- item", "  k: '- item'\n"),
    ("? key", "  k: '? key'\n"),
    ("key: value\n", "  k: |\n    key: value\n"),
    ("{\"json\": true}", "  k: '{\"json\": true}'\n"),
    ("[1, 2]", "  k: '[1, 2]'\n"),
    ("https://example.com/path?q=1#frag", "  k: https://example.com/path?q=1#frag\n"),
    ("a # not comment", "  k: 'a # not comment'\n"),
    ("a#b #c", "  k: 'a#b #c'\n"),
    ("x: ", "  k: 'x: '\n"),
    ("ends:", "  k: 'ends:'\n"),
    ("1.5", "  k: \"1.5\"\n"),
    ("-.5", "  k: \"-.5\"\n"),
    ("1e-3", "  k: \"1e-3\"\n"),
    ("0.", "  k: \"0.\"\n"),
    (".", "  k: .\n"),
    ("+", "  k: +\n"),
    ("++1", "  k: ++1\n"),
    ("1_0.5", "  k: \"1_0.5\"\n"),
    ("1__0", "  k: \"1__0\"\n"),
    ("long long long long long long long long long long long long long long long long long long long long \n", "  k: \"long long long long long long long long long long long long long long long long\n    long long long long \\n\"\n"),
    ("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "  k: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n"),
    ("w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w", "  k: w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w\n    w w w w w w w w w w w w w w w w w w w w w\n"),
    ("   ", "  k: '   '\n"),
    ("\n", "  k: |2+\n\n"),
    ("\n\n", "  k: |2+\n\n\n"),
    ("x\n\n\n", "  k: |+\n    x\n\n\n"),
];

const CONFIGMAP_KEYS: &[&str] = &["1", "true", "y", "a.b", "-x", "_x", "a10", "a9", "a_1", "aB", "ab", "A", "a-b", "a.b.c", "a2b", "a02b", "a002", "a01", "a1", "Z", "0", "00", "007", "7", "a0", "a00", "kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk", "n", "ON", "1e3", "1.5", "x.y.10", "x.y.9"];

const CONFIGMAP_KEYS_DATA: &str = "  -x: v\n  _x: v\n  \"0\": v\n  \"00\": v\n  \"1\": v\n  \"1.5\": v\n  \"1e3\": v\n  \"7\": v\n  \"007\": v\n  A: v\n  \"ON\": v\n  Z: v\n  a-b: v\n  a.b: v\n  a.b.c: v\n  a_1: v\n  a0: v\n  a00: v\n  a1: v\n  a01: v\n  a2b: v\n  a02b: v\n  a002: v\n  a9: v\n  a10: v\n  aB: v\n  ab: v\n  ? kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk\n  : v\n  \"n\": v\n  \"true\": v\n  x.y.9: v\n  x.y.10: v\n  \"y\": v\n";

fn configmap(data: Value) -> Value {
    json!({"apiVersion": "v1", "kind": "ConfigMap", "data": data,
           "metadata": {"name": "x", "creationTimestamp": null}})
}

fn wrap(data: &str) -> String {
    format!("apiVersion: v1\ndata:\n{data}kind: ConfigMap\nmetadata:\n  creationTimestamp: null\n  name: x\n")
}

#[test]
fn strings_are_written_like_kubectl() {
    let mut bad = Vec::new();
    for (value, want) in CONFIGMAP_VALUES {
        let got = to_yaml(&configmap(json!({ "k": value })));
        if got != wrap(want) {
            bad.push(format!("{value:?}:\n got:\n{got}\n want:\n{}", wrap(want)));
        }
    }
    assert!(
        bad.is_empty(),
        "{} of {} differ:\n{}",
        bad.len(),
        CONFIGMAP_VALUES.len(),
        bad.join("\n")
    );
}

#[test]
fn next_line_characters_fold_like_kubectl() {
    // kubectl's printer passes objects through JSON text that go-yaml re-reads, and go-yaml folds a
    // raw U+0085 inside a double-quoted string like a line break.
    let got = to_yaml(&configmap(json!({ "k": "nel\u{85}x" })));
    assert_eq!(got, wrap("  k: nel x\n"));
}

#[test]
fn keys_are_sorted_and_quoted_like_kubectl() {
    let mut data = serde_json::Map::new();
    for k in CONFIGMAP_KEYS {
        data.insert(k.to_string(), json!("v"));
    }
    assert_eq!(
        to_yaml(&configmap(Value::Object(data))),
        wrap(CONFIGMAP_KEYS_DATA)
    );
}

#[test]
fn emitted_yaml_reads_back_to_the_same_value() {
    for (value, _) in CONFIGMAP_VALUES {
        // go-yaml treats U+2028/U+2029 as line breaks (YAML 1.1); YAML 1.2 readers keep them as text.
        if value.contains(['\u{2028}', '\u{2029}']) {
            continue;
        }
        let v = configmap(json!({ "k": value }));
        let back = parse_documents(&to_yaml(&v)).unwrap();
        assert_eq!(back[0].value, v, "{value:?}");
    }
}

/// Folding at 80 columns at every depth, complex keys and quoting styles; what real kubectl 1.32
/// printed for this JSON manifest (`namespace: default` removed).
#[test]
fn long_lines_fold_like_kubectl() {
    let input = r##"{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "w"}, "x": {"list": ["alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma tau", "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma tau\nalpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma tau", "'alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma tau'", "x: alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma tau", ["alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma tau", {"deep": {"deeper": "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma tau"}}]], "longkey_kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk": "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma tau", "multi\nline key": "v", "kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk": "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma tau", "sp": " alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma tau", "tabbed": "a\talpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma tau", "q": "\"alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma tau", "emoji": "\ud83d\ude00 alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma tau", "accent": "\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9 alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma tau"}}"##;
    let want = r##"apiVersion: v1
kind: ConfigMap
metadata:
  name: w
x:
  accent: éééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééé
    alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron
    pi rho sigma tau
  emoji: "\U0001F600 alpha beta gamma delta epsilon zeta eta theta iota kappa lambda
    mu nu xi omicron pi rho sigma tau"
  ? kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk
  : alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron
    pi rho sigma tau
  list:
  - alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron
    pi rho sigma tau
  - |-
    alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma tau
    alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma tau
  - '''alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron
    pi rho sigma tau'''
  - 'x: alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron
    pi rho sigma tau'
  - - alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron
      pi rho sigma tau
    - deep:
        deeper: alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu
          nu xi omicron pi rho sigma tau
  longkey_kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk: alpha
    beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi
    rho sigma tau
  ? |-
    multi
    line key
  : v
  q: '"alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron
    pi rho sigma tau'
  sp: ' alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron
    pi rho sigma tau'
  tabbed: "a\talpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu
    xi omicron pi rho sigma tau"
"##;
    let docs = parse_documents(input).unwrap();
    assert_eq!(to_yaml(&docs[0].value), want);
}

#[test]
fn floats_print_like_go() {
    // kubectl re-reads JSON numbers with go-yaml and prints floats with Go's shortest %g.
    let cases = [
        (json!(0.1), "0.1\n"),
        (json!(1e-7), "1e-07\n"),
        (json!(123456.789), "123456.789\n"),
        (json!(1234567.5), "1.2345675e+06\n"),
        (json!(1e6), "1000000\n"),
        (json!(3.0), "3\n"),
        (json!(-0.5), "-0.5\n"),
        (json!(1e21), "1e+21\n"),
        (json!(5e-324), "5e-324\n"),
    ];
    for (v, want) in cases {
        assert_eq!(to_yaml(&v), want, "{v}");
    }
}

#[test]
fn float_keys_use_single_precision_like_sigs_yaml() {
    let docs = parse_documents("0.1: a\n1e7: b\n1e300: c\n").unwrap();
    let keys: Vec<&String> = docs[0].value.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["0.1", "1e+07", ".inf"]);
}
