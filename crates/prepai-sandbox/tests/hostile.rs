//! Hostile code, in both languages. Every test first asserts that isolation is available (the
//! process limit was proven with a bounded fork test before these were written), checks the
//! verdict, and checks that nothing with the test's unique marker outlives the run.
//!
//! Select them with `cargo test --test hostile hostile_`.

mod common;

use std::io::ErrorKind;
use std::net::TcpListener;
use std::process::Command;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use common::{
    assert_no_process, json_text, marker, require_isolation, run_with, short_limits, summary,
};
use prepai_sandbox::{check_isolation, Language, Limits, ProcessLimit, RunReport, Verdict};

const PY: Language = Language::Python;
const JS: Language = Language::JavaScript;

/// Python prelude: starts a detached "witness" process carrying the marker that would outlive
/// the run if the sandbox did not kill the whole tree.
fn py_witness(marker: &str) -> String {
    format!(
        "import subprocess, sys\n_w = subprocess.Popen([sys.executable, '-S', '-c', 'import time; time.sleep(60)', '{marker}'], start_new_session=True, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
    )
}

/// JavaScript prelude with the same witness.
fn js_witness(marker: &str) -> String {
    format!(
        "require('child_process').spawn(process.execPath, ['-e', 'setTimeout(() => {{}}, 60000)', '{marker}'], {{ detached: true, stdio: 'ignore' }}).unref();\n"
    )
}

/// Runs hostile code on a thread while watching for the marker; returns the report and whether
/// the marker was seen alive during the run. Asserts nothing with the marker survives.
fn hostile_run(
    language: Language,
    code: &str,
    function: &str,
    tests: &str,
    limits: &Limits,
    marker: &str,
) -> (RunReport, bool) {
    require_isolation();
    let (tx, rx) = mpsc::channel();
    let (code, function, tests, limits) = (
        code.to_string(),
        function.to_string(),
        tests.to_string(),
        limits.clone(),
    );
    let worker = std::thread::spawn(move || {
        let r = run_with(language, &code, &function, &tests, &limits);
        let _ = tx.send(());
        r
    });
    let mut seen = false;
    while rx.recv_timeout(Duration::from_millis(10)).is_err() {
        if !seen {
            let out = Command::new("pgrep")
                .args(["-f", marker])
                .output()
                .expect("pgrep");
            seen = !out.stdout.is_empty();
        }
    }
    let report = worker.join().expect("run thread");
    assert_no_process(marker);
    (report, seen)
}

#[test]
fn hostile_isolation_is_enforced_on_this_host() {
    require_isolation();
    let iso = check_isolation();
    assert!(iso.namespaces);
    // Root is only bound by a cgroup or by dropping to nobody (RLIMIT_NPROC never binds root).
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } == 0 {
        assert_ne!(iso.process_limit, ProcessLimit::Nproc);
    }
}

#[test]
fn hostile_fork_bomb_python() {
    let m = marker("forkpy");
    let bomb = "import os\\nwhile True:\\n    try:\\n        os.fork()\\n    except OSError:\\n        pass\\n";
    let code = format!("import os, sys\ndef f(x):\n    os.execv(sys.executable, [sys.executable, '-S', '-c', '{bomb}', '{m}'])\n");
    let limits = Limits {
        max_processes: 32,
        ..short_limits()
    };
    let (r, seen) = hostile_run(
        PY,
        &code,
        "f",
        r#"[{"args": [1], "expected": 1}]"#,
        &limits,
        &m,
    );
    assert_eq!(r.verdict, Verdict::TimeLimitExceeded, "{}", summary(&r));
    assert!(seen, "the fork bomb never ran");
}

