//! The fake kube-apiserver: discovery, REST verbs, admission, metav1.Status errors and server-side
//! Table rendering. It is reached only through `ApiRequest`/`ApiResponse`.

pub mod admission;
pub mod crd;
pub mod defaults;
pub mod discovery;
pub mod meta;
pub mod names;
pub mod openapi;
pub mod patch;
pub mod path;
pub mod request;
pub mod selector;
pub mod server;
pub mod status;
pub mod table;
pub mod validate;

pub use discovery::{Discovery, ResourceInfo};
pub use request::{ApiRequest, ApiResponse, Method, Transport};
pub use server::ApiServer;
pub use status::Status;
