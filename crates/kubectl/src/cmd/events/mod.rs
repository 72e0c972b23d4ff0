//! `kubectl events`: the events of a namespace (or all, or those about one object named with
//! `--for TYPE/NAME`), filtered by `--types`, sorted by when they were last seen and printed as
//! kubectl's own five-column table (`printer.rs`) or through the object printers. `-w` lists
//! them as a watch would and then keeps printing what arrives (`watch.rs`).

mod printer;
mod watch;

use serde_json::{json, Value};

use super::super::error::KError;
use super::super::flags::{flag, Args, Flag, Kind};
use super::super::printers::{self, Format};
use super::super::Ctx;
use super::util::print_flags::{object_format, strip_managed_fields};
use kubeplay_core::api::ApiRequest;
use kubeplay_core::sort::SortOnce;

pub const FLAGS: &[Flag] = &[
    super::util::flags::ALL_NAMESPACES,
    super::util::flags::ALLOW_MISSING_TEMPLATE_KEYS,
    flag("chunk-size", None, Kind::Int, "500", "Return large lists in chunks rather than all at once. Pass 0 to disable. This flag is beta and may change in the future."),
    flag("for", None, Kind::Str, "", "Filter events to only those pertaining to the specified resource."),
    flag("no-headers", None, Kind::Bool, "false", "When using the default output format, don't print headers."),
    super::util::flags::OUTPUT,
    super::util::flags::SHOW_MANAGED_FIELDS,
    super::util::flags::TEMPLATE,
    flag("types", None, Kind::Slice, "[]", "Output only events of given types."),
    flag("watch", Some('w'), Kind::Bool, "false", "After listing the requested events, watch for more events."),
];

pub const LONG: &str = "Display events.

 Prints a table of the most important information about events. You can request events for a namespace, for all namespace, or filtered to only those pertaining to a specified resource.";

pub const EXAMPLES: &str = "  # List recent events in the default namespace
  kubectl events
  
  # List recent events in all namespaces
  kubectl events --all-namespaces
  
  # List recent events for the specified pod, then wait for more events and list them as they arrive
  kubectl events --for pod/web-pod-13je7 --watch
  
  # List recent events in YAML format
  kubectl events -oyaml
  
  # List recent only events of type 'Warning' or 'Normal'
  kubectl events --types=Warning,Normal";

pub const USAGE: &str = "kubectl events [(-o|--output=)json|yaml|name|go-template|go-template-file|template|templatefile|jsonpath|jsonpath-as-json|jsonpath-file] [--for TYPE/NAME] [--watch] [--types=Normal,Warning] [options]";

/// `events`' flags, read once.
pub struct EventsOptions {
    namespace: String,
    all_namespaces: bool,
    watch: bool,
    no_headers: bool,
    /// `--types`, deduplicated and sorted as kubectl's string set lists them.
    types: Vec<String>,
    /// `--for`: the kind and name the events must be about.
    for_object: Option<(String, String)>,
    /// None: kubectl's own table.
    format: Option<Format>,
    show_managed_fields: bool,
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    let o = EventsOptions::complete(ctx, args)?;
    o.validate()?;
    o.run(ctx)
}

impl EventsOptions {
    pub fn complete(ctx: &mut Ctx, args: &Args) -> Result<EventsOptions, KError> {
        let for_object = match args.str("for") {
            f if f.is_empty() => None,
            f => Some(for_kind_and_name(ctx, &f)?),
        };
        let mut types = args.list("types");
        types.sort_once();
        types.dedup();
        Ok(EventsOptions {
            namespace: ctx.namespace(),
            all_namespaces: args.bool("all-namespaces"),
            watch: args.bool("watch"),
            no_headers: args.bool("no-headers"),
            types,
            for_object,
            format: events_format(&args.str("output"))?,
            show_managed_fields: args.bool("show-managed-fields"),
        })
    }

    pub fn validate(&self) -> Result<(), KError> {
        let known =
            |t: &String| t.eq_ignore_ascii_case("Normal") || t.eq_ignore_ascii_case("Warning");
        if !self.types.iter().all(known) {
            return Err(KError::msg("valid --types are Normal or Warning"));
        }
        Ok(())
    }

