//! `kubectl create configmap NAME --from-literal/--from-file/--from-env-file`.

use serde_json::{json, Value};

use super::super::super::error::KError;
use super::super::super::flags::{boolean, flag, Args, Flag, Kind};
use super::super::super::Ctx;
use super::super::util::create_flags;
use super::sources::{self, Data, Target};

pub const FLAGS: &[Flag] = &[
    create_flags::ALLOW_MISSING_TEMPLATE_KEYS,
    boolean("append-hash", "Add a hash of the contents to the name."),
    create_flags::DRY_RUN,
    create_flags::field_manager("kubectl-create"),
    flag("from-env-file", None, Kind::Slice, "[]", "Read KEY=VALUE lines from this file (a Docker .env file) into the data."),
    flag("from-file", None, Kind::Slice, "[]", "A file, stored under its base name or under the key given as key=path; a directory stores each of its regular files under its name."),
    flag("from-literal", None, Kind::Array, "[]", "A key and its literal value, as key=value (repeatable)."),
    create_flags::OUTPUT,
    create_flags::SAVE_CONFIG,
    create_flags::SHOW_MANAGED_FIELDS,
    create_flags::TEMPLATE,
    create_flags::VALIDATE,
];

pub const LONG: &str = "Create a config map from files, directories or literal values.

 Each file becomes one key, named after the file unless a key is given as key=path. A directory adds each regular file in it, by name; other entries are skipped.";

pub const EXAMPLES: &str = "  # A config map whose keys are the files in folder bar
  kubectl create configmap my-config --from-file=path/to/bar
  
  # Choose the keys instead of the file names
  kubectl create configmap my-config --from-file=key1=/path/to/bar/file1.txt --from-file=key2=/path/to/bar/file2.txt
  
  # Two literal key/value pairs
  kubectl create configmap my-config --from-literal=key1=config1 --from-literal=key2=config2
  
  # Keys from a file and from a literal
  kubectl create configmap my-config --from-file=path/to/bar --from-literal=key2=config2
  
  # Keys from the KEY=VALUE lines of an env file
  kubectl create configmap my-config --from-env-file=path/to/foo.env --from-env-file=path/to/bar.env";

pub const USAGE: &str = "kubectl create configmap NAME [--from-file=[key=]source] [--from-literal=key1=value1] [--dry-run=server|client|none] [options]";

pub fn build(name: &str, namespace: Option<&str>, data: &Data) -> Value {
    let mut v = json!({
        "kind": "ConfigMap",
        "apiVersion": "v1",
        "metadata": super::object_meta(name, namespace, None),
    });
    if !data.is_empty() {
        if let Some(m) = v.as_object_mut() {
            m.insert("data".into(), json!(data));
        }
    }
    v
}

/// The data of a config map or generic secret from the three source flags.
/// The data of `--from-literal`, `--from-file` and `--from-env-file`, in that order.
pub fn collect(
    ctx: &Ctx,
    t: &Target,
    literals: &[String],
    files: &[String],
    env_files: &[String],
) -> Result<Data, KError> {
    let mut data = Data::new();
    sources::literals(&mut data, t, literals)?;
    sources::files(ctx, &mut data, t, files)?;
    sources::env_files(ctx, &mut data, t, env_files)?;
    Ok(data)
}

/// kubectl takes env files alone.
pub fn check_sources(
    literals: &[String],
    files: &[String],
    env_files: &[String],
) -> Result<(), KError> {
    if !env_files.is_empty() && (!files.is_empty() || !literals.is_empty()) {
        return Err(KError::msg(
            "from-env-file cannot be combined with from-file or from-literal",
        ));
    }
    Ok(())
}

/// `create configmap`'s NAME and flags, read once.
pub struct CreateConfigMapOptions {
    name: String,
    namespace: Option<String>,
    append_hash: bool,
    literals: Vec<String>,
    files: Vec<String>,
    env_files: Vec<String>,
    flags: create_flags::Opts,
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    let o = CreateConfigMapOptions::complete(ctx, args)?;
    o.validate()?;
    o.run(ctx)
}

impl CreateConfigMapOptions {
    pub fn complete(ctx: &mut Ctx, args: &Args) -> Result<CreateConfigMapOptions, KError> {
        Ok(CreateConfigMapOptions {
            name: super::one_name(args)?,
            flags: create_flags::opts(ctx, args)?,
            namespace: super::explicit_namespace(ctx),
            append_hash: args.bool("append-hash"),
            literals: args.list("from-literal"),
            files: args.list("from-file"),
            env_files: args.list("from-env-file"),
        })
    }

    pub fn validate(&self) -> Result<(), KError> {
        if self.append_hash {
            return Err(KError::msg(
                "--append-hash is not supported in this playground",
            ));
        }
        check_sources(&self.literals, &self.files, &self.env_files)
    }

    pub fn run(&self, ctx: &mut Ctx) -> Result<(), KError> {
        let t = Target {
            kind: "ConfigMap",
            name: &self.name,
        };
        let data = collect(ctx, &t, &self.literals, &self.files, &self.env_files)?;
        let obj = build(&self.name, self.namespace.as_deref(), &data);
        super::finish(ctx, &self.flags, "configmaps", obj)
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{cluster, kubectl};
    use kubeplay_core::fs::MemFs;

    #[test]
    fn from_files_literals_and_env() {
        let mut fs = MemFs::new()
            .with_file("f.txt", "hello")
            .with_file("d/one", "1")
            .with_file("env.txt", "A=1\n# c\n\nB=two\n");
        let mut c = cluster();
        let (out, err, _) = kubectl(&mut c, &mut fs, "create configmap c --from-literal=k=v --from-file=f.txt --from-file=key2=f.txt --from-file=d --dry-run=client -o json");
        assert_eq!(err, "");
        assert_eq!(out, "{\n    \"kind\": \"ConfigMap\",\n    \"apiVersion\": \"v1\",\n    \"metadata\": {\n        \"name\": \"c\",\n        \"creationTimestamp\": null\n    },\n    \"data\": {\n        \"f.txt\": \"hello\",\n        \"k\": \"v\",\n        \"key2\": \"hello\",\n        \"one\": \"1\"\n    }\n}\n");
        let (out, _, _) = kubectl(&mut c, &mut fs, "create cm e --from-env-file=env.txt");
        assert_eq!(out, "configmap/e created\n");
        let (_, err, _) = kubectl(
            &mut c,
            &mut fs,
            "create cm e --from-env-file=env.txt --from-literal=a=b",
        );
        assert_eq!(
            err,
            "error: from-env-file cannot be combined with from-file or from-literal\n"
        );
        let (_, err, _) = kubectl(&mut c, &mut fs, "create cm e --from-file=nope");
        assert_eq!(
            err,
            "error: error reading nope: no such file or directory\n"
        );
        let (_, err, _) = kubectl(&mut c, &mut fs, "create cm e --from-file=k=d");
        assert_eq!(err, "error: cannot give a key name for a directory path\n");
        let (_, err, _) = kubectl(&mut c, &mut fs, "create cm e --from-literal=k");
        assert_eq!(err, "error: invalid literal source k, expected key=value\n");
    }
}
