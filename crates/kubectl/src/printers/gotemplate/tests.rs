//! Templates and what Go's text/template answers for them (checked against kubectl v1.32).

use serde_json::json;

use super::{execute, parse};

fn run(t: &str, data: &serde_json::Value, missing_error: bool) -> String {
    match parse(t) {
        Err(e) => format!("PARSE {e}"),
        Ok(t) => match execute(&t, data, missing_error) {
            Ok(o) => o,
            Err((o, e)) => format!("{o}EXEC {e}"),
        },
    }
}

fn pod() -> serde_json::Value {
    json!({
        "apiVersion": "v1", "kind": "Pod",
        "metadata": {"name": "web", "labels": {"app": "web", "app.kubernetes.io/name": "shop"},
                     "annotations": null},
        "spec": {"containers": [{"name": "nginx", "image": "nginx:1.27", "ports": [{"containerPort": 80}]},
                                {"name": "side", "image": "busybox"}]},
        "status": {"phase": "Running", "ratio": 0.5},
        "data": {"password": "czNjcjN0"},
    })
}

#[test]
fn templates_print_as_go_does() {
    let cases: &[(&str, &str)] = &[
        ("{{.kind}}", "Pod"),
        ("{{.metadata.name}}", "web"),
        ("{{.nope}}", "<no value>"),
        ("{{.nope.deeper}}", "<no value>"),
        ("{{.metadata.annotations}}", "<no value>"),
        ("{{.metadata.labels}}", "map[app:web app.kubernetes.io/name:shop]"),
        ("{{index .metadata.labels \"app.kubernetes.io/name\"}}", "shop"),
        ("{{index .metadata.labels \"none\"}}", "<no value>"),
        ("{{index .spec.containers 1 | printf \"%v\"}}", "map[image:busybox name:side]"),
        ("{{(index .spec.containers 0).image}}", "nginx:1.27"),
        ("{{range .spec.containers}}{{.name}}{{\"\\n\"}}{{end}}", "nginx\nside\n"),
        ("{{range $i, $c := .spec.containers}}{{$i}}={{$c.name}} {{end}}", "0=nginx 1=side "),
        ("{{range $k, $v := .metadata.labels}}{{$k}}:{{$v}};{{end}}", "app:web;app.kubernetes.io/name:shop;"),
        ("{{range .none}}x{{else}}empty{{end}}", "empty"),
        ("{{len .spec.containers}}", "2"),
        ("{{printf \"%s has %d containers\" .metadata.name (len .spec.containers)}}", "web has 2 containers"),
        ("{{printf \"%-6s|\" .kind}}", "Pod   |"),
        ("{{printf \"%05d\" 42}}", "00042"),
        ("{{printf \"%q\" .kind}}", "\"Pod\""),
        ("{{printf \"%d\" .kind}}", "%!d(string=Pod)"),
        ("{{printf \"%s\"}}", "%!s(MISSING)"),
        ("{{printf \"%.2f\" .status.ratio}}", "0.50"),
        ("{{.status.ratio}}", "0.5"),
        ("{{if eq .status.phase \"Running\"}}up{{else}}down{{end}}", "up"),
        ("{{if ne .kind \"Pod\"}}a{{else if eq .kind \"Pod\"}}b{{else}}c{{end}}", "b"),
        ("{{if and .kind .nope}}y{{else}}n{{end}}", "n"),
        ("{{or .nope \"fallback\"}}", "fallback"),
        ("{{not .nope}}", "true"),
        ("{{if gt (len .spec.containers) 1}}many{{end}}", "many"),
        ("{{lt 1 2}} {{le 2 2}} {{ge \"a\" \"b\"}}", "true true false"),
        ("{{with .metadata}}{{.name}}{{end}}", "web"),
        ("{{with .nope}}x{{else}}none{{end}}", "none"),
        ("{{$n := .metadata.name}}{{$n}}-{{$n}}", "web-web"),
        ("{{$x := 1}}{{if true}}{{$x = 2}}{{end}}{{$x}}", "2"),
        ("{{range .spec.containers}}{{$.kind}}/{{.name}} {{end}}", "Pod/nginx Pod/side "),
        ("a  {{- .kind -}}  b", "aPodb"),
        ("{{/* a comment */}}x", "x"),
        ("{{- /* trimmed */ -}}\n  y", "y"),
        ("{{.data.password | base64decode}}", "s3cr3t"),
        ("{{\"hi\" | printf \"%s!\"}}", "hi!"),
        ("{{print 1 2 \"a\" \"b\" 3}}", "1 2ab3"),
        ("{{println \"a\" 1}}", "a 1\n"),
        ("{{html \"<a&b>\"}}", "&lt;a&amp;b&gt;"),
        ("{{urlquery \"a b&c\"}}", "a+b%26c"),
        ("{{slice \"abcdef\" 1 3}}", "bc"),
        ("{{range $i, $c := .spec.containers}}{{if $i}},{{end}}{{$c.name}}{{end}}", "nginx,side"),
        ("{{range .spec.containers}}{{if eq .name \"nginx\"}}{{continue}}{{end}}{{.name}}{{end}}", "side"),
        ("{{range .spec.containers}}{{.name}}{{break}}{{end}}", "nginx"),
        ("{{.spec.containers}}", "[map[image:nginx:1.27 name:nginx ports:[map[containerPort:80]]] map[image:busybox name:side]]"),
        ("{{exists . \"metadata\" \"name\"}} {{exists . \"x\"}}", "true false"),
        ("{{1.5e-7}} {{1e21}} {{100.0}}", "1.5e-07 1e+21 100"),
        ("{{'a'}} {{0x10}} {{-3}}", "97 16 -3"),
        ("{{printf \"%T %T %T\" .kind .spec .status.ratio}}", "string map[string]interface {} float64"),
        ("{{printf \"%#v|%+v\" .kind .metadata.labels}}", "\"Pod\"|map[app:web app.kubernetes.io/name:shop]"),
        ("{{printf \"%d\" .metadata.labels}}", "map[%!d(string=app):%!d(string=web) %!d(string=app.kubernetes.io/name):%!d(string=shop)]"),
        ("{{printf \"%.3s|%5.1f|%x|%X|%o|%c|%t|%8.3f|%-8d|%+d|%e\" .kind 3.14159 255 255 8 65 true 2.5 42 5 1234.5678}}", "Pod|  3.1|ff|FF|10|A|true|   2.500|42      |+5|1.234568e+03"),
    ];
    let data = pod();
    for (t, want) in cases {
        assert_eq!(run(t, &data, false), *want, "template {t}");
    }
}

