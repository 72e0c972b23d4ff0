//! The API's shared vocabulary: requests, responses, errors, discovery, metadata, selectors,
//! names and patches. The server (`kubeplay-api`) and kubectl (`kubeplay-kubectl`) both speak it.

pub mod discovery;
pub mod meta;
pub mod names;
pub mod patch;
pub mod qos;
pub mod quantity;
pub mod request;
pub mod selector;
pub mod status;

pub use discovery::{Discovery, ResourceInfo};
pub use request::{parse_body, Answer, ApiRequest, ApiResponse, Method, Transport};
pub use status::Status;
