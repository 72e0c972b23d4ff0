//! The single-file build: Trunk's `dist/` (index.html, the stylesheet, wasm-bindgen's loader and
//! the wasm) made into one HTML file that works opened from disk (`file://`), where a page can
//! fetch nothing, not even its own module scripts. The stylesheet goes inline; the loader becomes
//! the inline module script, told to instantiate the wasm from bytes inlined as base64 (deflated
//! first, and inflated by the browser's own `DecompressionStream`), never to fetch it; links to
//! files that are not there (preloads, the manifest) go. scripts/build-single.sh runs it.
//!
//! Usage: kubeplay-single DIST OUT.html

// Like the library: nothing may unwrap outside tests.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [dist, out] = args.as_slice() else {
        eprintln!("usage: kubeplay-single DIST OUT.html");
        return ExitCode::from(2);
    };
    match build(Path::new(dist)) {
        Ok(html) => match fs::write(out, &html) {
            Ok(()) => {
                println!("{out}: {} bytes", html.len());
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("kubeplay-single: cannot write {out}: {e}");
                ExitCode::FAILURE
            }
        },
        Err(e) => {
            eprintln!("kubeplay-single: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The one file the build in `dist` makes.
fn build(dist: &Path) -> Result<String, String> {
    let read = |p: &Path| fs::read(p).map_err(|e| format!("cannot read {}: {e}", p.display()));
    let html = String::from_utf8_lossy(&read(&dist.join("index.html"))?).into_owned();
    let loader = find(dist, |n| {
        n.starts_with("kubeplay-web") && n.ends_with(".js")
    })?;
    let wasm = find(dist, |n| n.ends_with("_bg.wasm"))?;
    let css = find(dist, |n| n.ends_with(".css"))?;
    let loader = String::from_utf8_lossy(&read(&loader)?).into_owned();
    let css = String::from_utf8_lossy(&read(&css)?).into_owned();
    let wasm = read(&wasm)?;
    let mut page = String::with_capacity(html.len() + wasm.len());
    let mut rest = html.as_str();
    while let Some(start) = rest.find('<') {
        page.push_str(&rest[..start]);
        rest = &rest[start..];
        let end = rest.find('>').map_or(rest.len(), |e| e + 1);
        let tag = &rest[..end];
        rest = &rest[end..];
        if tag.starts_with("<link") {
            if tag.contains("stylesheet") {
                page.push_str(&format!("<style>{css}</style>"));
            } else if !["preload", "manifest"].iter().any(|k| tag.contains(k)) {
                page.push_str(tag);
            }
        } else if tag.starts_with("<script") && tag.contains("module") {
            // Trunk's bootstrap, which imports the loader from its file: replaced whole.
            let close = rest.find("</script>").ok_or("an unclosed module script")?;
            rest = &rest[close + "</script>".len()..];
            page.push_str(&module(&loader, &wasm)?);
        } else {
            page.push_str(tag);
        }
    }
    page.push_str(rest);
    Ok(page)
}

/// The one file in `dir` whose name `matches`.
fn find(dir: &Path, matches: impl Fn(&str) -> bool) -> Result<PathBuf, String> {
    let entries = fs::read_dir(dir).map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
    let found: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.file_name().and_then(|n| n.to_str()).is_some_and(&matches))
        .collect();
    match found.as_slice() {
        [one] => Ok(one.clone()),
        [] => Err(format!(
            "{} holds no such file: build it first",
            dir.display()
        )),
        _ => Err(format!(
            "{} holds several builds: clean it first",
            dir.display()
        )),
    }
}

/// The loader as an inline module (its exports dropped, as nothing imports it), then the start:
/// the wasm from the inlined bytes.
fn module(loader: &str, wasm: &[u8]) -> Result<String, String> {
    let mut js = String::with_capacity(loader.len());
    for line in loader.lines() {
        let line = line.trim_end();
        if line.starts_with("import ") {
            return Err(format!(
                "the loader imports a file, which file:// cannot: {line}"
            ));
        }
        if line.starts_with("export {") || line.starts_with("export default") {
            continue;
        }
        js.push_str(line.strip_prefix("export ").unwrap_or(line));
        js.push('\n');
    }
    let packed = STANDARD.encode(miniz_oxide::deflate::compress_to_vec_zlib(wasm, 9));
    // In a block: the loader's own top-level names (`wasm`) stay its own. No `</script>` can
    // occur in base64, and the loader is wasm-bindgen's own code.
    Ok(format!(
        "<script type=\"module\">\n{js}\n\
if (typeof DecompressionStream !== \"function\") {{\n\
  document.getElementById(\"app\").innerHTML = '<div class=\"boot\" role=\"alert\"><h1>This browser cannot open kubeplay.html</h1><p>Open it in a current Firefox, Chrome, Edge or Safari.</p></div>';\n\
  throw new Error(\"kubeplay.html needs DecompressionStream\");\n\
}}\n\
{{\n\
const packed = Uint8Array.from(atob(\"{packed}\"), (c) => c.charCodeAt(0));\n\
const inflated = new Blob([packed]).stream().pipeThrough(new DecompressionStream(\"deflate\"));\n\
await __wbg_init({{ module_or_path: await new Response(inflated).arrayBuffer() }});\n\
}}\n\
</script>"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_loader_loses_its_exports_and_starts_from_inlined_bytes() {
        let loader = "let wasm;\nexport function run() {}\nexport class A {}\nasync function __wbg_init(m) {}\nexport { initSync };\nexport default __wbg_init;\n";
        let m = module(loader, b"\0asm").unwrap();
        assert!(m.contains("\nfunction run() {}\nclass A {}\n"), "{m}");
        assert!(!m.contains("export"), "{m}");
        assert!(m.contains("await __wbg_init({ module_or_path: await new Response(inflated)"));
        assert!(module("import * as x from './snippets/a.js';\n", b"").is_err());
    }

    #[test]
    fn styles_go_inline_and_links_to_missing_files_go() {
        let dir = std::env::temp_dir().join(format!("kubeplay-single-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        for (name, text) in [
            ("index.html", "<html><head><link rel=stylesheet href=./style-1.css><link rel=modulepreload href=./kubeplay-web-1.js><link rel=manifest href=manifest.webmanifest><link rel=icon href=data:x><script>var a=1<2</script><script type=module>import init from './kubeplay-web-1.js';await init()</script></head><body></body></html>"),
            ("style-1.css", "body{color:red}"),
            ("kubeplay-web-1.js", "async function __wbg_init(m) {}\nexport default __wbg_init;\n"),
            ("kubeplay-web-1_bg.wasm", "\0asm"),
        ] {
            fs::write(dir.join(name), text).unwrap();
        }
        let page = build(&dir).unwrap();
        fs::remove_dir_all(&dir).unwrap();
        assert!(page.starts_with("<html><head><style>body{color:red}</style><link rel=icon href=data:x><script>var a=1<2</script><script type=\"module\">"), "{page}");
        assert!(!page.contains("kubeplay-web-1.js"), "{page}");
        assert!(!page.contains("manifest"), "{page}");
        assert!(
            page.ends_with("</script></head><body></body></html>"),
            "{page}"
        );
    }
}
