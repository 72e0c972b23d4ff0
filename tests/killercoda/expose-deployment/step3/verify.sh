#!/bin/bash
# Wait for the rollout, as a real cluster needs a moment.
for i in $(seq 1 30); do
  READY=$(kubectl get deployment shop -o jsonpath='{.status.readyReplicas}')
  if [ "$READY" = "4" ]; then exit 0; fi
  sleep 2
done
exit 1
