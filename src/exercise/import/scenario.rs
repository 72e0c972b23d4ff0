//! A Killercoda scenario folder as its `index.json` describes it, read through `Fs` with every
//! size bounded: a scenario is pasted or downloaded, so it is input, not trusted data.

use kubeplay_core::fs::Fs;
use serde::Deserialize;

/// `index.json`, step texts and verify scripts: far above any real scenario.
pub const MAX_FILE_BYTES: usize = 256 * 1024;
/// More steps than any scenario has; beyond it the import stops rather than grind.
pub const MAX_STEPS: usize = 100;

/// The parts of `index.json` the importer reads; the rest (assets, interface) is ignored.
#[derive(Debug, Deserialize)]
pub struct Index {
    pub title: String,
    #[serde(default)]
    pub description: String,
    /// Some scenarios state it: "beginner", "intermediate", "advanced".
    #[serde(default)]
    pub difficulty: Option<String>,
    /// Some scenarios state it: "15 minutes".
    #[serde(default)]
    pub time: Option<String>,
    pub details: Details,
    #[serde(default)]
    pub backend: Backend,
}

#[derive(Debug, Deserialize)]
pub struct Details {
    #[serde(default)]
    pub intro: Page,
    #[serde(default)]
    pub steps: Vec<StepRef>,
    #[serde(default)]
    pub finish: Page,
}

/// The intro and finish pages: a Markdown file, and scripts the importer cannot run.
#[derive(Debug, Default, Deserialize)]
pub struct Page {
    #[serde(default)]
    pub text: Option<String>,
    #[serde(default)]
    pub background: Option<String>,
    #[serde(default)]
    pub foreground: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct StepRef {
    pub title: String,
    #[serde(default)]
    pub text: Option<String>,
    #[serde(default)]
    pub verify: Option<String>,
    #[serde(default)]
    pub background: Option<String>,
    #[serde(default)]
    pub foreground: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
pub struct Backend {
    #[serde(default)]
    pub imageid: String,
}

/// Read and parse `DIR/index.json`.
pub fn read_index(fs: &dyn Fs, dir: &str) -> Result<Index, String> {
    let text = read(fs, dir, "index.json")?;
    let index: Index =
        serde_json::from_str(&text).map_err(|e| format!("index.json:{}: {e}", e.line()))?;
    if index.details.steps.len() > MAX_STEPS {
        return Err(format!(
            "index.json: {} steps, more than {MAX_STEPS}",
            index.details.steps.len()
        ));
    }
    Ok(index)
}

/// Read a file the scenario names, relative to its folder and never outside it.
pub fn read(fs: &dyn Fs, dir: &str, file: &str) -> Result<String, String> {
    if file.starts_with('/') || file.split('/').any(|part| part == "..") {
        return Err(format!("{file}: a scenario's files stay inside its folder"));
    }
    let path = format!("{}/{file}", dir.trim_end_matches('/'));
    let text = fs
        .read(&path)
        .map_err(|_| format!("{file}: cannot read the file"))?;
    if text.len() > MAX_FILE_BYTES {
        return Err(format!("{file}: larger than {MAX_FILE_BYTES} bytes"));
    }
    Ok(text)
}
