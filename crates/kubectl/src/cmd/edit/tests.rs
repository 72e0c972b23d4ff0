//! `kubectl edit` through a fake editor: each time the file is opened, the next scripted change
//! is made to it (a text replacement), and every version opened is kept for the assertions.

use kubeplay_core::fs::{EditError, Fs, FsError, MemFs};

use crate::run_line;
use crate::testing::{cluster, session};

/// Files in memory and an editor that replaces text, one change per opening.
struct FakeEditor {
    files: MemFs,
    changes: Vec<(&'static str, &'static str)>,
    opened: Vec<String>,
}

impl FakeEditor {
    fn new(changes: &[(&'static str, &'static str)]) -> Self {
        let web = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 1\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n      - name: nginx\n        image: nginx:1.27\n";
        FakeEditor {
            files: MemFs::new().with_file("web.yaml", web),
            changes: changes.to_vec(),
            opened: vec![],
        }
    }
}

impl Fs for FakeEditor {
    fn read(&self, path: &str) -> Result<String, FsError> {
        self.files.read(path)
    }
    fn write(&mut self, path: &str, contents: &str) -> Result<(), FsError> {
        self.files.write(path, contents)
    }
    fn is_dir(&self, path: &str) -> bool {
        self.files.is_dir(path)
    }
    fn list_dir(&self, path: &str) -> Result<Vec<String>, FsError> {
        self.files.list_dir(path)
    }
    fn remove_file(&mut self, path: &str) -> Result<(), FsError> {
        self.files.remove_file(path)
    }
    fn edit(&mut self, path: &str) -> Result<(), EditError> {
        let text = self.files.read(path).map_err(|_| EditError::Unavailable)?;
        self.opened.push(text.clone());
        let (from, to) = match self.changes.len() {
            0 => {
                return Err(EditError::Failed(
                    "there was a problem with the editor \"vi\"".into(),
                ))
            }
            1 => self.changes[0],
            _ => self.changes.remove(0),
        };
        let _ = self.files.write(path, &text.replacen(from, to, 1));
        Ok(())
    }
}

/// Apply web.yaml, then run `line` with the editor's changes: stdout, stderr, exit code, and
/// the editor with what it saw.
fn edit(line: &str, changes: &[(&'static str, &'static str)]) -> (String, String, i32, FakeEditor) {
    let mut c = cluster();
    let mut fs = FakeEditor::new(changes);
    let mut s = session();
    let applied = run_line(&mut s, "apply -f web.yaml", &mut c, &mut fs, None);
    assert_eq!(applied.exit_code, 0, "{}", applied.stderr());
    let out = run_line(&mut s, line, &mut c, &mut fs, None);
    (out.stdout(), out.stderr(), out.exit_code, fs)
}

#[test]
fn a_change_is_patched_and_the_file_removed() {
    let (out, err, code, fs) = edit(
        "edit deploy web --output-patch",
        &[("replicas: 1", "replicas: 3")],
    );
    assert_eq!(err, "");
    assert_eq!(
        out,
        "Patch: {\"spec\":{\"replicas\":3}}\ndeployment.apps/web edited\n"
    );
    assert_eq!(code, 0);
    let first = &fs.opened[0];
    assert!(first.starts_with("# Please edit the object below. Lines beginning with a '#' will be ignored,\n# and an empty file will abort the edit. If an error occurs while saving this file will be\n# reopened with the relevant failures.\n#\napiVersion: apps/v1\nkind: Deployment\n"), "{first}");
    assert!(!first.contains("managedFields"));
    assert_eq!(
        fs.files
            .paths()
            .filter(|p| p.contains("kubectl-edit"))
            .count(),
        0
    );
}

#[test]
fn no_change_cancels() {
    let (out, err, code, _) = edit("edit deploy web", &[("zzz", "zzz")]);
    assert_eq!(
        (out.as_str(), err.as_str(), code),
        ("", "Edit cancelled, no changes made.\n", 0)
    );
}

