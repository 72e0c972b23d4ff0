//! The text of `help`: what this shell can run, in our own words.

pub const HELP: &str = "\
kubeplay shell: a small bash-like shell in front of a simulated Kubernetes cluster.

Commands:
  kubectl ARGS...       talk to the cluster (`k` is the same command)
  sleep N               let N seconds pass on the cluster (1.5, 30s, 2m, 1h also work)
  echo, printf          print text
  cat, ls, tee          show and list files, copy what comes through a pipe into a file
  grep, head, tail, wc, sort, uniq, cut, tr, awk, sed, base64, xargs, seq, less
                        the usual text tools, for what kubectl prints
  export NAME=VALUE     set a variable ($NAME, ${NAME} expand it; $? is the last status)
  alias, source, env, read, test, pwd, cd, true, false, unset, exit, clear, help
  curl, wget            HTTP from this machine: a port-forward's local port, a node's port
                        ($(minikube ip):NODEPORT), the API server's URL
  jobs, kill, fg, bg, wait
                        the jobs started with `&`
  why TYPE/NAME         why a pod, deployment, service, job, pvc or node is not healthy: the
                        causes in plain words, each with the field or event it comes from

Syntax:
  a | b                 the output of a is the input of b
  a && b, a || b, a; b  run b if a succeeded, if a failed, in any case
  a &                   run a in the background (kubectl port-forward, logs -f, get -w, sleep)
  > FILE, >> FILE, < FILE, 2>&1, 2>/dev/null
                        write output to a file, append to it, read input from a file
  cat <<EOF | kubectl apply -f -
                        a here-document: the lines up to EOF are the input
  for x in a b; do ...; done, if ...; then ...; else ...; fi, while ...; do ...; done
                        loops and conditions, with [ ] tests, break and continue
  'text', \"text\", \\x    quoting as in bash; $(command) is replaced by its output,
                        $((1 + 2)) by the sum, {a,b} and {1..3} by each item
";
