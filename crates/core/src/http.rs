//! An HTTP exchange as the playground's own shell makes one (`curl`, `wget` on the learner's
//! machine): the shell parses the command line and prints, the host answers from the cluster.
//! Only what those clients show is kept; there are no sockets behind it.

/// Where a request goes: an address the host resolves (a node, the API server, `localhost`),
/// or a pod's port reached through a `kubectl port-forward`.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    Address {
        host: String,
        port: u16,
    },
    Pod {
        namespace: String,
        pod: String,
        port: u16,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    pub target: Target,
    /// `http` or `https`.
    pub scheme: String,
    pub method: String,
    /// The path with its query, as sent (`/`, `/api?x=1`).
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Response {
    /// Spoken over HTTP/2 (the API server), else HTTP/1.1.
    pub http2: bool,
    pub status: u16,
    pub reason: String,
    /// In the order the server sends them.
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Why no answer came back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// Nothing listens there (an RST): curl's exit 7.
    Refused,
    /// No route or a dropped packet: the client waits out its timeout (curl's exit 28).
    Timeout,
    /// The name does not resolve: curl's exit 6.
    Resolve,
    /// The connection was taken and closed without a reply: curl's exit 52.
    Empty,
    /// TLS to a server that does not speak it: curl's exit 35.
    Tls,
    /// The server's certificate is not one this machine trusts (a cluster's own CA): curl's
    /// exit 60 unless `-k`.
    Certificate,
}
