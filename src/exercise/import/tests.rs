//! The importer on scenarios written in Killercoda's layout (`tests/killercoda/`), against the
//! exact YAML and report expected next to them. `KUBEPLAY_UPDATE_EXPECT=1` rewrites the expected
//! files after a deliberate change (then read the diff).

use kubeplay_core::fs::MemFs;

use super::import;

/// A scenario folder's files, by path relative to `tests/killercoda/`.
macro_rules! scenario {
    ($($path:literal),* $(,)?) => {
        MemFs::new()$(.with_file($path, include_str!(concat!("../../../tests/killercoda/", $path))))*
    };
}

fn expect(name: &str, ext: &str, got: &str) {
    let path = format!(
        "{}/tests/killercoda/{name}.{ext}",
        env!("CARGO_MANIFEST_DIR")
    );
    if std::env::var_os("KUBEPLAY_UPDATE_EXPECT").is_some() {
        std::fs::write(&path, got).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&path).unwrap_or_default();
    assert_eq!(
        got, want,
        "{path} differs (KUBEPLAY_UPDATE_EXPECT=1 rewrites it)"
    );
}

fn check(name: &str, fs: &MemFs) {
    let imported = import(name, fs).unwrap();
    expect(name, "expected.yaml", &imported.yaml);
    expect(
        name,
        "expected.report",
        &(imported.report.join("\n") + "\n"),
    );
}

#[test]
fn create_pod() {
    let fs = scenario!(
        "create-pod/index.json",
        "create-pod/intro.md",
        "create-pod/finish.md",
        "create-pod/step1/text.md",
        "create-pod/step1/verify.sh",
        "create-pod/step2/text.md",
        "create-pod/step2/verify.sh",
    );
    check("create-pod", &fs);
}

#[test]
fn expose_deployment() {
    let fs = scenario!(
        "expose-deployment/index.json",
        "expose-deployment/intro.md",
        "expose-deployment/setup.sh",
        "expose-deployment/finish.md",
        "expose-deployment/step1/text.md",
        "expose-deployment/step1/verify.sh",
        "expose-deployment/step2/text.md",
        "expose-deployment/step2/verify.sh",
        "expose-deployment/step3/text.md",
        "expose-deployment/step3/verify.sh",
    );
    check("expose-deployment", &fs);
}

#[test]
fn bad_scenarios_are_errors_naming_the_file() {
    let index = |steps: &str| {
        format!(
            r#"{{"title": "T", "details": {{"steps": [{steps}]}}, "backend": {{"imageid": "kubernetes-kubeadm-1node"}}}}"#
        )
    };
    let cases = [
        (MemFs::new(), "index.json: cannot read the file"),
        (
            MemFs::new().with_file("s/index.json", "{\"title\": 3,\n}"),
            "index.json:1: invalid type: integer `3`, expected a string at line 1 column 11",
        ),
        (
            MemFs::new().with_file(
                "s/index.json",
                &index(r#"{"title": "a", "text": "../secret.md"}"#),
            ),
            "../secret.md: a scenario's files stay inside its folder",
        ),
        (
            MemFs::new().with_file(
                "s/index.json",
                &index(r#"{"title": "a", "text": "missing.md"}"#),
            ),
            "missing.md: cannot read the file",
        ),
        (
            MemFs::new()
                .with_file(
                    "s/index.json",
                    &index(r#"{"title": "a", "verify": "v.sh"}"#),
                )
                .with_file("s/v.sh", &"#".repeat(super::scenario::MAX_FILE_BYTES + 1)),
            "v.sh: larger than 262144 bytes",
        ),
        (
            MemFs::new()
                .with_file(
                    "s/index.json",
                    &index(r#"{"title": "a", "verify": "v.sh"}"#),
                )
                .with_file("s/v.sh", "ssh node01 test -f /etc/kubernetes/admin.conf\n"),
            "no step has a check the playground can run: nothing to grade",
        ),
        (
            MemFs::new().with_file(
                "s/index.json",
                &index(&vec![r#"{"title": "a"}"#; 101].join(",")),
            ),
            "index.json: 101 steps, more than 100",
        ),
    ];
    for (fs, want) in cases {
        assert_eq!(import("s", &fs), Err(want.to_string()));
    }
}

#[test]
fn folder_names_become_exercise_names() {
    assert_eq!(super::name_of("scenarios/Create_A-Pod/"), "create-a-pod");
    assert_eq!(super::name_of("42"), "imported-42");
    assert_eq!(super::name_of("..."), "imported");
}

#[test]
fn configmap_env() {
    let fs = scenario!(
        "configmap-env/index.json",
        "configmap-env/intro.md",
        "configmap-env/finish.md",
        "configmap-env/step1/text.md",
        "configmap-env/step1/verify.sh",
        "configmap-env/step2/text.md",
        "configmap-env/step2/verify.sh",
    );
    check("configmap-env", &fs);
}

/// Every prefix of the scenarios' files: an error or a conversion, never a panic.
#[test]
fn truncated_files_never_panic() {
    let index = include_str!("../../../tests/killercoda/expose-deployment/index.json");
    for (cut, _) in index.char_indices() {
        let fs = MemFs::new().with_file("s/index.json", &index[..cut]);
        assert!(import("s", &fs).is_err(), "{cut}");
    }
    for text in [
        include_str!("../../../tests/killercoda/configmap-env/step1/verify.sh"),
        include_str!("../../../tests/killercoda/configmap-env/step2/text.md"),
        include_str!("../../../tests/killercoda/expose-deployment/step3/verify.sh"),
        include_str!("../../../tests/killercoda/create-pod/step2/verify.sh"),
    ] {
        for (cut, _) in text.char_indices() {
            let _ = super::verify::convert(&text[..cut]);
            let _ = super::markdown::convert(&text[..cut]);
            let _ = super::verify::convert(&text[cut..]);
        }
    }
}
