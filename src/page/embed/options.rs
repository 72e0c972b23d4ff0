//! The options of the page's address, read the same way for the full page and an embed's frame.

use super::super::words::{parse_lang, Lang};
use crate::profile::Profile;

/// What the page shows around the terminal.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Layout {
    /// Today's page: header, editor, cluster view and terminal.
    #[default]
    Full,
    /// Only the terminal, filling the frame.
    Terminal,
    /// The editor and the terminal, without the header and the cluster view.
    EditorTerminal,
}

impl Layout {
    fn parse(s: &str) -> Option<Layout> {
        match s {
            "full" => Some(Layout::Full),
            "terminal" => Some(Layout::Terminal),
            "editor-terminal" => Some(Layout::EditorTerminal),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Layout::Full => "full",
            Layout::Terminal => "terminal",
            Layout::EditorTerminal => "editor-terminal",
        }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Theme {
    /// The page's own look (light page, dark terminal).
    #[default]
    Light,
    Dark,
    /// Follows the reader's system (`prefers-color-scheme`).
    Auto,
}

impl Theme {
    fn parse(s: &str) -> Option<Theme> {
        match s {
            "light" => Some(Theme::Light),
            "dark" => Some(Theme::Dark),
            "auto" => Some(Theme::Auto),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
            Theme::Auto => "auto",
        }
    }
}

/// Where the page keeps its state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Persist {
    /// In memory: gone with the page (an embed's default).
    None,
    /// In localStorage (the full page's default).
    Local,
}

/// The options of the page's address. Unknown keys and bad values are ignored, so an old or
/// mistyped link still opens the page.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Options {
    pub layout: Layout,
    pub theme: Theme,
    pub lang: Option<Lang>,
    /// A profile to start with instead of minikube (only a known one).
    pub profile: Option<String>,
    /// Files cannot be edited, renamed, created or deleted in the editor.
    pub readonly: bool,
    /// None: the default, which depends on whether the page is in a frame.
    pub persist: Option<Persist>,
    /// The embed's name (`<kube-playground id>`, or its place on the host page): its storage
    /// keys live under it, so two embeds never see each other's.
    pub id: Option<String>,
    /// The host page's origin: the only one whose messages are read and the only one answers
    /// go to.
    pub origin: Option<String>,
    /// The page grows with its content and reports its height (an embed without `height`).
    pub fit: bool,
}

/// Longest value read for any option.
const MAX_VALUE: usize = 200;
/// Most `key=value` pairs read.
const MAX_PAIRS: usize = 32;

impl Options {
    /// The options in an address's query and fragment (`?a=b#c=d&e`; keys without a value are
    /// flags).
    pub fn from_url(url: &str) -> Options {
        let mut o = Options::default();
        let parts = url.split(['?', '#']).skip(1);
        let pairs = parts.flat_map(|p| form_urlencoded::parse(p.as_bytes()));
        for (key, value) in pairs.take(MAX_PAIRS) {
            if value.len() <= MAX_VALUE {
                o.set(&key, &value);
            }
        }
        o
    }

    fn set(&mut self, key: &str, value: &str) {
        let flag = matches!(value, "" | "1" | "true");
        match key {
            "layout" => self.layout = Layout::parse(value).unwrap_or(self.layout),
            "theme" => self.theme = Theme::parse(value).unwrap_or(self.theme),
            "lang" => self.lang = parse_lang(value).or(self.lang),
            "profile" if Profile::by_name(value).is_some() => {
                self.profile = Some(value.to_string())
            }
            "readonly" => self.readonly = flag,
            "fit" => self.fit = flag,
            "persist" => match value {
                "none" => self.persist = Some(Persist::None),
                "local" => self.persist = Some(Persist::Local),
                _ => {}
            },
            "id" if valid_id(value) => self.id = Some(value.to_string()),
            "origin" if valid_origin(value) => self.origin = Some(value.to_string()),
            _ => {}
        }
    }

    /// Where this page keeps its state: None for memory only, or the prefix of its
    /// localStorage keys. A page in a frame keeps nothing unless asked (`persist=local`); an
    /// embed's keys are under its id, the full page's are those every version used. A frame
    /// never gets the full page's keys, so a page that frames the playground cannot read (with
    /// `run`) what the reader did on the playground's own page.
    pub fn storage_prefix(&self, framed: bool) -> Option<String> {
        let default = if framed {
            Persist::None
        } else {
            Persist::Local
        };
        match self.persist.unwrap_or(default) {
            Persist::None => None,
            Persist::Local => Some(match &self.id {
                Some(id) => format!("kubeplay.embed.{id}."),
                None if framed => "kubeplay.embed.frame.".to_string(),
                None => "kubeplay.".to_string(),
            }),
        }
    }
}

