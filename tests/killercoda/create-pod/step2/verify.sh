#!/bin/bash
set -e

LABEL=$(kubectl get pod web -o jsonpath='{.metadata.labels.tier}')
[[ "$LABEL" == "frontend" ]]
echo "done"
