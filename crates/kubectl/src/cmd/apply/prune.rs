//! `kubectl apply --prune`: after every object applied, the leftovers (`util::prune`) are
//! deleted, each reported as `pruned`.

use serde_json::{json, Value};

use crate::cmd::util::dry_run::DryRun;
use crate::cmd::util::prune::{self, Leftover, Visited};
use crate::error::KError;
use crate::printers;
use crate::Ctx;
use kubeplay_core::api::discovery::ResourceInfo;
use kubeplay_core::api::request::Method;
use kubeplay_core::api::{meta, ApiRequest};

/// What the prune step needs from apply: what was applied, where, and how to delete and print.
pub struct Pruner<'a> {
    pub allowlist: &'a [ResourceInfo],
    pub selector: &'a str,
    pub visited: &'a Visited,
    pub dry_run: DryRun,
    pub propagation: &'static str,
    pub grace_period: i64,
    pub format: Option<&'a printers::Format>,
}

impl Pruner<'_> {
    pub fn prune_all(&self, ctx: &mut Ctx) -> Result<(), KError> {
        let kinds = prune::kinds(ctx, self.allowlist)?;
        prune::for_each_leftover(ctx, &kinds, self.selector, self.visited, |ctx, l| {
            self.prune(ctx, l)
        })
    }

    fn prune(&self, ctx: &mut Ctx, l: Leftover) -> Result<(), KError> {
        let name = meta::name(&l.object).to_string();
        if self.dry_run != DryRun::Client {
            self.delete(ctx, l.resource, l.namespace, &name)?;
        }
        self.print(ctx, l.resource, &name, l.object)
    }

    fn delete(
        &self,
        ctx: &mut Ctx,
        r: &ResourceInfo,
        ns: Option<&str>,
        name: &str,
    ) -> Result<(), KError> {
        let mut body = serde_json::Map::new();
        if self.grace_period >= 0 {
            body.insert("gracePeriodSeconds".into(), json!(self.grace_period));
        }
        body.insert("propagationPolicy".into(), json!(self.propagation));
        let req = ApiRequest::new(Method::Delete, r.object_path(ns, name))
            .with_body(Value::Object(body).to_string());
        ctx.call(self.dry_run.on(req)).map(|_| ())
    }

    fn print(
        &self,
        ctx: &mut Ctx,
        r: &ResourceInfo,
        name: &str,
        mut obj: Value,
    ) -> Result<(), KError> {
        let text = match self.format {
            None => format!(
                "{} pruned{}\n",
                printers::name_of(r, name),
                self.dry_run.suffix()
            ),
            Some(printers::Format::Name) => format!("{}\n", printers::name_of(r, name)),
            Some(f) => {
                crate::cmd::util::print_flags::strip_managed_fields(&mut obj);
                super::print_applied(f, vec![obj])?
            }
        };
        ctx.print(text);
        Ok(())
    }
}
