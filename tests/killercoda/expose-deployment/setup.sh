#!/bin/bash
kubectl taint node controlplane node-role.kubernetes.io/control-plane:NoSchedule-