#[test]
fn hostile_fork_bomb_javascript() {
    let m = marker("forkjs");
    let bomb = "const cp = require('child_process'); for (;;) { try { cp.spawn(process.execPath, ['-e', process.argv[1], process.argv[2]], { detached: true, stdio: 'ignore' }); } catch (e) {} }";
    let code = format!(
        "function f(x) {{\n  process.title = '{m}';\n  const bomb = {bomb:?};\n  const cp = require('child_process');\n  for (;;) {{ try {{ cp.spawn(process.execPath, ['-e', bomb, bomb, '{m}'], {{ detached: true, stdio: 'ignore' }}); }} catch (e) {{}} }}\n}}\n"
    );
    let limits = Limits {
        max_processes: 48,
        ..short_limits()
    };
    let (r, seen) = hostile_run(
        JS,
        &code,
        "f",
        r#"[{"args": [1], "expected": 1}]"#,
        &limits,
        &m,
    );
    assert_eq!(r.verdict, Verdict::TimeLimitExceeded, "{}", summary(&r));
    assert!(seen, "the fork bomb never ran");
}

#[test]
fn hostile_infinite_loop_both_languages() {
    let m = marker("loop");
    let code = format!(
        "{}def f(x):\n    while True:\n        pass\n",
        py_witness(&m)
    );
    let (r, seen) = hostile_run(
        PY,
        &code,
        "f",
        r#"[{"args": [1], "expected": 1}]"#,
        &short_limits(),
        &m,
    );
    assert_eq!(r.verdict, Verdict::TimeLimitExceeded, "{}", summary(&r));
    assert!(seen);
    let code = format!("{}function f(x) {{ for (;;) {{}} }}\n", js_witness(&m));
    let (r, seen) = hostile_run(
        JS,
        &code,
        "f",
        r#"[{"args": [1], "expected": 1}]"#,
        &short_limits(),
        &m,
    );
    assert_eq!(r.verdict, Verdict::TimeLimitExceeded, "{}", summary(&r));
    assert!(seen);
}

#[test]
fn hostile_memory_bomb_both_languages() {
    let m = marker("mem");
    let code = format!(
        "{}def f(x):\n    s = ['x' * (1 << 20)]\n    while True:\n        s.append(s[-1] + 'y')\n",
        py_witness(&m)
    );
    let (r, _) = hostile_run(
        PY,
        &code,
        "f",
        r#"[{"args": [1], "expected": 1}]"#,
        &Limits::default(),
        &m,
    );
    assert_eq!(r.verdict, Verdict::MemoryLimitExceeded, "{}", summary(&r));
    let code = format!(
        "{}function f(x) {{ const a = []; for (;;) a.push(new Float64Array(1 << 20).fill(1)); }}\n",
        js_witness(&m)
    );
    let (r, _) = hostile_run(
        JS,
        &code,
        "f",
        r#"[{"args": [1], "expected": 1}]"#,
        &Limits::default(),
        &m,
    );
    assert_eq!(r.verdict, Verdict::MemoryLimitExceeded, "{}", summary(&r));
}

#[test]
fn hostile_sleep_past_the_wall_limit() {
    let m = marker("sleep");
    let limits = Limits {
        wall_time: Duration::from_millis(1500),
        ..Limits::default()
    };
    let start = Instant::now();
    let code = format!(
        "{}import time\ndef f(x):\n    time.sleep(60)\n",
        py_witness(&m)
    );
    let (r, seen) = hostile_run(
        PY,
        &code,
        "f",
        r#"[{"args": [1], "expected": 1}]"#,
        &limits,
        &m,
    );
    assert_eq!(r.verdict, Verdict::TimeLimitExceeded, "{}", summary(&r));
    assert!(r.error.unwrap_or_default().contains("wall-clock"));
    assert!(seen);
    let code = format!(
        "{}function f(x) {{ return new Promise((ok) => setTimeout(ok, 60000)); }}\n",
        js_witness(&m)
    );
    let (r, _) = hostile_run(
        JS,
        &code,
        "f",
        r#"[{"args": [1], "expected": 1}]"#,
        &limits,
        &m,
    );
    assert_eq!(r.verdict, Verdict::TimeLimitExceeded, "{}", summary(&r));
    assert!(start.elapsed() < Duration::from_secs(20));
}

