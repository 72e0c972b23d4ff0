//! `TYPE NAME...`, `TYPE/NAME...`, `TYPE1,TYPE2` and categories such as `all`: the arguments
//! resolved through discovery into the resources and names they select, with kubectl's errors
//! for each wrong shape.

use crate::error::KError;
use crate::Ctx;
use kubeplay_core::api::discovery::ResourceInfo;

/// One resource type and the names asked for (none = all of them).
#[derive(Debug, Clone)]
pub struct Selection {
    pub info: ResourceInfo,
    pub names: Vec<String>,
}

/// Resolve positional args into selections, in the order typed.
pub fn from_args(ctx: &mut Ctx, args: &[String]) -> Result<Vec<Selection>, KError> {
    let mut out: Vec<Selection> = Vec::new();
    if args.is_empty() {
        return Ok(out);
    }
    let slash_form = args.iter().any(|a| a.contains('/'));
    if slash_form {
        if !args.iter().all(|a| a.contains('/')) {
            return Err(KError::msg(
                "there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'",
            ));
        }
        for a in args {
            let (ty, name) = a.split_once('/').unwrap_or((a.as_str(), ""));
            if name.is_empty() {
                return Err(KError::msg(
                    "arguments in resource/name form must have a single resource and name",
                ));
            }
            let info = ctx.resolve(ty)?;
            match out
                .iter_mut()
                .find(|s| s.info.plural == info.plural && s.info.group == info.group)
            {
                Some(s) => s.names.push(name.to_string()),
                None => out.push(Selection {
                    info,
                    names: vec![name.to_string()],
                }),
            }
        }
        return Ok(out);
    }
    let types = &args[0];
    let names: Vec<String> = args[1..].to_vec();
    let typed: Vec<&str> = types.split(',').filter(|t| !t.is_empty()).collect();
    for t in typed {
        if t == "all" || is_category(ctx, t)? {
            let d = ctx.mapper()?;
            for info in d.category(t) {
                out.push(Selection {
                    info: info.clone(),
                    names: names.clone(),
                });
            }
            continue;
        }
        let info = ctx.resolve(t)?;
        out.push(Selection {
            info,
            names: names.clone(),
        });
    }
    Ok(out)
}

fn is_category(ctx: &mut Ctx, t: &str) -> Result<bool, KError> {
    let d = ctx.mapper()?;
    if d.resolve(t).is_some() {
        return Ok(false);
    }
    Ok(!d.category(t).is_empty())
}
