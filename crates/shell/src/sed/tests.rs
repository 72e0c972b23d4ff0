//! sed compared with GNU sed 4.9: each row's output, errors and status are what GNU sed printed
//! for the same arguments and input (its usage text cut to its first line).

use super::run;
use kubeplay_core::fs::{Fs, MemFs};

type Case = (
    &'static [&'static str],
    &'static str,
    &'static str,
    &'static str,
    i32,
);

const GNU: &[Case] = &[
    (&["s/Running/Up/"], "NAME    READY   STATUS    RESTARTS   AGE\nnginx   1/1     Running   0          5m\nweb     0/1     Pending   0          1m\ndb      1/1     Running   2          9m\n", "NAME    READY   STATUS    RESTARTS   AGE\nnginx   1/1     Up   0          5m\nweb     0/1     Pending   0          1m\ndb      1/1     Up   2          9m\n", "", 0),
    (&["-n", "/Running/p"], "NAME    READY   STATUS    RESTARTS   AGE\nnginx   1/1     Running   0          5m\nweb     0/1     Pending   0          1m\ndb      1/1     Running   2          9m\n", "nginx   1/1     Running   0          5m\ndb      1/1     Running   2          9m\n", "", 0),
    (&["1d"], "NAME    READY   STATUS    RESTARTS   AGE\nnginx   1/1     Running   0          5m\nweb     0/1     Pending   0          1m\ndb      1/1     Running   2          9m\n", "nginx   1/1     Running   0          5m\nweb     0/1     Pending   0          1m\ndb      1/1     Running   2          9m\n", "", 0),
    (&["-n", "2,3p"], "NAME    READY   STATUS    RESTARTS   AGE\nnginx   1/1     Running   0          5m\nweb     0/1     Pending   0          1m\ndb      1/1     Running   2          9m\n", "nginx   1/1     Running   0          5m\nweb     0/1     Pending   0          1m\n", "", 0),
    (&["-n", "$p"], "NAME    READY   STATUS    RESTARTS   AGE\nnginx   1/1     Running   0          5m\nweb     0/1     Pending   0          1m\ndb      1/1     Running   2          9m\n", "db      1/1     Running   2          9m\n", "", 0),
    (&["$!d"], "NAME    READY   STATUS    RESTARTS   AGE\nnginx   1/1     Running   0          5m\nweb     0/1     Pending   0          1m\ndb      1/1     Running   2          9m\n", "db      1/1     Running   2          9m\n", "", 0),
    (&["2q"], "NAME    READY   STATUS    RESTARTS   AGE\nnginx   1/1     Running   0          5m\nweb     0/1     Pending   0          1m\ndb      1/1     Running   2          9m\n", "NAME    READY   STATUS    RESTARTS   AGE\nnginx   1/1     Running   0          5m\n", "", 0),
    (&["-n", "/web/,/db/p"], "NAME    READY   STATUS    RESTARTS   AGE\nnginx   1/1     Running   0          5m\nweb     0/1     Pending   0          1m\ndb      1/1     Running   2          9m\n", "web     0/1     Pending   0          1m\ndb      1/1     Running   2          9m\n", "", 0),
    (&["/nginx/,$d"], "NAME    READY   STATUS    RESTARTS   AGE\nnginx   1/1     Running   0          5m\nweb     0/1     Pending   0          1m\ndb      1/1     Running   2          9m\n", "NAME    READY   STATUS    RESTARTS   AGE\n", "", 0),
    (&["3,1p"], "NAME    READY   STATUS    RESTARTS   AGE\nnginx   1/1     Running   0          5m\nweb     0/1     Pending   0          1m\ndb      1/1     Running   2          9m\n", "NAME    READY   STATUS    RESTARTS   AGE\nnginx   1/1     Running   0          5m\nweb     0/1     Pending   0          1m\nweb     0/1     Pending   0          1m\ndb      1/1     Running   2          9m\n", "", 0),
    (&["-n", "="], "NAME    READY   STATUS    RESTARTS   AGE\nnginx   1/1     Running   0          5m\nweb     0/1     Pending   0          1m\ndb      1/1     Running   2          9m\n", "1\n2\n3\n4\n", "", 0),
    (&["="], "a\nb\n", "1\na\n2\nb\n", "", 0),
    (&["s/ \\+/ /g"], "NAME    READY   STATUS    RESTARTS   AGE\nnginx   1/1     Running   0          5m\nweb     0/1     Pending   0          1m\ndb      1/1     Running   2          9m\n", "NAME READY STATUS RESTARTS AGE\nnginx 1/1 Running 0 5m\nweb 0/1 Pending 0 1m\ndb 1/1 Running 2 9m\n", "", 0),
    (&["-E", "s/ +/,/g"], "NAME    READY   STATUS    RESTARTS   AGE\nnginx   1/1     Running   0          5m\nweb     0/1     Pending   0          1m\ndb      1/1     Running   2          9m\n", "NAME,READY,STATUS,RESTARTS,AGE\nnginx,1/1,Running,0,5m\nweb,0/1,Pending,0,1m\ndb,1/1,Running,2,9m\n", "", 0),
    (&["-r", "s/^([a-z]+) +([0-9])\\/.*/\\2 \\1/"], "NAME    READY   STATUS    RESTARTS   AGE\nnginx   1/1     Running   0          5m\nweb     0/1     Pending   0          1m\ndb      1/1     Running   2          9m\n", "NAME    READY   STATUS    RESTARTS   AGE\n1 nginx\n0 web\n1 db\n", "", 0),
    (&["s/^\\([a-z]*\\).*/\\1/"], "NAME    READY   STATUS    RESTARTS   AGE\nnginx   1/1     Running   0          5m\nweb     0/1     Pending   0          1m\ndb      1/1     Running   2          9m\n", "\nnginx\nweb\ndb\n", "", 0),
    (&["s|1/1|ok|"], "NAME    READY   STATUS    RESTARTS   AGE\nnginx   1/1     Running   0          5m\nweb     0/1     Pending   0          1m\ndb      1/1     Running   2          9m\n", "NAME    READY   STATUS    RESTARTS   AGE\nnginx   ok     Running   0          5m\nweb     0/1     Pending   0          1m\ndb      ok     Running   2          9m\n", "", 0),
    (&["s/a/[&]/2"], "banana\n", "ban[a]na\n", "", 0),
    (&["s/a/[&]/2g"], "banana\n", "ban[a]n[a]\n", "", 0),
    (&["s/A/x/gi"], "banana Apple\n", "bxnxnx xpple\n", "", 0),
    (&["s/a*/x/g"], "baaac\n", "xbxcx\n", "", 0),
    (&["s/x*/-/g"], "abc\n", "-a-b-c-\n", "", 0),
    (&["-n", "s/an/AN/p"], "banana\nkiwi\n", "bANana\n", "", 0),
    (&["s/a/\\n/"], "banana\n", "b\nnana\n", "", 0),
    (&["s/n/\\t/g"], "banana\n", "ba\ta\ta\n", "", 0),
    (&["-e", "s/a/b/", "-e", "s/b/c/"], "abc\n", "cbc\n", "", 0),
    (&["s/a/b/;s/b/c/"], "abc\n", "cbc\n", "", 0),
    (&["s/a/b/\ns/b/d/"], "abc\n", "dbc\n", "", 0),
    (&["p"], "a\nb", "a\na\nb\nb", "", 0),
    (&["-n", "p"], "a\nb", "a\nb", "", 0),
    (&["$s/b/c/"], "a\nb", "a\nc", "", 0),
    (&["/^$/d"], "a\n\nb\n\n", "a\nb\n", "", 0),
    (&["s/.*/\"&\"/"], "x y\n", "\"x y\"\n", "", 0),
    (&["s/[0-9]\\{2\\}/NN/"], "a1b22c333\n", "a1bNNc333\n", "", 0),
    (&["-E", "s/[0-9]{2,}/NN/g"], "a1b22c333\n", "a1bNNcNN\n", "", 0),
    (&["s/a\\|b/X/g"], "abc\n", "XXc\n", "", 0),
    (&["s/(x)/y/"], "a(x)b\n", "ayb\n", "", 0),
    (&["-E", "s/\\(x\\)/y/"], "a(x)b\n", "ayb\n", "", 0),
    (&["s/*/y/"], "a*b\n", "ayb\n", "", 0),
    (&["s/^*/y/"], "*ab\n", "yab\n", "", 0),
    (&["s/a^b/y/"], "a^b\n", "y\n", "", 0),
    (&["s/a$b/y/"], "a$b\n", "y\n", "", 0),
    (&["s/[[:digit:]]\\+/N/g"], "a1b22\n", "aNbN\n", "", 0),
    (&["s/[]a]/X/g"], "a]b\n", "XXb\n", "", 0),
    (&["s/[^a-c]/-/g"], "abcdef\n", "abc---\n", "", 0),
    (&["s/\\<a/X/g"], "a ba ab\n", "X ba Xb\n", "", 0),
    (&["s/\\./!/g"], "a.b.c\n", "a!b!c\n", "", 0),
    (&["2!s/a/X/"], "a\na\na\n", "X\na\nX\n", "", 0),
    (&["/b/!d"], "a\nb\nc\n", "b\n", "", 0),
    (&["\\,b,d"], "a\nb\nc\n", "a\nc\n", "", 0),
    (&["/B/Id"], "a\nb\nc\n", "a\nc\n", "", 0),
    (&["q5"], "a\nb\n", "a\n", "", 5),
    (&["-n", "2{p}"], "a\nb\n", "b\n", "", 0),
    (&["s/a/b"], "a\n", "", "sed: -e expression #1, char 5: unterminated `s' command\n", 1),
    (&["s/a"], "a\n", "", "sed: -e expression #1, char 3: unterminated `s' command\n", 1),
    (&["k"], "a\n", "", "sed: -e expression #1, char 1: unknown command: `k'\n", 1),
    (&["s/a/b/q"], "a\n", "", "sed: -e expression #1, char 7: unknown option to `s'\n", 1),
    (&["s/a/\\1/"], "a\n", "", "sed: -e expression #1, char 7: invalid reference \\1 on `s' command's RHS\n", 1),
    (&["/abc"], "a\n", "", "sed: -e expression #1, char 4: unterminated address regex\n", 1),
    (&["1,"], "a\n", "", "sed: -e expression #1, char 2: unexpected `,'\n", 1),
    (&["p x"], "a\n", "", "sed: -e expression #1, char 3: extra characters after command\n", 1),
    (&["3!!p"], "a\n", "", "sed: -e expression #1, char 3: multiple `!'s\n", 1),
    (&["1"], "a\n", "", "sed: -e expression #1, char 1: missing command\n", 1),
    (&["0p"], "a\n", "", "sed: -e expression #1, char 2: invalid usage of line address 0\n", 1),
    (&["s/a/b/0"], "a\n", "", "sed: -e expression #1, char 7: number option to `s' command may not be zero\n", 1),
    (&["s/\\(a/b/"], "a\n", "", "sed: -e expression #1, char 8: Unmatched ( or \\(\n", 1),
    (&["s/a\\)/b/"], "a\n", "", "sed: -e expression #1, char 8: Unmatched ) or \\)\n", 1),
    (&[], "a\n", "", "Usage: sed [OPTION]... {script-only-if-no-other-script} [input-file]...\n", 1),
    (&["-k", "p"], "a\n", "", "sed: invalid option -- 'k'\nUsage: sed [OPTION]... {script-only-if-no-other-script} [input-file]...\n", 1),
    (&["--foo", "p"], "a\n", "", "sed: unrecognized option '--foo'\nUsage: sed [OPTION]... {script-only-if-no-other-script} [input-file]...\n", 1),
    (&["-e"], "a\n", "", "sed: option requires an argument -- 'e'\nUsage: sed [OPTION]... {script-only-if-no-other-script} [input-file]...\n", 1),
    (&["p", "nofile"], "", "", "sed: can't read nofile: No such file or directory\n", 2),
    (&["-n", "1p", "-", "nofile"], "x\n", "x\n", "sed: can't read nofile: No such file or directory\n", 2),
    (&["-s", "-n", "$p", "f1", "f2"], "", "two\nfour", "", 0),
    (&["-n", "$p", "f1", "f2"], "", "four", "", 0),
    (&["=", "f1", "f2"], "", "1\none\n2\ntwo\n3\nthree\n4\nfour", "", 0),
    (&["-ne", "2p"], "a\nb\n", "b\n", "", 0),
    (&["--expression=2d", "--quiet"], "a\nb\n", "", "", 0),
    (&["s/ab*/<&>/g"], "abbb a ab\n", "<abbb> <a> <ab>\n", "", 0),
    (&["s/x/y/;p;d"], "x\n", "y\n", "", 0),
    (&["# comment\np"], "x\n", "x\nx\n", "", 0),
    (&["s/a/b/ ; p"], "a\n", "b\nb\n", "", 0),
    (&["y/a/b/"], "a\n", "b\n", "", 0),
    (&["-n", "/READY/!{p}"], "a\n", "a\n", "", 0),
    (&["s/\\//|/g"], "a/b/c\n", "a|b|c\n", "", 0),
    (&["s/e/E/3"], "eeeee\n", "eeEee\n", "", 0),
    (&["-E", "s/(a|b)+/X/"], "cabbac\n", "cXc\n", "", 0),
    (&["-E", "s/a{2}/X/"], "aaaa\n", "Xaa\n", "", 0),
    (&["s/a\\{2\\}/X/"], "aaaa\n", "Xaa\n", "", 0),
    (&["s/a+/X/"], "aa+\n", "aX\n", "", 0),
    (&["-E", "s/^\\s+//"], "   x\n", "x\n", "", 0),
    (&["s/\\s*$//"], "x   \n", "x\n", "", 0),
    (&["s/\\w\\+/W/g"], "ab cd-ef\n", "W W-W\n", "", 0),
    (&["2,/x/d"], "x\nx\ny\nx\nz\n", "x\nz\n", "", 0),
    (&["/x/,2d"], "a\nx\nb\nc\n", "a\nb\nc\n", "", 0),
    (&["/x/,1d"], "a\nx\nb\nc\n", "a\nb\nc\n", "", 0),
    (&["s/a/&&/g"], "aa\n", "aaaa\n", "", 0),
    (&["s/a/\\&/"], "a\n", "&\n", "", 0),
    (&["s/b/\\\\/"], "abc\n", "a\\c\n", "", 0),
    (&["s/[ab/x/"], "abc\n", "", "sed: -e expression #1, char 8: unterminated `s' command\n", 1),
    (&["/[ab/p"], "abc\n", "", "sed: -e expression #1, char 6: unterminated address regex\n", 1),
    (&["s/[/]/x/"], "a/b\n", "axb\n", "", 0),
    (&["-n", "/[]]/p"], "a]b\n", "a]b\n", "", 0),
    (&["s/[[:punct:]/]/X/g"], "a:b/c\n", "aXbXc\n", "", 0),
    (&["p", "dir"], "", "", "sed: read error on dir: Is a directory\n", 4),
    (&["-i", "p"], "", "", "sed: no input files\n", 4),
    (&["-n", "/[0-9]\\{3,\\}/p"], "12\n1234\n", "1234\n", "", 0),
    (&["-e", "p", "-e", "k"], "a\n", "", "sed: -e expression #2, char 1: unknown command: `k'\n", 1),
    (&["-e", "s/a/b/", "-e", "s/x"], "a\n", "", "sed: -e expression #2, char 3: unterminated `s' command\n", 1),
    (&["p;p"], "a\n", "a\na\na\n", "", 0),
    (&["-n", "p;p"], "a\n", "a\na\n", "", 0),
    (&["2q3"], "a\nb\nc\n", "a\nb\n", "", 3),
    (&["$q7"], "a\nb\n", "a\nb\n", "", 7),
    (&["-n", "$="], "a\nb\nc\n", "3\n", "", 0),
    (&["-f", "script.sed"], "a\nb\n", "X\n", "", 0),
    (&["-f", "nosuch.sed"], "a\n", "", "sed: couldn't open file nosuch.sed: No such file or directory\n", 4),
    (&["s/A/x/I"], "aAa\n", "xAa\n", "", 0),
    (&["/a/,/b/!d"], "x\na\ny\nb\nz\n", "a\ny\nb\n", "", 0),
    (&["/a/,+1d"], "x\n", "x\n", "", 0),
    (&["s/a/b/ g"], "aa\n", "bb\n", "", 0),
    (&["s/a/b/g;"], "aa\n", "bb\n", "", 0),
    (&["  2  p"], "a\nb\n", "a\nb\nb\n", "", 0),
    (&["2,3 !d"], "a\nb\nc\nd\n", "b\nc\n", "", 0),
    (&["s/a\\nb/x/"], "a\n", "a\n", "", 0),
    (&["-E", "s/(a)|(b)/[\\2]/g"], "ab\n", "[][b]\n", "", 0),
    (&["s/$/;/"], "a\nb\n", "a;\nb;\n", "", 0),
    (&["s/^/> /"], "a\n", "> a\n", "", 0),
    (&["-n", "/^ *image:/{s/image: //p}"], "a\n", "", "", 0),
    (&["s/[.]/X/g"], "a.b\n", "aXb\n", "", 0),
    (&["s/a.c/X/"], "abc\n", "X\n", "", 0),
    (&["s/\\t/T/"], "a\tb\n", "aTb\n", "", 0),
    (&["-n", "-e", "/x/p", "f1", "f2"], "", "", "", 0),
    (&["--in-place"], "", "", "Usage: sed [OPTION]... {script-only-if-no-other-script} [input-file]...\n", 1),
    (&["-s", "1d", "f1", "f2"], "", "two\nfour", "", 0),
    (&["s/é/e/g"], "café é\n", "cafe e\n", "", 0),
    (&["s/./X/3"], "héllo\n", "héXlo\n", "", 0),
    (&["2a   added"], "a\nb\nc\n", "a\nb\nadded\nc\n", "", 0),
    (&["2i\\  ins"], "a\nb\nc\n", "a\n  ins\nb\nc\n", "", 0),
    (&["1,2c changed"], "a\nb\nc\n", "changed\nc\n", "", 0),
    (&["2!c X"], "a\nb\nc\n", "X\nb\nX\n", "", 0),
    (&["y/abc/xyz/;2d;1a after"], "a\nb\nc\n", "x\nafter\nz\n", "", 0),
    (&["$a end"], "a\nb\nc\n", "a\nb\nc\nend\n", "", 0),
    (&["a"], "a\n", "", "sed: -e expression #1, char 1: expected \\ after `a', `c' or `i'\n", 1),
    (&["a\\"], "a\nb\n", "a\nb\n", "", 0),
    (&["a x"], "a", "a\nx\n", "", 0),
    (&["2q;a x"], "a\nb\nc\n", "a\nx\nb\n", "", 0),
    (&["a foo;p"], "a\n", "a\nfoo;p\n", "", 0),
    (&["y/abc/xy/"], "a\n", "", "sed: -e expression #1, char 9: strings for `y' command are different lengths\n", 1),
    (&["y/a/b/g"], "a\n", "", "sed: -e expression #1, char 7: extra characters after command\n", 1),
    (&["y/a\\/b/x\\/y/"], "a/b\n", "x/y\n", "", 0),
    (&["/b/i\\\nbefore b"], "a\nb\n", "a\nbefore b\nb\n", "", 0),
    (&["/containers:/a\\      - name: sidecar"], "    containers:\n    - name: web\n", "    containers:\n      - name: sidecar\n    - name: web\n", "", 0),
    (&["-n", "/b/{p;p}"], "a\n", "", "", 0),
    (&["y/abc/xyz"], "a\n", "", "sed: -e expression #1, char 9: unterminated `y' command\n", 1),
    (&["-n", "/b/{p"], "a\nb\n", "", "sed: -e expression #1, char 0: unmatched `{'\n", 1),
    (&["}"], "a\nb\n", "", "sed: -e expression #1, char 1: unexpected `}'\n", 1),
    (&["-n", "/b/{p;p}"], "a\nb\n", "b\nb\n", "", 0),
    (&["-n", "/b/{p};p"], "a\nb\n", "a\nb\nb\n", "", 0),
    (&["-n", "1{}"], "a\nb\n", "", "", 0),
    (&["-n", "/b/!{p}"], "a\nb\n", "a\n", "", 0),
    (&["1}"], "a\nb\n", "", "sed: -e expression #1, char 2: unexpected `}'\n", 1),
    (&["-n", "/a/,/b/{/b/p}"], "a\nb\n", "b\n", "", 0),
    (&["-n", "{p}x"], "a\nb\n", "", "sed: -e expression #1, char 4: extra characters after command\n", 1),
    (&["-n", "/b/{ p }"], "a\nb\n", "b\n", "", 0),
    (&["-n", "-e", "/b/{", "-e", "p", "-e", "}"], "a\nb\n", "b\n", "", 0),
    (&["-n", "{{p}}"], "a\nb\n", "a\nb\n", "", 0),
    (&["-n", "/image:/{s/ *image: //p}"], "  name: web\n    image: nginx:1.25\n", "nginx:1.25\n", "", 0),
    (&["2{s/b/B/;a after\n}"], "a\nb\nc\n", "a\nB\nafter\nc\n", "", 0),
    (&["/a/,/b/{/b/!d}"], "x\na\ny\nb\nz\n", "x\nb\nz\n", "", 0),
];

