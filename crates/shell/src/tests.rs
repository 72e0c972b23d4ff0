//! Shell tests with a fake host that records what kubectl and sleep were asked.

use super::lex::{Lexer, Op, Seg, Status, Tok};
use super::*;
use kubeplay_core::fs::MemFs;

#[derive(Default)]
struct Fake {
    calls: Vec<(Vec<String>, Option<String>)>,
    slept: Vec<f64>,
}

impl Host for Fake {
    fn kubectl(&mut self, args: &[String], stdin: Option<&str>, _fs: &mut dyn Fs) -> Output {
        self.calls.push((args.to_vec(), stdin.map(str::to_string)));
        let mut o = Output::new();
        match args.first().map(String::as_str) {
            Some("get") => {
                o.out("NAME    READY   STATUS\nnginx   1/1     Running\nweb     0/1     Pending\n")
            }
            Some("fail") => {
                o.err("error: boom\n");
                o.exit_code = 1;
            }
            _ => o.out(format!("kubectl {}\n", args.join(" "))),
        }
        o
    }
    fn sleep(&mut self, seconds: f64) {
        self.slept.push(seconds);
    }
}

struct T {
    sh: Shell,
    host: Fake,
    fs: MemFs,
}

impl T {
    fn new() -> T {
        T {
            sh: Shell::new(),
            host: Fake::default(),
            fs: MemFs::new().with_file("pod.yaml", "kind: Pod\n"),
        }
    }

    /// Feeds lines; the output of the last one, which must complete the command.
    fn run(&mut self, text: &str) -> Output {
        let mut last = None;
        for line in text.split('\n') {
            last = Some(self.sh.feed_line(line, &mut self.host, &mut self.fs));
        }
        match last {
            Some(Feed::Done(o)) => o,
            other => panic!("not complete: {other:?}"),
        }
    }

    fn more(&mut self, line: &str) -> bool {
        matches!(
            self.sh.feed_line(line, &mut self.host, &mut self.fs),
            Feed::More(p) if p == "> "
        )
    }
}

fn out(text: &str) -> String {
    T::new().run(text).combined()
}

fn lex(line: &str) -> Vec<Tok> {
    let mut lx = Lexer::new();
    assert_eq!(lx.feed(line), Ok(Status::Complete), "{line}");
    lx.take().toks
}

fn words(line: &str) -> Vec<Vec<Seg>> {
    lex(line)
        .into_iter()
        .filter_map(|t| match t {
            Tok::Word(w) => Some(w.segs),
            _ => None,
        })
        .collect()
}

