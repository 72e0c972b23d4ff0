# fish completion for kubectl in kubeplay (written by kubeplay, not cobra's script).
# Each Tab asks `kubeplay -c 'kubectl __complete WORDS...'` for `name<TAB>description` lines,
# then `:DIRECTIVE` (1 error, 2 no space after, 4 no file names).
# Load it with: kubeplay -c 'kubectl completion fish' | source

function __kubeplay_kubectl
    set -l line kubectl __complete
    for w in (commandline -opc)[2..-1] (commandline -ct)
        set -a line "'"(string replace -a "'" "'\\''" -- $w)"'"
    end
    set -l out (kubeplay -c "$line" 2>/dev/null)
    test (count $out) -gt 0; or return
    set -l directive (string sub -s 2 -- $out[-1])
    set -e out[-1]
    string match -qr '^[0-9]+$' -- $directive; or return
    test (math "bitand($directive, 1)") -eq 0; or return
    if test (count $out) -eq 0
        if test (math "bitand($directive, 4)") -eq 0
            __fish_complete_path (commandline -ct)
        end
        return
    end
    printf '%s\n' $out
end

complete -c kubectl -f -a '(__kubeplay_kubectl)'
