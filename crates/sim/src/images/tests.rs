use super::*;
use crate::Runtime;

fn r(s: &str) -> Reference {
    Reference::parse(s).unwrap()
}

#[test]
fn the_embedded_catalog_parses_and_is_broad() {
    let cat = catalog::parse_embedded().unwrap();
    assert!(cat.images.len() >= 40, "{}", cat.images.len());
    for image in &cat.images {
        assert!(!image.tags.is_empty(), "{}", image.name);
        assert!(
            image.size > 0 && image.unpacked >= image.size,
            "{}",
            image.name
        );
    }
    let nginx = cat.image("nginx").unwrap();
    assert!(nginx.files["/usr/share/nginx/html/index.html"].contains("Welcome to nginx!"));
    assert_eq!(
        nginx.files["/etc/os-release"],
        cat.image("debian").unwrap().files["/etc/os-release"]
    );
    assert_eq!(nginx.serves[0].port, 80);
    assert!(nginx.has_shell(true));
    assert!(!cat.image("traefik/whoami").unwrap().has_shell(false));
}

#[test]
fn references_split_like_distribution_reference() {
    let n = r("nginx");
    assert_eq!(
        (n.domain.as_str(), n.path.as_str()),
        ("docker.io", "library/nginx")
    );
    assert_eq!(n.full(), "docker.io/library/nginx:latest");
    assert_eq!(r("docker.io/library/nginx:1.25").familiar(), "nginx:1.25");
    assert_eq!(r("myorg/app:1.0").full(), "docker.io/myorg/app:1.0");
    assert_eq!(r("localhost:5000/app").domain, "localhost:5000");
    assert_eq!(
        r("registry.k8s.io/pause:3.10").familiar_name(),
        "registry.k8s.io/pause"
    );
    assert_eq!(r("nginx@sha256:abc").tag, None);
}

#[test]
fn lookups_tell_missing_tags_repositories_and_registries_apart() {
    assert!(matches!(lookup(&r("nginx:1.27")), Lookup::Found(_)));
    assert!(matches!(
        lookup(&r("docker.io/library/busybox")),
        Lookup::Found(_)
    ));
    assert!(matches!(lookup(&r("nginx:doesnotexist")), Lookup::NoTag(_)));
    assert_eq!(lookup(&r("ngnix")), Lookup::NoRepository);
    assert_eq!(
        lookup(&r("registry.example.invalid/app:1")),
        Lookup::NoRegistry
    );
}

#[test]
fn pull_errors_read_as_each_runtime_writes_them() {
    let e = |rt, s: &str| pull::error(rt, &r(s), lookup(&r(s)), "192.168.49.1:53").unwrap();
    assert_eq!(
        e(Runtime::Docker, "nginx:doesnotexist"),
        "rpc error: code = Unknown desc = Error response from daemon: manifest for nginx:doesnotexist not found: manifest unknown: manifest unknown"
    );
    assert_eq!(
        e(Runtime::Containerd, "nginx:doesnotexist"),
        "rpc error: code = NotFound desc = failed to pull and unpack image \"docker.io/library/nginx:doesnotexist\": failed to resolve reference \"docker.io/library/nginx:doesnotexist\": docker.io/library/nginx:doesnotexist: not found"
    );
    assert!(e(Runtime::Docker, "doesnotexist/nope:1.0")
        .contains("pull access denied for doesnotexist/nope, repository"));
    assert!(e(Runtime::Containerd, "registry.example.invalid/app:1").contains("Head \"https://registry.example.invalid/v2/app/manifests/1\": dial tcp: lookup registry.example.invalid on 192.168.49.1:53: no such host"));
    assert_eq!(
        pull::error(Runtime::Docker, &r("nginx"), lookup(&r("nginx")), ""),
        None
    );
}

#[test]
fn invalid_references_are_told_as_distribution_reference_tells_them() {
    use super::reference::invalid;
    assert_eq!(invalid("nginx"), None);
    assert_eq!(
        invalid("registry.k8s.io/e2e-test-images/agnhost:2.53"),
        None
    );
    assert_eq!(invalid("localhost:5000/my_app__x:v1.0-rc"), None);
    assert_eq!(invalid("nginx:Latest"), None);
    assert_eq!(
        invalid("NGINX").as_deref(),
        Some("invalid reference format: repository name (library/NGINX) must be lowercase")
    );
    assert_eq!(
        invalid("nginx:").as_deref(),
        Some("invalid reference format")
    );
    assert_eq!(
        invalid("nginx::1").as_deref(),
        Some("invalid reference format")
    );
    assert_eq!(
        invalid("-nginx").as_deref(),
        Some("invalid reference format")
    );
}
