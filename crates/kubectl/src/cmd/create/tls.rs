//! `kubectl create secret tls NAME --cert=FILE --key=FILE`. The PEM blocks are checked the way
//! Go's tls.X509KeyPair reports them; that the key matches the certificate is not checked here.

use super::super::super::error::KError;
use super::super::super::flags::{boolean, string, Args, Flag};
use super::super::super::Ctx;
use super::super::util::create_flags;
use super::sources::Data;

pub const FLAGS: &[Flag] = &[
    create_flags::ALLOW_MISSING_TEMPLATE_KEYS,
    boolean("append-hash", "Add a hash of the contents to the name."),
    string(
        "cert",
        "",
        "The PEM file holding the public key certificate.",
    ),
    create_flags::DRY_RUN,
    create_flags::field_manager("kubectl-create"),
    string("key", "", "The file holding the certificate's private key."),
    create_flags::OUTPUT,
    create_flags::SAVE_CONFIG,
    create_flags::SHOW_MANAGED_FIELDS,
    create_flags::TEMPLATE,
    create_flags::VALIDATE,
];

pub const LONG: &str = "Create a TLS secret from a certificate and its private key.

 Both must already exist: the certificate PEM-encoded, and the key the one that belongs to it.";

pub const EXAMPLES: &str = "  # A TLS secret tls-secret from a key pair
  kubectl create secret tls tls-secret --cert=path/to/tls.crt --key=path/to/tls.key";

pub const USAGE: &str = "kubectl create secret tls NAME --cert=path/to/cert/file --key=path/to/key/file [--dry-run=server|client|none] [options]";

/// The types of the PEM blocks in a text, in order.
fn pem_types(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|l| {
            l.trim()
                .strip_prefix("-----BEGIN ")
                .and_then(|r| r.strip_suffix("-----"))
                .map(String::from)
        })
        .collect()
}

/// Go's messages for a certificate and key that do not hold the expected PEM blocks.
pub fn check_pair(cert: &str, key: &str) -> Result<(), String> {
    let certs = pem_types(cert);
    if !certs.iter().any(|t| t == "CERTIFICATE") {
        if certs.is_empty() {
            return Err("tls: failed to find any PEM data in certificate input".into());
        }
        if certs.iter().any(|t| t.ends_with("PRIVATE KEY")) {
            return Err("tls: failed to find certificate PEM data in certificate input, but did find a private key; PEM inputs may have been switched".into());
        }
        return Err(format!("tls: failed to find \"CERTIFICATE\" PEM block in certificate input after skipping PEM blocks of the following types: [{}]", certs.join(" ")));
    }
    let keys = pem_types(key);
    if !keys
        .iter()
        .any(|t| t == "PRIVATE KEY" || t.ends_with(" PRIVATE KEY"))
    {
        if keys.is_empty() {
            return Err("tls: failed to find any PEM data in key input".into());
        }
        if keys.iter().any(|t| t == "CERTIFICATE") {
            return Err(
                "tls: found a certificate rather than a key in the PEM for the private key".into(),
            );
        }
        return Err(format!("tls: failed to find PEM block with type ending in \"PRIVATE KEY\" in key input after skipping PEM blocks of the following types: [{}]", keys.join(" ")));
    }
    Ok(())
}

fn read(ctx: &Ctx, path: &str) -> Result<String, KError> {
    ctx.fs.read(path).map_err(|_| {
        KError::msg(format!(
            "Cannot read file {path}, open {path}: no such file or directory"
        ))
    })
}

/// `create secret tls`'s NAME and flags, read once.
pub struct CreateSecretTlsOptions {
    name: String,
    namespace: Option<String>,
    append_hash: bool,
    cert: String,
    key: String,
    flags: create_flags::Opts,
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    let o = CreateSecretTlsOptions::complete(ctx, args)?;
    o.validate()?;
    o.run(ctx)
}

impl CreateSecretTlsOptions {
    pub fn complete(ctx: &mut Ctx, args: &Args) -> Result<CreateSecretTlsOptions, KError> {
        Ok(CreateSecretTlsOptions {
            name: super::one_name(args)?,
            flags: create_flags::opts(ctx, args)?,
            namespace: super::explicit_namespace(ctx),
            append_hash: args.bool("append-hash"),
            cert: args.str("cert"),
            key: args.str("key"),
        })
    }

    pub fn validate(&self) -> Result<(), KError> {
        if self.append_hash {
            return Err(KError::msg(
                "--append-hash is not supported in this playground",
            ));
        }
        if self.cert.is_empty() || self.key.is_empty() {
            return Err(KError::msg("key and cert must be specified"));
        }
        Ok(())
    }

    pub fn run(&self, ctx: &mut Ctx) -> Result<(), KError> {
        let cert = read(ctx, &self.cert)?;
        let key = read(ctx, &self.key)?;
        check_pair(&cert, &key).map_err(KError::msg)?;
        let mut data = Data::new();
        data.insert("tls.crt".into(), cert);
        data.insert("tls.key".into(), key);
        let ns = self.namespace.as_deref();
        let obj = super::sources::secret_object(&self.name, ns, &data, "kubernetes.io/tls");
        super::finish(ctx, &self.flags, "secrets", obj)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{cluster, kubectl};
    use kubeplay_core::fs::MemFs;

    const CERT: &str = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
    const KEY: &str = "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n";

    #[test]
    fn pem_errors_match_go() {
        assert!(check_pair(CERT, KEY).is_ok());
        assert_eq!(
            check_pair("junk", KEY).err().unwrap_or_default(),
            "tls: failed to find any PEM data in certificate input"
        );
        assert_eq!(
            check_pair(CERT, "junk").err().unwrap_or_default(),
            "tls: failed to find any PEM data in key input"
        );
        assert_eq!(check_pair(KEY, CERT).err().unwrap_or_default(), "tls: failed to find certificate PEM data in certificate input, but did find a private key; PEM inputs may have been switched");
        assert_eq!(
            check_pair(CERT, CERT).err().unwrap_or_default(),
            "tls: found a certificate rather than a key in the PEM for the private key"
        );
    }

    #[test]
    fn creates_a_tls_secret() {
        let mut fs = MemFs::new()
            .with_file("tls.crt", CERT)
            .with_file("tls.key", KEY);
        let mut c = cluster();
        let (out, err, _) = kubectl(
            &mut c,
            &mut fs,
            "create secret tls t --cert=tls.crt --key=tls.key",
        );
        assert_eq!((out.as_str(), err.as_str()), ("secret/t created\n", ""));
        assert_eq!(
            kubectl(&mut c, &mut fs, "create secret tls t").1,
            "error: key and cert must be specified\n"
        );
        assert_eq!(
            kubectl(
                &mut c,
                &mut fs,
                "create secret tls t --cert=nope --key=tls.key"
            )
            .1,
            "error: Cannot read file nope, open nope: no such file or directory\n"
        );
    }
}
