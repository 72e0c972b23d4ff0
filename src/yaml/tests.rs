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
