//! The API server: routes an `ApiRequest` to discovery or to a REST verb on a resource, and
//! answers with JSON or a metav1.Status. The same verbs are offered as methods for the simulator,
//! which acts as the cluster's controllers do: through the API, with admission and versions.

use crate::meta::ResourceExt;
use kubeplay_core::sort::SortOnce;
use serde_json::{json, Value};

use super::admission;
use super::crd;
use super::discovery::{Discovery, ResourceInfo};
use super::meta;
use super::openapi;
use super::patch::{self, PatchKind};
use super::path::{self, Route};
use super::request::{Answer, ApiRequest, ApiResponse, Method};
use super::selector::{FieldSelector, LabelSelector};
use super::ssa;
use super::status::Status;
use super::table;
use crate::auth::UserInfo;
use crate::graceful::{self, DeleteOptions, Outcome};
use crate::rng::Rng;
use crate::store::{Key, Store};
use kubeplay_core::clock::Time;
use kubeplay_schema::Schema;

/// Facts about the server that `/version` and `cluster-info` report.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone)]
pub struct ServerInfo {
    pub git_version: String,
    pub git_commit: String,
    pub build_date: String,
    pub go_version: String,
    pub platform: String,
    /// `https://192.168.49.2:8443`
    pub server_url: String,
    /// Where Service cluster IPs come from (the profile's `--service-cluster-ip-range`).
    pub service_cidr: String,
}

impl Default for ServerInfo {
    fn default() -> Self {
        ServerInfo {
            git_version: "v1.32.0".into(),
            git_commit: "70d3cc986aa8221cd1dfb1121852688902d3bf53".into(),
            build_date: "2024-12-11T17:59:15Z".into(),
            go_version: "go1.23.3".into(),
            platform: "linux/amd64".into(),
            server_url: "https://192.168.49.2:8443".into(),
            service_cidr: "10.96.0.0/12".into(),
        }
    }
}

#[derive(serde::Serialize, serde::Deserialize)]
pub struct ApiServer {
    /// Written only through this crate's methods (`commit.rs`); read through `store()`.
    pub(crate) store: Store,
    pub discovery: Discovery,
    pub info: ServerInfo,
    pub now: Time,
    pub rng: Rng,
    /// Who a request without credentials is: the holder of the cluster's admin kubeconfig, whose
    /// client certificate the transport does not carry (the profile sets it).
    pub admin: UserInfo,
    /// The field manager and subresource of the request being served (None: the control
    /// plane's own write), and whether the write's fields are recorded elsewhere or not at all
    /// (a server-side apply records its own; the scheduler's binding none).
    pub(crate) writer: Option<ssa::Writer>,
    pub(crate) applying: bool,
}

impl ApiServer {
    pub fn new(now: Time) -> ApiServer {
        ApiServer {
            store: Store::new(),
            discovery: Discovery::builtin(),
            info: ServerInfo::default(),
            now,
            rng: Rng::new(0x6b75_6265_706c_6179),
            admin: UserInfo::certificate("kubernetes-admin", &[crate::auth::MASTERS]),
            writer: None,
            applying: false,
        }
    }