#[test]
fn a_file_without_api_version_fails_validation_and_reopens() {
    let (_, err, code, fs) = edit(
        "edit deploy web",
        &[("apiVersion", "#apiVersion"), ("zzz", "zzz")],
    );
    assert_eq!(code, 1, "{err}");
    assert!(
        fs.opened[1].contains(
            "# * <nil>: Invalid value: \"The edited file failed validation\": apiVersion not set\n"
        ),
        "{}",
        fs.opened[1]
    );
}

#[test]
fn a_rejected_edit_reopens_with_the_reasons_until_given_up() {
    let (out, err, code, fs) = edit(
        "edit deploy web",
        &[("replicas: 1", "replicas: -1"), ("zzz", "zzz")],
    );
    assert_eq!(out, "");
    assert_eq!(code, 1);
    assert_eq!(
        err,
        "error: deployments.apps \"web\" is invalid\nA copy of your changes has been stored to \"/tmp/kubectl-edit-1795600801.yaml\"\nerror: Edit cancelled, no valid changes were saved.\n"
    );
    let second = &fs.opened[1];
    assert!(second.contains("#\n# deployments.apps \"web\" was not valid:\n# * spec.replicas: Invalid value: -1: must be greater than or equal to 0\n#\napiVersion: apps/v1\n"), "{second}");
    assert!(second.contains("replicas: -1"));
}

#[test]
fn fixing_the_reopened_file_goes_through() {
    let (out, err, code, _) = edit(
        "edit deploy web",
        &[
            ("replicas: 1", "replicas: -1"),
            ("replicas: -1", "replicas: 2"),
        ],
    );
    assert_eq!(err, "error: deployments.apps \"web\" is invalid\n");
    assert_eq!((out.as_str(), code), ("deployment.apps/web edited\n", 0));
}

#[test]
fn renaming_is_refused_and_the_copy_kept() {
    let (_, err, code, fs) = edit("edit deploy web", &[("name: web\n", "name: web2\n")]);
    assert_eq!(code, 1);
    assert_eq!(
        err,
        "A copy of your changes has been stored to \"/tmp/kubectl-edit-1795600800.yaml\"\nerror: At least one of apiVersion, kind and name was changed\n"
    );
    assert!(fs.files.read("/tmp/kubectl-edit-1795600800.yaml").is_ok());
}

#[test]
fn a_syntax_error_reopens_with_it() {
    let (_, _, code, fs) = edit(
        "edit deploy web",
        &[("replicas: 1", "replicas: [1"), ("zzz", "zzz")],
    );
    assert_eq!(code, 1);
    assert!(fs.opened[1].contains("# * <nil>: Invalid value: \"The edited file failed validation\": yaml: line 16: did not find expected ',' or ']'\n"), "{}", fs.opened[1]);
}

#[test]
fn json_has_no_header_and_crlf_when_asked() {
    let (out, _, code, fs) = edit(
        "edit deploy web -o json",
        &[("\"replicas\": 1", "\"replicas\": 4")],
    );
    assert_eq!(code, 0);
    assert!(fs.opened[0].starts_with("{\n    \"apiVersion\": \"apps/v1\""));
    assert!(out.starts_with("{\n"));
    let (_, _, _, fs) = edit("edit deploy web --windows-line-endings", &[("zzz", "zzz")]);
    assert!(fs.opened[0].contains("reopened with the relevant failures.\r\n#\r\napiVersion"));
}

#[test]
fn an_editor_that_fails_is_reported() {
    let (_, err, code, _) = edit("edit deploy web", &[]);
    assert_eq!(
        (err.as_str(), code),
        ("error: there was a problem with the editor \"vi\"\n", 1)
    );
}

/// Files in memory whose editor is the page's: it opens the file and returns at once.
#[derive(Default)]
struct PageEditor(MemFs);

