#!/bin/bash
set -e
kubectl get deployment shop
[[ $(kubectl get deployment shop -o jsonpath='{.spec.replicas}') -eq 2 ]]
[[ $(kubectl get deployment shop -o jsonpath='{.spec.template.spec.containers[0].image}') =~ ^nginx ]]