    /// The API schema of this server's Kubernetes version (the profile's `git_version`): what
    /// validation decodes against and what `/openapi` documents.
    pub fn schema(&self) -> &'static Schema {
        kubeplay_schema::for_version(&self.info.git_version)
    }

    /// The narrow view of the server admission works with.
    fn admission(&mut self) -> admission::Admission<'_> {
        admission::Admission {
            store: &self.store,
            rng: &mut self.rng,
            now: self.now,
            service_cidr: &self.info.service_cidr,
        }
    }

    /// Serve a request from a client: authenticated and authorized first.
    pub fn handle(&mut self, req: &ApiRequest) -> ApiResponse {
        match self.gate(req) {
            Ok(user) => self.handle_as(req, &user),
            Err(s) => ApiResponse {
                code: s.code,
                body: s.to_json().to_string(),
            },
        }
    }

    /// Serve a request already let through `gate`, as that user.
    pub fn handle_as(&mut self, req: &ApiRequest, user: &UserInfo) -> ApiResponse {
        self.answer_as(req, user).into_response()
    }

    /// `handle_as` before the body is written out, for a client in the same process.
    pub fn answer_as(&mut self, req: &ApiRequest, user: &UserInfo) -> Answer {
        // The health checks answer plain text to anyone.
        if req.method == Method::Get
            && matches!(req.path.as_str(), "/healthz" | "/livez" | "/readyz")
        {
            return Answer::Text(ApiResponse {
                code: 200,
                body: "ok".into(),
            });
        }
        match self.route(req, user) {
            // The version handler writes indented JSON.
            Ok((code, v)) if req.path == "/version" => Answer::Text(ApiResponse {
                code,
                body: serde_json::to_string_pretty(&v).unwrap_or_default(),
            }),
            Ok((code, v)) => Answer::Json(code, v),
            Err(s) => Answer::Json(s.code, s.to_json()),
        }
    }

    fn route(&mut self, req: &ApiRequest, user: &UserInfo) -> Result<(u16, Value), Status> {
        let route = path::parse(&self.discovery, &req.path)?;
        if req.method != Method::Get && !matches!(route, Route::Resource { .. }) {
            return Err(Status::method_not_allowed(
                "the server does not allow this method on the requested resource".to_string(),
            ));
        }
        match route {
            Route::Version => Ok((200, self.version_json())),
            Route::CoreVersions => Ok((200, self.discovery.core_versions())),
            Route::Groups => Ok((200, self.discovery.group_list())),
            Route::ResourceList { group, version } => self
                .discovery
                .resource_list(&group, &version)
                .map(|v| (200, v))
                .ok_or_else(Status::page_not_found),
            // Only JSON is served; a protobuf-only client gets the 404 it got before /openapi/v2.
            Route::OpenApiV2 if !req.accept.contains("json") => Err(Status::page_not_found()),
            Route::OpenApiV2 => Ok((200, openapi::v2_document(&self.discovery, self.schema()))),
            Route::OpenApiV3Index => {
                let mut index = openapi::v3_index(&self.discovery, self.schema());
                // Hook: custom group-versions are hashed from their CRDs (src/api/crd).
                crd::openapi::rehash_index(&self.store, &self.discovery, self.schema(), &mut index);
                Ok((200, index))
            }
            // Hook: custom group-versions are documented from their CRDs (src/api/crd).
            Route::OpenApiV3(doc) => {
                let s = self.schema();
                match crd::openapi::v3_document(&self.store, &self.discovery, s, &doc) {
                    Some(v) => Ok((200, v)),
                    None => openapi::v3_document(&self.discovery, s, &doc).map(|v| (200, v)),
                }
            }
            Route::Resource {
                info,
                namespace,
                name,
                sub,
            } => self.resource(
                req,
                user,
                &info,
                namespace.as_deref(),
                name.as_deref(),
                sub.as_deref(),
            ),
        }
    }

    pub fn version_json(&self) -> Value {
        let (major, minor) = self
            .info
            .git_version
            .trim_start_matches('v')
            .split_once('.')
            .map(|(a, b)| (a.to_string(), b.split('.').next().unwrap_or("").to_string()))
            .unwrap_or_default();
        json!({
            "major": major,
            "minor": minor,
            "gitVersion": self.info.git_version,
            "gitCommit": self.info.git_commit,
            "gitTreeState": "clean",
            "buildDate": self.info.build_date,
            "goVersion": self.info.go_version,
            "compiler": "gc",
            "platform": self.info.platform,
        })
    }

    /// Serve a resource request, its writes recorded under the request's field manager.
    pub(crate) fn resource(
        &mut self,
        req: &ApiRequest,
        user: &UserInfo,
        info: &ResourceInfo,
        ns: Option<&str>,
        name: Option<&str>,
        sub: Option<&str>,
    ) -> Result<(u16, Value), Status> {
        let options = match req.method {
            Method::Post => "CreateOptions",
            Method::Put => "UpdateOptions",
            Method::Patch => "PatchOptions",
            _ => "",
        };
        if !options.is_empty() {
            ssa::handler::check_field_manager(req, options)?;
        }
        self.writer = Some(ssa::Writer::of_request(req, sub));
        let out = self.resource_request(req, user, info, ns, name, sub);
        self.writer = None;
        out
    }

    fn resource_request(
        &mut self,
        req: &ApiRequest,
        user: &UserInfo,
        info: &ResourceInfo,
        ns: Option<&str>,
        name: Option<&str>,
        sub: Option<&str>,
    ) -> Result<(u16, Value), Status> {
        // Hook: a version other than the stored one is converted on the way in and out.
        if let Some(storage) = super::convert::storage_of(&self.discovery, info) {
            return self.converted(req, user, info, &storage, ns, name, sub);
        }
        let dry_run = req.query_param("dryRun") == Some("All") || delete_options_dry_run(req);
        if let (Some("ephemeralcontainers"), "Pod", Some(n)) = (sub, info.kind.as_str(), name) {
            if matches!(req.method, Method::Patch | Method::Put) {
                let body = parse_body(req)?;
                let kind = match req.method {
                    Method::Put => None,
                    _ => Some(
                        PatchKind::from_content_type(&req.content_type)
                            .unwrap_or(PatchKind::Strategic),
                    ),
                };
                let out = self.ephemeral_containers(info, ns, n, &body, kind, dry_run)?;
                return Ok((200, out));
            }
        }
        if Self::is_review(info) && req.method != Method::Post {
            return Err(Status::method_not_allowed(
                "the server does not allow this method on the requested resource",
            ));
        }
        // Hook: a role or binding may not grant more than its writer holds (src/api/auth).
        if info.group == "rbac.authorization.k8s.io" && !user.in_group(crate::auth::MASTERS) {
            let candidate = match (req.method, name) {
                (Method::Post, _) | (Method::Put, Some(_)) => Some(parse_body(req)?),
                (Method::Patch, Some(n)) => {
                    let kind = PatchKind::from_content_type(&req.content_type)
                        .unwrap_or(PatchKind::Strategic);
                    Some(self.patch(info, ns, n, kind, &parse_body(req)?, true)?)
                }
                _ => None,
            };
            if let Some(obj) = candidate {
                let target_ns = if info.namespaced {
                    ns.unwrap_or("")
                } else {
                    ""
                };
                self.confirm_no_escalation(user, info, target_ns, &obj)?;
            }
        }
        match (req.method, name) {
            (Method::Get, None) => {
                let labels = LabelSelector::parse(req.query_param("labelSelector").unwrap_or(""))
                    .map_err(|e| {
                    Status::bad_request(format!("unable to parse requirement: {e}"))
                })?;
                let fields = FieldSelector::parse(req.query_param("fieldSelector").unwrap_or(""))
                    .map_err(Status::bad_request)?;
                fields
                    .check_supported(&info.kind)
                    .map_err(|e| Status::bad_request(e.to_string()))?;
                let found = self.list_refs(info, ns, &labels, &fields);
                // Hook: custom objects are served in the version asked for (conversion `None`).
                if crd::crd_for(&self.store, info).is_some() {
                    let items: Vec<Value> = found
                        .into_iter()
                        .map(|o| meta::canonical(info, o.clone()))
                        .collect();
                    let refs: Vec<&Value> = items.iter().collect();
                    return Ok((200, self.list_answer(req, info, &refs)));
                }
                Ok((200, self.list_answer(req, info, &found)))
            }
            (Method::Get, Some(n)) => {
                let mut obj = self.get(info, ns, n)?;
                if crd::crd_for(&self.store, info).is_some() {
                    obj = meta::canonical(info, obj);
                }
                let obj = match sub {
                    None | Some("status") => obj,
                    Some("ephemeralcontainers") if info.kind == "Pod" => obj,
                    Some("scale") => scale_of(info, &obj),
                    Some(other) => {
                        return Err(Status::not_found(
                            &info.group,
                            &format!("{}/{other}", info.plural),
                            n,
                        ))
                    }
                };
                if req.wants_table() {
                    let include = req.query_param("includeObject").unwrap_or("Metadata");
                    return Ok((
                        200,
                        table::render(info, &[&obj], self.now, include, &self.store),
                    ));
                }
                Ok((200, obj))
            }
            (Method::Post, Some(n)) if sub == Some("token") && info.gr() == "/serviceaccounts" => {
                self.create_token(req, ns.unwrap_or(""), n)
            }
            (Method::Post, Some(n)) if sub == Some("eviction") && info.gr() == "/pods" => {
                self.evict(req, ns.unwrap_or(""), n, dry_run)
            }
            (Method::Post, None) => {
                let obj = decode_body(self.schema(), req, info)?;
                // Hook: the review kinds are answered, not stored (src/api/auth).
                if let Some(answer) = self.review(info, ns, &obj, user) {
                    return answer;
                }
                // Hook: unknown fields of custom objects under fieldValidation=Strict.
                crd::strict_decode(&self.store, info, &obj, strict(req))?;
                let created = self.create(info, ns, obj, dry_run)?;
                Ok((201, created))
            }
            (Method::Put, Some(n)) => {
                if let Some(other) = sub.filter(|s| !matches!(*s, "status" | "scale")) {
                    return Err(Status::not_found(
                        &info.group,
                        &format!("{}/{other}", info.plural),
                        n,
                    ));
                }
                let obj = if sub == Some("scale") {
                    parse_body(req)?
                } else {
                    decode_body(self.schema(), req, info)?
                };
                if sub.is_none() {
                    crd::strict_decode(&self.store, info, &obj, strict(req))?;
                }
                if sub == Some("scale") {
                    let replicas = obj.pointer("/spec/replicas").cloned().unwrap_or(json!(0));
                    let p = json!({"spec": {"replicas": replicas}});
                    let out = self.patch(info, ns, n, PatchKind::Merge, &p, dry_run)?;
                    return Ok((200, scale_of(info, &out)));
                }
                Ok((200, self.update(info, ns, n, obj, dry_run)?))
            }
            (Method::Patch, Some(n)) => {
                let body = parse_body(req)?;
                let kind = PatchKind::from_content_type(&req.content_type).ok_or_else(|| {
                    Status {
                        code: 415,
                        reason: "UnsupportedMediaType".into(),
                        message: "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml".to_string(),
                        name: None,
                        group: None,
                        kind: None,
                        causes: vec![],
                    }
                })?;
                // Hook: custom objects have no strategic-merge metadata, so the server refuses it.
                if kind == PatchKind::Strategic && crd::crd_for(&self.store, info).is_some() {
                    return Err(Status {
                        code: 415,
                        reason: "UnsupportedMediaType".into(),
                        message: "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml".to_string(),
                        name: None,
                        group: None,
                        kind: None,
                        causes: vec![],
                    });
                }
                if matches!(kind, PatchKind::Merge | PatchKind::Apply) && sub.is_none() {
                    crd::strict_decode(&self.store, info, &body, strict(req))?;
                }
                if kind == PatchKind::Strategic
                    && sub.is_none()
                    && req.query_param("fieldValidation") == Some("Strict")
                {
                    self.strict_patch_check(info, ns, n, &body)?;
                }
                if kind == PatchKind::Apply && sub != Some("scale") {
                    let target = ssa::handler::ApplyTarget {
                        ns,
                        name: n,
                        subresource: sub,
                        dry_run,
                    };
                    return Ok((200, self.apply_patch(req, info, &target)?));
                }
                if sub == Some("scale") {
                    let out = self.patch(info, ns, n, kind, &body, dry_run)?;
                    return Ok((200, scale_of(info, &out)));
                }
                Ok((200, self.patch(info, ns, n, kind, &body, dry_run)?))
            }
            (Method::Delete, Some(n)) => {
                let opts = DeleteOptions::of_request(req, dry_run);
                Ok((200, self.delete_with(info, ns, n, &opts)?))
            }
            (Method::Delete, None) => {
                let labels = LabelSelector::parse(req.query_param("labelSelector").unwrap_or(""))
                    .map_err(Status::bad_request)?;
                let items = self.list(info, ns, &labels, &FieldSelector::default());
                let mut out = Vec::new();
                for it in items {
                    let n = meta::name(&it).to_string();
                    let item_ns = meta::namespace(&it).to_string();
                    let ns_opt = if info.namespaced {
                        Some(item_ns.as_str())
                    } else {
                        None
                    };
                    let opts = DeleteOptions::of_request(req, dry_run);
                    out.push(self.delete_with(info, ns_opt, &n, &opts)?);
                }
                Ok((200, self.list_json(info, out)))
            }
            _ => Err(Status::method_not_allowed(
                "the server does not allow this method on the requested resource",
            )),
        }
    }

    fn key(info: &ResourceInfo, ns: Option<&str>, name: &str) -> Key {
        Key::new(
            &info.gr(),
            if info.namespaced {
                ns.unwrap_or("")
            } else {
                ""
            },
            name,
        )
    }

    pub fn get(&self, info: &ResourceInfo, ns: Option<&str>, name: &str) -> Result<Value, Status> {
        self.store
            .get(&Self::key(info, ns, name))
            .cloned()
            .ok_or_else(|| Status::not_found(&info.group, &info.plural, name))
    }

    pub fn list(
        &self,
        info: &ResourceInfo,
        ns: Option<&str>,
        labels: &LabelSelector,
        fields: &FieldSelector,
    ) -> Vec<Value> {
        self.list_refs(info, ns, labels, fields)
            .into_iter()
            .cloned()
            .collect()
    }

    /// The objects `list` answers, still in the store: a Table needs only a few fields of each.
    fn list_refs(
        &self,
        info: &ResourceInfo,
        ns: Option<&str>,
        labels: &LabelSelector,
        fields: &FieldSelector,
    ) -> Vec<&Value> {
        let gr = info.gr();
        let ns = if info.namespaced { ns } else { None };
        let mut items: Vec<(&str, &str, &Value)> = self
            .store
            .entries(&gr, ns)
            .filter(|(_, _, v)| labels.matches(v.labels()))
            .filter(|(_, _, v)| fields.matches(v))
            .collect();
        // The API server lists in key order (etcd's): namespace, then name.
        items.sort_once_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
        items.into_iter().map(|(_, _, v)| v).collect()
    }

    /// A list as the request asks it: a Table of the objects' rows, or the list itself.
    fn list_answer(&self, req: &ApiRequest, info: &ResourceInfo, items: &[&Value]) -> Value {
        if req.wants_table() {
            let include = req.query_param("includeObject").unwrap_or("Metadata");
            return table::render(info, items, self.now, include, &self.store);
        }
        let items = items.iter().map(|&o| o.clone()).collect();
        self.list_json(info, items)
    }

    fn list_json(&self, info: &ResourceInfo, items: Vec<Value>) -> Value {
        // Built as a map: `json!` would serialize the items into a second copy of them.
        let mut list = serde_json::Map::with_capacity(4);
        list.insert("kind".into(), Value::String(format!("{}List", info.kind)));
        list.insert("apiVersion".into(), Value::String(info.api_version()));
        let rv = self.store.current_resource_version().to_string();
        list.insert("metadata".into(), json!({ "resourceVersion": rv }));
        list.insert("items".into(), Value::Array(items));
        Value::Object(list)
    }

    pub fn create(
        &mut self,
        info: &ResourceInfo,
        ns: Option<&str>,
        mut obj: Value,
        dry_run: bool,
    ) -> Result<Value, Status> {
        if !obj.is_object() {
            return Err(Status::bad_request(
                "the body of the request was not a JSON object",
            ));
        }
        check_type(info, &obj)?;
        if info.namespaced {
            let ns = ns.ok_or_else(|| Status::bad_request("a namespace is required"))?;
            let body_ns = meta::namespace(&obj);
            if !body_ns.is_empty() && body_ns != ns {
                return Err(Status::bad_request(
                    "the namespace of the provided object does not match the namespace sent on the request",
                ));
            }
            meta::set_str(&mut obj, &["metadata", "namespace"], ns);
        } else if let Some(m) = obj.get_mut("metadata").and_then(|m| m.as_object_mut()) {
            m.shift_remove("namespace");
        }
        if meta::name(&obj).is_empty() {
            let gen = obj
                .pointer("/metadata/generateName")
                .and_then(|v| v.as_str())
                .unwrap_or("")
                .to_string();
            if gen.is_empty() {
                return Err(Status::invalid(
                    &info.group,
                    &info.kind,
                    "",
                    vec![super::status::cause(
                        "FieldValueRequired",
                        "metadata.name",
                        "Required value: name or generateName is required",
                    )],
                ));
            }
            let name = format!("{gen}{}", self.rng.suffix(5));
            meta::set_str(&mut obj, &["metadata", "name"], &name);
        }
        let name = meta::name(&obj).to_string();
        admission::validate_name(info, &name)?;
        if info.namespaced {
            let ns = meta::namespace(&obj).to_string();
            let ns_key = Key::new("/namespaces", "", &ns);
            match self.store.get(&ns_key) {
                None => return Err(Status::not_found("", "namespaces", &ns)),
                Some(n) if n.is_deleting() => {
                    return Err(Status::forbidden(format!(
                        "{} \"{name}\" is forbidden: unable to create new content in namespace {ns} because it is being terminated",
                        info.qualified_plural()
                    )));
                }
                _ => {}
            }
        }
        let key = Self::key(info, Some(meta::namespace(&obj)), &name);
        if self.store.contains(&key) {
            return Err(Status::already_exists(&info.group, &info.plural, &name));
        }
        if let Some(m) = obj.get_mut("metadata").and_then(|m| m.as_object_mut()) {
            m.shift_remove("uid");
        }
        // The field manager sees the object as decoded and defaulted, before admission.
        let managed = (!self.applying).then(|| self.record_fields(info, None, &obj));
        let charged = admission::on_create(&mut self.admission(), info, &mut obj)?;
        let now = self.now.rfc3339();
        // Admission may have assigned the uid already (a Job's selector is built from it).
        let uid = match obj.pointer("/metadata/uid").and_then(|u| u.as_str()) {
            Some(u) => u.to_string(),
            None => self.rng.uid(),
        };
        if let Some(m) = obj.get_mut("metadata").and_then(|m| m.as_object_mut()) {
            m.insert("uid".into(), json!(uid));
            m.insert("creationTimestamp".into(), json!(now));
            if admission::has_generation(info) {
                m.insert("generation".into(), json!(1));
            }
            m.shift_remove("deletionTimestamp");
            m.shift_remove("resourceVersion");
            if !self.applying {
                m.shift_remove("managedFields");
            }
        }
        if let Some(managed) = &managed {
            meta::set(&mut obj, &["metadata", "managedFields"], managed.clone());
        }
        if dry_run {
            meta::set_str(&mut obj, &["metadata", "resourceVersion"], "");
            if let Some(m) = obj.get_mut("metadata").and_then(|m| m.as_object_mut()) {
                m.shift_remove("resourceVersion");
            }
            return Ok(meta::canonical(info, obj));
        }
        self.charge_quotas(charged);
        Ok(self.commit(info, key, obj))
    }

    /// The managedFields a write leaves (null for none): the changes from `old` (None for a
    /// create) to the object as defaulting makes it, recorded for the request's manager, or for
    /// a controller's as two entries, its status apart.
    fn record_fields(&self, info: &ResourceInfo, old: Option<&Value>, obj: &Value) -> Value {
        let mut probe = obj.clone();
        if crd::crd_for(&self.store, info).is_none() {
            crate::defaults::apply(&info.kind, &mut probe);
        }
        // What the Priority and DefaultTolerationSeconds admission plugins add comes after.
        if info.kind == "Pod" {
            for k in ["priority", "preemptionPolicy", "tolerations"] {
                match obj.pointer(&format!("/spec/{k}")) {
                    Some(v) => meta::set(&mut probe, &["spec", k], v.clone()),
                    None => {
                        if let Some(spec) = probe.get_mut("spec").and_then(|s| s.as_object_mut()) {
                            spec.shift_remove(k);
                        }
                    }
                }
            }
        }
        let writers = match &self.writer {
            Some(w) => vec![w.clone()],
            None => vec![
                ssa::Writer::controller(info, ""),
                ssa::Writer::controller(info, "status"),
            ],
        };
        ssa::record_update(
            self.schema(),
            info,
            old,
            &mut probe,
            &writers,
            &self.now.rfc3339(),
        );
        probe
            .pointer("/metadata/managedFields")
            .cloned()
            .unwrap_or(Value::Null)
    }

    /// Write the quota usage admission charged, before the object it was charged for.
    fn charge_quotas(&mut self, quotas: Vec<Value>) {
        let Some(info) = self.discovery.by_kind("v1", "ResourceQuota").cloned() else {
            return;
        };
        for q in quotas {
            let key = Key::new(&info.gr(), meta::namespace(&q), meta::name(&q));
            self.commit(&info, key, q);
        }
    }

    pub fn update(
        &mut self,
        info: &ResourceInfo,
        ns: Option<&str>,
        name: &str,
        mut obj: Value,
        dry_run: bool,
    ) -> Result<Value, Status> {
        check_type(info, &obj)?;
        let key = Self::key(info, ns, name);
        let old = self
            .store
            .get(&key)
            .cloned()
            .ok_or_else(|| Status::not_found(&info.group, &info.plural, name))?;
        let body_name = meta::name(&obj);
        if !body_name.is_empty() && body_name != name {
            return Err(Status::bad_request(format!(
                "the name of the object ({body_name}) does not match the name on the URL ({name})"
            )));
        }
        let sent_rv = obj
            .pointer("/metadata/resourceVersion")
            .and_then(|v| v.as_str())
            .unwrap_or("")
            .to_string();
        let cur_rv = old.resource_version().to_string();
        if !sent_rv.is_empty() && sent_rv != cur_rv {
            return Err(Status::conflict(
                &info.group,
                &info.plural,
                name,
                "the object has been modified; please apply your changes to the latest version and try again",
            ));
        }
        // Identity and bookkeeping are the server's, whatever the client sent.
        for k in [
            "uid",
            "creationTimestamp",
            "name",
            "namespace",
            "generation",
            "deletionTimestamp",
        ] {
            match old.pointer(&format!("/metadata/{k}")) {
                Some(v) => meta::set(&mut obj, &["metadata", k], v.clone()),
                None => {
                    if let Some(m) = obj.get_mut("metadata").and_then(|m| m.as_object_mut()) {
                        m.shift_remove(k);
                    }
                }
            }
        }
        let managed = (!self.applying).then(|| self.record_fields(info, Some(&old), &obj));
        let charged = admission::on_update(&mut self.admission(), info, &old, &mut obj)?;
        if let Some(managed) = managed {
            match managed {
                Value::Null => {
                    if let Some(m) = obj.get_mut("metadata").and_then(|m| m.as_object_mut()) {
                        m.shift_remove("managedFields");
                    }
                }
                v => meta::set(&mut obj, &["metadata", "managedFields"], v),
            }
        }
        if admission::has_generation(info) && old.get("spec") != obj.get("spec") {
            let g = old
                .pointer("/metadata/generation")
                .and_then(|v| v.as_i64())
                .unwrap_or(1);
            meta::set(&mut obj, &["metadata", "generation"], json!(g + 1));
        }
        let mut unchanged_check = obj.clone();
        meta::set(
            &mut unchanged_check,
            &["metadata", "resourceVersion"],
            json!(cur_rv),
        );
        let unchanged_check = meta::canonical(info, unchanged_check);
        if unchanged_check == old {
            return Ok(old);
        }
        if dry_run {
            // Nothing is written, so the answer keeps the version it was read at.
            return Ok(unchanged_check);
        }
        self.charge_quotas(charged);
        let out = self.commit(info, key.clone(), obj);
        // The update that takes the last finalizer off a deleted object lets it go.
        if info.kind != "Namespace" && graceful::deletion_done(&out) {
            self.remove(info, &key);
        }
        Ok(out)
    }

    pub fn patch(
        &mut self,
        info: &ResourceInfo,
        ns: Option<&str>,
        name: &str,
        kind: PatchKind,
        p: &Value,
        dry_run: bool,
    ) -> Result<Value, Status> {
        let mut obj = self.get(info, ns, name)?;
        apply_patch(self.schema(), info, &mut obj, kind, p)?;
        // A patch carries the resourceVersion it read only when the client wants a precondition.
        if p.pointer("/metadata/resourceVersion").is_none() {
            if let Some(m) = obj.get_mut("metadata").and_then(|m| m.as_object_mut()) {
                m.shift_remove("resourceVersion");
            }
        }
        self.update(info, ns, name, obj, dry_run)
    }

    /// Unknown fields in what a strategic merge patch would make of the object.
    fn strict_patch_check(
        &self,
        info: &ResourceInfo,
        ns: Option<&str>,
        name: &str,
        p: &Value,
    ) -> Result<(), Status> {
        let before = self.get(info, ns, name)?;
        let mut obj = before.clone();
        patch::strategic_merge_with(&mut obj, p, &list_schema(self.schema(), info));
        let v = &super::validate::decode::strict_patch_error;
        match v(
            self.schema(),
            &info.group,
            &info.kind,
            &info.version,
            &obj,
            &before,
        ) {
            Some(msg) => Err(Status::bad_request(msg)),
            None => Ok(()),
        }
    }

    /// Delete with the kind's default options (a pod's own grace period).
    pub fn delete(
        &mut self,
        info: &ResourceInfo,
        ns: Option<&str>,
        name: &str,
        dry_run: bool,
    ) -> Result<Value, Status> {
        let opts = DeleteOptions {
            dry_run,
            grace_period_seconds: None,
        };
        self.delete_with(info, ns, name, &opts)
    }

    /// Delete as a DELETE request with these options does: a namespace and a pod on a node
    /// are only marked (they terminate), anything else is removed.
    pub fn delete_with(
        &mut self,
        info: &ResourceInfo,
        ns: Option<&str>,
        name: &str,
        opts: &DeleteOptions,
    ) -> Result<Value, Status> {
        let key = Self::key(info, ns, name);
        let mut obj = self
            .store
            .get(&key)
            .cloned()
            .ok_or_else(|| Status::not_found(&info.group, &info.plural, name))?;
        if info.kind == "Namespace" {
            if matches!(name, "default" | "kube-system" | "kube-public") {
                return Err(Status::forbidden(format!(
                    "namespaces \"{name}\" is forbidden: this namespace may not be deleted"
                )));
            }
            if opts.dry_run {
                return Ok(obj);
            }
            // Namespaces terminate: the namespace controller empties them, then removes them.
            if obj.pointer("/metadata/deletionTimestamp").is_none() {
                meta::set_str(
                    &mut obj,
                    &["metadata", "deletionTimestamp"],
                    &self.now.rfc3339(),
                );
                meta::set_str(&mut obj, &["status", "phase"], "Terminating");
                obj = self.commit(info, key, obj);
            }
            return Ok(obj);
        }
        let outcome = if info.kind == "Pod" && info.group.is_empty() {
            graceful::pod_outcome(&obj, opts, self.now)
        } else {
            Outcome::Remove
        };
        // Finalizers hold what would go now: it is marked, and goes when the last is removed.
        let outcome = match outcome {
            Outcome::Remove if graceful::has_finalizers(&obj) => {
                match graceful::finalizer_mark(&obj, self.now) {
                    marked if marked == obj => Outcome::Pending,
                    marked => Outcome::Mark(marked),
                }
            }
            other => other,
        };
        match outcome {
            Outcome::Pending => Ok(obj),
            Outcome::Mark(marked) if opts.dry_run => Ok(marked),
            Outcome::Mark(marked) => Ok(self.commit(info, key, marked)),
            Outcome::Remove if opts.dry_run => Ok(obj),
            Outcome::Remove => {
                self.remove(info, &key);
                Ok(obj)
            }
        }
    }
}