impl Fs for PageEditor {
    fn read(&self, path: &str) -> Result<String, FsError> {
        self.0.read(path)
    }
    fn write(&mut self, path: &str, contents: &str) -> Result<(), FsError> {
        self.0.write(path, contents)
    }
    fn is_dir(&self, path: &str) -> bool {
        self.0.is_dir(path)
    }
    fn list_dir(&self, path: &str) -> Result<Vec<String>, FsError> {
        self.0.list_dir(path)
    }
    fn remove_file(&mut self, path: &str) -> Result<(), FsError> {
        self.0.remove_file(path)
    }
    fn edit(&mut self, _path: &str) -> Result<(), EditError> {
        Err(EditError::Later)
    }
}

/// `kubectl edit deploy web` started with the page's editor: it prints nothing and waits, its
/// file written with the header.
fn page_edit() -> (
    crate::Session,
    kubeplay_cluster::Cluster,
    PageEditor,
    String,
) {
    let mut c = cluster();
    let mut s = session();
    let mut fs = PageEditor(FakeEditor::new(&[]).files);
    let applied = run_line(&mut s, "apply -f web.yaml", &mut c, &mut fs, None);
    assert_eq!(applied.exit_code, 0, "{}", applied.stderr());
    let out = run_line(&mut s, "edit deploy web", &mut c, &mut fs, None);
    assert_eq!((out.combined(), out.exit_code), (String::new(), 0));
    let file = crate::editing_file(&s).unwrap().to_string();
    assert!(fs
        .read(&file)
        .unwrap()
        .starts_with("# Please edit the object below."));
    (s, c, fs, file)
}

#[test]
fn the_page_saves_later_and_the_session_carries_on() {
    let (mut s, mut c, mut fs, file) = page_edit();
    let text = fs.read(&file).unwrap();
    fs.write(&file, &text.replacen("replicas: 1", "replicas: 3", 1))
        .unwrap();
    let out = crate::edit_closed(&mut s, true, &mut c, &mut fs);
    assert_eq!(out.stdout(), "deployment.apps/web edited\n");
    assert!(s.editing.is_none());
    assert!(fs.read(&file).is_err(), "the file is removed");
    let got = run_line(
        &mut s,
        "get deploy web -o jsonpath={.spec.replicas}",
        &mut c,
        &mut fs,
        None,
    );
    assert_eq!(got.stdout(), "3");
}

#[test]
fn the_page_reopens_a_rejected_edit_and_closing_it_gives_up() {
    let (mut s, mut c, mut fs, file) = page_edit();
    let text = fs.read(&file).unwrap();
    fs.write(&file, &text.replacen("replicas: 1", "replicas: -1", 1))
        .unwrap();
    let out = crate::edit_closed(&mut s, true, &mut c, &mut fs);
    assert_eq!(out.stderr(), "error: deployments.apps \"web\" is invalid\n");
    let reopened = crate::editing_file(&s).unwrap().to_string();
    assert_ne!(reopened, file);
    assert!(fs.read(&reopened).unwrap().contains("# deployments.apps \"web\" was not valid:\n# * spec.replicas: Invalid value: -1: must be greater than or equal to 0\n"));
    let out = crate::edit_closed(&mut s, false, &mut c, &mut fs);
    assert_eq!(
        (out.stderr(), out.exit_code),
        (format!("A copy of your changes has been stored to \"{reopened}\"\nerror: Edit cancelled, no valid changes were saved.\n"), 1)
    );
    assert!(s.editing.is_none());
}

#[test]
fn the_page_closing_an_unchanged_file_or_ctrl_c_cancels() {
    let (mut s, mut c, mut fs, file) = page_edit();
    let out = crate::edit_closed(&mut s, false, &mut c, &mut fs);
    assert_eq!(out.stderr(), "Edit cancelled, no changes made.\n");
    assert!(fs.read(&file).is_err());
    let (mut s, _, mut fs, file) = page_edit();
    crate::edit_interrupted(&mut s, &mut fs);
    assert!(s.editing.is_none());
    assert!(fs.read(&file).is_err());
}
