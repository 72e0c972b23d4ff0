//! YAML streams -> documents with line/column spans (Kubernetes YAML 1.1 rules), and the emitter that writes YAML as kubectl does.
