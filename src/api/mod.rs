//! The fake kube-apiserver: discovery, REST verbs, admission, metav1.Status errors and server-side
//! Table rendering. It is reached only through `ApiRequest`/`ApiResponse`.

pub mod request;

pub use request::{ApiRequest, ApiResponse, Method, Transport};
