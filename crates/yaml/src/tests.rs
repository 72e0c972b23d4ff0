use super::*;
use serde_json::json;

fn one(text: &str) -> Value {
    let docs = parse_documents(text).unwrap();
    assert_eq!(docs.len(), 1, "{text:?}");
    docs.into_iter().next().unwrap().value
}

#[test]
fn ordinary_manifest() {
    let v = one("apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n  labels:\n    app: web\nspec:\n  containers:\n  - name: c\n    image: nginx\n    ports:\n    - containerPort: 80\n");
    assert_eq!(
        v,
        json!({"apiVersion":"v1","kind":"Pod","metadata":{"name":"x","labels":{"app":"web"}},
               "spec":{"containers":[{"name":"c","image":"nginx","ports":[{"containerPort":80}]}]}})
    );
}

#[test]
fn multi_document() {
    let docs = parse_documents("# c\n---\na: 1\n---\n---\n# only comment\n---\nb: 2\n").unwrap();
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[0].value, json!({"a":1}));
    assert_eq!(docs[0].start_line, 3);
    assert_eq!(docs[1].value, json!({"b":2}));
    assert_eq!(docs[1].start_line, 8);
    assert!(parse_documents("# nothing\n").unwrap().is_empty());
    assert!(parse_documents("").unwrap().is_empty());
}

#[test]
fn emits_basic() {
    let v = json!({"b": {"x": [ {"image":"nginx","name":"c"} ], "e": {}, "l": []}, "a": "yes", "n": null, "i": 3});
    assert_eq!(
        to_yaml(&v),
        "a: \"yes\"\nb:\n  e: {}\n  l: []\n  x:\n  - image: nginx\n    name: c\ni: 3\n\"n\": null\n"
    );
}

/// `kubectl create ... --dry-run=client -o yaml` outputs of real kubectl 1.32.
const KUBECTL_OUTPUTS: &[&str] = &[
    r#"apiVersion: apps/v1
kind: Deployment
metadata:
  creationTimestamp: null
  labels:
    app: web
  name: web
spec:
  replicas: 3
  selector:
    matchLabels:
      app: web
  strategy: {}
  template:
    metadata:
      creationTimestamp: null
      labels:
        app: web
    spec:
      containers:
      - image: nginx
        name: nginx
        ports:
        - containerPort: 80
        resources: {}
      - image: busybox:1.36
        name: busybox
        resources: {}
status: {}
"#,
    r#"apiVersion: v1
data:
  multi: YQpi
  password: cEBzcyB3MHJk
kind: Secret
metadata:
  creationTimestamp: null
  name: s
"#,
    r#"apiVersion: batch/v1
kind: Job
metadata:
  creationTimestamp: null
  name: j
spec:
  template:
    metadata:
      creationTimestamp: null
    spec:
      containers:
      - command:
        - sh
        - -c
        - echo hello world; sleep 5
        image: busybox
        name: j
        resources: {}
      restartPolicy: Never
status: {}
"#,
    r#"apiVersion: batch/v1
kind: CronJob
metadata:
  creationTimestamp: null
  name: cj
spec:
  jobTemplate:
    metadata:
      creationTimestamp: null
      name: cj
    spec:
      template:
        metadata:
          creationTimestamp: null
        spec:
          containers:
          - command:
            - date
            image: busybox
            name: cj
            resources: {}
          restartPolicy: OnFailure
  schedule: '*/5 * * * *'
status: {}
"#,
    r#"apiVersion: v1
kind: Service
metadata:
  creationTimestamp: null
  labels:
    app: np
  name: np
spec:
  ports:
  - name: 80-8080
    port: 80
    protocol: TCP
    targetPort: 8080
  selector:
    app: np
  type: NodePort
status:
  loadBalancer: {}
"#,
    r#"apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  creationTimestamp: null
  name: ing
spec:
  rules:
  - host: foo.com
    http:
      paths:
      - backend:
          service:
            name: svc
            port:
              number: 80
        path: /bar
        pathType: Prefix
status:
  loadBalancer: {}
"#,
];

#[test]
fn kubectl_outputs_read_and_write_back_identically() {
    for text in KUBECTL_OUTPUTS {
        let docs = parse_documents(text).unwrap();
        assert_eq!(docs.len(), 1);
        assert_eq!(to_yaml(&docs[0].value), *text);
    }
}

