//! `kubectl create secret generic|docker-registry NAME ...`: data is base64-encoded as the API
//! stores it.

use serde_json::{json, Map, Value};

use super::super::super::error::KError;
use super::super::super::flags::{boolean, flag, string, Args, Flag, Kind};
use super::super::super::{Command, Ctx};
use super::super::util::create_flags;
use super::sources::{base64, secret_object, Data, Target};

pub const FLAGS: &[Flag] = &[];

pub const LONG: &str = "Create a secret of one of the types below.

 A docker-registry secret holds credentials for pulling from a container registry.

 A generic secret is of the Opaque type and holds any data.

 A tls secret holds a TLS certificate and its key.";

pub const EXAMPLES: &str = "";

pub const USAGE: &str = "kubectl create secret (docker-registry | generic | tls) [options]";

/// `kubectl create secret` alone: the help on stderr, exit 1, as kubectl does.
pub fn run(_ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    super::parent_run(args, "secret")
}

pub const SUBCOMMANDS: &[Command] = &[
    Command {
        name: "docker-registry",
        aliases: &[],
        short: "Create a secret for use with a Docker registry",
        usage: "kubectl create secret docker-registry NAME --docker-username=user --docker-password=password --docker-email=email [--docker-server=string] [--from-file=[key=]source] [--dry-run=server|client|none] [options]",
        long: DOCKER_LONG,
        examples: DOCKER_EXAMPLES,
        flags: DOCKER_FLAGS,
        run: run_docker,
        subcommands: &[],
    },
    Command {
        name: "generic",
        aliases: &[],
        short: "Create a secret from a local file, directory, or literal value",
        usage: "kubectl create secret generic NAME [--type=string] [--from-file=[key=]source] [--from-literal=key1=value1] [--dry-run=server|client|none] [options]",
        long: GENERIC_LONG,
        examples: GENERIC_EXAMPLES,
        flags: GENERIC_FLAGS,
        run: run_generic,
        subcommands: &[],
    },
    Command {
        name: "tls",
        aliases: &[],
        short: "Create a TLS secret",
        usage: super::tls::USAGE,
        long: super::tls::LONG,
        examples: super::tls::EXAMPLES,
        flags: super::tls::FLAGS,
        run: super::tls::run,
        subcommands: &[],
    },
];

const GENERIC_FLAGS: &[Flag] = &[
    create_flags::ALLOW_MISSING_TEMPLATE_KEYS,
    boolean("append-hash", "Add a hash of the contents to the name."),
    create_flags::DRY_RUN,
    create_flags::field_manager("kubectl-create"),
    flag("from-env-file", None, Kind::Slice, "[]", "Read KEY=VALUE lines from this file (a Docker .env file) into the secret."),
    flag("from-file", None, Kind::Slice, "[]", "A file, stored under its base name or under the key given as key=path; a directory stores each of its regular files under its name."),
    flag("from-literal", None, Kind::Array, "[]", "A key and its literal value, as key=value (repeatable)."),
    create_flags::OUTPUT,
    create_flags::SAVE_CONFIG,
    create_flags::SHOW_MANAGED_FIELDS,
    create_flags::TEMPLATE,
    string("type", "", "The type of the secret."),
    create_flags::VALIDATE,
];

const GENERIC_LONG: &str = "Create a secret from files, directories or literal values.

 One secret can hold several key/value pairs.

 Each file becomes one key, named after the file unless a key is given as key=path (useful when the file name is not a valid key).

 A directory adds each regular file in it whose name is a valid key; other entries (subdirectories, links, devices) are skipped.";

const GENERIC_EXAMPLES: &str = "  # A secret with one key per file in folder bar
  kubectl create secret generic my-secret --from-file=path/to/bar
  
  # Choose the keys instead of the file names
  kubectl create secret generic my-secret --from-file=ssh-privatekey=path/to/id_rsa --from-file=ssh-publickey=path/to/id_rsa.pub
  
  # Two literal values
  kubectl create secret generic my-secret --from-literal=key1=supersecret --from-literal=key2=topsecret
  
  # A file and a literal together
  kubectl create secret generic my-secret --from-file=ssh-privatekey=path/to/id_rsa --from-literal=passphrase=topsecret
  
  # Keys from the KEY=VALUE lines of env files
  kubectl create secret generic my-secret --from-env-file=path/to/foo.env --from-env-file=path/to/bar.env";

