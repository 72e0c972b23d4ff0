//! The text of `help`: what this shell can run, in our own words.

pub const HELP: &str = "\
kubeplay shell: a small bash-like shell in front of a simulated Kubernetes cluster.

Commands:
  kubectl ARGS...       talk to the cluster (`k` is the same command)
  sleep N               let N seconds pass on the cluster (1.5, 30s, 2m, 1h also work)
  echo [-n] [-e] TEXT   print text
  cat [FILE]...         print files, or what comes through the pipe
  ls [PATH]...          list the files
  grep [-ivcnEF] PAT    keep the lines that match (head, tail -n N, wc -l, sort, uniq,
                        base64 [-d] filter text too)
  export NAME=VALUE     set a variable ($NAME, ${NAME} expand it; $? is the last status)
  pwd, cd, true, false, unset, exit, clear, help

Syntax:
  a | b                 the output of a is the input of b
  a && b, a || b, a; b  run b if a succeeded, if a failed, in any case
  > FILE, >> FILE, < FILE, 2>&1, 2>/dev/null
                        redirect output to a file, append, read input from a file
  cat <<EOF | kubectl apply -f -
                        a here-document: the lines up to EOF are the input
  'text', \"text\", \\x     quoting as in bash; $(command) substitutes its output
";
