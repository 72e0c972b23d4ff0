//! What a key pressed in the terminal's input means, as a shell gives it: a pure function of the
//! key and the terminal's mode, so the view only reads the event and dispatches.

use super::action::Action;
use super::prompt::Recall;

/// A keydown in the terminal's input line.
#[derive(Clone, Debug, Default)]
pub struct KeyPress<'a> {
    /// `KeyboardEvent.key`: `Enter`, `ArrowUp`, `c`, ...
    pub key: &'a str,
    /// Ctrl, or ⌘ on a Mac.
    pub ctrl: bool,
    pub shift: bool,
    /// Text is selected on the page: Ctrl-C then copies it instead of interrupting.
    pub selection: bool,
    /// The caret's offset in the line (UTF-16 units), for Tab.
    pub cursor: Option<usize>,
}

/// The terminal's mode when the key came.
#[derive(Clone, Copy, Debug, Default)]
pub struct Mode {
    pub searching: bool,
    /// A `kubectl get -w` holds the terminal.
    pub watching: bool,
}

/// What to do with a key: the action to dispatch, and whether the browser's own handling of the
/// key (typing it, moving focus, copying) is to be prevented.
#[derive(Debug, PartialEq)]
pub struct Handled {
    pub action: Option<Action>,
    pub prevent_default: bool,
}

fn take(action: Action) -> Handled {
    Handled {
        action: Some(action),
        prevent_default: true,
    }
}

const PASS: Handled = Handled {
    action: None,
    prevent_default: false,
};

pub fn terminal_key(k: &KeyPress, mode: Mode) -> Handled {
    if mode.searching {
        return search_key(k);
    }
    let interrupt = k.ctrl && k.key == "c";
    if mode.watching {
        // Only Ctrl-C reaches a running `get -w` (and copies when text is selected).
        return match (interrupt, k.selection) {
            (true, false) => take(Action::Interrupt),
            (true, true) => PASS,
            _ => Handled {
                action: None,
                prevent_default: true,
            },
        };
    }
    match k.key {
        "Enter" => take(Action::Enter),
        "ArrowUp" => take(Action::Recall(Recall::Older)),
        "ArrowDown" => take(Action::Recall(Recall::Newer)),
        "Tab" if !k.shift => take(Action::Complete { cursor: k.cursor }),
        "c" if k.ctrl && !k.selection => take(Action::Interrupt),
        "l" if k.ctrl => take(Action::ClearScreen),
        "d" if k.ctrl => take(Action::EndOfInput),
        "r" if k.ctrl => take(Action::SearchBack),
        _ => PASS,
    }
}

/// Reverse search has its own keys.
fn search_key(k: &KeyPress) -> Handled {
    match k.key {
        "r" if k.ctrl => take(Action::SearchBack),
        "Enter" => take(Action::Enter),
        "Escape" | "ArrowLeft" | "ArrowRight" | "ArrowUp" | "ArrowDown" | "Tab" => {
            take(Action::SearchAccept)
        }
        "c" | "g" if k.ctrl => take(Action::SearchCancel),
        _ => PASS,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(key: &str) -> KeyPress<'_> {
        KeyPress {
            key,
            ..KeyPress::default()
        }
    }

    fn ctrl(key: &str) -> KeyPress<'_> {
        KeyPress {
            key,
            ctrl: true,
            ..KeyPress::default()
        }
    }

    const TYPING: Mode = Mode {
        searching: false,
        watching: false,
    };

    #[test]
    fn shell_keys_at_the_prompt() {
        assert_eq!(terminal_key(&key("Enter"), TYPING), take(Action::Enter));
        assert_eq!(
            terminal_key(&key("ArrowUp"), TYPING),
            take(Action::Recall(Recall::Older))
        );
        let tab = KeyPress {
            cursor: Some(3),
            ..key("Tab")
        };
        assert_eq!(
            terminal_key(&tab, TYPING),
            take(Action::Complete { cursor: Some(3) })
        );
        let back_tab = KeyPress {
            shift: true,
            ..key("Tab")
        };
        assert_eq!(terminal_key(&back_tab, TYPING), PASS);
        assert_eq!(terminal_key(&ctrl("c"), TYPING), take(Action::Interrupt));
        assert_eq!(terminal_key(&ctrl("l"), TYPING), take(Action::ClearScreen));
        assert_eq!(terminal_key(&ctrl("d"), TYPING), take(Action::EndOfInput));
        assert_eq!(terminal_key(&ctrl("r"), TYPING), take(Action::SearchBack));
        assert_eq!(terminal_key(&key("a"), TYPING), PASS);
    }

    #[test]
    fn ctrl_c_copies_a_selection() {
        let copy = KeyPress {
            selection: true,
            ..ctrl("c")
        };
        assert_eq!(terminal_key(&copy, TYPING), PASS);
        let watching = Mode {
            watching: true,
            ..TYPING
        };
        assert_eq!(terminal_key(&copy, watching), PASS);
    }

    #[test]
    fn a_watch_takes_only_ctrl_c() {
        let watching = Mode {
            watching: true,
            ..TYPING
        };
        assert_eq!(terminal_key(&ctrl("c"), watching), take(Action::Interrupt));
        for k in [key("Enter"), key("x"), ctrl("l")] {
            assert_eq!(
                terminal_key(&k, watching),
                Handled {
                    action: None,
                    prevent_default: true
                }
            );
        }
    }

    #[test]
    fn search_keys() {
        let searching = Mode {
            searching: true,
            ..TYPING
        };
        assert_eq!(
            terminal_key(&ctrl("r"), searching),
            take(Action::SearchBack)
        );
        assert_eq!(terminal_key(&key("Enter"), searching), take(Action::Enter));
        assert_eq!(
            terminal_key(&key("Tab"), searching),
            take(Action::SearchAccept)
        );
        assert_eq!(
            terminal_key(&ctrl("g"), searching),
            take(Action::SearchCancel)
        );
        assert_eq!(terminal_key(&key("n"), searching), PASS);
    }
}