const DOCKER_FLAGS: &[Flag] = &[
    create_flags::ALLOW_MISSING_TEMPLATE_KEYS,
    boolean("append-hash", "Add a hash of the contents to the name."),
    string("docker-email", "", "Email address for the registry (optional)."),
    string("docker-password", "", "Password for the registry."),
    string("docker-server", "https://index.docker.io/v1/", "The registry's address."),
    string("docker-username", "", "User name for the registry."),
    create_flags::DRY_RUN,
    create_flags::field_manager("kubectl-create"),
    flag("from-file", None, Kind::Slice, "[]", "Docker config files (such as ~/.docker/config.json) to store, under their base name or the key given as key=path."),
    create_flags::OUTPUT,
    create_flags::SAVE_CONFIG,
    create_flags::SHOW_MANAGED_FIELDS,
    create_flags::TEMPLATE,
    create_flags::VALIDATE,
];

const DOCKER_LONG: &str = "Create a secret holding credentials for a Docker registry.

 Such secrets let the nodes pull images from a registry that needs a login: reference the secret from a pod's imagePullSecrets, or from its service account.

 The credentials are the ones 'docker login SERVER --username=USER --password=PASSWORD' would store; the email address is optional. A config.json written by docker login can be used as it is with --from-file.";

const DOCKER_EXAMPLES: &str = "  # A registry secret from credentials given on the command line
  kubectl create secret docker-registry my-secret --docker-server=DOCKER_REGISTRY_SERVER --docker-username=DOCKER_USER --docker-password=DOCKER_PASSWORD --docker-email=DOCKER_EMAIL
  
  # A registry secret from an existing Docker config file
  kubectl create secret docker-registry my-secret --from-file=path/to/.docker/config.json";

/// `create secret generic`'s NAME and flags, read once.
pub struct CreateSecretOptions {
    name: String,
    namespace: Option<String>,
    append_hash: bool,
    literals: Vec<String>,
    files: Vec<String>,
    env_files: Vec<String>,
    ty: String,
    flags: create_flags::Opts,
}

fn run_generic(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    let o = CreateSecretOptions::complete(ctx, args)?;
    o.validate()?;
    o.run(ctx)
}

impl CreateSecretOptions {
    pub fn complete(ctx: &mut Ctx, args: &Args) -> Result<CreateSecretOptions, KError> {
        Ok(CreateSecretOptions {
            name: super::one_name(args)?,
            flags: create_flags::opts(ctx, args)?,
            namespace: super::explicit_namespace(ctx),
            append_hash: args.bool("append-hash"),
            literals: args.list("from-literal"),
            files: args.list("from-file"),
            env_files: args.list("from-env-file"),
            ty: args.str("type"),
        })
    }

    pub fn validate(&self) -> Result<(), KError> {
        refuse_append_hash(self.append_hash)?;
        super::configmap::check_sources(&self.literals, &self.files, &self.env_files)
    }

    pub fn run(&self, ctx: &mut Ctx) -> Result<(), KError> {
        let t = Target {
            kind: "Secret",
            name: &self.name,
        };
        let (literals, files, env_files) = (&self.literals, &self.files, &self.env_files);
        let data = super::configmap::collect(ctx, &t, literals, files, env_files)?;
        let obj = secret_object(&self.name, self.namespace.as_deref(), &data, &self.ty);
        super::finish(ctx, &self.flags, "secrets", obj)
    }
}

fn refuse_append_hash(append_hash: bool) -> Result<(), KError> {
    if append_hash {
        return Err(KError::msg(
            "--append-hash is not supported in this playground",
        ));
    }
    Ok(())
}

