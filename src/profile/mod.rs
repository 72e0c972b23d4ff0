//! Cluster profiles (minikube, k3s) as data: what a fresh cluster holds.
