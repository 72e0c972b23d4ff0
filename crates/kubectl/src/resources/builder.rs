//! The builder: a command says where its objects come from and which of kubectl's rules apply,
//! then gets them resolved (`resolve`: resources and names, nothing fetched) or visited (`visit`:
//! listed and, where asked, fetched).

use serde_json::Value;

use super::args::{self, Selection};
use super::files::{self, FileObject};
use super::namespace::file_namespace;
use super::visit::{Group, Info, Plan, Sources};
use super::NO_RESOURCES;
use crate::error::KError;
use crate::Ctx;

/// Where an explicit `-n` binds objects (kubectl's RequireNamespace). Without `-n` nothing is
/// checked: objects keep the namespace they name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum NamespaceCheck {
    /// Not even with `-n` (get, expose).
    #[default]
    None,
    /// An object read from a file must be in the namespace given.
    Files,
    /// So must every listed object; with `-A` that leaves the cluster-scoped ones.
    Everything,
}

/// What a document that cannot be read, mapped to a resource or placed in its namespace does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OnError {
    /// The first one fails the command before it acts on anything.
    #[default]
    Stop,
    /// An object of a kind the server does not know is reported in its place and the others go
    /// on (describe); the other failures stop the command.
    SkipUnknownKinds,
    /// Every failure is reported in its place and the others go on (apply, create).
    Continue,
}

/// Which resources a rule about names applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Namespaced,
    Any,
}

/// kubectl's rules for names given with selectors or `-A`; a command asks for those it keeps.
#[derive(Debug, Clone, Copy, Default)]
struct NameRules {
    /// "name cannot be provided when a selector is specified"
    no_names_with_selector: bool,
    /// "resource(s) were provided, but no name was specified"
    names_required: bool,
    /// "a resource cannot be retrieved by name across all namespaces", for resources of a scope.
    no_names_across_namespaces: Option<Scope>,
}

/// A predicate on objects read from files, applied before anything else looks at them.
type FileFilter<'b> = Box<dyn Fn(&Value) -> bool + 'b>;

pub struct Builder<'b, 'c> {
    ctx: &'b mut Ctx<'c>,
    namespace: String,
    explicit_namespace: bool,
    check: NamespaceCheck,
    all_namespaces: bool,
    paths: Vec<String>,
    recursive: bool,
    kustomize: String,
    bare_read_errors: bool,
    local: bool,
    on_error: OnError,
    file_filter: Option<FileFilter<'b>>,
    args: Vec<String>,
    label: String,
    field: String,
    rules: NameRules,
    require_object: bool,
    latest: bool,
}

impl<'b, 'c> Builder<'b, 'c> {
    /// A builder in the namespace of `-n` or the context (kubectl's NamespaceParam and
    /// DefaultNamespace in one).
    pub fn new(ctx: &'b mut Ctx<'c>) -> Self {
        Builder {
            namespace: ctx.namespace(),
            explicit_namespace: ctx.namespace_explicit(),
            ctx,
            check: NamespaceCheck::None,
            all_namespaces: false,
            paths: Vec::new(),
            recursive: false,
            kustomize: String::new(),
            bare_read_errors: false,
            local: false,
            on_error: OnError::Stop,
            file_filter: None,
            args: Vec::new(),
            label: String::new(),
            field: String::new(),
            rules: NameRules::default(),
            require_object: true,
            latest: false,
        }
    }

    /// `-f` paths (files, directories, `-`) and `-R`. When any is given, arguments are ignored.
    pub fn filenames(mut self, paths: &[String], recursive: bool) -> Self {
        self.paths = paths.to_vec();
        self.recursive = recursive;
        self
    }

    /// `-k DIR`: the objects a kustomization builds, instead of `-f` files (empty: none).
    pub fn kustomize(mut self, dir: &str) -> Self {
        self.kustomize = dir.to_string();
        self
    }

