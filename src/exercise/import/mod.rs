//! `kubeplay exercise import DIR`: a Killercoda scenario folder → an exercise. The Markdown is
//! converted (`markdown`), each verify script becomes checks where the playground can run them
//! read-only (`verify`, `commands`), the `{{exec}}` commands stand in for the solutions the
//! scenario does not have, and a report says what was not converted and why, and whether the
//! checker passes the result.

mod commands;
mod conditional;
mod markdown;
mod scenario;
mod verify;

use kubeplay_core::fs::Fs;
use serde_json::{json, Value};

use super::model::Lang;
use super::{grade, load};
use scenario::{Index, StepRef};

/// A converted scenario: the exercise's YAML and the report, one line per finding.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    pub name: String,
    pub yaml: String,
    pub report: Vec<String>,
}

/// One step as converted, before steps without checks are merged into their neighbours.
struct StepOut {
    number: usize,
    title: String,
    text: String,
    checks: Vec<String>,
    solution: String,
}

const HEADER: &str =
    "# Imported from a Killercoda scenario by `kubeplay exercise import`: read its report.\n";

/// What the importer cannot read from a scenario: the language its texts are in and the
/// profile to run it on (by default English, and minikube whatever the backend).
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    pub lang: Lang,
    pub profile: Option<String>,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            lang: Lang::En,
            profile: None,
        }
    }
}

/// Import the scenario in folder `dir`, in English on minikube.
pub fn import(dir: &str, fs: &dyn Fs) -> Result<Imported, String> {
    import_with(dir, fs, &Options::default())
}

/// Import the scenario in folder `dir`; Err names what made it impossible.
pub fn import_with(dir: &str, fs: &dyn Fs, options: &Options) -> Result<Imported, String> {
    let index = scenario::read_index(fs, dir)?;
    let name = name_of(dir);
    let lang = options.lang.code();
    let mut report = Vec::new();
    let (minutes, difficulty) = pace(&index, &mut report);
    let profile = match &options.profile {
        Some(p) => {
            report.push(format!(
                "backend {} → profile {p} (as asked)",
                index.backend.imageid
            ));
            p.as_str()
        }
        None => profile_of(&index.backend.imageid, &mut report),
    };
    let intro = page_text(fs, dir, "intro", &index.details.intro, &mut report)?;
    let intro = if intro.trim().is_empty() {
        format!("{}\n", index.description.trim())
    } else {
        intro
    };
    let finish = page_text(fs, dir, "finish", &index.details.finish, &mut report)?;
    let mut steps = Vec::new();
    for (i, step) in index.details.steps.iter().enumerate() {
        steps.push(convert_step(fs, dir, i + 1, step, &mut report)?);
    }
    let steps = merge_unchecked(steps, &mut report)?;
    let doc = json!({
        "apiVersion": "kubeplay.dev/v1",
        "kind": "Exercise",
        "metadata": {
            "name": name, "lang": lang, "title": index.title.trim(),
            "difficulty": difficulty, "minutes": minutes,
        },
        "spec": {
            "profile": profile, "intro": intro, "finish": finish,
            "steps": steps.iter().map(step_value).collect::<Vec<_>>(),
        },
    });
    let yaml = format!("{HEADER}{}", kubeplay_yaml::to_yaml(&doc));
    let origin = format!("{name}.{lang}.yaml");
    let ex =
        load(&origin, &yaml).map_err(|e| format!("the converted exercise does not load: {e}"))?;
    report.insert(
        0,
        format!(
            "{:?} → {name} ({lang}, {} step{})",
            index.title.trim(),
            steps.len(),
            if steps.len() == 1 { "" } else { "s" }
        ),
    );
    report.push(match grade::grade(&ex) {
        Ok(n) => format!(
            "checker: PASS {name} ({lang}, {n} step{})",
            if n == 1 { "" } else { "s" }
        ),
        Err(f) => format!("checker: FAIL {name} ({lang}): {f}"),
    });
    Ok(Imported { name, yaml, report })
}

/// The exercise's name: the folder's, as an identifier.
fn name_of(dir: &str) -> String {
    let base = dir.trim_end_matches('/').rsplit('/').next().unwrap_or("");
    let mut name = String::new();
    for c in base.chars().map(|c| c.to_ascii_lowercase()) {
        let c = if c.is_ascii_lowercase() || c.is_ascii_digit() {
            c
        } else {
            '-'
        };
        if !(c == '-' && (name.is_empty() || name.ends_with('-'))) {
            name.push(c);
        }
    }
    let name: String = name.trim_matches('-').chars().take(63).collect();
    let name = name.trim_end_matches('-');
    if name.starts_with(|c: char| c.is_ascii_lowercase()) {
        name.to_string()
    } else {
        format!("imported-{name}").trim_end_matches('-').to_string()
    }
}

