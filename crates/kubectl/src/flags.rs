//! pflag-style flags for every command: `--name=value`, `--name value`, `-n value`, `-nvalue`,
//! combined short booleans, `--bool=false`, `--` ending flags. lexopt does the tokenizing; the
//! tables here say which flags take values, and the errors use pflag's words.

use indexmap::IndexMap;

use super::error::KError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Bool,
    Str,
    Int,
    /// pflag StringSlice: repeatable and comma-separated.
    Slice,
    /// pflag StringArray: repeatable, kept whole.
    Array,
    /// A string flag that may be given bare (`--dry-run`): pflag's NoOptDefVal is the value then.
    OptStr(&'static str),
    /// A Go time.Duration (`30s`, `1m0s`, `1h30m`), shown unquoted in help.
    Duration,
}

/// Seconds in a Go duration string, or Go's error for it (`time: invalid duration "x"`).
pub fn parse_duration(s: &str) -> Result<f64, String> {
    let quoted = format!("\"{s}\"");
    let (neg, mut rest) = match s.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    if rest == "0" {
        return Ok(0.0);
    }
    if rest.is_empty() {
        return Err(format!("time: invalid duration {quoted}"));
    }
    let mut total = 0.0;
    while !rest.is_empty() {
        let num_len = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        let (num, tail) = rest.split_at(num_len);
        let n: f64 = num
            .parse()
            .map_err(|_| format!("time: invalid duration {quoted}"))?;
        let unit_len = tail
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(tail.len());
        let (unit, next) = tail.split_at(unit_len);
        let scale = match unit {
            "ns" => 1e-9,
            "us" | "µs" | "μs" => 1e-6,
            "ms" => 1e-3,
            "s" => 1.0,
            "m" => 60.0,
            "h" => 3600.0,
            "" => return Err(format!("time: missing unit in duration {quoted}")),
            u => return Err(format!("time: unknown unit \"{u}\" in duration {quoted}")),
        };
        total += n * scale;
        rest = next;
    }
    Ok(if neg { -total } else { total })
}

#[derive(Debug, Clone, Copy)]
pub struct Flag {
    pub long: &'static str,
    pub short: Option<char>,
    pub kind: Kind,
    pub default: &'static str,
    pub usage: &'static str,
}

pub const fn flag(
    long: &'static str,
    short: Option<char>,
    kind: Kind,
    default: &'static str,
    usage: &'static str,
) -> Flag {
    Flag {
        long,
        short,
        kind,
        default,
        usage,
    }
}

pub const fn boolean(long: &'static str, usage: &'static str) -> Flag {
    flag(long, None, Kind::Bool, "false", usage)
}

pub const fn string(long: &'static str, default: &'static str, usage: &'static str) -> Flag {
    flag(long, None, Kind::Str, default, usage)
}

/// Flags every command accepts (kubectl's persistent flags).
pub const GLOBAL: &[Flag] = &[
    flag("namespace", Some('n'), Kind::Str, "", "If present, the namespace scope for this CLI request"),
    string("kubeconfig", "", "Path to the kubeconfig file to use for CLI requests."),
    string("context", "", "The name of the kubeconfig context to use"),
    string("cluster", "", "The name of the kubeconfig cluster to use"),
    string("user", "", "The name of the kubeconfig user to use"),
    flag("server", Some('s'), Kind::Str, "", "The address and port of the Kubernetes API server"),
    string("token", "", "Bearer token for authentication to the API server"),
    string("request-timeout", "0", "The length of time to wait before giving up on a single server request. Non-zero values should contain a corresponding time unit (e.g. 1s, 2m, 3h). A value of zero means don't timeout requests."),
    flag("v", Some('v'), Kind::Str, "0", "number for the log level verbosity"),
    boolean("insecure-skip-tls-verify", "If true, the server's certificate will not be checked for validity. This will make your HTTPS connections insecure"),
    string("as", "", "Username to impersonate for the operation. User could be a regular user or a service account in a namespace."),
    flag("as-group", None, Kind::Array, "[]", "Group to impersonate for the operation, this flag can be repeated to specify multiple groups."),
    string("as-uid", "", "UID to impersonate for the operation."),
    string("cache-dir", "$HOME/.kube/cache", "Default cache directory"),
    string("certificate-authority", "", "Path to a cert file for the certificate authority"),
    string("client-certificate", "", "Path to a client certificate file for TLS"),
    string("client-key", "", "Path to a client key file for TLS"),
    string("username", "", "Username for basic authentication to the API server"),
    string("password", "", "Password for basic authentication to the API server"),
    string("tls-server-name", "", "Server name to use for server certificate validation. If it is not provided, the hostname used to contact the server is used"),
    boolean("match-server-version", "Require server version to match client version"),
    boolean("warnings-as-errors", "Treat warnings received from the server as errors and exit with a non-zero exit code"),
    boolean("disable-compression", "If true, opt-out of response compression for all requests to the server"),
    string("log-flush-frequency", "5s", "Maximum number of seconds between log flushes"),
    string("profile", "none", "Name of profile to capture. One of (none|cpu|heap|goroutine|threadcreate|block|mutex)"),
    string("profile-output", "profile.pprof", "Name of the file to write the profile to"),
    flag("help", Some('h'), Kind::Bool, "false", "help for this command"),
];