#[test]
fn hostile_network_to_a_loopback_listener_fails() {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    listener.set_nonblocking(true).expect("nonblocking");
    let port = listener.local_addr().expect("addr").port();
    let m = marker("net");
    let tests = format!(r#"[{{"args": [{port}], "expected": "blocked"}}]"#);
    let code = format!(
        "{}import socket\ndef f(port):\n    try:\n        socket.create_connection(('127.0.0.1', port), timeout=1).close()\n        return 'connected'\n    except OSError:\n        return 'blocked'\n",
        py_witness(&m)
    );
    let (r, _) = hostile_run(PY, &code, "f", &tests, &Limits::default(), &m);
    assert_eq!(r.verdict, Verdict::Accepted, "{}", summary(&r));
    let code = format!(
        "{}const net = require('net');\nfunction f(port) {{\n  return new Promise((done) => {{\n    const s = net.connect(port, '127.0.0.1', () => {{ s.destroy(); done('connected'); }});\n    s.on('error', () => done('blocked'));\n  }});\n}}\n",
        js_witness(&m)
    );
    let (r, _) = hostile_run(JS, &code, "f", &tests, &Limits::default(), &m);
    assert_eq!(r.verdict, Verdict::Accepted, "{}", summary(&r));
    assert_eq!(
        listener.accept().map(|_| ()).unwrap_err().kind(),
        ErrorKind::WouldBlock,
        "a connection reached the host"
    );
}

#[test]
fn hostile_host_environment_is_invisible() {
    std::env::set_var("AWS_SECRET_ACCESS_KEY", "canary-7d1f");
    let m = marker("env");
    let py = format!(
        "{}import os\ndef f(x):\n    found = dict(os.environ)\n    for p in ('/proc/self/environ', '/proc/1/environ'):\n        try:\n            found[p] = open(p, 'rb').read().decode('latin-1')\n        except OSError as e:\n            found[p] = str(e)\n    print(found)\n    return sorted(k for k in os.environ)\n",
        py_witness(&m)
    );
    // Exactly what the sandbox sets (bwrap adds PWD); nothing from the host.
    let tests = r#"[{"args": [1], "expected": ["HOME", "LANG", "PATH", "PWD", "TMPDIR", "TZ"]}]"#;
    let (r, _) = hostile_run(PY, &py, "f", tests, &Limits::default(), &m);
    assert!(
        !json_text(&r).contains("canary-7d1f"),
        "host environment leaked"
    );
    assert_eq!(r.verdict, Verdict::Accepted, "{}", summary(&r));
    let js = format!("{}function f(x) {{ console.log(JSON.stringify(process.env)); return Object.keys(process.env).sort(); }}\n", js_witness(&m));
    let (r, _) = hostile_run(JS, &js, "f", tests, &Limits::default(), &m);
    assert!(
        !json_text(&r).contains("canary-7d1f"),
        "host environment leaked"
    );
    assert!(r.stdout.contains("PATH"), "{}", summary(&r));
}

#[test]
fn hostile_host_files_cannot_be_read_or_written() {
    let host_dir = tempfile::Builder::new()
        .prefix("prepai-hostile-")
        .tempdir()
        .expect("host dir");
    let secret = host_dir.path().join("secret.txt");
    std::fs::write(&secret, "host-secret-41").expect("write host file");
    let path = secret.display().to_string();
    let m = marker("files");
    let tests = format!(r#"[{{"args": ["{path}"], "expected": 0}}]"#);
    let py = format!(
        "{}import os\ndef attempt(fn):\n    try:\n        return 'ok:' + str(fn())\n    except OSError as e:\n        return 'denied'\ndef f(path):\n    os.symlink(path, '/tmp/link')\n    res = [attempt(lambda: open(path).read()), attempt(lambda: open(path, 'w').write('pwned')),\n           attempt(lambda: open('/tmp/link').read()), attempt(lambda: open('/tmp/link', 'w').write('pwned')),\n           attempt(lambda: open('/sandbox/solution.py', 'a').write('#')), attempt(lambda: open('/usr/pwned', 'w').write('x')),\n           attempt(lambda: open('/etc/passwd').read())]\n    print(res)\n    return sum(1 for x in res if x.startswith('ok'))\n",
        py_witness(&m)
    );
    let (r, _) = hostile_run(PY, &py, "f", &tests, &Limits::default(), &m);
    assert_eq!(r.verdict, Verdict::Accepted, "{}", summary(&r));
    let js = format!(
        "{}const fs = require('fs');\nfunction attempt(fn) {{ try {{ return 'ok:' + fn(); }} catch (e) {{ return 'denied'; }} }}\nfunction f(path) {{\n  fs.symlinkSync(path, '/tmp/link');\n  const res = [attempt(() => fs.readFileSync(path, 'utf8')), attempt(() => fs.writeFileSync(path, 'pwned')),\n    attempt(() => fs.readFileSync('/tmp/link', 'utf8')), attempt(() => fs.writeFileSync('/tmp/link', 'pwned')),\n    attempt(() => fs.appendFileSync('/sandbox/solution.js', '//')), attempt(() => fs.writeFileSync('/usr/pwned', 'x'))];\n  console.log(res);\n  return res.filter((x) => x.startsWith('ok')).length;\n}}\n",
        js_witness(&m)
    );
    let (r, _) = hostile_run(JS, &js, "f", &tests, &Limits::default(), &m);
    assert_eq!(r.verdict, Verdict::Accepted, "{}", summary(&r));
    assert_eq!(
        std::fs::read_to_string(&secret).expect("host file"),
        "host-secret-41"
    );
    assert_eq!(std::fs::read_dir(host_dir.path()).expect("list").count(), 1);
    assert!(
        !std::path::Path::new("/usr/pwned").exists() && !std::path::Path::new("/tmp/link").exists()
    );
}

#[test]
fn hostile_filling_the_disk_stops_at_the_limits() {
    let m = marker("disk");
    let py = format!(
        "{}def f(x):\n    i = 0\n    while True:\n        with open('/tmp/fill%d' % i, 'wb') as fh:\n            for _ in range(1000):\n                fh.write(b'z' * (1 << 20))\n        i += 1\n",
        py_witness(&m)
    );
    let (r, _) = hostile_run(
        PY,
        &py,
        "f",
        r#"[{"args": [1], "expected": 1}]"#,
        &Limits::default(),
        &m,
    );
    assert_eq!(r.verdict, Verdict::OutputLimitExceeded, "{}", summary(&r));
    let js = format!(
        "{}const fs = require('fs');\nfunction f(x) {{ const fd = fs.openSync('/tmp/fill', 'w'); const b = Buffer.alloc(1 << 20, 122); for (;;) fs.writeSync(fd, b); }}\n",
        js_witness(&m)
    );
    let (r, _) = hostile_run(
        JS,
        &js,
        "f",
        r#"[{"args": [1], "expected": 1}]"#,
        &Limits::default(),
        &m,
    );
    assert_eq!(r.verdict, Verdict::OutputLimitExceeded, "{}", summary(&r));
    // Many files below the per-file limit fill the private tmpfs, which is capped too.
    let py = format!(
        "{}def f(x):\n    i = 0\n    while True:\n        with open('/tmp/part%d' % i, 'wb') as fh:\n            fh.write(b'z' * (8 << 20))\n        i += 1\n",
        py_witness(&m)
    );
    let (r, _) = hostile_run(
        PY,
        &py,
        "f",
        r#"[{"args": [1], "expected": 1}]"#,
        &Limits::default(),
        &m,
    );
    assert_eq!(r.verdict, Verdict::OutputLimitExceeded, "{}", summary(&r));
}

#[test]
fn hostile_stdout_flood_both_languages() {
    let m = marker("flood");
    let code = format!(
        "{}import sys\ndef f(x):\n    while True:\n        sys.stdout.write('A' * 65536)\n",
        py_witness(&m)
    );
    let (r, _) = hostile_run(
        PY,
        &code,
        "f",
        r#"[{"args": [1], "expected": 1}]"#,
        &Limits::default(),
        &m,
    );
    assert_eq!(r.verdict, Verdict::OutputLimitExceeded, "{}", summary(&r));
    assert!(r.stdout.len() + r.stderr.len() <= 1 << 20);
    let code = format!(
        "{}function f(x) {{ for (;;) process.stderr.write('B'.repeat(65536)); }}\n",
        js_witness(&m)
    );
    let (r, _) = hostile_run(
        JS,
        &code,
        "f",
        r#"[{"args": [1], "expected": 1}]"#,
        &Limits::default(),
        &m,
    );
    assert_eq!(r.verdict, Verdict::OutputLimitExceeded, "{}", summary(&r));
    assert!(r.stdout.len() + r.stderr.len() <= 1 << 20);
}

#[test]
fn hostile_detached_processes_do_not_outlive_the_run() {
    let m = marker("detach");
    let py = format!(
        "import os, subprocess, sys, time\ndef f(x):\n    p = subprocess.Popen(['/bin/sh', '-c', 'nohup sleep 60 >/dev/null 2>&1 & sleep 60', '{m}'], start_new_session=True)\n    if os.fork() == 0:\n        os.setsid()\n        if os.fork() == 0:\n            os.execv(sys.executable, [sys.executable, '-S', '-c', 'import time; time.sleep(60)', '{m}'])\n        os._exit(0)\n    time.sleep(0.3)\n    return p.pid > 0\n"
    );
    let (r, seen) = hostile_run(
        PY,
        &py,
        "f",
        r#"[{"args": [1], "expected": true}]"#,
        &Limits::default(),
        &m,
    );
    assert_eq!(r.verdict, Verdict::Accepted, "{}", summary(&r));
    assert!(seen, "the detached processes never started");
    let js = format!(
        "const cp = require('child_process');\nfunction f(x) {{\n  const c = cp.spawn('/bin/sh', ['-c', 'nohup sleep 60 >/dev/null 2>&1 & sleep 60', '{m}'], {{ detached: true, stdio: 'ignore' }});\n  c.unref();\n  return new Promise((ok) => setTimeout(() => ok(c.pid > 0), 300));\n}}\n"
    );
    let (r, seen) = hostile_run(
        JS,
        &js,
        "f",
        r#"[{"args": [1], "expected": true}]"#,
        &Limits::default(),
        &m,
    );
    assert_eq!(r.verdict, Verdict::Accepted, "{}", summary(&r));
    assert!(seen, "the detached processes never started");
}

#[test]
fn hostile_killing_the_parent_or_everything() {
    let m = marker("kill");
    let mut sentinel = Command::new("sh")
        .args(["-c", "sleep 30", &m])
        .spawn()
        .expect("host sentinel");
    let py = format!(
        "{}import os, signal\ndef f(x):\n    for pid in (os.getppid(), 1):\n        try:\n            os.kill(pid, signal.SIGKILL)\n        except OSError:\n            pass\n    os.kill(-1, signal.SIGKILL)\n    return 'survived'\n",
        py_witness(&m)
    );
    let tests = r#"[{"args": [1], "expected": "survived"}]"#;
    require_isolation();
    // The sandbox's init ignores signals from inside its namespace and kill(-1) spares the
    // caller, so the code survives; everything else it could reach is inside the sandbox.
    let r = run_with(PY, &py, "f", tests, &Limits::default());
    assert_eq!(r.verdict, Verdict::Accepted, "{}", summary(&r));
    let js = format!(
        "{}function f(x) {{ for (const pid of [process.ppid, 1]) {{ try {{ process.kill(pid, 'SIGKILL'); }} catch (e) {{}} }} process.kill(-1, 'SIGKILL'); return 'survived'; }}\n",
        js_witness(&m)
    );
    let r = run_with(JS, &js, "f", tests, &Limits::default());
    assert_eq!(r.verdict, Verdict::Accepted, "{}", summary(&r));
    // Killing itself ends the run with a runtime error naming the signal.
    let r = run_with(
        PY,
        "import os\ndef f(x):\n    os.kill(os.getpid(), 9)\n",
        "f",
        tests,
        &Limits::default(),
    );
    assert_eq!(r.verdict, Verdict::RuntimeError, "{}", summary(&r));
    assert!(r.error.unwrap_or_default().contains("signal 9"));
    assert!(
        sentinel.try_wait().expect("sentinel status").is_none(),
        "a host process was killed"
    );
    sentinel.kill().expect("stop sentinel");
    sentinel.wait().expect("reap sentinel");
    assert_no_process(&m);
}

#[test]
fn hostile_forged_verdicts_change_nothing() {
    let m = marker("forge");
    let tests = r#"[{"args": [[2,7,11,15], 9], "expected": [0, 1]}, {"args": [[3,3], 6], "expected": [0, 1], "hidden": true}]"#;
    let py = format!(
        "{}import os, json\ndef f(nums, target):\n    fake = {{'success': True, 'verdict': 'accepted', 'allTestsPassed': True}}\n    print(json.dumps(fake))\n    for fd in range(3, 64):\n        for i in range(2):\n            line = 'x ' + json.dumps({{'t': 'test', 'i': i, 'ok': True, 'value': [0, 1]}}) + '\\n'\n            try:\n                os.write(fd, line.encode())\n            except OSError:\n                pass\n    return [9, 9]\n",
        py_witness(&m)
    );
    let (r, _) = hostile_run(PY, &py, "f", tests, &Limits::default(), &m);
    assert_eq!(r.verdict, Verdict::WrongAnswer, "{}", summary(&r));
    assert!(r
        .test_results
        .iter()
        .all(|t| t.actual == Some(serde_json::json!([9, 9]))));
    let js = format!(
        "{}const fs = require('fs');\nfunction f(nums, target) {{\n  console.log(JSON.stringify({{ verdict: 'accepted', allTestsPassed: true }}));\n  // The result channel's number is visible in argv; without the run secret its lines are ignored.
  for (const fd of [1, 2, Number(process.argv[3])]) for (let i = 0; i < 2; i++) fs.writeSync(fd, 'x ' + JSON.stringify({{ t: 'test', i, ok: true, value: [0, 1] }}) + '\\n');\n  return [9, 9];\n}}\n",
        js_witness(&m)
    );
    let (r, _) = hostile_run(JS, &js, "f", tests, &Limits::default(), &m);
    assert_eq!(r.verdict, Verdict::WrongAnswer, "{}", summary(&r));
}

#[test]
fn hostile_blocked_syscalls_fail() {
    let m = marker("sys");
    let py = format!(
        "{}import ctypes, os\ndef f(x):\n    libc = ctypes.CDLL(None, use_errno=True)\n    out = []\n    for name, args in (('unshare', (0x10000000,)), ('ptrace', (0, 0, 0, 0)), ('mount', (b'none', b'/tmp', b'tmpfs', 0, None)), ('chroot', (b'/tmp',))):\n        rc = getattr(libc, name)(*args)\n        out.append((name, rc, ctypes.get_errno()))\n    print(out)\n    return all(rc == -1 for _, rc, _ in out)\n",
        py_witness(&m)
    );
    let (r, _) = hostile_run(
        PY,
        &py,
        "f",
        r#"[{"args": [1], "expected": true}]"#,
        &Limits::default(),
        &m,
    );
    assert_eq!(r.verdict, Verdict::Accepted, "{}", summary(&r));
}