    pub fn run(&self, ctx: &mut Ctx) -> Result<(), KError> {
        let mut events: Vec<Value> = self
            .list(ctx)?
            .into_iter()
            .filter(|e| self.type_wanted(e))
            .map(|mut e| {
                if !self.show_managed_fields {
                    strip_managed_fields(&mut e);
                }
                printer::typed(&e)
            })
            .collect();
        if self.watch {
            return self.start_watch(ctx, &events);
        }
        if events.is_empty() {
            let note = match self.all_namespaces {
                true => "No events found.\n".to_string(),
                false => format!("No events found in {} namespace.\n", self.namespace),
            };
            ctx.eprint(note);
            return Ok(());
        }
        events.sort_once_by_key(printer::sort_time);
        let text = match &self.format {
            None => {
                let now = ctx.api.clock().unwrap_or_default();
                let rows = printer::rows(&events, now, self.all_namespaces);
                printer::table(rows, self.header())
            }
            Some(f) => print_objects(ctx, f, &events),
        };
        ctx.print(text);
        Ok(())
    }

    /// Every event of the namespace (or all) about the `--for` object, in the server's order.
    fn list(&self, ctx: &mut Ctx) -> Result<Vec<Value>, KError> {
        let path = match self.all_namespaces {
            true => "/api/v1/events".to_string(),
            false => format!("/api/v1/namespaces/{}/events", self.namespace),
        };
        // kubectl asks in chunks of its default size whatever --chunk-size says.
        let mut req = ApiRequest::get(path).with_query("limit", "500");
        if let Some((kind, name)) = &self.for_object {
            let field = format!("involvedObject.kind={kind},involvedObject.name={name}");
            req = req.with_query("fieldSelector", field);
        }
        let list = ctx.call(req)?;
        Ok(list
            .get("items")
            .and_then(|i| i.as_array())
            .cloned()
            .unwrap_or_default())
    }

    /// The table's header, unless --no-headers.
    fn header(&self) -> Option<Vec<String>> {
        (!self.no_headers).then(|| printer::header(self.all_namespaces))
    }

    /// `--types` compares without regard to case; none given lets every event through.
    fn type_wanted(&self, e: &Value) -> bool {
        let t = e.get("type").and_then(|t| t.as_str()).unwrap_or("");
        self.types.is_empty() || self.types.iter().any(|w| w.eq_ignore_ascii_case(t))
    }
}

/// `--for TYPE/NAME` → the kind and name, as kubectl's events command decodes it.
fn for_kind_and_name(ctx: &mut Ctx, typed: &str) -> Result<(String, String), KError> {
    let Some((resource, name)) = typed.split_once('/') else {
        return Err(KError::msg("--for must be in resource/name form"));
    };
    if name.contains('/') {
        return Err(KError::msg(
            "arguments in resource/name form may not have more than one slash",
        ));
    }
    let d = ctx.mapper()?;
    match d.resolve(resource) {
        Some(info) => Ok((info.kind.clone(), name.to_string())),
        // kubectl prints the mapper's error as it is, without its `error: ` prefix.
        None => Err(KError::Raw(format!(
            "the server doesn't have a resource type \"{resource}\"\n"
        ))),
    }
}

/// `-o` as events takes it: the object printers only (no wide, no custom columns); a JSONPath
/// template is parsed here, as kubectl builds its printer before listing.
fn events_format(o: &str) -> Result<Option<Format>, KError> {
    let format = object_format(o)?;
    match &format {
        Some(Format::CustomColumns(_) | Format::CustomColumnsFile(_)) => Err(KError::msg(format!(
            "unable to match a printer suitable for the output format \"{o}\", allowed formats are: {OBJECT_FORMATS}"
        ))),
        Some(Format::JsonPath(t)) => printers::jsonpath_template(t, false).map(|_| format),
        Some(Format::JsonPathAsJson(t)) => printers::jsonpath_template(t, true).map(|_| format),
        _ => Ok(format),
    }
}

const OBJECT_FORMATS: &str = "go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml";

/// The events as one `EventList` through an object printer. kubectl drops a printer's error
/// (and the name printer finds nothing to name in a typed list), so those print nothing.
fn print_objects(ctx: &mut Ctx, format: &Format, events: &[Value]) -> String {
    let list = json!({"kind": "EventList", "apiVersion": "v1", "metadata": {}, "items": events});
    match format {
        Format::Json => printers::to_json(&list),
        Format::Yaml => kubeplay_yaml::to_yaml(&kubeplay_core::api::meta::sorted(&list)),
        Format::Name => String::new(),
        Format::JsonPath(t) => printers::jsonpath_print(t, &list).unwrap_or_default(),
        other => printers::template_print(ctx.fs, other, &[list], false, false).unwrap_or_default(),
    }
}