#[derive(Debug, Clone, Default)]
pub struct Args {
    pub positionals: Vec<String>,
    /// How many positionals came before `--` (cobra's ArgsLenAtDash), if `--` was given.
    pub dash_at: Option<usize>,
    values: IndexMap<&'static str, Vec<String>>,
    specs: Vec<Flag>,
}

impl Args {
    fn spec(&self, name: &str) -> Option<&Flag> {
        self.specs.iter().find(|f| f.long == name)
    }
    pub fn is_set(&self, name: &str) -> bool {
        self.values.contains_key(name)
    }

    /// The flags given, in the order they came, with their values.
    pub fn given(&self) -> impl Iterator<Item = (&'static str, &[String])> + '_ {
        self.values.iter().map(|(k, v)| (*k, v.as_slice()))
    }
    /// The last value given, or the flag's default.
    pub fn str(&self, name: &str) -> String {
        match self.values.get(name).and_then(|v| v.last()) {
            Some(v) => v.clone(),
            None => self
                .spec(name)
                .map(|f| f.default.to_string())
                .unwrap_or_default(),
        }
    }
    /// The value only if the user gave one.
    pub fn opt(&self, name: &str) -> Option<String> {
        self.values.get(name).and_then(|v| v.last()).cloned()
    }
    pub fn bool(&self, name: &str) -> bool {
        self.str(name) == "true"
    }
    pub fn int(&self, name: &str) -> i64 {
        self.str(name).parse().unwrap_or(0)
    }
    pub fn list(&self, name: &str) -> Vec<String> {
        self.values.get(name).cloned().unwrap_or_default()
    }
    pub fn help(&self) -> bool {
        self.bool("help")
    }

    /// Cobra's check of the flags a command marks required, before anything else runs.
    pub fn require(&self, names: &[&str]) -> Result<(), KError> {
        let missing: Vec<String> = names
            .iter()
            .filter(|n| !self.is_set(n))
            .map(|n| format!("\"{n}\""))
            .collect();
        if missing.is_empty() {
            return Ok(());
        }
        Err(KError::msg(format!(
            "required flag(s) {} not set",
            missing.join(", ")
        )))
    }
}

fn display_name(f: &Flag) -> String {
    match f.short {
        Some(c) => format!("-{c}, --{}", f.long),
        None => format!("--{}", f.long),
    }
}

fn parse_bool(s: &str) -> Option<bool> {
    match s {
        "1" | "t" | "T" | "true" | "TRUE" | "True" => Some(true),
        "0" | "f" | "F" | "false" | "FALSE" | "False" => Some(false),
        _ => None,
    }
}

fn store(args: &mut Args, f: &Flag, raw: String) -> Result<(), KError> {
    let value = match f.kind {
        Kind::Bool => match parse_bool(&raw) {
            Some(b) => b.to_string(),
            None => {
                return Err(KError::Flag(format!(
                    "invalid argument \"{raw}\" for \"{}\" flag: strconv.ParseBool: parsing \"{raw}\": invalid syntax",
                    display_name(f)
                )))
            }
        },
        Kind::Int => {
            if raw.parse::<i64>().is_err() {
                let why = if raw.chars().all(|c| c.is_ascii_digit() || c == '-') && !raw.is_empty() {
                    "value out of range"
                } else {
                    "invalid syntax"
                };
                return Err(KError::Flag(format!(
                    "invalid argument \"{raw}\" for \"{}\" flag: strconv.ParseInt: parsing \"{raw}\": {why}",
                    display_name(f)
                )));
            }
            raw
        }
        Kind::Duration => match parse_duration(&raw) {
            Ok(_) => raw,
            Err(why) => {
                return Err(KError::Flag(format!(
                    "invalid argument \"{raw}\" for \"{}\" flag: {why}",
                    display_name(f)
                )))
            }
        },
        _ => raw,
    };
    let slot = args.values.entry(f.long).or_default();
    match f.kind {
        Kind::Slice => slot.extend(value.split(',').filter(|s| !s.is_empty()).map(String::from)),
        Kind::Array => slot.push(value),
        _ => {
            slot.clear();
            slot.push(value)
        }
    }
    Ok(())
}

/// pflag reads `-Ao wide` as `-A -o wide` and `-it` as `-i -t`: a boolean shorthand never
/// swallows the rest of its cluster unless written `-A=false`. lexopt would hand the rest to the
/// boolean as its value, so clusters are split here first.
fn split_short_clusters(argv: &[String], all: &[Flag]) -> Vec<String> {
    let mut out = Vec::new();
    for (i, a) in argv.iter().enumerate() {
        let is_cluster = a.starts_with('-') && !a.starts_with("--") && a.chars().count() > 2;
        // A value for the previous (non-boolean) flag is not a cluster: `-n -it` never happens, but
        // `-l -x` would be a value.
        let prev_takes_value = i > 0
            && argv[i - 1].len() == 2
            && argv[i - 1].starts_with('-')
            && all.iter().any(|f| {
                f.short.is_some_and(|c| argv[i - 1].ends_with(c))
                    && !matches!(f.kind, Kind::Bool | Kind::OptStr(_))
            });
        if !is_cluster || prev_takes_value {
            out.push(a.clone());
            continue;
        }
        let chars: Vec<char> = a.chars().skip(1).collect();
        let mut j = 0;
        while j < chars.len() {
            let c = chars[j];
            let rest: String = chars[j..].iter().collect();
            let is_bool = all
                .iter()
                .any(|f| f.short == Some(c) && matches!(f.kind, Kind::Bool));
            if is_bool && chars.get(j + 1) != Some(&'=') {
                out.push(format!("-{c}"));
                j += 1;
            } else {
                out.push(format!("-{rest}"));
                break;
            }
        }
    }
    out
}

/// Parse argv (without the command words) against the command's flags plus the global ones.
pub fn parse(specs: &[Flag], argv: &[String]) -> Result<Args, KError> {
    let mut all: Vec<Flag> = specs.to_vec();
    all.extend(
        GLOBAL
            .iter()
            .copied()
            .filter(|g| !specs.iter().any(|s| s.long == g.long)),
    );
    let (before, after) = match argv.iter().position(|a| a == "--") {
        Some(i) => (&argv[..i], Some(&argv[i + 1..])),
        None => (argv, None),
    };
    let mut args = Args {
        specs: all.clone(),
        ..Args::default()
    };
    let mut p = lexopt::Parser::from_args(split_short_clusters(before, &all));
    loop {
        let arg = match p.next() {
            Ok(Some(a)) => a,
            Ok(None) => break,
            Err(e) => return Err(KError::Flag(e.to_string())),
        };
        match arg {
            lexopt::Arg::Value(v) => args.positionals.push(v.to_string_lossy().into_owned()),
            lexopt::Arg::Long(name) => {
                let name = name.to_string();
                let Some(f) = all.iter().find(|f| f.long == name).copied() else {
                    return Err(KError::Flag(format!("unknown flag: --{name}")));
                };
                let raw = match f.kind {
                    Kind::Bool => p
                        .optional_value()
                        .map(|v| v.to_string_lossy().into_owned())
                        .unwrap_or_else(|| "true".into()),
                    Kind::OptStr(bare) => p
                        .optional_value()
                        .map(|v| v.to_string_lossy().into_owned())
                        .unwrap_or_else(|| bare.into()),
                    _ => match p.value() {
                        Ok(v) => v.to_string_lossy().into_owned(),
                        Err(_) => {
                            return Err(KError::Flag(format!("flag needs an argument: --{name}")))
                        }
                    },
                };
                store(&mut args, &f, raw)?;
            }
            lexopt::Arg::Short(c) => {
                let Some(f) = all.iter().find(|f| f.short == Some(c)).copied() else {
                    // pflag names what is left of the cluster from the unknown letter on.
                    let raw = before
                        .iter()
                        .find(|a| a.starts_with('-') && !a.starts_with("--") && a.contains(c))
                        .and_then(|a| a.find(c).map(|at| format!("-{}", &a[at..])))
                        .unwrap_or_else(|| format!("-{c}"));
                    return Err(KError::Flag(format!(
                        "unknown shorthand flag: '{c}' in {raw}"
                    )));
                };
                let raw = if f.kind == Kind::Bool {
                    p.optional_value()
                        .map(|v| v.to_string_lossy().into_owned())
                        .unwrap_or_else(|| "true".into())
                } else {
                    match p.value() {
                        Ok(v) => v.to_string_lossy().into_owned(),
                        Err(_) => {
                            return Err(KError::Flag(format!(
                                "flag needs an argument: '{c}' in -{c}"
                            )))
                        }
                    }
                };
                store(&mut args, &f, raw)?;
            }
        }
    }
    if let Some(rest) = after {
        args.dash_at = Some(args.positionals.len());
        args.positionals.extend(rest.iter().cloned());
    }
    Ok(args)
}

/// The usage of a flag kubectl accepts but leaves out of its help (a deprecated one such as
/// `--record`).
pub const HIDDEN: &str = "\u{0}hidden";

pub const fn hidden(long: &'static str, kind: Kind, default: &'static str) -> Flag {
    flag(long, None, kind, default, HIDDEN)
}

/// The "Options:" section of a help page, as kubectl lays it out.
pub fn options_help(specs: &[Flag]) -> String {
    let mut out = String::new();
    for f in specs.iter().filter(|f| f.usage != HIDDEN) {
        let head = match f.short {
            Some(c) => format!("    -{c}, --{}=", f.long),
            None => format!("    --{}=", f.long),
        };
        let default = match f.kind {
            Kind::Str => format!("'{}'", f.default),
            // A list's default as pflag shows it (`[]`, `[localhost]`).
            Kind::Slice | Kind::Array if f.default.starts_with('[') => f.default.to_string(),
            Kind::Slice | Kind::Array => "[]".to_string(),
            Kind::OptStr(_) => format!("'{}'", f.default),
            _ => f.default.to_string(),
        };
        out.push_str(&format!("{head}{default}:\n\t{}\n\n", f.usage));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(a: &[&str]) -> Vec<String> {
        a.iter().map(|s| s.to_string()).collect()
    }

    const SPECS: &[Flag] = &[
        flag("image", None, Kind::Str, "", ""),
        flag("all-namespaces", Some('A'), Kind::Bool, "false", ""),
        flag("output", Some('o'), Kind::Str, "", ""),
        flag("replicas", Some('r'), Kind::Int, "1", ""),
        flag("env", None, Kind::Array, "[]", ""),
        flag("labels", Some('l'), Kind::Str, "", ""),
    ];

    #[test]
    fn pflag_forms() {
        let a = parse(
            SPECS,
            &v(&["pods", "-n=tp", "-Ao", "wide", "--image", "nginx", "x"]),
        )
        .unwrap_or_default();
        assert_eq!(a.positionals, v(&["pods", "x"]));
        assert_eq!(a.str("namespace"), "tp");
        assert!(a.bool("all-namespaces"));
        assert_eq!(a.str("output"), "wide");
        assert_eq!(a.str("image"), "nginx");
        let a = parse(
            SPECS,
            &v(&["x", "--env=A=1", "--env", "B=2", "--", "sh", "-c", "ls"]),
        )
        .unwrap_or_default();
        assert_eq!(a.list("env"), v(&["A=1", "B=2"]));
        assert_eq!(a.positionals, v(&["x", "sh", "-c", "ls"]));
        assert_eq!(a.dash_at, Some(1));
        let a = parse(SPECS, &v(&["-Al", "app=web", "-A=false"])).unwrap_or_default();
        assert!(!a.bool("all-namespaces"));
        assert_eq!(a.str("labels"), "app=web");
        let a = parse(SPECS, &v(&["-lapp=x", "-owide"])).unwrap_or_default();
        assert_eq!(a.str("labels"), "app=x");
        assert_eq!(a.str("output"), "wide");
    }

    #[test]
    fn pflag_errors() {
        let e = |a: &[&str]| match parse(SPECS, &v(a)) {
            Err(KError::Flag(m)) => m,
            other => format!("{other:?}"),
        };
        assert_eq!(e(&["--nope"]), "unknown flag: --nope");
        assert_eq!(e(&["-x"]), "unknown shorthand flag: 'x' in -x");
        assert_eq!(e(&["-Axy"]), "unknown shorthand flag: 'x' in -xy");
        assert_eq!(e(&["--image"]), "flag needs an argument: --image");
        assert_eq!(e(&["-o"]), "flag needs an argument: 'o' in -o");
        assert_eq!(
            e(&["--replicas=abc"]),
            "invalid argument \"abc\" for \"-r, --replicas\" flag: strconv.ParseInt: parsing \"abc\": invalid syntax"
        );
        assert_eq!(
            e(&["-A=maybe"]),
            "invalid argument \"maybe\" for \"-A, --all-namespaces\" flag: strconv.ParseBool: parsing \"maybe\": invalid syntax"
        );
    }
}
