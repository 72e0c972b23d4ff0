#!/bin/bash
if ! kubectl get configmap app-config; then
  echo "ConfigMap app-config not found"
  exit 1
fi
MODE=$(kubectl get configmap app-config -o jsonpath='{.data.MODE}')
if [[ "$MODE" == "production" ]]; then exit 0; else exit 1; fi
