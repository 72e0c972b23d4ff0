//! Visiting what the builder resolved: listing the types given without names, fetching the
//! objects a command needs live, and the objects that come out (cli-runtime's `Info`).

use serde_json::Value;

use super::files::FileObject;
use super::namespace::namespace_mismatch;
use crate::client::list_error;
use crate::error::KError;
use crate::Ctx;
use kubeplay_core::api::discovery::ResourceInfo;
use kubeplay_core::api::{meta, ApiRequest};

/// One object a command acts on.
#[derive(Debug, Clone)]
pub struct Info {
    pub resource: ResourceInfo,
    /// None for cluster-scoped resources (and for `--local` objects).
    pub namespace: Option<String>,
    pub name: String,
    /// The object as the server has it: listed, or fetched for the command.
    pub live: Option<Value>,
    /// The object as its file has it (namespace filled in), and the file.
    pub file: Option<FileObject>,
}

impl Info {
    pub fn path(&self) -> String {
        self.resource
            .object_path(self.namespace.as_deref(), &self.name)
    }

    /// The object as the server has it now.
    pub fn get(&self, ctx: &mut Ctx) -> Result<Value, KError> {
        ctx.call(ApiRequest::get(self.path()))
    }

    /// The object as its file has it (null when it came from no file).
    pub fn file_value(&self) -> Value {
        self.file
            .as_ref()
            .map(|f| f.value.clone())
            .unwrap_or_default()
    }

    /// The file the object came from, if it came from one.
    pub fn source(&self) -> Option<&str> {
        self.file.as_ref().map(|f| f.source.as_str())
    }
}

/// One resource's share of the arguments: its names, or (without names) a list of the type.
#[derive(Debug, Clone)]
pub struct Group {
    pub resource: ResourceInfo,
    /// Where the names are or the list is made: None for cluster-scoped resources and for lists
    /// across all namespaces.
    pub namespace: Option<String>,
    /// Empty: every object of the type that the selectors match.
    pub names: Vec<String>,
}

impl Group {
    pub fn collection_path(&self) -> String {
        self.resource.collection_path(self.namespace.as_deref())
    }

    pub fn object_path(&self, name: &str) -> String {
        self.resource.object_path(self.namespace.as_deref(), name)
    }

    /// A list of the group's type: `req` (a GET of `collection_path`, where get asks for a
    /// Table) with the selectors, or kubectl's error naming what it listed.
    pub fn list_response(
        &self,
        ctx: &mut Ctx,
        req: ApiRequest,
        label: &str,
        field: &str,
    ) -> Result<Value, KError> {
        ctx.call(with_selectors(req, label, field))
            .map_err(|e| list_error(e, &self.resource, label, field))
    }

    /// Every object of the type the selectors match, with apiVersion and kind filled in (list
    /// items carry none on the wire).
    pub fn list(&self, ctx: &mut Ctx, label: &str, field: &str) -> Result<Vec<Value>, KError> {
        let req = ApiRequest::get(self.collection_path());
        let mut list = self.list_response(ctx, req, label, field)?;
        let items = match list.get_mut("items").map(Value::take) {
            Some(Value::Array(items)) => items,
            _ => Vec::new(),
        };
        Ok(items
            .into_iter()
            .map(|it| meta::canonical(&self.resource, it))
            .collect())
    }
}

/// A list request with the label and field selectors that are set.
fn with_selectors(mut req: ApiRequest, label: &str, field: &str) -> ApiRequest {
    if !label.is_empty() {
        req = req.with_query("labelSelector", label);
    }
    if !field.is_empty() {
        req = req.with_query("fieldSelector", field);
    }
    req
}

pub(super) enum Sources {
    /// Objects read from files, and (when reading goes on past them) the documents that could
    /// not be read.
    Files {
        items: Vec<Result<Info, KError>>,
        read_errors: Vec<KError>,
    },
    Args(Vec<Group>),
}

/// What the builder resolved, ready to be visited.
pub struct Plan {
    pub(super) sources: Sources,
    pub(super) namespace: String,
    pub(super) all_namespaces: bool,
    /// Listed objects must be in the namespace asked for (`-n` with `NamespaceCheck::Everything`).
    pub(super) enforce_lists: bool,
    pub(super) label: String,
    pub(super) field: String,
    pub(super) require_object: bool,
    pub(super) latest: bool,
    /// One path that is not a directory was given (kubectl then implies a single item).
    pub(super) single_path: bool,
}