/// kubectl sends a DELETE's options (`{"dryRun":["All"]}`) in the body, not the query.
/// Apply a patch of any kind to an object, which must still decode as the kind's Go type.
pub(crate) fn apply_patch(
    schema: &Schema,
    info: &ResourceInfo,
    obj: &mut Value,
    kind: PatchKind,
    p: &Value,
) -> Result<(), Status> {
    match kind {
        PatchKind::Merge | PatchKind::Apply => patch::merge_patch(obj, p),
        PatchKind::Strategic => patch::strategic_merge_with(obj, p, &list_schema(schema, info)),
        // A body that is no list of operations is a bad request; an operation that does not
        // apply is the apiserver's generic 422, which keeps json-patch's words to itself.
        PatchKind::Json if !p.is_array() => {
            return Err(Status::bad_request(format!(
                "json: cannot unmarshal {} into Go value of type jsonpatch.Patch",
                go_json_type(p)
            )))
        }
        PatchKind::Json => patch::json_patch(obj, p).map_err(|_| Status {
            code: 422,
            reason: "Invalid".into(),
            message: "the server rejected our request due to an error in our request".into(),
            name: None,
            group: None,
            kind: None,
            causes: vec![],
        })?,
    }
    // What the patch made must still decode as the kind's Go type (`replicas: "two"`).
    super::validate::decode::decode_in(schema, &info.group, &info.kind, &info.version, obj, false)
        .map_err(Status::bad_request)?;
    Ok(())
}