/// YAML 1.1 scalars, keys, anchors and merges as kubectl read them: the expectation is what real
/// kubectl 1.32 printed for `create -f` of this input with `--dry-run=client -o yaml` (against
/// kubeplay's API server for discovery; its `namespace: default` line removed).
const SCALARS_IN: &str = r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: t1
x:
  f1: 1.5
  f2: 1e6
  f3: 1234567.5
  f4: 0.0001
  f5: 0.00001
  f6: 1e21
  f7: 123456789012
  f8: 0x1F
  f9: 0o17
  f10: 017
  f11: 1_000
  f12: 09
  f13: 99999999999999999999
  f14: -0.5
  f15: 3.0
  b1: yes
  b2: No
  b3: on
  b4: OFF
  b5: y
  b6: True
  b7: yEs
  n1: ~
  n2:
  n3: NULL
  s1: "123"
  s2: !!str 456
  s3: 2024-01-01
  s4: 2024-01-01T10:00:00Z
  s5: 12:30
  1: one
  true: t
  1.5: f
  seq: [a, {b: c}, [d]]
  anc: &A {k: v}
  ali: *A
  m:
    <<: *A
    z: 1
"#;
const SCALARS_OUT: &str = r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: t1
x:
  "1": one
  "1.5": f
  ali:
    k: v
  anc:
    k: v
  b1: true
  b2: false
  b3: true
  b4: false
  b5: true
  b6: true
  b7: yEs
  f1: 1.5
  f2: 1000000
  f3: 1.2345675e+06
  f4: 0.0001
  f5: 1e-05
  f6: 1e+21
  f7: 123456789012
  f8: 31
  f9: 15
  f10: 15
  f11: 1000
  f12: 9
  f13: 1e+20
  f14: -0.5
  f15: 3
  m:
    k: v
    z: 1
  n1: null
  n2: null
  n3: null
  s1: "123"
  s2: "456"
  s3: "2024-01-01"
  s4: "2024-01-01T10:00:00Z"
  s5: "12:30"
  seq:
  - a
  - b: c
  - - d
  "true": t
"#;

#[test]
fn scalars_resolve_like_kubectl() {
    let docs = parse_documents(SCALARS_IN).unwrap();
    assert_eq!(to_yaml(&docs[0].value), SCALARS_OUT);
}

/// Block scalars, folding, escapes, flow collections and tags: expectation printed by real kubectl
/// 1.32 (`create -f --dry-run=client -o yaml`, its `namespace: default` line removed).
const STYLES_IN: &str = r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: t3   # comment
data:
  lit: |
    line1
      indented
    line3

  litkeep: |+
    keep

  litstrip: |-
    strip
  fold: >
    folded
    text

    para
  foldstrip: >-
    a
    b
  multi: this is
    a multi line
    plain scalar
  dq: "esc \t tab \u00e9 \x41 \
    continued"
  sq: 'it''s
    folded'
  empty1: ""
  empty2:
  flow: {a: 1, b: [x, y], c: "z"}
  url: http://x.y/z#frag
  colon: a:b
  indent2: |2
      two extra
  t: !!str true
  i: !!int "42"
  f: !!float 3
  bin: !!binary aGVsbG8=
  hash: a #comment

"#;
const STYLES_OUT: &str = r#"apiVersion: v1
data:
  bin: hello
  colon: a:b
  dq: "esc \t tab é A continued"
  empty1: ""
  empty2: null
  f: 3
  flow:
    a: 1
    b:
    - x
    - true
    c: z
  fold: |
    folded text
    para
  foldstrip: a b
  hash: a
  i: 42
  indent2: |2
      two extra
  lit: |
    line1
      indented
    line3
  litkeep: |+
    keep

  litstrip: strip
  multi: this is a multi line plain scalar
  sq: it's folded
  t: "true"
  url: http://x.y/z#frag
kind: ConfigMap
metadata:
  name: t3
"#;

#[test]
fn scalar_styles_read_like_kubectl() {
    let docs = parse_documents(STYLES_IN).unwrap();
    assert_eq!(to_yaml(&docs[0].value), STYLES_OUT);
}

#[test]
fn crlf_and_bom_are_accepted() {
    let v = one("\u{feff}a: |\r\n  x\r\n  y\r\nb: \"q\"\r\n");
    assert_eq!(v, json!({"a": "x\ny\n", "b": "q"}));
}

#[test]
fn later_broken_document_keeps_earlier_ones() {
    let docs = parse_stream("a: 1\n---\nb: 2\nc: d: e\n").unwrap();
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[0].as_ref().unwrap().value, json!({"a": 1}));
    assert_eq!(
        docs[1].as_ref().unwrap_err().kubectl_message(),
        "error converting YAML to JSON: yaml: line 2: mapping values are not allowed in this context"
    );
}