/// Minutes and difficulty: the scenario's when it states them, else defaults said in the report.
fn pace(index: &Index, report: &mut Vec<String>) -> (u32, &'static str) {
    let minutes = index
        .time
        .as_deref()
        .and_then(|t| t.split_whitespace().next()?.parse::<u32>().ok())
        .filter(|m| (1..=600).contains(m));
    let difficulty = match index
        .difficulty
        .as_deref()
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("intermediate") => Some("intermediate"),
        Some("advanced") => Some("advanced"),
        Some("beginner") | Some("easy") => Some("beginner"),
        _ => None,
    };
    if minutes.is_none() {
        report.push("minutes: 15 (the scenario does not say)".into());
    }
    if difficulty.is_none() {
        report.push("difficulty: beginner (the scenario does not say)".into());
    }
    (minutes.unwrap_or(15), difficulty.unwrap_or("beginner"))
}

/// The playground profile for a Killercoda backend image.
fn profile_of(imageid: &str, report: &mut Vec<String>) -> &'static str {
    let note = match imageid {
        "kubernetes-kubeadm-1node" => None,
        "kubernetes-kubeadm-2nodes" => {
            Some("two nodes; the minikube profile has one, so checks on node names may differ")
        }
        _ => Some("not a Kubernetes image the importer knows"),
    };
    report.push(match note {
        None => format!("backend {imageid} → profile minikube"),
        Some(n) => format!("backend {imageid:?} → profile minikube: {n}"),
    });
    "minikube"
}

/// The intro's or finish's Markdown; its scripts are noted, not run.
fn page_text(
    fs: &dyn Fs,
    dir: &str,
    which: &str,
    page: &scenario::Page,
    report: &mut Vec<String>,
) -> Result<String, String> {
    for script in [&page.background, &page.foreground].into_iter().flatten() {
        report.push(format!(
            "{which}: {script} not converted: it prepares a real machine; put what the playground needs in spec.setup"
        ));
    }
    match &page.text {
        Some(file) => Ok(markdown::convert(&scenario::read(fs, dir, file)?).text),
        None => Ok(String::new()),
    }
}

fn convert_step(
    fs: &dyn Fs,
    dir: &str,
    number: usize,
    step: &StepRef,
    report: &mut Vec<String>,
) -> Result<StepOut, String> {
    let at = format!("step {number} {:?}", step.title.trim());
    for script in [&step.background, &step.foreground].into_iter().flatten() {
        report.push(format!(
            "{at}: {script} not converted: it runs on a real machine"
        ));
    }
    let md = match &step.text {
        Some(file) => markdown::convert(&scenario::read(fs, dir, file)?),
        None => markdown::Converted::default(),
    };
    let mut checks = Vec::new();
    match &step.verify {
        None => report.push(format!("{at}: no verify script")),
        Some(file) => {
            let converted = verify::convert(&scenario::read(fs, dir, file)?);
            for (line, note) in &converted.notes {
                report.push(format!("{at}: {file}:{line}: {note}"));
            }
            checks = converted.checks.into_iter().map(|(_, run)| run).collect();
            let n = checks.len();
            report.push(format!(
                "{at}: {n} check{} from {file}",
                if n == 1 { "" } else { "s" }
            ));
        }
    }
    let solution = md
        .commands
        .iter()
        .map(|c| format!("{}\n", c.trim_end()))
        .collect::<String>();
    let source = step.text.as_deref().unwrap_or("its text");
    report.push(if solution.is_empty() {
        format!("{at}: solution: empty, {source} has no {{{{exec}}}} commands; write one")
    } else {
        format!(
            "{at}: solution: the {{{{exec}}}} commands of {source} (the scenario has no solutions)"
        )
    });
    Ok(StepOut {
        number,
        title: step.title.trim().to_string(),
        text: md.text,
        checks,
        solution,
    })
}

/// A step with no check cannot be graded: its text and solution join the next step (the last
/// joins the one before), so the learner still reads it and the checker still runs it.
fn merge_unchecked(steps: Vec<StepOut>, report: &mut Vec<String>) -> Result<Vec<StepOut>, String> {
    let mut out: Vec<StepOut> = Vec::new();
    let mut carry: Option<StepOut> = None;
    for mut step in steps {
        if let Some(prev) = carry.take() {
            step.text = format!("### {}\n\n{}\n{}", prev.title, prev.text, step.text);
            step.solution = format!("{}{}", prev.solution, step.solution);
        }
        if step.checks.is_empty() {
            report.push(format!(
                "step {} {:?}: no check, so its text and solution join the next step",
                step.number, step.title
            ));
            carry = Some(step);
        } else {
            out.push(step);
        }
    }
    if let Some(last) = carry {
        let Some(prev) = out.last_mut() else {
            return Err("no step has a check the playground can run: nothing to grade".into());
        };
        prev.text = format!("{}\n### {}\n\n{}", prev.text, last.title, last.text);
        prev.solution.push_str(&last.solution);
    }
    Ok(out)
}

fn step_value(step: &StepOut) -> Value {
    let hint = format!("Step not done yet: {}.", step.title.trim_end_matches('.'));
    json!({
        "title": step.title,
        "text": step.text,
        "checks": step.checks.iter().map(|run| json!({"run": run, "status": 0, "hint": hint})).collect::<Vec<_>>(),
        "solution": step.solution,
    })
}

#[cfg(test)]
mod tests;
