//! `kubectl cluster-info dump`: the nodes, then for each chosen namespace its events,
//! replication controllers, services, daemon sets, deployments, replica sets and pods, each list
//! printed as `-o` asks (JSON by default), and every container's log between kubectl's START and
//! END lines; to standard output, or as kubectl's tree of files under `--output-directory`.

use std::collections::BTreeMap;

use serde_json::Value;

use super::super::super::error::KError;
use super::super::super::flags::{flag, parse_duration, string, Args, Flag, Kind};
use super::super::super::printers::Format;
use super::super::super::Ctx;
use super::super::util::create_flags;
use super::super::util::print_flags;
use kubeplay_core::api::ApiRequest;
use kubeplay_core::fs::FsError;

pub const FLAGS: &[Flag] = &[
    flag("all-namespaces", Some('A'), Kind::Bool, "false", "When set, dump every namespace; otherwise only kube-system and the current namespace."),
    create_flags::ALLOW_MISSING_TEMPLATE_KEYS,
    flag("namespaces", None, Kind::Slice, "[]", "Comma-separated namespaces to dump."),
    flag("output", Some('o'), Kind::Str, "json", "Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file)."),
    string("output-directory", "", "Write the dump as files in this directory instead of to standard output."),
    flag("pod-running-timeout", None, Kind::Duration, "20s", "How long to wait (e.g. 5s, 2m or 3h; more than zero) for at least one pod to run."),
    create_flags::SHOW_MANAGED_FIELDS,
    create_flags::TEMPLATE,
];
pub const LONG: &str = "Dump what helps debug and diagnose a cluster: its nodes, then for each namespace its events,\nreplication controllers, services, daemon sets, deployments, replica sets and pods, and the logs\nof every container. Everything goes to standard output unless --output-directory names a\ndirectory, where each list and each pod's logs get their own file. Only kube-system and the\ncurrent namespace are dumped, unless --namespaces lists others or --all-namespaces asks for all.";
pub const EXAMPLES: &str = "  # Dump the current cluster state to stdout\n  kubectl cluster-info dump\n\n  # Dump every namespace into a directory\n  kubectl cluster-info dump --all-namespaces --output-directory=/path/to/cluster-state\n\n  # Dump two namespaces\n  kubectl cluster-info dump --namespaces default,kube-system";
pub const USAGE: &str = "kubectl cluster-info dump [flags] [options]";

/// The lists dumped for each namespace: the file they go to and where they are read.
const NAMESPACED: [(&str, &str); 7] = [
    ("events", "/api/v1/namespaces/{ns}/events"),
    (
        "replication-controllers",
        "/api/v1/namespaces/{ns}/replicationcontrollers",
    ),
    ("services", "/api/v1/namespaces/{ns}/services"),
    ("daemonsets", "/apis/apps/v1/namespaces/{ns}/daemonsets"),
    ("deployments", "/apis/apps/v1/namespaces/{ns}/deployments"),
    ("replicasets", "/apis/apps/v1/namespaces/{ns}/replicasets"),
    ("pods", "/api/v1/namespaces/{ns}/pods"),
];

pub struct DumpOptions {
    format: Format,
    /// The extension of the list files: `.json`, `.yaml`, else `.txt`.
    extension: &'static str,
    show_managed_fields: bool,
    output_directory: String,
    namespaces: Vec<String>,
    all_namespaces: bool,
    /// The current namespace: dumped with kube-system when no namespace is named.
    current: String,
    timeout: f64,
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    let o = DumpOptions::complete(ctx, args)?;
    o.validate()?;
    o.run(ctx)
}

impl DumpOptions {
    pub fn complete(ctx: &mut Ctx, args: &Args) -> Result<DumpOptions, KError> {
        // A table format is refused here, as kubectl's print flags refuse it.
        let format = print_flags::object_format_args(ctx.fs, args)?.unwrap_or(Format::Json);
        let extension = match args.str("output").as_str() {
            "json" => ".json",
            "yaml" => ".yaml",
            _ => ".txt",
        };
        Ok(DumpOptions {
            format,
            extension,
            show_managed_fields: args.bool("show-managed-fields"),
            output_directory: args.str("output-directory"),
            namespaces: args.list("namespaces"),
            all_namespaces: args.bool("all-namespaces"),
            current: ctx.namespace(),
            timeout: parse_duration(&args.str("pod-running-timeout")).unwrap_or(0.0),
        })
    }