pub(crate) fn delete_options_dry_run(req: &ApiRequest) -> bool {
    req.method == Method::Delete
        && req
            .body
            .as_deref()
            .and_then(|b| serde_json::from_str::<Value>(b).ok())
            .and_then(|v| v.get("dryRun").cloned())
            .is_some_and(|d| d.as_array().is_some_and(|a| a.iter().any(|x| x == "All")))
}

fn strict(req: &ApiRequest) -> bool {
    req.query_param("fieldValidation") == Some("Strict")
}

/// The kind's schema as a strategic merge asks it: how each list field merges.
fn list_schema<'a>(
    s: &'a Schema,
    info: &'a ResourceInfo,
) -> impl Fn(&[&str]) -> Option<patch::ListMeta> + 'a {
    move |path| {
        s.list_patch(&info.group, &info.version, &info.kind, path)
            .map(patch::ListMeta::from)
    }
}

/// The JSON type Go's decoder names in an unmarshal error.
fn go_json_type(v: &Value) -> &'static str {
    match v {
        Value::Object(_) => "object",
        Value::Array(_) => "array",
        Value::String(_) => "string",
        Value::Number(_) => "number",
        Value::Bool(_) => "bool",
        Value::Null => "null",
    }
}

pub(crate) fn parse_body(req: &ApiRequest) -> Result<Value, Status> {
    let body = req.body.as_deref().unwrap_or("");
    serde_json::from_str(body)
        .map_err(|e| Status::bad_request(format!("error decoding request body: {e}")))
}

