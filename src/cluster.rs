//! A whole cluster: API server + simulator on one clock.