    pub fn validate(&self) -> Result<(), KError> {
        if self.timeout <= 0.0 {
            return Err(KError::msg(
                "--pod-running-timeout must be higher than zero",
            ));
        }
        Ok(())
    }

    pub fn run(&self, ctx: &mut Ctx) -> Result<(), KError> {
        let mut out = Dump::new(&self.output_directory);
        let nodes = ctx.call(ApiRequest::get("/api/v1/nodes"))?;
        let mut printed = 0;
        out.write("nodes", self.extension, &self.print(&nodes, &mut printed)?);
        for ns in self.chosen_namespaces(ctx)? {
            for (file, path) in NAMESPACED {
                let list = ctx.call(ApiRequest::get(path.replace("{ns}", &ns)))?;
                let printed_list = self.print(&list, &mut printed)?;
                out.write(&format!("{ns}/{file}"), self.extension, &printed_list);
                if file == "pods" {
                    for pod in items(&list) {
                        let name = text(pod, "/metadata/name");
                        out.write(&format!("{ns}/{name}/logs"), ".txt", &logs(ctx, pod));
                    }
                }
            }
        }
        out.finish(ctx)
    }

    /// `--all-namespaces`, else `--namespaces`, else kube-system and the current namespace.
    fn chosen_namespaces(&self, ctx: &mut Ctx) -> Result<Vec<String>, KError> {
        if self.all_namespaces {
            let list = ctx.call(ApiRequest::get("/api/v1/namespaces"))?;
            return Ok(items(&list)
                .map(|n| text(n, "/metadata/name").to_string())
                .collect());
        }
        if self.namespaces.is_empty() {
            return Ok(vec!["kube-system".to_string(), self.current.clone()]);
        }
        Ok(self.namespaces.clone())
    }

    /// One list as the printer writes it, managed fields left out unless asked for. `printed`
    /// counts the lists before it: kubectl's one YAML printer starts each after the first with a
    /// document separator, even in a file of its own.
    fn print(&self, list: &Value, printed: &mut usize) -> Result<String, KError> {
        *printed += 1;
        if let (Format::Yaml, 2..) = (&self.format, *printed) {
            return Ok(format!("---\n{}", self.print_one(list)?));
        }
        self.print_one(list)
    }

    fn print_one(&self, list: &Value) -> Result<String, KError> {
        let mut list = list.clone();
        if !self.show_managed_fields {
            if let Some(items) = list.get_mut("items").and_then(|i| i.as_array_mut()) {
                items.iter_mut().for_each(print_flags::strip_managed_fields);
            }
        }
        // kubectl prints the typed list it decoded: JSON keeps the fields in the order of the
        // Go types, which is the server's; YAML sorts them anyway.
        if let Format::Json = self.format {
            return Ok(crate::printers::to_json(&list));
        }
        if let Format::Name = self.format {
            // kubectl hands its printer the typed list, which the name printer refuses.
            let (kind, api_version) = (text(&list, "/kind"), text(&list, "/apiVersion"));
            let version = api_version.rsplit('/').next().unwrap_or(api_version);
            return Err(KError::msg(format!(
                "list types are not supported by name printing: *{version}.{kind}"
            )));
        }
        print_flags::print_object(&self.format, &list)
    }
}

