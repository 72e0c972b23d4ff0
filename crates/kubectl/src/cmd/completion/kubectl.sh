# bash completion for kubectl in kubeplay (written by kubeplay, not cobra's script).
# Each Tab asks `kubeplay -c 'kubectl __completeNoDesc WORDS...'` for candidates, one a line,
# then `:DIRECTIVE` (1 error, 2 no space after, 4 no file names).
# Load it with: source <(kubeplay -c 'kubectl completion bash')

__kubeplay_kubectl() {
    local words cur="" line="kubectl __completeNoDesc" w
    read -ra words <<< "${COMP_LINE:0:COMP_POINT}"
    if [[ ${COMP_LINE:0:COMP_POINT} != *[[:space:]] ]]; then
        cur=${words[${#words[@]}-1]}
        unset 'words[${#words[@]}-1]'
    fi
    for w in "${words[@]:1}" "$cur"; do
        line+=" '${w//\'/\'\\\'\'}'"
    done
    local lines
    mapfile -t lines < <(kubeplay -c "$line" 2>/dev/null)
    local n=${#lines[@]}
    (( n > 0 )) || return
    local directive=${lines[n-1]#:}
    unset 'lines[n-1]'
    [[ $directive =~ ^[0-9]+$ ]] || return
    (( directive & 1 )) && return
    (( directive & 2 )) && compopt -o nospace
    # After `--flag=`, bash completes the value alone (`=` breaks words).
    [[ $cur == -*=* ]] && cur=${cur#*=}
    COMPREPLY=()
    if (( ${#lines[@]} == 0 )); then
        (( directive & 4 )) || mapfile -t COMPREPLY < <(compgen -f -- "$cur")
        return
    fi
    local c
    for c in "${lines[@]}"; do
        [[ $c == "$cur"* ]] && COMPREPLY+=("$c")
    done
}
complete -F __kubeplay_kubectl kubectl