#[test]
fn duplicate_keys_last_wins_like_kubectl() {
    // Real kubectl 1.32 accepts duplicate keys: `apply -f` of a ConfigMap with `a: "1"` then
    // `a: "2"` sent {"data":{"a":"2"}} to the server without any error or warning.
    let v = one("data:\n  a: \"1\"\n  a: \"2\"\n");
    assert_eq!(v, json!({"data": {"a": "2"}}));
}

#[test]
fn spans_point_at_nodes() {
    let docs =
        parse_documents("---\nkind: Pod\nspec:\n  containers:\n  - name: c\n    image: nginx\n")
            .unwrap();
    let d = &docs[0];
    assert_eq!(d.start_line, 2);
    let find = |p: &str| d.spans.iter().find(|(k, _)| k == p).map(|(_, s)| *s);
    assert_eq!(find("kind"), Some(Span { line: 2, col: 7 }));
    assert_eq!(
        find("spec.containers[0].image"),
        Some(Span { line: 6, col: 12 })
    );
    assert_eq!(find("spec.containers[0]"), Some(Span { line: 5, col: 5 }));
}

#[test]
fn non_string_keys_become_strings() {
    let v = one("1: a\ntrue: b\n1.5: c\n0x10: d\nyes: e\n");
    // `true` and `yes` are the same key once resolved, so the later one wins.
    assert_eq!(v, json!({"1": "a", "true": "e", "1.5": "c", "16": "d"}));
}

/// Integers past int64 and floats past float64, as real kubectl 1.32 printed them.
#[test]
fn big_numbers_like_kubectl() {
    let input = r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: a
x:
  big: 18446744073709551615
  b2: 17000000000000000000
  k: 1e400
"#;
    let want = r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: a
x:
  b2: 17000000000000000000
  big: 1.8446744073709552e+19
  k: 1e400
"#;
    let docs = parse_documents(input).unwrap();
    assert_eq!(to_yaml(&docs[0].value), want);
}

/// Random short inputs over YAML's special characters: never a panic, and whatever parses is
/// written back as YAML that reads to the same value.
#[test]
fn random_input_never_panics_and_round_trips() {
    let alphabet: Vec<char> = "ab01 :-\n\t\"'[]{},#&*!|>?%@`~.\\é\r<=".chars().collect();
    let mut seed: u64 = 0x1234_5678;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for _ in 0..20_000 {
        let len = (next() % 40) as usize;
        let s: String = (0..len)
            .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
            .collect();
        let Ok(docs) = parse_documents(&s) else {
            continue;
        };
        for d in docs {
            let y = to_yaml(&d.value);
            let back = parse_documents(&y).unwrap();
            assert_eq!(back.len(), 1, "{s:?} -> {y:?}");
            assert_eq!(back[0].value, d.value, "{s:?} -> {y:?}");
        }
    }
}

