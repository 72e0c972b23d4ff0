#!/bin/bash
# The pod exists runs nginx in a container named after it.
kubectl get pod web -o jsonpath='{.spec.containers[0].image}' | grep -q nginx || exit 1
kubectl get pod web -o jsonpath='{.spec.containers[0].name}' | grep -q web
