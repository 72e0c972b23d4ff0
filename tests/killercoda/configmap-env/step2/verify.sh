#!/bin/bash
set -e
kubectl get pod app -o jsonpath='{.spec.containers[0].envFrom[0].configMapRef.name}' | grep -q app-config
kubectl exec app -- env | grep -q MODE=production
