//! How fast a 1,000-object manifest is validated: YAML parsing, typed strict decoding against the
//! API's schema and the server's semantic checks, for every document. `scripts/bench-validate.sh`
//! runs this and `kubernetes-validate` on the same file in one go and prints both numbers; the
//! file is written to `$KUBEPLAY_BENCH_MANIFEST` (when set) so the other tool reads the same bytes.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use kubeplay::api::defaults;
use kubeplay::api::validate::{decode::decode_in, validate};
use kubeplay::yaml::parse_documents;

const OBJECTS: usize = 1_000;

/// Five kinds in turn, each a realistic object of the size people write by hand.
fn manifest(n: usize) -> String {
    let mut s = String::with_capacity(n * 500);
    for i in 0..n {
        let doc = match i % 5 {
            0 => format!(
                "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web-{i}\n  labels:\n    app: web-{i}\nspec:\n  replicas: 3\n  selector:\n    matchLabels:\n      app: web-{i}\n  template:\n    metadata:\n      labels:\n        app: web-{i}\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.27\n        ports:\n        - containerPort: 80\n        resources:\n          requests:\n            cpu: 100m\n            memory: 64Mi\n          limits:\n            memory: 128Mi\n        env:\n        - name: MODE\n          value: production\n"
            ),
            1 => format!(
                "apiVersion: v1\nkind: Service\nmetadata:\n  name: web-{i}\nspec:\n  type: ClusterIP\n  selector:\n    app: web-{i}\n  ports:\n  - name: http\n    port: 80\n    targetPort: 8080\n    protocol: TCP\n"
            ),
            2 => format!(
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings-{i}\n  labels:\n    app: web\ndata:\n  mode: production\n  level: info\n  port: \"8080\"\n"
            ),
            3 => format!(
                "apiVersion: v1\nkind: Pod\nmetadata:\n  name: tool-{i}\n  labels:\n    run: tool-{i}\nspec:\n  restartPolicy: Never\n  containers:\n  - name: tool\n    image: busybox:1.36\n    command: [\"sh\", \"-c\", \"echo hello\"]\n    imagePullPolicy: IfNotPresent\n"
            ),
            _ => format!(
                "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: pi-{i}\nspec:\n  backoffLimit: 4\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n      - name: pi\n        image: perl:5.34\n        command: [\"perl\", \"-Mbignum=bpi\", \"-wle\", \"print bpi(200)\"]\n"
            ),
        };
        s.push_str(&doc);
        s.push_str("---\n");
    }
    s
}

/// Every document checked as the API server would on create; the number of errors found (200:
/// the Jobs' selectors, which admission generates, are not filled in here).
fn validate_all(text: &str) -> usize {
    let Ok(docs) = parse_documents(text) else {
        return usize::MAX;
    };
    let mut errors = 0;
    let schema = kubeplay::schema::for_version("v1.32.0");
    for doc in docs {
        let mut obj = doc.value;
        let av = obj.get("apiVersion").and_then(|v| v.as_str()).unwrap_or("");
        let (group, version) = av.split_once('/').unwrap_or(("", av));
        let (group, version) = (group.to_string(), version.to_string());
        let kind = obj
            .get("kind")
            .and_then(|v| v.as_str())
            .unwrap_or("")
            .to_string();
        if decode_in(schema, &group, &kind, &version, &mut obj, true).is_err() {
            errors += 1;
            continue;
        }
        // The server fills in defaults before it validates (a Job's generated selector aside).
        defaults::apply(&kind, &mut obj);
        errors += validate(&kind, &obj).len();
    }
    errors
}

fn bench(c: &mut Criterion) {
    let text = manifest(OBJECTS);
    if let Ok(path) = std::env::var("KUBEPLAY_BENCH_MANIFEST") {
        if let Err(e) = std::fs::write(&path, &text) {
            eprintln!("cannot write {path}: {e}");
        }
    }
    // Decode the embedded schema once, outside the timing, as a running server has.
    black_box(validate_all(&manifest(5)));
    let mut g = c.benchmark_group("validate");
    g.sample_size(20);
    g.bench_function("1000 objects", |b| {
        b.iter(|| black_box(validate_all(&text)))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