#[test]
fn tokenizer_quotes_and_escapes() {
    assert_eq!(
        words(r#"a 'b c' "d $X" e\ f"#),
        vec![
            vec![Seg::Lit("a".into())],
            vec![Seg::Quoted("b c".into())],
            vec![
                Seg::Quoted("d ".into()),
                Seg::Param {
                    expr: "X".into(),
                    quoted: true
                }
            ],
            vec![
                Seg::Lit("e".into()),
                Seg::Quoted(" ".into()),
                Seg::Lit("f".into())
            ],
        ]
    );
    assert_eq!(words("''"), vec![vec![Seg::Quoted(String::new())]]);
    assert_eq!(words("a # comment"), vec![vec![Seg::Lit("a".into())]]);
    assert_eq!(words("a#b"), vec![vec![Seg::Lit("a#b".into())]]);
    assert_eq!(
        words(r#""\"\\\$\x""#),
        vec![vec![Seg::Quoted(r#""\$\x"#.into())]]
    );
}

#[test]
fn tokenizer_operators() {
    let ops: Vec<Tok> = lex("a|b||c&&d;e 2>&1 >>f <g &>h |& i")
        .into_iter()
        .filter(|t| !matches!(t, Tok::Word(_)))
        .collect();
    use super::lex::RedirOp::*;
    assert_eq!(
        ops,
        vec![
            Tok::Op(Op::Pipe),
            Tok::Op(Op::Or),
            Tok::Op(Op::And),
            Tok::Op(Op::Semi),
            Tok::Redir {
                fd: Some(2),
                op: DupOut
            },
            Tok::Redir {
                fd: None,
                op: Append
            },
            Tok::Redir { fd: None, op: In },
            Tok::Redir {
                fd: None,
                op: AllOut
            },
            Tok::Op(Op::PipeAmp),
            Tok::Op(Op::Newline),
        ]
    );
    // Digits glued to a word are not a file descriptor.
    assert!(lex("a2>f").contains(&Tok::Redir { fd: None, op: Out }));
}

#[test]
fn tokenizer_unclosed_constructs_ask_for_more() {
    for first in [
        "echo 'a",
        "echo \"a",
        "echo a \\",
        "echo a |",
        "a &&",
        "a ||",
        "cat <<EOF",
        "echo $(date",
    ] {
        let mut lx = Lexer::new();
        assert_eq!(lx.feed(first), Ok(Status::More), "{first}");
    }
    let mut t = T::new();
    assert!(t.more("echo 'a"));
    assert_eq!(t.run("b'").stdout(), "a\nb\n");
    assert!(t.more("echo a \\"));
    assert_eq!(t.run("b").stdout(), "a b\n");
    assert!(t.more("echo a |"));
    assert!(t.more(""));
    assert_eq!(t.run("cat").stdout(), "a\n");
}

#[test]
fn heredocs() {
    let mut t = T::new();
    assert!(t.more("cat <<EOF | kubectl apply -f -"));
    assert!(t.more("kind: $KIND"));
    assert!(t.more("  x: 'y'"));
    let o = t.run("EOF");
    assert_eq!(o.stdout(), "kubectl apply -f -\n");
    assert_eq!(
        t.host.calls,
        vec![(
            vec!["apply".into(), "-f".into(), "-".into()],
            Some("kind: \n  x: 'y'\n".into())
        )]
    );

    let mut t = T::new();
    t.run("export KIND=Pod");
    t.run("kubectl apply -f - <<'EOF'\nkind: $KIND\nEOF");
    t.run("kubectl apply -f - <<EOF\nkind: $KIND \\$x\nEOF");
    t.run("k apply -f - <<-END\n\t\tkind: a\n\tEND");
    let stdins: Vec<_> = t.host.calls.iter().map(|c| c.1.clone()).collect();
    assert_eq!(
        stdins,
        vec![
            Some("kind: $KIND\n".into()),
            Some("kind: Pod $x\n".into()),
            Some("kind: a\n".into())
        ]
    );
    // Two heredocs on one line are read one after the other.
    assert_eq!(out("cat <<A; cat <<B\n1\nA\n2\nB"), "1\n2\n");
}

#[test]
fn expansion_and_splitting() {
    let mut t = T::new();
    t.run("X='a  b'");
    assert_eq!(
        t.run("echo $X \"$X\" ${X}c ${NOPE}!").stdout(),
        "a b a  b a bc !\n"
    );
    assert_eq!(t.run("false; echo $?; echo $?").stdout(), "1\n0\n");
    assert_eq!(
        t.run("echo ${U:-def} ${X:+set} ${#X}").stdout(),
        "def set 4\n"
    );
    assert_eq!(
        t.run("echo ~ ~/x '~'").stdout(),
        "/home/kubeplay /home/kubeplay/x ~\n"
    );
    assert_eq!(
        t.run("echo $(echo hi there) \"$(nosuch x)\"").combined(),
        "bash: nosuch: command not found\nhi there \n"
    );
    assert_eq!(
        t.run("P=$(kubectl get | grep nginx); echo \"[$P]\"")
            .stdout(),
        "[nginx   1/1     Running]\n"
    );
    assert_eq!(
        t.run("echo ${X").combined(),
        "bash: ${X: bad substitution\n"
    );
}

#[test]
fn lists_and_pipes() {
    assert_eq!(out("true && echo a || echo b"), "a\n");
    assert_eq!(out("false && echo a || echo b"), "b\n");
    assert_eq!(out("echo a; echo b"), "a\nb\n");
    assert_eq!(
        out("kubectl get | grep -i NGINX"),
        "nginx   1/1     Running\n"
    );
    assert_eq!(out("kubectl get | grep -v NAME | wc -l"), "2\n");
    assert_eq!(
        out("kubectl get | head -n 2 | tail -1"),
        "nginx   1/1     Running\n"
    );
    let mut t = T::new();
    let o = t.run("kubectl fail | grep x");
    assert_eq!(o.combined(), "error: boom\n");
    assert_eq!(o.exit_code, 1);
    assert_eq!(t.run("kubectl fail 2>&1 | grep -c boom").combined(), "1\n");
    assert_eq!(t.run("kubectl fail 2>/dev/null").combined(), "");
    assert_eq!(t.run("kubectl fail |& cat").stdout(), "error: boom\n");
}

#[test]
fn redirections() {
    let mut t = T::new();
    assert_eq!(t.run("echo hi > a.txt; echo there >> a.txt").combined(), "");
    assert_eq!(t.run("cat a.txt").stdout(), "hi\nthere\n");
    assert_eq!(
        t.run("kubectl apply -f - < pod.yaml").stdout(),
        "kubectl apply -f -\n"
    );
    assert_eq!(
        t.host.calls.last().and_then(|c| c.1.clone()),
        Some("kind: Pod\n".into())
    );
    let o = t.run("cat < nope");
    assert_eq!(
        (o.combined().as_str(), o.exit_code),
        ("bash: nope: No such file or directory\n", 1)
    );
    assert_eq!(
        t.run("kubectl fail > out.txt 2>&1; cat out.txt").stdout(),
        "error: boom\n"
    );
    assert_eq!(
        t.run("kubectl fail 2>&1 > out2.txt").combined(),
        "error: boom\n"
    );
    assert_eq!(t.run("grep -c . <<< 'a b'").stdout(), "1\n");
    // -x: the whole line matches, as GNU grep's --line-regexp.
    assert_eq!(
        t.run("printf 'web\\nweb-1\\n' | grep -x web").stdout(),
        "web\n"
    );
    assert_eq!(
        t.run("printf 'a\\nab\\n' | grep -cxE 'a|ab'").stdout(),
        "2\n"
    );
    assert_eq!(t.run("echo x >/dev/null").combined(), "");
    assert_eq!(
        t.run("echo x > $NOPE").combined(),
        "bash: $NOPE: ambiguous redirect\n"
    );
}

#[test]
fn builtins() {
    let mut t = T::new();
    assert_eq!(t.run("sleep 2").combined(), "");
    t.run("sleep 1.5");
    t.run("sleep 2s 1m");
    assert_eq!(t.host.slept, vec![2.0, 1.5, 62.0]);
    let o = t.run("sleep x");
    assert_eq!(
        o.combined(),
        "sleep: invalid time interval 'x'\nTry 'sleep --help' for more information.\n"
    );
    assert_eq!(o.exit_code, 1);
    let o = t.run("foo bar");
    assert_eq!(
        (o.combined().as_str(), o.exit_code),
        ("bash: foo: command not found\n", 127)
    );
    assert_eq!(
        t.run("echo -n a; echo -e 'b\\tc'; echo -x").stdout(),
        "ab\tc\n-x\n"
    );
    assert!(t.run("clear").clear);
    assert!(t.run("help").stdout().contains("kubectl"));
    assert_eq!(t.run("ls").stdout(), "pod.yaml\n");
    let o = t.run("cat x");
    assert_eq!(
        (o.combined().as_str(), o.exit_code),
        ("cat: x: No such file or directory\n", 1)
    );
    assert_eq!(t.run("pwd").stdout(), "/home/kubeplay\n");
    assert_eq!(t.run("export A=1; echo $A").stdout(), "1\n");
    assert_eq!(t.run("echo -n admin | base64").stdout(), "YWRtaW4=\n");
    assert_eq!(t.run("echo YWRtaW4= | base64 -d").stdout(), "admin");
    assert_eq!(t.run("k version").stdout(), "kubectl version\n");
}

#[test]
fn syntax_errors() {
    let mut t = T::new();
    let o = t.run("| a");
    assert_eq!(
        (o.combined().as_str(), o.exit_code),
        ("bash: syntax error near unexpected token `|'\n", 2)
    );
    assert_eq!(t.run("echo $?").stdout(), "2\n");
    assert_eq!(
        t.run("echo a;;").combined(),
        "bash: syntax error near unexpected token `;;'\n"
    );
    assert_eq!(
        t.run("cat <<").combined(),
        "bash: syntax error near unexpected token `newline'\n"
    );
    assert_eq!(
        t.run("echo >").combined(),
        "bash: syntax error near unexpected token `newline'\n"
    );
}

#[test]
fn run_script_splits_commands() {
    let mut t = T::new();
    let res = t.sh.run_script(
        "echo a\n\ncat <<EOF |\nx\nEOF\ngrep x\necho 'b\nc'\n",
        &mut t.host,
        &mut t.fs,
    );
    let got: Vec<(&str, String)> = res
        .iter()
        .map(|(c, o)| (c.as_str(), o.combined()))
        .collect();
    assert_eq!(
        got,
        vec![
            ("echo a", "a\n".to_string()),
            ("cat <<EOF |\nx\nEOF\ngrep x", "x\n".to_string()),
            ("echo 'b\nc'", "b\nc\n".to_string()),
        ]
    );
    let res = t.sh.run_script("cat <<EOF\nx", &mut t.host, &mut t.fs);
    let got: Vec<String> = res.iter().map(|(_, o)| o.combined()).collect();
    assert_eq!(
        got,
        vec!["bash: warning: here-document at line 1 delimited by end-of-file (wanted `EOF')\nx\n"]
    );
    let res = t.sh.run_script("echo 'x", &mut t.host, &mut t.fs);
    assert_eq!(res.first().map(|r| r.1.exit_code), Some(2));
}

#[test]
fn bounded_inputs() {
    let mut t = T::new();
    let big = "a".repeat(super::lex::MAX_INPUT + 1);
    let o = t.run(&format!("echo {big}"));
    assert_eq!(o.exit_code, 2);
    let pipeline = vec!["cat"; 300].join(" | ");
    let o = t.run(&pipeline);
    assert_eq!(
        o.combined(),
        "bash: pipeline too long (limit 64 commands)\n"
    );
    // A heredoc growing past the limit is cut off, and the shell is usable afterwards.
    assert!(t.more("cat <<EOF"));
    let chunk = "x".repeat(1 << 20);
    let mut result = None;
    for _ in 0..8 {
        if let Feed::Done(o) = t.sh.feed_line(&chunk, &mut t.host, &mut t.fs) {
            result = Some(o);
            break;
        }
    }
    assert_eq!(result.map(|o| o.exit_code), Some(2));
    assert_eq!(t.run("echo ok").stdout(), "ok\n");
    // Doubling a variable stops at the expansion limit instead of eating memory.
    t.run("X=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
    let mut last = Output::new();
    for _ in 0..30 {
        last = t.run("X=$X$X");
        if last.exit_code != 0 {
            break;
        }
    }
    assert_eq!(
        last.combined(),
        "bash: expansion too large (limit 16 MiB)\n"
    );
    let wide = format!("printf '%9999s' {}", "a ".repeat(2000));
    assert_eq!(t.run(&wide).stderr(), "bash: printf: output too large\n");
    assert!(t.run("echo $X $X").stderr().contains("too long"));
    // Deep command substitution stops.
    let deep = format!("echo {}x{}", "$(echo ".repeat(20), ")".repeat(20));
    assert!(t.run(&deep).stderr().contains("nested too deeply"));
}

/// Tricky quoting and expansion, checked against the real bash when there is one.
#[cfg(not(target_arch = "wasm32"))]
#[test]
fn agrees_with_bash() {
    let cases = [
        r#"echo 'a'"b"c\ d"#,
        r#"echo "a\"b" 'c\"d' "e\\f" "g\$h" "i\j""#,
        r#"echo a\\b \' \" \$x"#,
        r#"X='1  2'; echo $X; echo "$X"; echo ${X}x; echo '$X'"#,
        r#"X=; echo "[$X]" [$X] "" ''x"#,
        r#"echo a#b #c"#,
        r#"echo "a #b" 'c #d'"#,
        r#"echo $UNSET_VAR_123 end"#,
        r#"false; echo $?; true; echo $?"#,
        r#"false || echo no && echo yes"#,
        r#"true && false || echo fallback; echo after"#,
        r#"echo -n x; echo -e 'a\tb\nc'; echo -ne 'd\x41\0102\n'; echo -E 'e\tf'"#,
        r#"echo -- -n; echo -nx; echo -"#,
        "cat <<EOF\na $HOME \\$x '$HOME' \"q\"\nEOF",
        "cat <<'EOF'\na $HOME \\$x\nEOF",
        "cat <<\"EOF\"\na $HOME\nEOF",
        "cat <<-EOF\n\t\tindented $HOME\n\tEOF",
        "cat <<EOF | grep b\na\nb\nEOF",
        "cat <<A; cat <<B\n1\nA\n2\nB",
        "echo $(echo a   b) \"$(echo a   b)\" `echo c`",
        "X=$(false); echo $?",
        "echo ${U:-d e} ${U-x} ${HOME:+set} ${#HOME}",
        "printf_missing=1; echo ${printf_missing}",
        "echo a |\ncat",
        "echo 'multi\nline'",
        "echo \"a\nb\"",
        "echo a \\\nb",
        "printf=1 echo hi",
        "echo hi | cat - | wc -l",
        "echo -e 'b\\na\\nc\\na' | sort | uniq -c",
        "echo -e '1\\n2\\n3\\n4\\n5' | tail -n +3 | head -n 2",
        "echo -e '1\\n2\\n3\\n4\\n5' | head -n -2",
        "echo -e 'x\\ny\\nz' | wc",
        "echo -e 'ab\\nAB\\ncd' | grep -in ab",
        "echo -e 'ab\\nAB\\ncd' | grep -vc ab",
        "echo -e 'a.b\\naxb' | grep -F a.b",
        "echo -e 'Running\\nPending\\nFailed' | grep -E 'Run|Pend'",
        "echo -e 'Running\\nPending\\nFailed' | grep 'Run\\|Fail'",
        "echo hello | base64; echo aGVsbG8K | base64 -d",
        "echo x; exit 3; echo y",
        "! false; echo $?",
        "echo a >&2 2>/dev/null",
        "echo ~/x ~ '~' a~",
        "cat <<< 'here string'",
        r#"echo $'a\tb\x41\'q\101\n' $"dq" x$'y'z"#,
        "echo 'a:b:c' | cut -d: -f2,3; echo 'a  b' | cut -d' ' -f3; echo hello | cut -c2-4",
        "echo 'nodelim' | cut -d: -f2; echo 'x:y' | cut -s -d: -f1-",
        "echo Hello | tr a-z A-Z; echo 'a   b' | tr -s ' '; echo hello | tr -d l",
        "echo 'a b c' | tr '[:lower:]' '[:upper:]'; echo abc | tr abc x",
        "echo 'x y z' | xargs -n1 echo; echo 'a b' | xargs; echo | xargs echo none",
        "echo -e 'p1\\np2' | xargs -I{} echo pod/{}",
        "echo -e 'NAME READY\\nnginx 1/1\\nweb 0/1' | awk '{print $1}'",
        "echo -e 'NAME READY\\nnginx 1/1\\nweb 0/1' | awk 'NR>1 {print $2, $1}'",
        "echo -e 'a 1\\nb 20\\nc 3' | awk '$2 > 2' ; echo -e 'a 1\\nb 20' | awk '{s += $2} END {print s, NR}'",
        "echo -e 'x:y:z' | awk -F: '{print $NF \"-\" $(NF-1)}'; echo 'a b' | awk '/b/ {print NF}'",
        "echo -e 'pod Running\\npod2 Pending' | awk '$2 == \"Running\" {print $1}'; echo 'A' | awk '{print tolower($1), length($1)}'",
        "echo -e '10\\n9\\nx' | awk '$1 > 5 && $1 !~ /x/'; awk 'BEGIN {print 1/4, 2*3, 7%3, \"s\" 1}'",
        r#"printf "%s-%d|" a 1 b 2 c; echo; printf "%5s|%-4s|%03d|%x|%b|%%\n" ab cd 7 255 "x\ty""#,
        r#"printf "no newline"; echo; printf '%s\n' one two; printf '%.2f %c %q\n' 3.14159 xyz 'a b'"#,
        "N=7; echo $((1)) $((N * 2 + 1)) $(( (3+4) % 5 )) $((2**10)) $((-N / 2)) $((N > 3))",
        "echo \"$((1 + $(echo 2)))\"",
        "for i in 1 2 3; do echo $i; done; for w in $(echo a b); do echo \"<$w>\"; done",
        "for f in a b\ndo\n  echo $f\ndone\necho after",
        "if true; then echo y; else echo n; fi; if false; then echo y; elif true; then echo e; fi; if false; then :; fi; echo $?",
        "x=0; while [ $x -lt 3 ]; do echo $x; x=$((x+1)); done; until [ $x = 0 ]; do x=$((x-1)); done; echo $x",
        "{ echo a; echo b; } | wc -l; { echo c; } > /dev/null; echo $?",
        "for i in 1 2 3 4; do if [ $i = 2 ]; then continue; fi; if [ $i -gt 3 ]; then break; fi; echo $i; done",
        "for x in *.nomatch; do echo $x; done; echo done fi then",
        "[ -z '' ] && echo empty; [ -n '' ] || echo notset; test 1 -eq 1 && echo eq; [ ! a = b ] && echo ne",
        "for i in 1 2; do for j in a b; do echo $i$j; break; done; done",
        "echo {a,b}.yaml pod-{1..3} {c..a} {01..3} {1..10..4} '{x,y}' {single} {} a{,b}",
        "for i in {1..3}; do echo n$i; done; echo {a,b}{1,2}",
        "printf 'web   2  Running\\napi  10  Pending\\ndb    1  Running\\n' | sort -k3; printf 'a 2\\nb 10\\nc 1\\n' | sort -k2 -n",
        "printf 'a:3\\nb:1\\nc:2\\n' | sort -t: -k2; printf 'x 1\\ny 1\\nz 2\\n' | sort -rk2,2 ; printf 'b\\na\\nb\\n' | sort -u",
        "seq 3; seq 2 4; seq 10 -3 1; seq -s, 1 3; seq 5 1; for i in $(seq 1 2); do echo p$i; done",
        "echo -e 'a 1\\nb 2 3' | while read name rest; do echo \"[$name] [$rest]\"; done",
        "while read -r l; do echo \"got $l\"; done <<EOF\none\ntwo\nEOF",
        "printf 'x\\ny' | while read l; do echo $l; done; echo end",
        "echo -e 'a\\nb\\nc\\nd\\ne\\nf\\ng\\nc' | grep -A1 -B1 c; echo -e 'a\\nb\\nc\\nd' | grep -nC1 d",
        "echo -e 'Events:\\n  x\\n  y\\nEnd' | grep -A2 Events; echo -e 'a\\nb' | grep -A 5 a",
    ];
    let Ok(probe) = std::process::Command::new("bash")
        .arg("-c")
        .arg("true")
        .output()
    else {
        return;
    };
    if !probe.status.success() {
        return;
    }
    let mut failures = Vec::new();
    for case in cases {
        let Ok(real) = std::process::Command::new("bash")
            .arg("-c")
            .arg(case)
            .env("HOME", "/home/kubeplay")
            .output()
        else {
            return;
        };
        let mut t = T::new();
        let res = t.sh.run_script(case, &mut t.host, &mut t.fs);
        let ours: String = res.iter().map(|(_, o)| o.stdout()).collect();
        let code = res.last().map(|(_, o)| o.exit_code).unwrap_or(0);
        let theirs = String::from_utf8_lossy(&real.stdout).to_string();
        if ours != theirs || Some(code) != real.status.code() {
            failures.push(format!(
                "{case:?}\n  bash: {theirs:?} {:?}\n  ours: {ours:?} {code}",
                real.status.code()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn plumbing() {
    let mut t = T::new();
    assert_eq!(
        t.run("kubectl get | tee copy.txt | wc -l; cat copy.txt | head -1")
            .stdout(),
        "3\nNAME    READY   STATUS\n"
    );
    assert_eq!(
        t.run("alias kk=kubectl; alias").stdout(),
        "alias kk='kubectl'\n"
    );
    assert_eq!(t.run("kk version").stdout(), "kubectl version\n");
    assert_eq!(
        t.run("unalias kk; kk").combined(),
        "bash: kk: command not found\n"
    );
    assert_eq!(
        t.run("echo a b | xargs kubectl delete").stdout(),
        "kubectl delete a b\n"
    );
    assert_eq!(
        t.run("echo a | xargs nope").combined(),
        "xargs: nope: No such file or directory\n"
    );
    assert_eq!(
        t.run("kubectl get | less | grep web").stdout(),
        "web     0/1     Pending\n"
    );
    t.fs.write("setup.sh", "export NS=tp\nalias kd='kubectl describe'\n")
        .unwrap();
    assert_eq!(
        t.run("source setup.sh; kd pod -n $NS").stdout(),
        "kubectl describe pod -n tp\n"
    );
    assert_eq!(
        t.run(". nope.sh").combined(),
        "bash: nope.sh: No such file or directory\n"
    );
}

#[test]
fn compound_commands() {
    let mut t = T::new();
    assert!(t.more("for i in a b; do"));
    assert!(t.more("  kubectl describe $i"));
    assert_eq!(
        t.run("done").stdout(),
        "kubectl describe a\nkubectl describe b\n"
    );
    let o = t.run("while true; do :; done");
    assert_eq!(
        o.combined(),
        "bash: too many commands in one input (limit 5000)\n"
    );
    assert_eq!(t.run("echo still here").stdout(), "still here\n");
    assert_eq!(
        t.run("done").combined(),
        "bash: syntax error near unexpected token `done'\n"
    );
    assert_eq!(
        t.run("if true; then fi").combined(),
        "bash: syntax error near unexpected token `fi'\n"
    );
    assert_eq!(
        t.run("break").combined(),
        "bash: break: only meaningful in a `for', `while', or `until' loop\n"
    );
    assert_eq!(
        t.run("[ -f pod.yaml ] && echo file; [ -d . ] && echo dir; [ -e nope ] || echo none")
            .stdout(),
        "file\ndir\nnone\n"
    );
    assert_eq!(t.run("[ a = b").combined(), "bash: [: missing `]'\n");
    let res =
        t.sh.run_script("for i in 1\ndo echo $i", &mut t.host, &mut t.fs);
    assert_eq!(
        res.first().map(|r| r.1.combined()),
        Some("bash: syntax error: unexpected end of file\n".into())
    );
    assert_eq!(t.run("case x in esac").combined(), "bash: case: not supported here (this shell has pipes, lists, for, if, while, until and { } groups)\n");
}

#[test]
fn globs() {
    let mut t = T::new();
    t.fs.write("b.yaml", "kind: B\n").unwrap();
    assert_eq!(t.run("echo *.yaml").stdout(), "b.yaml pod.yaml\n");
    assert_eq!(
        t.run("echo '*.yaml' \"*\".yaml \\*.yaml").stdout(),
        "*.yaml *.yaml *.yaml\n"
    );
    assert_eq!(t.run("echo *.json").stdout(), "*.json\n");
    assert_eq!(t.run("cat p*").stdout(), "kind: Pod\n");
    assert_eq!(
        t.run("echo x > *.yaml").combined(),
        "bash: *.yaml: ambiguous redirect\n"
    );
    t.run("kubectl get pods -o jsonpath={.items[*].metadata.name}");
    assert_eq!(
        t.host.calls.last().map(|c| c.0.clone()),
        Some(vec![
            "get".into(),
            "pods".into(),
            "-o".into(),
            "jsonpath={.items[*].metadata.name}".into()
        ])
    );
    assert_eq!(
        t.run("sleep -1").combined(),
        "sleep: invalid option -- '1'\nTry 'sleep --help' for more information.\n"
    );
}

#[test]
fn early_syntax_errors_and_cancel() {
    let mut t = T::new();
    assert_eq!(
        t.run("| a |").combined(),
        "bash: syntax error near unexpected token `|'\n"
    );
    assert_eq!(
        t.run("echo a && ; |").combined(),
        "bash: syntax error near unexpected token `;'\n"
    );
    assert!(t.more("cat <<EOF"));
    assert!(t.sh.is_pending());
    t.sh.cancel();
    assert!(!t.sh.is_pending());
    assert_eq!(t.run("echo fresh").stdout(), "fresh\n");
}

/// Random lines made of the characters that matter to the shell: nothing panics or hangs,
/// and the shell keeps answering afterwards.
#[test]
fn random_input_never_panics() {
    let alphabet: Vec<char> = "ab $'\"\\|&;<>()`{}#=*?[]-~!012\t\n".chars().collect();
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let words = [
        "for ",
        "do ",
        "done",
        "if ",
        "then ",
        "fi",
        "while ",
        "{ ",
        "} ",
        "echo ",
        "cat ",
        "awk ",
        "xargs ",
        "<<",
        "$((",
        "${",
        "$(",
        "[ ",
        "printf ",
        "grep -A1 ",
    ];
    let mut t = T::new();
    let mut ran = 0;
    for _ in 0..3000 {
        let len = (next() % 24) as usize;
        let mut line = String::new();
        for _ in 0..len {
            if next() % 4 == 0 {
                line.push_str(words[(next() % words.len() as u64) as usize]);
            } else {
                line.push(alphabet[(next() % alphabet.len() as u64) as usize]);
            }
        }
        let more = matches!(t.sh.feed_line(&line, &mut t.host, &mut t.fs), Feed::More(_));
        // Mostly start afresh, so most lines run instead of sitting in an open quote.
        if more && next() % 4 != 0 {
            t.sh.cancel();
        } else if !more {
            ran += 1;
        }
    }
    assert!(ran > 500, "only {ran} lines ran");
    t.sh.cancel();
    assert_eq!(t.run("echo alive").stdout(), "alive\n");
}
