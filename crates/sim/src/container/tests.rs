use super::*;

#[test]
fn base64_decodes_secret_data_and_encodes_token_parts() {
    assert_eq!(base64_decode("czNjcmV0"), "s3cret");
    assert_eq!(base64_decode("aGk=\n"), "hi");
    assert_eq!(base64_url("{\"a\":1}"), "eyJhIjoxfQ");
}

#[test]
fn volume_directories_are_named_after_the_moment_they_were_written() {
    let s = stamp(Time(1_795_600_806), "x");
    assert!(s.starts_with("2026_11_25_10_00_06."), "{s}");
}

#[test]
fn users_come_from_the_image_and_the_security_context() {
    let cat = images::catalog();
    let nginx = cat.image("nginx").unwrap();
    let pod = serde_json::json!({"spec": {}});
    let c = serde_json::json!({});
    let u = user_of(nginx, &pod, &c);
    assert_eq!(
        (u.uid, u.name.as_deref(), u.home.as_str()),
        (0, Some("root"), "/root")
    );
    let c = serde_json::json!({"securityContext": {"runAsUser": 1234}});
    let u = user_of(nginx, &pod, &c);
    assert_eq!((u.uid, u.name.as_deref()), (1234, None));
}
