//! The one boundary between kubectl and the API server: an HTTP request and response in plain data.
//! `kubeplay serve` maps real HTTP onto exactly these, so a real kubectl sees the same server.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }
    pub fn parse(s: &str) -> Option<Method> {
        Some(match s {
            "GET" => Method::Get,
            "POST" => Method::Post,
            "PUT" => Method::Put,
            "PATCH" => Method::Patch,
            "DELETE" => Method::Delete,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ApiRequest {
    pub method: Method,
    /// The URL path, e.g. `/api/v1/namespaces/default/pods/web`.
    pub path: String,
    /// Decoded query parameters in order (`labelSelector`, `fieldSelector`, `dryRun`, ...).
    pub query: Vec<(String, String)>,
    /// `Accept`: `application/json` or the Table form kubectl asks for
    /// (`application/json;as=Table;v=v1;g=meta.k8s.io`).
    pub accept: String,
    /// `Content-Type`: for PATCH it selects the patch kind.
    pub content_type: String,
    pub body: Option<String>,
    /// Who is asking: `Authorization` and the `Impersonate-*` headers, in order (a header may
    /// repeat, as `Impersonate-Group` does). No `Authorization` means the client certificate of
    /// the cluster's own admin kubeconfig.
    pub headers: Vec<(String, String)>,
}

impl ApiRequest {
    pub fn new(method: Method, path: impl Into<String>) -> Self {
        ApiRequest {
            method,
            path: path.into(),
            query: Vec::new(),
            accept: "application/json".into(),
            content_type: "application/json".into(),
            body: None,
            headers: Vec::new(),
        }
    }
    pub fn get(path: impl Into<String>) -> Self {
        Self::new(Method::Get, path)
    }
    pub fn with_query(mut self, k: &str, v: impl Into<String>) -> Self {
        self.query.push((k.to_string(), v.into()));
        self
    }
    pub fn with_body(mut self, body: impl Into<String>) -> Self {
        self.body = Some(body.into());
        self
    }
    pub fn with_accept(mut self, accept: impl Into<String>) -> Self {
        self.accept = accept.into();
        self
    }
    pub fn with_content_type(mut self, ct: impl Into<String>) -> Self {
        self.content_type = ct.into();
        self
    }
    pub fn with_header(mut self, name: &str, value: impl Into<String>) -> Self {
        self.headers.push((name.to_string(), value.into()));
        self
    }
    /// The first value of a header (names compare without case, as HTTP's do).
    pub fn header<'a>(&'a self, name: &'a str) -> Option<&'a str> {
        self.headers_named(name).next()
    }
    /// Every value of a header, in order.
    pub fn headers_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.headers
            .iter()
            .filter(move |(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    pub fn query_param(&self, k: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.as_str())
    }
    pub fn wants_table(&self) -> bool {
        self.accept.contains("as=Table")
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ApiResponse {
    pub code: u16,
    /// JSON text: the object, a list, a Table, or a metav1.Status.
    pub body: String,
}

impl ApiResponse {
    pub fn ok(body: String) -> Self {
        ApiResponse { code: 200, body }
    }
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.code)
    }
}

/// A response before it is written out: most bodies are JSON values, which a client in the same
/// process takes as they are (`Transport::call_value`); the rest are text already.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    Text(ApiResponse),
    Json(u16, serde_json::Value),
}

impl Answer {
    pub fn code(&self) -> u16 {
        match self {
            Answer::Text(r) => r.code,
            Answer::Json(code, _) => *code,
        }
    }

    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.code())
    }

    /// The response as it goes over the wire.
    pub fn into_response(self) -> ApiResponse {
        match self {
            Answer::Text(r) => r,
            Answer::Json(code, v) => ApiResponse {
                code,
                body: v.to_string(),
            },
        }
    }

    /// The response as a client reads it; the same value `into_response` would be parsed into.
    pub fn into_value(self) -> (u16, serde_json::Value) {
        match self {
            Answer::Text(r) => (r.code, parse_body(&r.body)),
            Answer::Json(code, v) => (code, v),
        }
    }
}

/// A response body as a client reads it: its JSON, or null when it is none.
pub fn parse_body(body: &str) -> serde_json::Value {
    serde_json::from_str(body).unwrap_or(serde_json::Value::Null)
}

/// Anything that answers API requests: the in-process server, or (later) a real one over HTTP.
pub trait Transport {
    fn call(&mut self, req: ApiRequest) -> ApiResponse;
    /// The same exchange with the body as a JSON value (null when it is no JSON). A transport
    /// in the same process as its server overrides it to hand the server's value over as is:
    /// writing a list of 10,000 objects out only for the client to parse it back costs more
    /// than answering it.
    fn call_value(&mut self, req: ApiRequest) -> (u16, serde_json::Value) {
        let resp = self.call(req);
        (resp.code, parse_body(&resp.body))
    }
    /// The client's clock, for the ages kubectl computes itself (describe); None if unknown.
    fn clock(&self) -> Option<crate::clock::Time> {
        None
    }
}