fn files() -> MemFs {
    MemFs::new()
        .with_file("f1", "one\ntwo\n")
        .with_file("f2", "three\nfour")
        .with_file("dir/x", "")
        .with_file("script.sed", "s/a/X/\n2d\n")
}

fn sed(fs: &mut MemFs, args: &[&str], stdin: &str) -> kubeplay_core::output::Output {
    let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    run(fs, &args, Some(stdin))
}

#[test]
fn matches_gnu_sed() {
    let mut wrong = Vec::new();
    for (args, stdin, out, err, code) in GNU {
        let o = sed(&mut files(), args, stdin);
        let got = (o.stdout(), o.stderr(), o.exit_code);
        if got != (out.to_string(), err.to_string(), *code) {
            wrong.push(format!(
                "sed {args:?} on {stdin:?}: {got:?}, GNU {:?}",
                (out, err, code)
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "{}",
        wrong.join(
            "
"
        )
    );
}

#[test]
fn in_place_rewrites_the_file_and_prints_nothing() {
    let mut fs = MemFs::new().with_file("d.yaml", "replicas: 1\nx\n");
    let o = sed(&mut fs, &["-i", "s/replicas: 1/replicas: 3/", "d.yaml"], "");
    assert_eq!((o.combined().as_str(), o.exit_code), ("", 0));
    assert_eq!(fs.read("d.yaml").as_deref(), Ok("replicas: 3\nx\n"));
    // What -n, p and = print goes into the file; a suffix keeps the old text beside it.
    let o = sed(&mut fs, &["-i.bak", "-n", "1p;=", "d.yaml"], "");
    assert_eq!(o.combined(), "");
    assert_eq!(fs.read("d.yaml").as_deref(), Ok("replicas: 3\n1\n2\n"));
    assert_eq!(fs.read("d.yaml.bak").as_deref(), Ok("replicas: 3\nx\n"));
}

#[test]
fn in_place_quit_drops_the_rest_and_a_missing_file_is_skipped() {
    let mut fs = MemFs::new().with_file("d.yaml", "a\nb\n");
    let o = sed(&mut fs, &["-i", "1q", "nofile", "d.yaml"], "");
    assert_eq!(
        (o.stderr().as_str(), o.exit_code),
        ("sed: can't read nofile: No such file or directory\n", 2)
    );
    assert_eq!(fs.read("d.yaml").as_deref(), Ok("a\n"));
}

#[test]
fn what_this_sed_lacks_is_said_not_guessed() {
    let o = sed(&mut files(), &["h"], "a\n");
    assert_eq!(
        o.stderr(),
        "sed: -e expression #1, char 1: command `h' is not available in this playground's sed (it has s, y, p, d, q, =, a, i, c and { })\n"
    );
    let o = sed(&mut files(), &["s/\\(a\\)\\1/x/"], "aa\n");
    assert!(o.stderr().contains("back-references"), "{}", o.stderr());
    assert_eq!(o.exit_code, 1);
}

#[test]
fn huge_patterns_and_outputs_are_refused() {
    let o = sed(&mut files(), &["-E", "s/(a{1000}){1000}/x/"], "a\n");
    assert_eq!(
        o.stderr(),
        "sed: -e expression #1, char 20: regular expression too big\n"
    );
    let line = "x".repeat(1 << 20) + "\n";
    let o = sed(
        &mut files(),
        &["s/x/&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&/g"],
        &line,
    );
    assert_eq!(o.exit_code, 4);
    assert!(o.stdout().len() <= crate::limits::MAX_TEXT);
}
