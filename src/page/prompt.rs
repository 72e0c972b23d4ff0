//! The terminal's input line and the shell comforts around it: ↑/↓ through history (keeping the
//! line being typed), Ctrl-R reverse search, and where the caret goes after a completion.

use super::history::History;

#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct Search {
    pub query: String,
    /// Index in history of the current match.
    pub at: Option<usize>,
}

/// Where the view should put the caret: a new `seq` each time the text changed under it (a
/// completion), `at` in UTF-16 units as the input element counts.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct Caret {
    pub seq: u64,
    pub at: u32,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Recall {
    /// ↑
    Older,
    /// ↓
    Newer,
}

#[derive(Default)]
pub struct Prompt {
    text: String,
    /// The history line shown while ↑/↓ browse it.
    recall: Option<usize>,
    /// The line typed before ↑, which ↓ past the newest line brings back.
    draft: String,
    search: Option<Search>,
    caret: Caret,
}

impl Prompt {
    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn search(&self) -> Option<&Search> {
        self.search.as_ref()
    }

    pub fn caret(&self) -> Caret {
        self.caret
    }

    /// The input element's new value: the line, or the search query while searching.
    pub fn input(&mut self, value: String, history: &History) {
        match &mut self.search {
            Some(s) => {
                s.at = history.find_back(&value, history.len());
                s.query = value;
            }
            None => self.text = value,
        }
    }

    /// The line to run (Enter): the search's match while searching. The line is emptied.
    pub fn take_line(&mut self, history: &History) -> String {
        let line = match self.search.take() {
            Some(s) => matched(&s, history).unwrap_or_default(),
            None => std::mem::take(&mut self.text),
        };
        self.text.clear();
        self.recall = None;
        line
    }

    /// Ctrl-C: the line typed so far, dropped.
    pub fn drop_line(&mut self) -> String {
        self.recall = None;
        std::mem::take(&mut self.text)
    }

    pub fn recall(&mut self, way: Recall, history: &History) {
        let next = match (way, self.recall) {
            (Recall::Older, None) if !history.is_empty() => {
                self.draft = self.text.clone();
                Some(history.len() - 1)
            }
            (Recall::Older, Some(i)) => Some(i.saturating_sub(1)),
            (Recall::Newer, Some(i)) if i + 1 < history.len() => Some(i + 1),
            (Recall::Newer, Some(_)) => None,
            (_, p) => p,
        };
        let was = std::mem::replace(&mut self.recall, next);
        match next {
            Some(i) => self.text = history.get(i).cloned().unwrap_or_default(),
            None if was.is_some() => self.text = self.draft.clone(),
            None => {}
        }
    }

    /// Replace the text after a completion and ask the view to put the caret after `before`.
    pub fn complete(&mut self, before: &str, after: &str) {
        self.text = format!("{before}{after}");
        self.caret = Caret {
            seq: self.caret.seq + 1,
            at: before.encode_utf16().count().try_into().unwrap_or(u32::MAX),
        };
    }

    /// Ctrl-R: start a search, or look further back for the same query.
    pub fn search_back(&mut self, history: &History) {
        match &mut self.search {
            None => self.search = Some(Search::default()),
            Some(s) => {
                let before = s.at.unwrap_or(history.len());
                s.at = history.find_back(&s.query, before).or(s.at);
            }
        }
    }

    /// Leave the search keeping its match on the line (Escape, arrows, Tab).
    pub fn accept_search(&mut self, history: &History) {
        if let Some(s) = self.search.take() {
            if let Some(m) = matched(&s, history) {
                self.text = m;
            }
        }
    }

    /// Leave the search with an empty line (Ctrl-C, Ctrl-G).
    pub fn cancel_search(&mut self) {
        self.search = None;
        self.text.clear();
    }
}

/// The history line a search points at.
pub fn matched(s: &Search, history: &History) -> Option<String> {
    s.at.and_then(|i| history.get(i).cloned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn history(lines: &[&str]) -> History {
        let mut h = History::default();
        for l in lines {
            h.push(l);
        }
        h
    }

    #[test]
    fn arrows_walk_history_and_come_back_to_the_draft() {
        let h = history(&["kubectl get ns", "kubectl get nodes"]);
        let mut p = Prompt::default();
        p.input("kub".into(), &h);
        p.recall(Recall::Older, &h);
        assert_eq!(p.text(), "kubectl get nodes");
        p.recall(Recall::Older, &h);
        p.recall(Recall::Older, &h);
        assert_eq!(p.text(), "kubectl get ns");
        p.recall(Recall::Newer, &h);
        assert_eq!(p.text(), "kubectl get nodes");
        p.recall(Recall::Newer, &h);
        assert_eq!(p.text(), "kub");
        p.recall(Recall::Newer, &h);
        assert_eq!(p.text(), "kub");
        assert_eq!(p.take_line(&h), "kub");
        assert_eq!(p.text(), "");
        // Nothing to recall on an empty history.
        p.recall(Recall::Older, &History::default());
        assert_eq!(p.text(), "");
    }

    #[test]
    fn reverse_search_finds_older_matches_and_enter_runs_the_match() {
        let h = history(&["get ns a", "get pods", "get ns b"]);
        let mut p = Prompt::default();
        p.search_back(&h);
        p.input("ns".into(), &h);
        assert_eq!(p.search().unwrap().at, Some(2));
        p.search_back(&h);
        assert_eq!(p.search().unwrap().at, Some(0));
        // No older match: the current one stays.
        p.search_back(&h);
        assert_eq!(p.search().unwrap().at, Some(0));
        assert_eq!(p.take_line(&h), "get ns a");
        assert!(p.search().is_none());
    }

    #[test]
    fn leaving_a_search_keeps_or_drops_the_match() {
        let h = history(&["get pods"]);
        let mut p = Prompt::default();
        p.input("typed".into(), &h);
        p.search_back(&h);
        p.input("zzz".into(), &h);
        p.accept_search(&h);
        assert_eq!(p.text(), "typed", "no match: the line stays");
        p.search_back(&h);
        p.input("pods".into(), &h);
        p.accept_search(&h);
        assert_eq!(p.text(), "get pods");
        p.search_back(&h);
        p.cancel_search();
        assert_eq!(p.text(), "");
    }

    #[test]
    fn a_completion_moves_the_caret_in_utf16_units() {
        let mut p = Prompt::default();
        p.complete("echo é ", "rest");
        assert_eq!(p.text(), "echo é rest");
        assert_eq!(p.caret(), Caret { seq: 1, at: 7 });
        p.complete("a", "");
        assert_eq!(p.caret().seq, 2);
    }
}