/// Every container's log of a pod, init containers first, between kubectl's START and END lines;
/// a refused request is written where its log would be.
fn logs(ctx: &mut Ctx, pod: &Value) -> String {
    let (ns, name) = (
        text(pod, "/metadata/namespace"),
        text(pod, "/metadata/name"),
    );
    let mut text_out = String::new();
    for list in ["/spec/initContainers", "/spec/containers"] {
        let containers = pod.pointer(list).and_then(|c| c.as_array());
        for c in containers.into_iter().flatten() {
            let container = text(c, "/name");
            text_out.push_str(&format!(
                "==== START logs for container {container} of pod {ns}/{name} ====\n"
            ));
            let req = ApiRequest::get(format!("/api/v1/namespaces/{ns}/pods/{name}/log"))
                .with_query("container", container);
            let resp = ctx.api.call(req);
            if resp.is_success() {
                text_out.push_str(&resp.body);
            } else {
                let why = unread_error(resp.code, &resp.body, name);
                text_out.push_str(&format!("Request log error: {why}\n"));
            }
            text_out.push_str(&format!(
                "==== END logs for container {container} of pod {ns}/{name} ====\n"
            ));
        }
    }
    text_out
}

/// client-go's error for a raw request the server refused: it does not read the Status in the
/// body, only the code (apimachinery's `NewGenericServerResponse`), and a text body's words.
fn unread_error(code: u16, body: &str, pod: &str) -> String {
    let server = match serde_json::from_str::<Value>(body) {
        Ok(_) => "unknown".to_string(),
        Err(_) => body.trim().to_string(),
    };
    let message = match code {
        409 => "the server reported a conflict".to_string(),
        404 => "the server could not find the requested resource".to_string(),
        400 => "the server rejected our request for an unknown reason".to_string(),
        401 => "the server has asked for the client to provide credentials".to_string(),
        403 | 406 | 415 => server,
        405 => "the server does not allow this method on the requested resource".to_string(),
        422 => "the server rejected our request due to an error in our request".to_string(),
        503 => "the server is currently unable to handle the request".to_string(),
        504 => "the server was unable to return a response in the time allotted, but may still be processing the request".to_string(),
        429 => "the server has received too many requests and has asked us to try again later".to_string(),
        c if c >= 500 => format!(
            "an error on the server ({server:?}) has prevented the request from succeeding"
        ),
        c => format!("the server responded with the status code {c} but did not return more information"),
    };
    format!("{message} (get pods {pod})")
}

/// Where the dump goes: standard output in order, or files under a directory (kept until the
/// end, as each is written whole).
struct Dump {
    directory: Option<String>,
    stdout: String,
    files: BTreeMap<String, String>,
}

impl Dump {
    fn new(directory: &str) -> Dump {
        Dump {
            directory: (!directory.is_empty() && directory != "-").then(|| directory.to_string()),
            stdout: String::new(),
            files: BTreeMap::new(),
        }
    }

    fn write(&mut self, file: &str, extension: &str, text: &str) {
        match &self.directory {
            None => self.stdout.push_str(text),
            Some(dir) => {
                let path = format!("{}/{file}{extension}", dir.trim_end_matches('/'));
                self.files.entry(path).or_default().push_str(text);
            }
        }
    }

    fn finish(self, ctx: &mut Ctx) -> Result<(), KError> {
        let Some(dir) = self.directory else {
            ctx.print(self.stdout);
            return Ok(());
        };
        for (path, text) in &self.files {
            let parent = path.rsplit_once('/').map(|(p, _)| p).unwrap_or(".");
            ctx.fs
                .create_dir_all(parent)
                .and_then(|()| ctx.fs.write(path, text))
                .map_err(|e| KError::msg(format!("open {path}: {}", fs_error(e))))?;
        }
        ctx.print(format!("Cluster info dumped to {dir}\n"));
        Ok(())
    }
}

/// Go's words for a file that cannot be written.
fn fs_error(e: FsError) -> String {
    match e {
        FsError::NotFound => "no such file or directory".into(),
        FsError::IsDirectory => "is a directory".into(),
        FsError::Other(m) => m,
    }
}

fn items(list: &Value) -> impl Iterator<Item = &Value> {
    list.get("items")
        .and_then(|i| i.as_array())
        .into_iter()
        .flatten()
}

fn text<'a>(v: &'a Value, pointer: &str) -> &'a str {
    v.pointer(pointer).and_then(|s| s.as_str()).unwrap_or("")
}
