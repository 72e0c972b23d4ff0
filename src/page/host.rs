//! The page's side of the embed protocol (`embed`): the options of its address applied once at
//! load, a host page's requests (preload, run, reset, set a file) done as if typed, and the
//! messages the page owes its host (ready, each command, each answer) queued for `web` to post.

use super::embed::{lines, message, Layout, Options, Ran, Request, Theme};
use super::lesson::Lesson;
use super::model::Page;
use super::words::words;

/// What the views need to know of the options.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FrameView {
    pub layout: Layout,
    pub theme: Theme,
    pub readonly: bool,
    /// The page grows with its content (an embed without a height).
    pub fit: bool,
}

/// Files (name, text) and command lines a host preloaded.
type Preload = (Vec<(String, String)>, Vec<String>);

/// The page as a host sees it.
#[derive(Default)]
pub struct Host {
    /// A host page may listen: commands are reported and requests answered.
    framed: bool,
    ready_sent: bool,
    /// What the host preloaded, for `reset` to do again.
    loaded: Option<Preload>,
    /// Messages to post, as JSON text, oldest first.
    outbox: Vec<String>,
    /// The options to keep in the address (`Options::fragment`).
    fragment: String,
}

impl Page {
    /// Apply the address's options before the first paint: layout, theme, language, read-only
    /// files and the profile (a fresh cluster of it unless the restored one is already). `framed`:
    /// the page is in a frame, so a host page may be listening.
    pub fn configure(&mut self, options: &Options, framed: bool) {
        self.view.frame = FrameView {
            layout: options.layout,
            theme: options.theme,
            readonly: options.readonly,
            fit: options.fit,
        };
        if let Some(lang) = options.lang {
            self.set_lang(lang);
        }
        if let Some(profile) = &options.profile {
            if self.engine.profile() != profile && self.lesson.is_none() && self.exam.is_none() {
                self.engine.start_exercise(profile, &[], &[]);
            }
        }
        self.host.fragment = options.fragment();
        if framed {
            self.host.framed = true;
            self.engine.keep_commands();
        }
    }

    /// The messages to post to the host since the last call.
    pub fn take_messages(&mut self) -> Vec<String> {
        std::mem::take(&mut self.host.outbox)
    }

    pub(super) fn readonly(&self) -> bool {
        self.view.frame.readonly
    }

    /// When the page rewrites its address (an exercise opened or closed), the options it was
    /// opened with stay in the fragment, so a reload keeps its layout, theme and storage.
    pub(super) fn keep_options_in_address(&mut self) {
        let Some(address) = &self.view.address else {
            return;
        };
        if !self.host.fragment.is_empty() && !address.contains('#') {
            self.view.address = Some(format!("{address}#{}", self.host.fragment));
        }
    }

    /// A host page's request, done and answered.
    pub(super) fn host_request(&mut self, request: Request) {
        let id = request.id().clone();
        self.report_commands();
        let ran = match request {
            Request::Load {
                files, commands, ..
            } => {
                let ran = self.preload(&files, &commands);
                self.host.loaded = Some((files, commands));
                ran
            }
            Request::Run { line, .. } => {
                if self.engine.watching() || self.engine.continuing() {
                    self.engine.interrupt("");
                }
                self.run_lines(&lines(&line))
            }
            Request::Reset { .. } => {
                self.engine.screen_mut().clear();
                // An open exercise starts over with its own files and setup, nothing done.
                if self.lesson.is_some() {
                    self.reset_exercise();
                } else {
                    self.engine.reset_cluster(words(self.lang));
                }
                match self.host.loaded.clone() {
                    Some((files, commands)) => self.preload(&files, &commands),
                    None => Vec::new(),
                }
            }
            Request::SetFile { name, text, .. } => {
                self.engine.files_mut().write(&name, &text);
                self.engine.save_files();
                Vec::new()
            }
            Request::Exercise { text, .. } => match Lesson::from_text("exercise", &text) {
                Ok(lesson) => {
                    self.begin(lesson);
                    Vec::new()
                }
                Err(e) => {
                    self.host.outbox.push(message::failed(&id, &e));
                    return;
                }
            },
        };
        self.report(&ran);
        self.host.outbox.push(message::done(&id, &ran));
    }

    /// Write the files (the first one open) and run the lines as if typed.
    fn preload(&mut self, files: &[(String, String)], commands: &[String]) -> Vec<Ran> {
        for (name, text) in files {
            self.engine.files_mut().write(name, text);
        }
        if let Some((first, _)) = files.first() {
            self.engine.files_mut().set_active(first);
        }
        self.engine.save_files();
        self.run_lines(commands)
    }

    fn run_lines(&mut self, lines: &[String]) -> Vec<Ran> {
        for line in lines {
            self.engine.submit(line);
            self.grade_command();
        }
        self.engine.take_ran()
    }

    /// After every action: the commands it ran, and `ready` once the page has booted and read
    /// its address (`opened`: the action was `OpenUrl`, which follows the boot).
    pub(super) fn after_action(&mut self, opened: bool) {
        if !self.host.framed {
            return;
        }
        self.report_commands();
        if opened && !self.host.ready_sent {
            self.host.ready_sent = true;
            let ready = message::ready(self.view.frame.layout, self.engine.profile());
            self.host.outbox.push(ready);
        }
    }

    fn report_commands(&mut self) {
        let ran = self.engine.take_ran();
        self.report(&ran);
    }

    fn report(&mut self, ran: &[Ran]) {
        if self.host.framed {
            let events = ran.iter().map(message::command);
            self.host.outbox.extend(events);
        }
    }
}