    /// get and describe print what stops them reading files (a document that does not parse, a
    /// kustomization that does not build) without kubectl's `error: ` prefix.
    pub fn bare_read_errors(mut self) -> Self {
        self.bare_read_errors = true;
        self
    }

    /// `TYPE NAME...`, `TYPE/NAME...` or `TYPE1,TYPE2` as typed.
    pub fn resource_type_or_name_args(mut self, args: &[String]) -> Self {
        self.args = args.to_vec();
        self
    }

    pub fn label_selector(mut self, selector: &str) -> Self {
        self.label = selector.to_string();
        self
    }

    pub fn field_selector(mut self, selector: &str) -> Self {
        self.field = selector.to_string();
        self
    }

    /// `-A`: types without names are listed in every namespace.
    pub fn all_namespaces(mut self, all: bool) -> Self {
        self.all_namespaces = all;
        self
    }

    pub fn require_namespace(mut self, check: NamespaceCheck) -> Self {
        self.check = check;
        self
    }

    pub fn on_error(mut self, on_error: OnError) -> Self {
        self.on_error = on_error;
        self
    }

    /// `--local`: objects from files stay as written, not even placed in a namespace.
    pub fn local(mut self, local: bool) -> Self {
        self.local = local;
        self
    }

    /// Keep only the objects from files that `keep` accepts (a `-l` applied on the client).
    pub fn select_files(mut self, keep: impl Fn(&Value) -> bool + 'b) -> Self {
        self.file_filter = Some(Box::new(keep));
        self
    }

    /// Refuse names when `selecting` (a selector or `--all`, as the command counts them).
    pub fn names_exclude_selector(mut self, selecting: bool) -> Self {
        self.rules.no_names_with_selector = selecting;
        self
    }

    /// Refuse a type without names unless `selecting`: such a command never acts on a whole
    /// type by accident.
    pub fn names_required_unless(mut self, selecting: bool) -> Self {
        self.rules.names_required = !selecting;
        self
    }

    /// With `-A`, refuse names of `scope` resources: a name is looked up in one namespace.
    pub fn names_in_one_namespace(mut self, scope: Scope) -> Self {
        self.rules.no_names_across_namespaces = Some(scope);
        self
    }

    /// Whether named objects are fetched while visiting (the default) or left for the command.
    pub fn require_object(mut self, require: bool) -> Self {
        self.require_object = require;
        self
    }

    /// Fetch the live version of every object read from a file too.
    pub fn latest(mut self) -> Self {
        self.latest = true;
        self
    }

    /// Resolve, then list and fetch what the command acts on.
    pub fn visit(mut self) -> Result<super::Visited, KError> {
        let plan = self.plan()?;
        Ok(plan.visit(self.ctx))
    }

    /// The resources and names the command acts on, with kubectl's errors for wrong shapes;
    /// nothing is fetched yet (discovery aside).
    pub fn resolve(mut self) -> Result<Plan, KError> {
        self.plan()
    }

    fn plan(&mut self) -> Result<Plan, KError> {
        self.check_filename_options()?;
        let sources = if !self.paths.is_empty() || !self.kustomize.is_empty() {
            self.read_files()?
        } else if self.args.is_empty() {
            return Err(KError::msg(NO_RESOURCES));
        } else {
            let selections = args::from_args(self.ctx, &self.args)?;
            self.check_names(&selections)?;
            Sources::Args(selections.into_iter().map(|s| self.group(s)).collect())
        };
        let single_path = self.paths.len() == 1 && !self.ctx.fs.is_dir(&self.paths[0]);
        Ok(Plan {
            sources,
            namespace: self.namespace.clone(),
            all_namespaces: self.all_namespaces,
            enforce_lists: self.explicit_namespace && self.check == NamespaceCheck::Everything,
            label: self.label.clone(),
            field: self.field.clone(),
            require_object: self.require_object,
            latest: self.latest,
            single_path,
        })
    }

