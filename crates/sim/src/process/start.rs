//! A container whose program is not in its image: runc cannot exec it, and each runtime reports
//! that in its own words (Docker through cri-dockerd, containerd through its CRI plugin).

use crate::Runtime;

/// How the runtime reports a container that could not start.
#[derive(Debug, Clone, PartialEq)]
pub struct StartError {
    /// The terminated state's reason (`ContainerCannotRun`, `StartError`).
    pub reason: &'static str,
    pub exit_code: i32,
    /// The terminated state's message.
    pub message: String,
    /// What the kubelet's `Failed` event says after `Error: `, and the `RunContainerError`
    /// waiting message.
    pub event: String,
    /// The terminated state's start is the Unix epoch (containerd never started it).
    pub epoch_start: bool,
}

/// runc's words for a program it cannot find.
fn runc(program: &str) -> String {
    format!(
        "failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: exec: \"{program}\": executable file not found in $PATH: unknown"
    )
}

/// `container_id`: the runtime's 64-hex id of the container (Docker names it in its error).
pub fn not_found(runtime: Runtime, program: &str, container_id: &str) -> StartError {
    match runtime {
        Runtime::Docker => {
            let message = format!("failed to create task for container: {}", runc(program));
            StartError {
                reason: "ContainerCannotRun",
                exit_code: 127,
                event: format!(
                    "failed to start container \"{container_id}\": Error response from daemon: {message}"
                ),
                message,
                epoch_start: false,
            }
        }
        Runtime::Containerd => {
            let message = format!("failed to create containerd task: {}", runc(program));
            StartError {
                reason: "StartError",
                exit_code: 128,
                event: message.clone(),
                message,
                epoch_start: true,
            }
        }
    }
}
