# PowerShell completion for kubectl in kubeplay (written by kubeplay, not cobra's script).
# Each Tab asks `kubeplay -c 'kubectl __complete WORDS...'` for `name<TAB>description` lines,
# then `:DIRECTIVE` (1 error, 2 no space after, 4 no file names).
# Load it with: kubeplay -c 'kubectl completion powershell' | Out-String | Invoke-Expression

Register-ArgumentCompleter -Native -CommandName kubectl -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)
    $words = @($commandAst.CommandElements | Select-Object -Skip 1 | ForEach-Object { $_.ToString() })
    if ($wordToComplete -eq '') { $words += '' }
    $quoted = $words | ForEach-Object { "'" + ($_ -replace "'", "'\''") + "'" }
    $out = @(kubeplay -c ("kubectl __complete " + ($quoted -join ' ')) 2>$null)
    if ($out.Count -eq 0) { return }
    $directive = [int]($out[-1].TrimStart(':'))
    if ($directive -band 1) { return }
    $out | Select-Object -SkipLast 1 | ForEach-Object {
        $name, $desc = $_ -split "`t", 2
        if (-not $desc) { $desc = $name }
        [System.Management.Automation.CompletionResult]::new($name, $name, 'ParameterValue', $desc)
    }
}