impl Options {
    /// The options that say how the page looks and keeps its state, as a fragment
    /// (`layout=terminal&readonly`): what a rewritten address keeps. The exercise and the
    /// language are in the query already; the profile is in the saved cluster.
    pub fn fragment(&self) -> String {
        let mut f = form_urlencoded::Serializer::new(String::new());
        if self.layout != Layout::Full {
            f.append_pair("layout", self.layout.code());
        }
        if self.theme != Theme::Light {
            f.append_pair("theme", self.theme.code());
        }
        let flags = [("readonly", self.readonly), ("fit", self.fit)];
        for (key, _) in flags.iter().filter(|(_, on)| *on) {
            f.append_pair(key, "1");
        }
        match self.persist {
            Some(Persist::None) => {
                f.append_pair("persist", "none");
            }
            Some(Persist::Local) => {
                f.append_pair("persist", "local");
            }
            None => {}
        }
        for (key, value) in [("id", &self.id), ("origin", &self.origin)] {
            if let Some(v) = value {
                f.append_pair(key, v);
            }
        }
        f.finish()
    }
}

/// An id is a storage key's part: letters, digits and `-_./:`, at most 100.
fn valid_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 100
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:".contains(c))
}

/// `http(s)://host[:port]`, nothing after it (an origin as `location.origin` gives it).
fn valid_origin(s: &str) -> bool {
    let Some(rest) = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"))
    else {
        return false;
    };
    !rest.is_empty()
        && rest
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-.:[]".contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_address_gives_the_options() {
        let o = Options::from_url(
            "?x=1#layout=terminal&profile=k3s&lang=fr&theme=dark&readonly&persist=none&id=docs.p1&origin=https%3A%2F%2Fdocs.example.org&fit",
        );
        assert_eq!(o.layout, Layout::Terminal);
        assert_eq!(o.profile.as_deref(), Some("k3s"));
        assert_eq!(o.lang, Some(Lang::Fr));
        assert_eq!(o.theme, Theme::Dark);
        assert!(o.readonly && o.fit);
        assert_eq!(o.persist, Some(Persist::None));
        assert_eq!(o.id.as_deref(), Some("docs.p1"));
        assert_eq!(o.origin.as_deref(), Some("https://docs.example.org"));
    }

    #[test]
    fn no_address_is_todays_page() {
        let o = Options::from_url("");
        assert_eq!(o, Options::default());
        assert_eq!(o.layout, Layout::Full);
        assert_eq!(o.storage_prefix(false).as_deref(), Some("kubeplay."));
        // The lesson's own keys are read elsewhere; an exercise alone changes nothing here.
        assert_eq!(
            Options::from_url("?exercise=first-namespace&lang=en"),
            Options {
                lang: Some(Lang::En),
                ..Options::default()
            }
        );
    }

    #[test]
    fn bad_values_are_ignored() {
        let o = Options::from_url(
            "#layout=huge&theme=pink&lang=de&profile=openshift&persist=cloud&id=a%20b&origin=javascript:alert(1)&readonly=no",
        );
        assert_eq!(o, Options::default());
        // The last good value wins; a value too long is not read.
        let long = "x".repeat(MAX_VALUE + 1);
        let o = Options::from_url(&format!("#layout=terminal&layout=full&id={long}"));
        assert_eq!(o.layout, Layout::Full);
        assert_eq!(o.id, None);
        assert!(!valid_origin("https://a.org/path"));
        assert!(valid_origin("http://127.0.0.1:8080"));
    }

    #[test]
    fn the_fragment_gives_back_the_same_options() {
        let url = "#layout=editor-terminal&theme=auto&readonly&persist=local&id=a/b&origin=http%3A%2F%2Fh%3A1&fit";
        let o = Options::from_url(url);
        assert_eq!(
            o.fragment(),
            "layout=editor-terminal&theme=auto&readonly=1&fit=1&persist=local&id=a%2Fb&origin=http%3A%2F%2Fh%3A1"
        );
        assert_eq!(Options::from_url(&format!("#{}", o.fragment())), o);
        assert_eq!(Options::from_url("?exercise=x&lang=fr").fragment(), "");
    }

    #[test]
    fn storage_depends_on_the_frame_and_the_id() {
        let at = |url: &str, framed| Options::from_url(url).storage_prefix(framed);
        assert_eq!(at("", true), None, "a frame keeps nothing by default");
        assert_eq!(
            at("#persist=local", true).as_deref(),
            Some("kubeplay.embed.frame."),
            "a frame never reads the full page's keys"
        );
        assert_eq!(
            at("#persist=local&id=p1", true).as_deref(),
            Some("kubeplay.embed.p1.")
        );
        assert_eq!(at("#id=p2", true), None);
        assert_eq!(at("#persist=none", false), None);
        assert_eq!(at("#id=p2", false).as_deref(), Some("kubeplay.embed.p2."));
    }
}
