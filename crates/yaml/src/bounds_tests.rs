//! Size, depth and alias bounds: hostile input fails fast with an error.

use super::*;

fn billion_laughs(levels: usize) -> String {
    let mut s = String::from(
        "a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for i in 1..levels {
        let p = i - 1;
        s.push_str(&format!(
            "a{i}: &a{i} [*a{p},*a{p},*a{p},*a{p},*a{p},*a{p},*a{p},*a{p},*a{p}]\n"
        ));
    }
    s
}

#[test]
fn alias_bomb_is_rejected() {
    // 9^10 nodes if expanded: would never finish or would exhaust memory.
    let e = parse_documents(&billion_laughs(10)).unwrap_err();
    assert_eq!(
        e.kubectl_message(),
        "error converting YAML to JSON: yaml: document contains excessive aliasing"
    );
}

#[test]
fn modest_aliasing_is_fine() {
    let docs = parse_documents(&billion_laughs(3)).unwrap();
    let v = &docs[0].value;
    assert_eq!(v["a2"].as_array().map(Vec::len), Some(9));
    assert_eq!(v["a2"][8][8][8], "lol");
}

#[test]
fn alias_bomb_through_mappings_is_rejected() {
    let mut s = String::from("m0: &m0 {a: x, b: x, c: x, d: x, e: x, f: x, g: x, h: x}\n");
    for i in 1..12 {
        let p = i - 1;
        s.push_str(&format!(
            "m{i}: &m{i} {{a: *m{p}, b: *m{p}, c: *m{p}, d: *m{p}, e: *m{p}, f: *m{p}, g: *m{p}, h: *m{p}}}\n"
        ));
    }
    assert!(parse_documents(&s).is_err());
}

#[test]
fn nesting_depth_is_bounded() {
    let deep_flow = "[".repeat(MAX_DEPTH + 10) + &"]".repeat(MAX_DEPTH + 10);
    let e = parse_documents(&deep_flow).unwrap_err();
    assert!(e.message.contains("exceeded max depth"), "{e}");

    let mut deep_block = String::new();
    for i in 0..(MAX_DEPTH + 5) {
        deep_block.push_str(&" ".repeat(i));
        deep_block.push_str("k:\n");
    }
    let e = parse_documents(&deep_block).unwrap_err();
    assert!(e.message.contains("exceeded max depth"), "{e}");

    let mut ok = String::new();
    for i in 0..(MAX_DEPTH - 1) {
        ok.push_str(&" ".repeat(i));
        ok.push_str("k:\n");
    }
    assert!(parse_documents(&ok).is_ok());
}

#[test]
fn input_size_is_bounded() {
    let big = format!("a: \"{}\"\n", "x".repeat(MAX_INPUT_BYTES));
    let e = parse_documents(&big).unwrap_err();
    assert!(e.message.contains("exceeds the limit"), "{e}");
}

#[test]
fn large_single_line_input_stays_linear() {
    // 600 kB of flow collections on one line: per-node work that scanned the line would take
    // hours here, linear work takes about a second in a debug build.
    let item = "{a: [1, 2], b: x},";
    let text = format!("[{}]", item.repeat(600_000 / item.len()));
    let start = std::time::Instant::now();
    let docs = parse_documents(&text).unwrap();
    assert!(docs[0].value.as_array().is_some_and(|a| a.len() > 30_000));
    // Generous bound: quadratic behaviour would take hours.
    assert!(start.elapsed().as_secs() < 60);
}