/// Parse the body and decode it as the kind's Go type would (wrong JSON types, unknown fields).
pub(crate) fn decode_body(
    schema: &Schema,
    req: &ApiRequest,
    info: &ResourceInfo,
) -> Result<Value, Status> {
    let mut obj = parse_body(req)?;
    let strict = req.query_param("fieldValidation") == Some("Strict");
    super::validate::decode::decode_in(
        schema,
        &info.group,
        &info.kind,
        &info.version,
        &mut obj,
        strict,
    )
    .map_err(Status::bad_request)?;
    Ok(obj)
}

/// The body's apiVersion/kind must name the resource the URL addresses.
fn check_type(info: &ResourceInfo, obj: &Value) -> Result<(), Status> {
    let kind = obj.get("kind").and_then(|v| v.as_str()).unwrap_or("");
    let av = obj.get("apiVersion").and_then(|v| v.as_str()).unwrap_or("");
    if (!kind.is_empty() && kind != info.kind) || (!av.is_empty() && av != info.api_version()) {
        return Err(Status::bad_request(format!(
            "the API version in the data ({av}) does not match the expected API version ({})",
            info.api_version()
        )));
    }
    Ok(())
}

fn scale_of(_info: &ResourceInfo, obj: &Value) -> Value {
    let replicas = obj.pointer("/spec/replicas").cloned().unwrap_or(json!(0));
    let status_replicas = obj.pointer("/status/replicas").cloned().unwrap_or(json!(0));
    let selector = obj
        .pointer("/spec/selector")
        .map(super::selector::LabelSelector::from_json)
        .map(|s| s.to_text())
        .unwrap_or_default();
    json!({
        "kind": "Scale",
        "apiVersion": "autoscaling/v1",
        "metadata": {
            "name": meta::name(obj),
            "namespace": meta::namespace(obj),
            "uid": obj.pointer("/metadata/uid").cloned().unwrap_or(Value::Null),
            "resourceVersion": obj.pointer("/metadata/resourceVersion").cloned().unwrap_or(Value::Null),
            "creationTimestamp": obj.pointer("/metadata/creationTimestamp").cloned().unwrap_or(Value::Null),
        },
        "spec": {"replicas": replicas},
        "status": {"replicas": status_replicas, "selector": selector},
    })
}
