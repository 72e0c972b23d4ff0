//! The native CLI's files: the disk, plus the user's editor for `kubectl edit`, found as
//! kubectl finds it (`KUBE_EDITOR`, then `EDITOR`, then `vi`; a value with quotes or
//! backslashes runs through `$SHELL -c`, one with spaces is split into words).

use std::process::Command;

use kubeplay_core::fs::{DiskFs, EditError, Fs, FsError};

/// The disk, with an editor.
pub struct EditorFs {
    disk: DiskFs,
}

impl Default for EditorFs {
    fn default() -> Self {
        EditorFs { disk: DiskFs }
    }
}

impl Fs for EditorFs {
    fn read(&self, path: &str) -> Result<String, FsError> {
        self.disk.read(path)
    }
    fn write(&mut self, path: &str, contents: &str) -> Result<(), FsError> {
        self.disk.write(path, contents)
    }
    fn is_dir(&self, path: &str) -> bool {
        self.disk.is_dir(path)
    }
    fn list_dir(&self, path: &str) -> Result<Vec<String>, FsError> {
        self.disk.list_dir(path)
    }
    fn remove_file(&mut self, path: &str) -> Result<(), FsError> {
        self.disk.remove_file(path)
    }
    fn edit(&mut self, path: &str) -> Result<(), EditError> {
        let setting = ["KUBE_EDITOR", "EDITOR"]
            .iter()
            .find_map(|v| std::env::var(v).ok().filter(|s| !s.is_empty()))
            .unwrap_or_else(|| "vi".to_string());
        let shell = std::env::var("SHELL").unwrap_or_else(|_| "/bin/bash".to_string());
        let argv = editor_argv(&setting, &shell, path);
        let Some((program, args)) = argv.split_first() else {
            return Err(EditError::Failed(format!(
                "no editor defined, can't open {path}"
            )));
        };
        match Command::new(program).args(args).status() {
            Ok(status) if status.success() => Ok(()),
            Ok(_) => Err(EditError::Failed(format!(
                "there was a problem with the editor \"{setting}\""
            ))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(EditError::Failed(format!(
                "unable to launch the editor \"{setting}\""
            ))),
            Err(_) => Err(EditError::Failed(format!(
                "there was a problem with the editor \"{setting}\""
            ))),
        }
    }
}

/// The command line kubectl runs for an editor setting and a file.
fn editor_argv(setting: &str, shell: &str, path: &str) -> Vec<String> {
    if !setting.contains(' ') {
        return vec![setting.to_string(), path.to_string()];
    }
    if !setting.contains(['"', '\'', '\\']) {
        let mut words: Vec<String> = setting.split(' ').map(str::to_string).collect();
        words.push(path.to_string());
        return words;
    }
    vec![
        shell.to_string(),
        "-c".to_string(),
        format!("{setting} \"{path}\""),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editors_as_kubectl_runs_them() {
        assert_eq!(editor_argv("vi", "/bin/sh", "/tmp/f"), ["vi", "/tmp/f"]);
        assert_eq!(
            editor_argv("code --wait", "/bin/sh", "/tmp/f"),
            ["code", "--wait", "/tmp/f"]
        );
        assert_eq!(
            editor_argv("sed -i 's/a/b/'", "/bin/sh", "/tmp/f"),
            ["/bin/sh", "-c", "sed -i 's/a/b/' \"/tmp/f\""]
        );
    }
}
