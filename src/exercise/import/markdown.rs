//! Killercoda's Markdown → an exercise's: a code block followed by `{{exec}}` becomes a fenced
//! block marked `exec` (the page offers to run it), `{{copy}}` markers go (any block can be
//! copied), and inline `` `cmd`{{exec}} `` stays inline code. The commands marked `exec` are
//! returned too: without solutions in the scenario, they are the step's solution.

/// Converted Markdown and the `{{exec}}` commands it holds, in order.
#[derive(Debug, Default, PartialEq)]
pub struct Converted {
    pub text: String,
    pub commands: Vec<String>,
}

pub fn convert(md: &str) -> Converted {
    let mut out = Converted::default();
    let lines: Vec<&str> = md.lines().collect();
    let mut i = 0;
    while let Some(line) = lines.get(i) {
        let Some(fence) = fence_of(line) else {
            out.text.push_str(&inline(line, &mut out.commands));
            out.text.push('\n');
            i += 1;
            continue;
        };
        // A fenced block: find its closing fence and the marker after it.
        let close = (i + 1..lines.len()).find(|&j| lines[j].trim_start().starts_with(fence));
        let Some(close) = close else {
            // Unclosed: copied as it is, as Markdown would show it.
            for l in &lines[i..] {
                out.text.push_str(l);
                out.text.push('\n');
            }
            break;
        };
        let body = &lines[i + 1..close];
        let marker = lines[close].trim().trim_start_matches(fence).trim();
        if marker.starts_with("{{exec") {
            out.text.push_str("```exec\n");
            out.commands.push(body.join("\n"));
        } else {
            out.text.push_str(line);
            out.text.push('\n');
        }
        for l in body {
            out.text.push_str(l);
            out.text.push('\n');
        }
        out.text.push_str(fence);
        out.text.push('\n');
        i = close + 1;
    }
    out.text = out.text.trim().to_string();
    out.text.push('\n');
    out
}

/// The fence a line opens (three or more backticks or tildes), if it opens one.
fn fence_of(line: &str) -> Option<&str> {
    let t = line.trim_start();
    ["````", "```", "~~~"]
        .into_iter()
        .find(|f| t.starts_with(f))
}

/// The longest `{{...}}` marker looked for, braces included.
const MARKER_MAX: usize = 32;

/// A line's inline `` `cmd`{{exec}} `` and `` `text`{{copy}} `` markers removed, exec commands
/// collected.
fn inline(line: &str, commands: &mut Vec<String>) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(start) = rest.find("}}") {
        // Markers are short (`exec interrupt`): look back a little, so a line of `}}` stays
        // linear.
        let mut from = start.saturating_sub(MARKER_MAX);
        while !rest.is_char_boundary(from) {
            from -= 1;
        }
        let Some(open) = rest[from..start].rfind("{{").map(|o| o + from) else {
            out.push_str(&rest[..start + 2]);
            rest = &rest[start + 2..];
            continue;
        };
        let marker = &rest[open + 2..start];
        let before = &rest[..open];
        let is_exec = marker.starts_with("exec");
        if !(is_exec || marker == "copy") || !before.ends_with('`') {
            out.push_str(&rest[..start + 2]);
            rest = &rest[start + 2..];
            continue;
        }
        if is_exec {
            let code = &before[..before.len() - 1];
            if let Some(tick) = code.rfind('`') {
                commands.push(code[tick + 1..].to_string());
            }
        }
        out.push_str(before);
        rest = &rest[start + 2..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exec_blocks_become_exec_fences_and_copy_markers_go() {
        let md = "Run:\n\n```plain\nkubectl get pods\n```{{exec}}\n\nA file:\n\n```yaml\nkind: Pod\n```{{copy}}\n\nThen `kubectl get svc`{{exec interrupt}} and `x`{{copy}}.\n";
        let c = convert(md);
        assert_eq!(
            c.text,
            "Run:\n\n```exec\nkubectl get pods\n```\n\nA file:\n\n```yaml\nkind: Pod\n```\n\nThen `kubectl get svc` and `x`.\n"
        );
        assert_eq!(c.commands, ["kubectl get pods", "kubectl get svc"]);
    }

    #[test]
    fn a_long_line_of_braces_is_quick_and_kept() {
        let line = format!("{{{{{}", "}}".repeat(100_000));
        let c = convert(&line);
        assert_eq!(c.text, format!("{line}\n"));
    }

    #[test]
    fn unclosed_fences_and_stray_braces_are_kept() {
        let c = convert("a {{b}} `c`}}\n```\nopen");
        assert_eq!(c.text, "a {{b}} `c`}}\n```\nopen\n");
        assert!(c.commands.is_empty());
    }
}