/// Assorted accepted inputs (tab-indented continuation, keep chomping at the end, explicit keys,
/// flow collections over lines, nulls, comments, number forms, escapes) with what real kubectl
/// 1.32 printed for them (`create -f --dry-run=client -o yaml`, `namespace: default` removed).
const ACCEPTED: &[(&str, &str)] = &[
    (
        r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: a
x:
  a: b

   	c
"#,
        r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: a
x:
  a: |-
    b
    c
"#,
    ),
    (
        r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: a
x:
  s: "a

    b"
  t: >+
    x

"#,
        r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: a
x:
  s: |-
    a
    b
  t: |+
    x

"#,
    ),
    (
        r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: a
x:
  my key: v
  "quoted key": w
  ? complex
  : z
"#,
        r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: a
x:
  complex: z
  my key: v
  quoted key: w
"#,
    ),
    (
        r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: a
x:
  a: b	c
  l:
  -
  - ""
"#,
        r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: a
x:
  a: "b\tc"
  l:
  - null
  - ""
"#,
    ),
    (
        r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: a
x:
  a: [1,
    2]
  m: {x: 1,
    y: 2}
"#,
        r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: a
x:
  a:
  - 1
  - 2
  m:
    "true": 2
    x: 1
"#,
    ),
    (
        r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: a
x:
  a:   
  b: ~
  c: !!null ""
"#,
        r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: a
x:
  a: null
  b: null
  c: null
"#,
    ),
    (
        r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: a
x:
  a: b # c
  # only
  d: |  # comment
    x
"#,
        r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: a
x:
  a: b
  d: |
    x
"#,
    ),
    (
        r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: a
x:
  a: -1_000
  b: 0b1010
  c: +0x10
  d: 1e+3
  e: 6.02e23
  f: .5
  g: -.5e-3
  h: 1:30
  i: 0o
  j: 0x
"#,
        r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: a
x:
  a: -1000
  b: 10
  c: 16
  d: 1000
  e: 6.02e+23
  f: 0.5
  g: -0.0005
  h: "1:30"
  i: 0o
  j: 0x
"#,
    ),
    (
        r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: a
x:
  a: "\u00e9\U0001F600\x41\N\_\L\P\0"
"#,
        r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: a
x:
  a: "é\U0001F600A  \L\P\0"
"#,
    ),
    (
        r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: a
...
b: 2
"#,
        r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: a
"#,
    ),
    (
        r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: a
x: !!float "1.5"
y: !!int "7"
z: !!bool "yes"
w: !!null ""
s: !!set {a, b}
"#,
        r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: a
s:
  a: null
  b: null
"true": 7
w: null
x: 1.5
z: true
"#,
    ),
    (
        r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: a
x: !custom 5
y: !!timestamp 2020-01-01
"#,
        r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: a
"true": "2020-01-01"
x: "5"
"#,
    ),
    (
        r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: a
base: &b {x: 1, y: 2}
other: &o {y: 3, z: 4}
m1:
  x: 0
  <<: *b
m2:
  <<: [*b, *o]
  z: 9
m3:
  <<: {k: v}
m4: *b
"#,
        r#"apiVersion: v1
base:
  "true": 2
  x: 1
kind: ConfigMap
m1:
  "true": 2
  x: 1
m2:
  "true": 2
  x: 1
  z: 9
m3:
  k: v
m4:
  "true": 2
  x: 1
metadata:
  name: a
other:
  "true": 3
  z: 4
"#,
    ),
    (
        r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: a
x:
  0.1: a
  1e7: b
  1e300: c
  -1: d
  0x10: e
  1.0: f
  2.5e-3: g
"#,
        r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: a
x:
  "-1": d
  ".inf": c
  "0.1": a
  "0.0025": g
  "1": f
  "16": e
  "1e+07": b
"#,
    ),
    (
        r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: a
x:
  a:
  - b
   - c
"#,
        r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: a
x:
  a:
  - b - c
"#,
    ),
    (
        r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: a
x:
  key : value
  k2:   v2   
"#,
        r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: a
x:
  k2: v2
  key: value
"#,
    ),
    (
        r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: a
x:
  a: [a, b, ]
  b: {a: 1, }
"#,
        r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: a
x:
  a:
  - a
  - b
  b:
    a: 1
"#,
    ),
    (
        r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: a
x:
  a: b
  a b: c
  "a": d
"#,
        r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: a
x:
  a: d
  a b: c
"#,
    ),
    (
        r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: a
x:
  a: |
    x
  b: >-

    y
"#,
        r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: a
x:
  a: |
    x
  b: |2-

    y
"#,
    ),
    (
        r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: a
x:
  a: "b
  c"
"#,
        r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: a
x:
  a: b c
"#,
    ),
    (
        r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: a
x:
  a: [b
  c]
"#,
        r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: a
x:
  a:
  - b c
"#,
    ),
    (
        r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: a
x:
  a: 0777
  b: 0o777
  c: 0b12
  d: 0xZZ
  e: 1_2_3
  f: 1__2
  g: _1
  h: 1_
"#,
        r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: a
x:
  a: 511
  b: 511
  c: 0b12
  d: 0xZZ
  e: 123
  f: 12
  g: _1
  h: 1
"#,
    ),
    (
        r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: a
x:
  a: >
   folded
    more indented
   back
"#,
        r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: a
x:
  a: |
    folded
     more indented
    back
"#,
    ),
    (
        r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: a
x:
  a: 'b
c'
  b: "x

 y"
"#,
        r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: a
x:
  a: b c
  b: |-
    x
    y
"#,
    ),
    (
        r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: a
x:
  a: "\'"
"#,
        r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: a
x:
  a: ''''
"#,
    ),
    (
        r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: a
x:
  a: "x\ y"
"#,
        r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: a
x:
  a: x y
"#,
    ),
    (
        r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: a
x:
  a: "x\	y"
"#,
        r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: a
x:
  a: "x\ty"
"#,
    ),
    (
        r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: a
x:
  a: "\e\a\v\f\b"
"#,
        r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: a
x:
  a: "\e\a\v\f\b"
"#,
    ),
    (
        r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: a
x:
  a: "x\
   y"
"#,
        r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: a
x:
  a: xy
"#,
    ),
    (
        r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: a
x:
  a: [?g, ? h, {?i: 1}]
"#,
        r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: a
x:
  a:
  - g: null
  - h: null
  - i: 1
"#,
    ),
];

#[test]
fn accepted_inputs_print_like_kubectl() {
    for (input, want) in ACCEPTED {
        let docs = parse_documents(input).unwrap();
        assert_eq!(to_yaml(&docs[0].value), *want, "{input:?}");
    }
}