#[test]
fn errors_are_gos() {
    let cases: &[(&str, bool, &str)] = &[
        ("{{.kind", false, "PARSE template: output:1: unclosed action"),
        ("{{.kind}", false, "PARSE template: output:1: bad character U+007D '}'"),
        ("{{ .kind }", false, "PARSE template: output:1: unexpected \"}\" in operand"),
        ("{{if .kind}}x", false, "PARSE template: output:1: unexpected EOF"),
        ("{{end}}", false, "PARSE template: output:1: unexpected {{end}}"),
        ("{{foo .kind}}", false, "PARSE template: output:1: function \"foo\" not defined"),
        ("{{range 3}}{{.}}{{end}}", false, "EXEC template: output:1:8: executing \"output\" at <3>: range can't iterate over 3"),
        ("{{exec \"ls\"}}", false, "PARSE template: output:1: function \"exec\" not defined"),
        ("{{$x}}", false, "PARSE template: output:1: undefined variable \"$x\""),
        ("{{}}", false, "PARSE template: output:1: missing value for command"),
        ("\n{{.a b}}", false, "PARSE template: output:2: function \"b\" not defined"),
        ("{{.x.y}}", true, "EXEC template: output:1:4: executing \"output\" at <.x.y>: map has no entry for key \"x\""),
        ("{{.kind}} {{.nope}}", true, "Pod EXEC template: output:1:12: executing \"output\" at <.nope>: map has no entry for key \"nope\""),
        ("{{.kind.x}}", false, "EXEC template: output:1:7: executing \"output\" at <.kind.x>: can't evaluate field x in type interface {}"),
        ("{{.metadata.annotations.x}}", false, "EXEC template: output:1:11: executing \"output\" at <.metadata.annotations.x>: nil pointer evaluating interface {}.x"),
        ("{{index .spec.containers 5}}", false, "EXEC template: output:1:2: executing \"output\" at <index .spec.containers 5>: error calling index: index out of range: 5"),
        ("{{eq .kind 1}}", false, "EXEC template: output:1:2: executing \"output\" at <eq .kind 1>: error calling eq: incompatible types for comparison"),
        ("{{\"YQ\" | base64decode}}", false, "EXEC template: output:1:9: executing \"output\" at <base64decode>: error calling base64decode: base64 decode failed: illegal base64 data at input byte 0"),
        ("{{\"YWJj=\" | base64decode}}", false, "EXEC template: output:1:12: executing \"output\" at <base64decode>: error calling base64decode: base64 decode failed: illegal base64 data at input byte 4"),
        ("{{.kind | base64decode}}", false, "EXEC template: output:1:10: executing \"output\" at <base64decode>: error calling base64decode: base64 decode failed: illegal base64 data at input byte 0"),
        ("{{.nope | base64decode}}", false, "EXEC template: output:1:10: executing \"output\" at <base64decode>: invalid value; expected string"),
        ("{{range .kind}}{{end}}", false, "EXEC template: output:1:8: executing \"output\" at <.kind>: range can't iterate over Pod"),
    ];
    let data = pod();
    for (t, missing_error, want) in cases {
        assert_eq!(run(t, &data, *missing_error), *want, "template {t}");
    }
}

#[test]
fn nesting_is_bounded() {
    let deep = format!("{{{{{}.kind{}}}}}", "(".repeat(101), ")".repeat(101));
    assert_eq!(
        run(&deep, &pod(), false),
        "PARSE template: output:1: max expression depth exceeded"
    );
    let ifs = format!("{}x{}", "{{if 1}}".repeat(101), "{{end}}".repeat(101));
    assert_eq!(
        run(&ifs, &pod(), false),
        "PARSE template: output:1: max expression depth exceeded"
    );
    let ok = format!("{}x{}", "{{if 1}}".repeat(99), "{{end}}".repeat(99));
    assert_eq!(run(&ok, &pod(), false), "x");
}

#[test]
fn loops_are_bounded() {
    let items: Vec<u32> = (0..200).collect();
    let data = json!({"items": items});
    let t = "{{range .items}}{{range $.items}}{{range $.items}}{{end}}{{end}}{{end}}";
    assert_eq!(
        run(t, &data, false),
        "EXEC template: output: more than 4194304 range iterations"
    );
}
