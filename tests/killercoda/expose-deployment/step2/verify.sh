#!/bin/bash
set -euo pipefail

kubectl get svc shop -o jsonpath='{.spec.ports[0].port}' | grep -qx 80
IP=$(kubectl get svc shop -o jsonpath='{.spec.clusterIP}')
curl -s --max-time 2 "http://$IP" | grep -q "Welcome to nginx"
