//! A filter's verdict on one node, with the framework's two failure codes: preemption may help
//! an `Unschedulable` node (evicting pods frees resources) but never an `Unresolvable` one.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Code {
    Unschedulable,
    Unresolvable,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub code: Code,
    pub reasons: Vec<String>,
}

impl Status {
    pub fn unschedulable(reason: impl Into<String>) -> Status {
        Status {
            code: Code::Unschedulable,
            reasons: vec![reason.into()],
        }
    }

    pub fn unresolvable(reason: impl Into<String>) -> Status {
        Status {
            code: Code::Unresolvable,
            reasons: vec![reason.into()],
        }
    }
}
