use super::*;

/// Each line's tokens as `kind text` joined by ` | `, the unstyled text left out.
fn shown(text: &str) -> Vec<String> {
    let mut h = Highlighter::default();
    h.update(text);
    h.lines(0, h.len())
        .iter()
        .map(|l| {
            l.tokens
                .iter()
                .map(|t| {
                    let class = t.kind.class().trim_start_matches("hl-");
                    format!("{class} {}", &l.text[t.start..t.end])
                })
                .collect::<Vec<_>>()
                .join(" | ")
        })
        .collect()
}

const DEPLOYMENT: &str = "\
# A web server
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web   # the name
  labels: {app: web, \"tier\": front}
spec:
  replicas: 3
  paused: false
  minReadySeconds: ~
  template:
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
        args: [\"-g\", 'daemon off;']
---
apiVersion: v1
kind: ConfigMap
data:
  \"quoted key\": value
  'single': 0x1F
  script: |-
    #!/bin/sh
    echo key: value # not a comment
  folded: >
    text
  after: yes
...
";

#[test]
fn a_deployment_and_a_config_map() {
    let got = shown(DEPLOYMENT);
    let want = [
        "comment # A web server",
        "key apiVersion | punct : | str apps/v1",
        "key kind | punct : | str Deployment",
        "key metadata | punct :",
        "key name | punct : | str web | comment # the name",
        "key labels | punct : | br0 { | key app | punct : | str web | punct , | key \"tier\" | punct : | str front | br0 }",
        "key spec | punct :",
        "key replicas | punct : | num 3",
        "key paused | punct : | bool false",
        "key minReadySeconds | punct : | null ~",
        "key template | punct :",
        "key spec | punct :",
        "key containers | punct :",
        "punct - | key name | punct : | str nginx",
        "key image | punct : | str nginx:1.27",
        "key args | punct : | br0 [ | quoted \"-g\" | punct , | quoted 'daemon off;' | br0 ]",
        "doc ---",
        "key apiVersion | punct : | str v1",
        "key kind | punct : | str ConfigMap",
        "key data | punct :",
        "key \"quoted key\" | punct : | str value",
        "key 'single' | punct : | num 0x1F",
        "key script | punct : | punct |-",
        "block #!/bin/sh",
        "block echo key: value # not a comment",
        "key folded | punct : | punct >",
        "block text",
        "key after | punct : | bool yes",
        "doc ...",
        "",
    ];
    assert_eq!(got, want);
}

#[test]
fn anchors_aliases_tags_and_directives() {
    let got = shown(
        "%YAML 1.1\n--- !shape\nbase: &b {x: 1}\nother: *b\nn: !!int \"3\"\n? complex\n: value\n",
    );
    assert_eq!(
        got,
        [
            "directive %YAML 1.1",
            "doc --- | tag !shape",
            "key base | punct : | anchor &b | br0 { | key x | punct : | num 1 | br0 }",
            "key other | punct : | alias *b",
            "key n | punct : | tag !!int | quoted \"3\"",
            "punct ? | str complex",
            "punct : | str value",
            "",
        ]
    );
}

#[test]
fn flow_collections_over_lines_nest_their_brackets() {
    let got =
        shown("ports: [\n  {name: http, port: 80},\n  {name: tls, port: 443}\n]\nnext: null\n");
    assert_eq!(
        got,
        [
            "key ports | punct : | br0 [",
            "br1 { | key name | punct : | str http | punct , | key port | punct : | num 80 | br1 } | punct ,",
            "br1 { | key name | punct : | str tls | punct , | key port | punct : | num 443 | br1 }",
            "br0 ]",
            "key next | punct : | null null",
            "",
        ]
    );
}

#[test]
fn quoted_scalars_go_on_over_lines() {
    let got = shown("a: \"one\n  two \\\" still\n  three\" # done\nb: 'it''s\n  here'\n");
    assert_eq!(
        got,
        [
            "key a | punct : | quoted \"one",
            "quoted two \\\" still",
            "quoted three\" | comment # done",
            "key b | punct : | quoted 'it''s",
            "quoted here'",
            "",
        ]
    );
}

#[test]
fn a_block_scalar_ends_at_a_less_indented_line_and_keeps_blank_lines() {
    let text = "items:\n- |\n  first\n\n  second\n- plain\ncmd: >+2\n   x\n---\ny: 1\n";
    assert_eq!(
        shown(text),
        [
            "key items | punct :",
            "punct - | punct |",
            "block first",
            "",
            "block second",
            "punct - | str plain",
            "key cmd | punct : | punct >+2",
            "block x",
            "doc ---",
            "key y | punct : | num 1",
            "",
        ]
    );
}

#[test]
fn half_typed_text_never_fails() {
    for text in [
        "a: \"open",
        "a: [1, {b",
        "}}]]",
        "- - - :",
        "|",
        "key: |x",
        "&",
        "a: 'x''",
        ": :",
        "#",
        "é: ü # ñ",
        "\t- x",
        "---x",
        "a:b",
        "\"k\":v",
    ] {
        for cut in 0..=text.len() {
            if let Some(prefix) = text.get(..cut) {
                let _ = shown(prefix);
            }
        }
    }
    assert_eq!(shown("a:b"), ["str a:b"]);
    assert_eq!(
        shown("url: http://x:80/y"),
        ["key url | punct : | str http://x:80/y"]
    );
}

#[test]
fn indent_guides_follow_the_open_indentations() {
    let mut h = Highlighter::default();
    h.update("spec:\n  containers:\n  - name: a\n    image: b\n\n    args:\n      - x\nnext: 1\n");
    let guides: Vec<Vec<usize>> = h
        .lines(0, h.len())
        .iter()
        .map(|l| l.guides.clone())
        .collect();
    assert_eq!(
        guides,
        [
            vec![],
            vec![0],
            vec![0],
            vec![0, 2],
            vec![0, 2],
            vec![0, 2],
            vec![0, 2, 4],
            vec![],
            vec![],
        ]
    );
}

#[test]
fn runs_cover_the_whole_line() {
    let mut h = Highlighter::default();
    h.update("  name: web # x");
    let runs = h.lines(0, 1)[0].runs();
    assert_eq!(
        runs,
        [
            ("  ", None),
            ("name", Some("hl-key")),
            (":", Some("hl-punct")),
            (" ", None),
            ("web", Some("hl-str")),
            (" ", None),
            ("# x", Some("hl-comment")),
        ]
    );
}

/// A 2,000-line file of deployments, as the page's performance test types into.
fn big() -> String {
    DEPLOYMENT.repeat(2000 / DEPLOYMENT.lines().count() + 1)
}

#[test]
fn a_keystroke_lexes_only_its_line() {
    let text = big();
    let mut h = Highlighter::default();
    assert_eq!(h.update(&text), text.split('\n').count());
    assert_eq!(h.update(&text), 0);
    let at = text.find("replicas: 3").unwrap_or(0) + "replicas: 3".len();
    let typed = format!("{}4{}", &text[..at], &text[at..]);
    assert_eq!(h.update(&typed), 1);
    let line = typed[..at].matches('\n').count();
    assert_eq!(h.lines(line, line + 1)[0].text, "  replicas: 34");
    // A new line in the middle: the inserted lines only.
    let split = format!("{}\n  x: 1{}", &typed[..at], &typed[at..]);
    assert_eq!(h.update(&split), 2);
    assert_eq!(h.len(), split.split('\n').count());
}

#[test]
fn an_opened_quote_recolours_the_lines_below_until_closed() {
    let text: String = (0..300).map(|i| format!("key{i}: value {i}\n")).collect();
    let mut h = Highlighter::default();
    h.update(&text);
    let at = text.find("value 10").unwrap_or(0);
    let opened = format!("{}\"{}", &text[..at], &text[at..]);
    assert_eq!(
        h.update(&opened),
        301 - 10,
        "the rest of the file is a string now"
    );
    assert_eq!(h.lines(11, 12)[0].tokens[0].kind, Kind::Quoted);
    // Closed further down: the lines below it are keys and values again.
    let at = opened.find("value 20").unwrap_or(0);
    let closed = format!("{}\"{}", &opened[..at], &opened[at..]);
    assert_eq!(h.update(&closed), 301 - 20);
    let fresh = |t: &str| {
        let mut f = Highlighter::default();
        f.update(t);
        f.lines(0, f.len())
            .iter()
            .map(|l| l.tokens.clone())
            .collect::<Vec<_>>()
    };
    let now = |h: &Highlighter| {
        h.lines(0, h.len())
            .iter()
            .map(|l| l.tokens.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(now(&h), fresh(&closed));
    assert_eq!(h.lines(21, 22)[0].tokens[0].kind, Kind::Key);
    // Back to the first text: every line agrees with a fresh lexing.
    h.update(&text);
    assert_eq!(now(&h), fresh(&text));
}

#[test]
fn every_edit_matches_lexing_from_scratch() {
    let text = DEPLOYMENT;
    let mut h = Highlighter::default();
    h.update(text);
    // Delete each character in turn, then put it back: incremental equals fresh each time.
    for (i, _) in text.char_indices() {
        let mut edited = text.to_string();
        edited.remove(i);
        for t in [edited.as_str(), text] {
            h.update(t);
            let mut fresh = Highlighter::default();
            fresh.update(t);
            let a: Vec<_> = h
                .lines(0, h.len())
                .iter()
                .map(|l| (&l.tokens, &l.guides))
                .collect();
            let b: Vec<_> = fresh
                .lines(0, fresh.len())
                .iter()
                .map(|l| (&l.tokens, &l.guides))
                .collect();
            assert_eq!(a, b, "after removing byte {i}");
        }
    }
}