impl Plan {
    /// The groups to fetch, in order: each resource of the arguments, or one group per object
    /// of the files.
    pub fn groups(&self) -> Vec<Group> {
        match &self.sources {
            Sources::Args(groups) => groups.clone(),
            Sources::Files { items, .. } => items
                .iter()
                .flatten()
                .map(|info| Group {
                    resource: info.resource.clone(),
                    namespace: info.namespace.clone(),
                    names: vec![info.name.clone()],
                })
                .collect(),
        }
    }

    /// List the types without names and fetch what the command needs live; a failure takes
    /// the place of what failed.
    pub fn visit(mut self, ctx: &mut Ctx) -> Visited {
        let mut out = Visited {
            items: Vec::new(),
            read_errors: Vec::new(),
            listed: false,
            single_path: self.single_path,
        };
        match std::mem::replace(&mut self.sources, Sources::Args(Vec::new())) {
            Sources::Files { items, read_errors } => {
                out.read_errors = read_errors;
                out.items = match self.latest {
                    true => items.into_iter().map(|i| fetched(ctx, i?)).collect(),
                    false => items,
                };
            }
            Sources::Args(groups) => {
                for g in &groups {
                    out.listed |= g.names.is_empty();
                    self.visit_group(ctx, g, &mut out.items);
                }
            }
        }
        out
    }

    fn visit_group(&self, ctx: &mut Ctx, g: &Group, items: &mut Vec<Result<Info, KError>>) {
        if g.names.is_empty() {
            match g.list(ctx, &self.label, &self.field) {
                Ok(objects) => items.extend(objects.into_iter().map(|o| self.listed(g, o))),
                Err(e) => items.push(Err(e)),
            }
            return;
        }
        for name in &g.names {
            let info = Info {
                resource: g.resource.clone(),
                namespace: g.namespace.clone(),
                name: name.clone(),
                live: None,
                file: None,
            };
            items.push(match self.require_object {
                true => fetched(ctx, info),
                false => Ok(info),
            });
        }
    }

    /// A listed object, or kubectl's refusal when it lies outside an enforced namespace (with
    /// `-A` that is "", which only cluster-scoped objects are in).
    fn listed(&self, g: &Group, object: Value) -> Result<Info, KError> {
        let namespace = meta::namespace(&object);
        let required = if self.all_namespaces {
            ""
        } else {
            &self.namespace
        };
        if self.enforce_lists && namespace != required {
            return Err(KError::msg(namespace_mismatch(namespace, required)));
        }
        Ok(Info {
            namespace: g.resource.namespaced.then(|| namespace.to_string()),
            name: meta::name(&object).to_string(),
            resource: g.resource.clone(),
            live: Some(object),
            file: None,
        })
    }
}

/// The info with its live object, or the error fetching it.
fn fetched(ctx: &mut Ctx, mut info: Info) -> Result<Info, KError> {
    info.live = Some(info.get(ctx)?);
    Ok(info)
}

/// The objects a command acts on, in the order visited, and what went wrong.
pub struct Visited {
    /// Objects, and in their places the ones that failed (a list, a fetch, a bad document).
    pub items: Vec<Result<Info, KError>>,
    /// Documents that could not be read, when reading went on past them.
    pub read_errors: Vec<KError>,
    listed: bool,
    single_path: bool,
}

impl Visited {
    /// Some type was listed rather than named.
    pub fn listed(&self) -> bool {
        self.listed
    }

    /// kubectl's "single item implied": nothing was listed, and one object was named or one
    /// file path given. Commands then print one object without naming it.
    pub fn single_item_implied(&self) -> bool {
        let found = self.items.iter().filter(|i| i.is_ok()).count();
        !self.listed && (found <= 1 || self.single_path)
    }

    /// The objects, and every error: unreadable documents first, then the rest in order.
    pub fn split(self) -> (Vec<Info>, Vec<KError>) {
        let mut errors = self.read_errors;
        let mut infos = Vec::new();
        for item in self.items {
            match item {
                Ok(info) => infos.push(info),
                Err(e) => errors.push(e),
            }
        }
        (infos, errors)
    }
}
