#compdef kubectl
# zsh completion for kubectl in kubeplay (written by kubeplay, not cobra's script).
# Each Tab asks `kubeplay -c 'kubectl __complete WORDS...'` for `name<TAB>description` lines,
# then `:DIRECTIVE` (1 error, 2 no space after, 4 no file names).
# Load it with: source <(kubeplay -c 'kubectl completion zsh')

_kubeplay_kubectl() {
    local line="kubectl __complete" w
    for w in "${(@)words[2,CURRENT]}"; do
        line+=" ${(qq)w}"
    done
    local -a lines comps
    lines=("${(@f)$(kubeplay -c "$line" 2>/dev/null)}")
    (( ${#lines} > 0 )) || return 1
    local directive=${lines[-1]#:}
    lines=("${(@)lines[1,-2]}")
    [[ $directive == <-> ]] || return 1
    (( directive & 1 )) && return 1
    if (( ${#lines} == 0 )); then
        (( directive & 4 )) || _files
        return
    fi
    local l name desc
    for l in "${lines[@]}"; do
        name=${l%%$'\t'*}
        desc=""
        [[ $l == *$'\t'* ]] && desc=${l#*$'\t'}
        comps+=("${name//:/\\:}${desc:+:$desc}")
    done
    if (( directive & 2 )); then
        _describe -t kubectl 'kubectl' comps -S ''
    else
        _describe -t kubectl 'kubectl' comps
    fi
}

if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
    _kubeplay_kubectl "$@"
else
    compdef _kubeplay_kubectl kubectl
fi
