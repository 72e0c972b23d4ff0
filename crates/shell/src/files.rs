//! What commands that read files share.

use kubeplay_core::fs::FsError;

/// A file error in the words the shell's commands print (`No such file or directory`).
pub fn fs_message(e: &FsError) -> String {
    match e {
        FsError::NotFound => "No such file or directory".into(),
        FsError::IsDirectory => "Is a directory".into(),
        // The disk's messages end with " (os error N)", which the shell does not print.
        FsError::Other(m) => match m.rfind(" (os error ") {
            Some(i) if m.ends_with(')') => m.get(..i).unwrap_or(m).to_string(),
            _ => m.clone(),
        },
    }
}