/// The `.dockerconfigjson` document: Go marshals the struct as username, password, email, auth.
pub fn docker_config(server: &str, user: &str, password: &str, email: &str) -> String {
    let mut entry = Map::new();
    entry.insert("username".into(), json!(user));
    entry.insert("password".into(), json!(password));
    if !email.is_empty() {
        entry.insert("email".into(), json!(email));
    }
    let auth = base64(format!("{user}:{password}").as_bytes());
    entry.insert("auth".into(), json!(auth));
    let mut auths = Map::new();
    auths.insert(server.to_string(), Value::Object(entry));
    super::super::super::printers::go_json_escape(
        &serde_json::to_string(&json!({ "auths": auths })).unwrap_or_default(),
    )
}

/// `create secret docker-registry`'s NAME and flags, read once.
pub struct CreateSecretDockerRegistryOptions {
    name: String,
    namespace: Option<String>,
    append_hash: bool,
    files: Vec<String>,
    username: String,
    password: String,
    server: String,
    email: String,
    flags: create_flags::Opts,
}

fn run_docker(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    let o = CreateSecretDockerRegistryOptions::complete(ctx, args)?;
    o.validate()?;
    o.run(ctx)
}

impl CreateSecretDockerRegistryOptions {
    pub fn complete(
        ctx: &mut Ctx,
        args: &Args,
    ) -> Result<CreateSecretDockerRegistryOptions, KError> {
        Ok(CreateSecretDockerRegistryOptions {
            name: super::one_name(args)?,
            flags: create_flags::opts(ctx, args)?,
            namespace: super::explicit_namespace(ctx),
            append_hash: args.bool("append-hash"),
            files: args.list("from-file"),
            username: args.str("docker-username"),
            password: args.str("docker-password"),
            server: args.str("docker-server"),
            email: args.str("docker-email"),
        })
    }

    pub fn validate(&self) -> Result<(), KError> {
        refuse_append_hash(self.append_hash)?;
        if self.files.is_empty()
            && (self.username.is_empty() || self.password.is_empty() || self.server.is_empty())
        {
            return Err(KError::msg("either --from-file or the combination of --docker-username, --docker-password and --docker-server is required"));
        }
        Ok(())
    }

    pub fn run(&self, ctx: &mut Ctx) -> Result<(), KError> {
        let mut data = Data::new();
        if self.files.is_empty() {
            let cfg = docker_config(&self.server, &self.username, &self.password, &self.email);
            data.insert(".dockerconfigjson".into(), cfg);
        } else {
            let t = Target {
                kind: "Secret",
                name: &self.name,
            };
            super::sources::files(ctx, &mut data, &t, &self.files)?;
        }
        let obj = secret_object(
            &self.name,
            self.namespace.as_deref(),
            &data,
            "kubernetes.io/dockerconfigjson",
        );
        super::finish(ctx, &self.flags, "secrets", obj)
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::run;

    #[test]
    fn generic_is_base64() {
        let (out, err, _) = run(
            "create secret generic s --from-literal=k=v --type=Opaque --dry-run=client -o json",
        );
        assert_eq!(err, "");
        assert_eq!(out, "{\n    \"kind\": \"Secret\",\n    \"apiVersion\": \"v1\",\n    \"metadata\": {\n        \"name\": \"s\",\n        \"creationTimestamp\": null\n    },\n    \"data\": {\n        \"k\": \"dg==\"\n    },\n    \"type\": \"Opaque\"\n}\n");
        assert_eq!(
            run("create secret generic s --from-literal=k=v").0,
            "secret/s created\n"
        );
    }

    #[test]
    fn docker_registry_matches_kubectl() {
        let (out, _, _) = run("create secret docker-registry d --docker-username=u --docker-password=p --docker-server=r.io --docker-email=e@x --dry-run=client -o json");
        assert!(out.contains("\".dockerconfigjson\": \"eyJhdXRocyI6eyJyLmlvIjp7InVzZXJuYW1lIjoidSIsInBhc3N3b3JkIjoicCIsImVtYWlsIjoiZUB4IiwiYXV0aCI6ImRUcHcifX19\""), "{out}");
        assert_eq!(
            run("create secret docker-registry d").1,
            "error: either --from-file or the combination of --docker-username, --docker-password and --docker-server is required\n"
        );
    }
}
