//! `stress` (the polinux/stress image the Kubernetes docs use for memory and CPU limits): its
//! workers allocate `--vm-bytes` each and spin `--cpu` cores until `--timeout`, if given.

use super::LogLine;

/// What a `stress` run asks for.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Stress {
    pub cpu: u64,
    pub io: u64,
    pub vm: u64,
    pub hdd: u64,
    /// Bytes each vm worker holds.
    pub vm_bytes: u64,
    /// How long it runs, in ms (None: until stopped).
    pub timeout_ms: Option<u64>,
}

/// stress's sizes: a number with an optional B, K, M or G suffix (powers of 1024).
fn size(s: &str) -> Option<u64> {
    let (num, mult) = match s.chars().last()? {
        'b' | 'B' => (&s[..s.len() - 1], 1),
        'k' | 'K' => (&s[..s.len() - 1], 1 << 10),
        'm' | 'M' => (&s[..s.len() - 1], 1 << 20),
        'g' | 'G' => (&s[..s.len() - 1], 1 << 30),
        _ => (s, 1),
    };
    num.parse::<u64>().ok()?.checked_mul(mult)
}

/// stress's times: a number with an optional s, m, h, d or y suffix, in ms.
fn time_ms(s: &str) -> Option<u64> {
    let (num, mult) = match s.chars().last()? {
        's' => (&s[..s.len() - 1], 1),
        'm' => (&s[..s.len() - 1], 60),
        'h' => (&s[..s.len() - 1], 3600),
        'd' => (&s[..s.len() - 1], 86400),
        'y' => (&s[..s.len() - 1], 31_536_000),
        _ => (s, 1),
    };
    num.parse::<u64>()
        .ok()?
        .checked_mul(mult)?
        .checked_mul(1000)
}

/// The arguments after `stress`; None when they ask for help or are not understood.
pub fn parse(args: &[String]) -> Option<Stress> {
    let mut s = Stress {
        vm_bytes: 256 << 20,
        ..Stress::default()
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let (flag, inline) = match a.split_once('=') {
            Some((f, v)) => (f, Some(v.to_string())),
            None => (a.as_str(), None),
        };
        let mut value = || inline.clone().or_else(|| it.next().cloned());
        match flag {
            "-c" | "--cpu" => s.cpu = value()?.parse().ok()?,
            "-i" | "--io" => s.io = value()?.parse().ok()?,
            "-m" | "--vm" => s.vm = value()?.parse().ok()?,
            "-d" | "--hdd" => s.hdd = value()?.parse().ok()?,
            "--vm-bytes" => s.vm_bytes = size(&value()?)?,
            "-t" | "--timeout" => s.timeout_ms = Some(time_ms(&value()?)?),
            "--vm-hang" | "--vm-stride" | "--backoff" | "--hdd-bytes" => {
                value()?;
            }
            "--vm-keep" | "-v" | "--verbose" | "-q" | "--quiet" | "-n" | "--dry-run" => {}
            _ => return None,
        }
    }
    Some(s)
}

impl Stress {
    /// Bytes its workers hold.
    pub fn memory(&self) -> u64 {
        self.vm.saturating_mul(self.vm_bytes)
    }

    /// Millicores it would burn, unthrottled.
    pub fn cpu_millis(&self) -> u64 {
        self.cpu.saturating_add(self.vm).saturating_mul(1000)
    }

    /// What it prints as it starts, and as it ends after its timeout.
    pub fn log(&self) -> Vec<LogLine> {
        let mut log = vec![LogLine {
            ms: 0,
            stderr: false,
            text: format!(
                "stress: info: [1] dispatching hogs: {} cpu, {} io, {} vm, {} hdd",
                self.cpu, self.io, self.vm, self.hdd
            ),
        }];
        if let Some(ms) = self.timeout_ms {
            log.push(LogLine {
                ms,
                stderr: false,
                text: format!(
                    "stress: info: [1] successful run completed in {}s",
                    ms / 1000
                ),
            });
        }
        log
    }
}