    /// cli-runtime's FilenameOptions rules: `-k` goes alone.
    fn check_filename_options(&self) -> Result<(), KError> {
        if self.kustomize.is_empty() {
            return Ok(());
        }
        if !self.paths.is_empty() {
            return Err(KError::msg("only one of -f or -k can be specified"));
        }
        if self.recursive {
            return Err(KError::msg("the -k flag can't be used with -f or -R"));
        }
        Ok(())
    }

    /// kubectl's rules for names, in the order it checks them.
    fn check_names(&self, selections: &[Selection]) -> Result<(), KError> {
        let named = selections.iter().any(|s| !s.names.is_empty());
        if named && self.rules.no_names_with_selector {
            return Err(KError::msg(
                "name cannot be provided when a selector is specified",
            ));
        }
        let across = self
            .rules
            .no_names_across_namespaces
            .filter(|_| self.all_namespaces);
        let refused = |s: &Selection| match across {
            Some(Scope::Any) => true,
            Some(Scope::Namespaced) => s.info.namespaced,
            None => false,
        };
        if selections.iter().any(|s| !s.names.is_empty() && refused(s)) {
            return Err(KError::msg(
                "a resource cannot be retrieved by name across all namespaces",
            ));
        }
        if !named && self.rules.names_required {
            return Err(KError::msg(
                "resource(s) were provided, but no name was specified",
            ));
        }
        Ok(())
    }

    /// Where one selection's names are, or where its type is listed.
    fn group(&self, s: Selection) -> Group {
        let listed_everywhere = self.all_namespaces && s.names.is_empty();
        let namespace = (s.info.namespaced && !listed_everywhere).then(|| self.namespace.clone());
        Group {
            resource: s.info,
            namespace,
            names: s.names,
        }
    }

    /// Every object of the files, mapped to its resource and placed in its namespace.
    fn read_files(&mut self) -> Result<Sources, KError> {
        let bare = |e: KError| match e {
            KError::Error(m) => KError::Raw(format!("{m}\n")),
            other => other,
        };
        let (objects, unreadable) = match self.kustomize.as_str() {
            "" => files::read(self.ctx, &self.paths, self.recursive)?,
            dir => match files::kustomized(self.ctx, dir) {
                Ok(read) => read,
                Err(e) if self.bare_read_errors => return Err(bare(e)),
                Err(e) => return Err(e),
            },
        };
        let mut read_errors: Vec<KError> = unreadable.into_iter().map(KError::Error).collect();
        if self.bare_read_errors {
            read_errors = read_errors.into_iter().map(bare).collect();
        }
        if self.on_error != OnError::Continue && !read_errors.is_empty() {
            return Err(read_errors.remove(0));
        }
        let mut items = Vec::new();
        for file in objects {
            if self
                .file_filter
                .as_ref()
                .is_some_and(|keep| !keep(&file.value))
            {
                continue;
            }
            match self.file_info(file) {
                Ok(info) => items.push(Ok(info)),
                Err((e, stop)) if stop => return Err(e),
                Err((e, _)) => items.push(Err(e)),
            }
        }
        Ok(Sources::Files { items, read_errors })
    }

    /// One object from a file as an `Info`, or what went wrong and whether that stops the
    /// command.
    fn file_info(&mut self, mut file: FileObject) -> Result<Info, (KError, bool)> {
        let resource = files::info_for_object(self.ctx, &file)
            .map_err(|e| (e, self.on_error == OnError::Stop))?;
        let namespace = if self.local {
            None
        } else {
            let enforce = self.explicit_namespace && self.check != NamespaceCheck::None;
            file_namespace(&resource, &mut file.value, &self.namespace, enforce)
                .map_err(|e| (e, self.on_error != OnError::Continue))?
        };
        Ok(Info {
            name: kubeplay_core::api::meta::name(&file.value).to_string(),
            resource,
            namespace,
            live: None,
            file: Some(file),
        })
    }
}
