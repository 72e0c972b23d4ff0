//! An exercise's Markdown (intro, steps, hints, finish) as blocks the lesson panel draws: prose
//! as HTML that is safe to insert, and fenced blocks marked `exec` as commands with a Run button.
//! Exercise files come from authors the page does not control, so nothing in them becomes markup
//! the page did not write: raw HTML is shown as text, links keep only safe schemes, images show
//! their alt text (the page works offline).

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Parser, Tag, TagEnd};

/// Markdown longer than this is cut: no bundled text comes near it, and rendering stays bounded.
const MAX_TEXT: usize = 64 * 1024;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Block {
    /// HTML made by the renderer from escaped text only.
    Prose(String),
    /// The command lines of an `exec` block.
    Exec(String),
}

/// The blocks of `md`, in order.
pub fn render(md: &str) -> Vec<Block> {
    let md = cut(md);
    let mut blocks = Vec::new();
    let mut prose: Vec<Event> = Vec::new();
    let mut exec: Option<String> = None;
    let mut hidden_link = 0usize;
    for event in Parser::new(md) {
        if let Some(code) = &mut exec {
            match event {
                Event::End(TagEnd::CodeBlock) => {
                    flush(&mut prose, &mut blocks);
                    blocks.push(Block::Exec(code.trim_end().to_string()));
                    exec = None;
                }
                Event::Text(t) => code.push_str(&t),
                _ => {}
            }
            continue;
        }
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) if is_exec(&info) => {
                exec = Some(String::new());
            }
            // Raw HTML is the author's text, shown as written.
            Event::Html(t) | Event::InlineHtml(t) => prose.push(Event::Text(t)),
            Event::Start(Tag::Link { ref dest_url, .. }) if !safe_url(dest_url) => {
                hidden_link += 1;
            }
            Event::End(TagEnd::Link) if hidden_link > 0 => hidden_link -= 1,
            Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image) => {}
            e => prose.push(e),
        }
    }
    flush(&mut prose, &mut blocks);
    blocks
}

fn cut(md: &str) -> &str {
    if md.len() <= MAX_TEXT {
        return md;
    }
    let mut end = MAX_TEXT;
    while !md.is_char_boundary(end) {
        end -= 1;
    }
    &md[..end]
}

fn is_exec(info: &CowStr) -> bool {
    info.split_whitespace().next() == Some("exec")
}

/// Links may go to the web or to a mail address; `javascript:`, `data:` and the like show as
/// their text.
fn safe_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    match lower.split_once(':') {
        Some((scheme, _)) if !scheme.contains(['/', '?', '#']) => {
            matches!(scheme, "http" | "https" | "mailto")
        }
        _ => true,
    }
}

fn flush(prose: &mut Vec<Event>, blocks: &mut Vec<Block>) {
    if prose.is_empty() {
        return;
    }
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, prose.drain(..));
    blocks.push(Block::Prose(html));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_and_exec_blocks_come_in_order() {
        let md = "Create a namespace named `dev`.\n\n```exec\nkubectl create namespace dev\n```\n\nThen **wait**.\n";
        assert_eq!(
            render(md),
            vec![
                Block::Prose("<p>Create a namespace named <code>dev</code>.</p>\n".into()),
                Block::Exec("kubectl create namespace dev".into()),
                Block::Prose("<p>Then <strong>wait</strong>.</p>\n".into()),
            ]
        );
    }

    #[test]
    fn other_fenced_blocks_stay_code() {
        let md = "```yaml\nkind: Pod\n```\n";
        assert_eq!(
            render(md),
            vec![Block::Prose(
                "<pre><code class=\"language-yaml\">kind: Pod\n</code></pre>\n".into()
            )]
        );
    }

    #[test]
    fn raw_html_is_text_and_unsafe_links_are_dropped() {
        let md = "<script>alert(1)</script>\n\nSee <b>this</b>, [x](javascript:alert(1)), \
                  ![img](http://e.x/i.png \"t\") and [docs](https://kubernetes.io).\n";
        let html = match &render(md)[..] {
            [Block::Prose(a), Block::Prose(b)] => format!("{a}{b}"),
            [Block::Prose(a)] => a.clone(),
            other => panic!("{other:?}"),
        };
        assert!(!html.contains("<script"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
        assert!(html.contains("&lt;b&gt;this&lt;/b&gt;"), "{html}");
        assert!(!html.contains("javascript"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(
            html.contains("<a href=\"https://kubernetes.io\">docs</a>"),
            "{html}"
        );
    }

    #[test]
    fn every_bundled_text_renders_without_raw_markup() {
        for (file, text) in crate::exercise::bundled::FILES {
            let Ok(ex) = crate::exercise::load(file, text) else {
                continue;
            };
            let mut texts = vec![ex.spec.intro.clone(), ex.spec.finish.clone()];
            texts.extend(ex.spec.steps.iter().map(|s| s.text.clone()));
            for t in texts {
                for b in render(&t) {
                    if let Block::Prose(h) = b {
                        assert!(!h.contains("<script"), "{file}: {h}");
                    }
                }
            }
        }
    }

    #[test]
    fn a_huge_text_is_cut_at_a_character_boundary() {
        let md = "é".repeat(MAX_TEXT);
        let blocks = render(&md);
        assert_eq!(blocks.len(), 1);
    }
}
