//! Issue 26, the second round of hostile and careless input: each case as the issue
//! reproduced it with the real binary.

use crate::run::Run;
use crate::site_test::{assert_fails, snapshot, TestSite, BIN};
use std::path::Path;

/// Case 1: a link put into the output is never written through. The build that finds it
/// names it and stops; the file it points to keeps its text.
#[cfg(unix)]
#[test]
fn a_link_in_the_output_is_named_not_written_through() {
    let site = TestSite::new("basic");
    site.build_whole_ok();
    let notes = site.path("notes.txt");
    std::fs::write(&notes, "my notes").unwrap();
    std::fs::remove_file(site.path("public/robots.txt")).unwrap();
    std::os::unix::fs::symlink(&notes, site.path("public/robots.txt")).unwrap();
    for _ in 0..2 {
        let out = site.build();
        out.expect_failure();
        out.stderr_contains(
            "public holds a file that jaarverslag did not make: robots.txt (a symbolic link)",
        );
        out.stderr_contains("hint: A build never writes through a symbolic link");
        assert_eq!(std::fs::read_to_string(&notes).unwrap(), "my notes");
    }
    // Removed, the next builds are whole again.
    std::fs::remove_file(site.path("public/robots.txt")).unwrap();
    site.build_whole_ok();
    site.build_whole_ok();
    assert!(site.read("public/robots.txt").starts_with("User-agent: *"));
    assert_eq!(std::fs::read_to_string(&notes).unwrap(), "my notes");
}

/// Case 2: `cp -al public backup`, an edit, two builds: the backup is as it was.
#[test]
fn a_hard_linked_copy_of_the_output_stays_as_it_was() {
    let site = TestSite::new("basic");
    site.build_whole_ok();
    site.build_whole_ok();
    let backup = site.path("backup");
    link_copy(&site.path("public"), &backup);
    let before = snapshot(&backup);
    let report = first_report(&site);
    let text = site.read(&report);
    site.write(&report, format!("{text}\nA sentence added for the test.\n"));
    site.build_whole_ok();
    site.build_whole_ok();
    let after = snapshot(&backup);
    assert_eq!(before.len(), after.len());
    for (path, bytes) in &before {
        assert!(after.get(path) == Some(bytes), "{} changed", path.display());
    }
    // And the edit did reach the output.
    let changed = snapshot(&site.path("public"))
        .values()
        .any(|b| String::from_utf8_lossy(b).contains("A sentence added for the test."));
    assert!(changed);
}

/// Case 3: two builds into one output at once: one waits for nothing, the other is
/// refused with the first one's process id, and the output is one whole version.
#[test]
fn two_builds_into_one_output_at_once_are_one_build() {
    let site = TestSite::new("basic");
    site.build_whole_ok();
    let whole = snapshot(&site.path("public"));
    let mut refused = 0;
    // Bounded: a few rounds, each two builds started together.
    for _ in 0..4 {
        let start = || {
            std::process::Command::new(BIN)
                .args(["build", "--root"])
                .arg(site.root())
                .output()
                .unwrap()
        };
        let (a, b) = std::thread::scope(|s| {
            let a = s.spawn(start);
            let b = s.spawn(start);
            (a.join().unwrap(), b.join().unwrap())
        });
        for out in [&a, &b] {
            if !out.status.success() {
                let stderr = String::from_utf8_lossy(&out.stderr);
                assert!(stderr.contains("another build is writing into"), "{stderr}");
                assert!(stderr.contains("(process "), "{stderr}");
                assert!(
                    stderr.contains("hint: wait until that build has finished"),
                    "{stderr}"
                );
                refused += 1;
            }
        }
        assert!(a.status.success() || b.status.success());
        assert_eq!(
            snapshot(&site.path("public")),
            whole,
            "the output is one whole site"
        );
    }
    eprintln!("{refused} of 8 builds were refused");
    // No lock is left behind.
    assert!(!site.path(".public.jaarverslag.lock").exists());
}

/// Case 3, a stale lock: a build that was killed leaves its lock, which the next build
/// takes over with a note.
#[test]
fn the_lock_of_a_killed_build_is_taken_over() {
    let site = TestSite::new("basic");
    site.write(".public.jaarverslag.lock", "999999\n");
    let out = site.build();
    out.expect_success();
    out.stderr_contains("note: a build into");
    out.stderr_contains("(process 999999) ended without finishing");
    assert!(!site.path(".public.jaarverslag.lock").exists());
}

/// Case 4: public/CNAME, put there by hand, is named with what to do, and nothing is
/// removed, however many builds are run.
#[test]
fn a_file_put_into_the_output_is_named_before_anything_is_removed() {
    let site = TestSite::new("basic");
    site.build_whole_ok();
    site.write("public/CNAME", "jaarverslag.example.org\n");
    let before = snapshot(&site.path("public"));
    for _ in 0..2 {
        let out = site.build();
        out.expect_code(1);
        out.stderr_contains(
            "public holds a file that jaarverslag did not make: CNAME; a build would remove it",
        );
        out.stderr_contains("put it in static/ (static/CNAME for");
        out.stderr_contains("Nothing was removed");
        assert_eq!(snapshot(&site.path("public")), before);
    }
    // Done as the hint says: every build copies it.
    std::fs::remove_file(site.path("public/CNAME")).unwrap();
    site.write("static/CNAME", "jaarverslag.example.org\n");
    site.build_whole_ok();
    site.build_whole_ok();
    assert_eq!(site.read("public/CNAME"), "jaarverslag.example.org\n");
}

/// Case 4 after a site's very first build, and a file put in during a build.
#[test]
fn a_file_put_in_after_the_first_build_is_named_too() {
    let site = TestSite::new("basic");
    site.build_whole_ok();
    site.write("public/notes/mine.txt", "x");
    let out = site.build();
    out.expect_code(1);
    out.stderr_contains("did not make: notes/mine.txt");
    assert_eq!(site.read("public/notes/mine.txt"), "x");
}

/// Case 5: markup in a language file is refused at its line and column.
#[test]
fn markup_in_a_language_file_is_refused() {
    let site = TestSite::new("basic").with_file(
        "templates/i18n/nl.yaml",
        "format_percent: \"{number}<script>alert(1)</script>%\"\n",
    );
    let out = site.build();
    out.expect_code(1);
    out.stderr_contains("templates/i18n/nl.yaml:1:17: the text of `format_percent` holds `<`");
    assert!(!site.path("public").exists());
}

/// Case 6: `javascript:` in any URL attribute of a template is refused as in `href`.
#[test]
fn every_url_attribute_of_a_template_passes_the_allow_list() {
    for markup in [
        "<meta http-equiv=\"refresh\" content=\"0; url=javascript:alert(1)\">",
        "<form action=\"javascript:alert(1)\"></form>",
        "<button formaction=\"javascript:alert(1)\">x</button>",
        "<img srcset=\"javascript:alert(1) 2x\" alt=\"\">",
        "<object data=\"javascript:alert(1)\"></object>",
        "<svg><a xlink:href=\"javascript:alert(1)\"><text>x</text></a></svg>",
    ] {
        let site = TestSite::new("basic");
        let base = std::fs::read_to_string(site.path("templates/base.html"))
            .unwrap_or_else(|_| include_str!("../../templates/base.html").to_string());
        site.write(
            "templates/base.html",
            base.replacen("</body>", &format!("{markup}</body>"), 1),
        );
        // The link check's message: in-process (the binary drew every PNG of the site
        // first, six times).
        let out = site.build_in_process();
        out.expect_code(1);
        out.stderr_contains("the link `javascript:alert(1)`");
        out.stderr_contains("starts with `javascript:`, which is not allowed in a page");
    }
}

/// Case 7: a front matter whose anchored value is copied 70,000 times is refused at once.
#[test]
fn yaml_aliases_are_refused_in_content() {
    let site = TestSite::new("basic");
    let report = first_report(&site);
    let text = site.read(&report);
    let body = text.splitn(3, "---\n").nth(2).unwrap_or("").to_string();
    let mut front = format!("---\ntitle: &t \"{}\"\nx: [", "x".repeat(7_000));
    front.push_str(&"*t, ".repeat(70_000));
    front.push_str("]\n---\n");
    site.write(&report, format!("{front}{body}"));
    let started = std::time::Instant::now();
    let out = site.build();
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
    out.expect_code(1);
    out.stderr_contains(&format!("{report}:2:8: this file uses a YAML anchor"));
    out.stderr_contains("write each value out in full");
}

/// Case 15: an escape sequence and a newline in a file name are printed escaped.
#[test]
fn control_characters_in_a_file_name_are_printed_escaped() {
    let site = TestSite::new("basic");
    let report = first_report(&site);
    let folder = Path::new(&report).parent().unwrap();
    let name = folder.join("x\u{1b}]0;owned\u{7}\nz.md");
    site.write(name.to_str().unwrap(), "---\ntitle: [\n---\n");
    let out = site.build();
    out.expect_code(1);
    out.stderr_contains("x\\u{1b}]0;owned\\u{7}\\nz.md");
    out.stderr_lacks("\u{1b}");
}

/// Case 15, the folders given on the command line: a root or output folder with an
/// escape sequence and a newline in its name is printed escaped in every line of
/// `build` (the summary, "Nothing was written", a system error).
#[test]
fn control_characters_in_a_folder_name_are_printed_escaped() {
    let site = TestSite::new("basic");
    let odd = site.path("o\u{1b}[2J\nut");
    let out = site.run(&["build".as_ref(), "--output-dir".as_ref(), odd.as_os_str()]);
    out.expect_success();
    out.stdout_contains("o\\u{1b}[2J\\nut");
    assert!(!out.stdout.contains('\u{1b}') && !out.stderr.contains('\u{1b}'));
    let missing = site.path("no\u{1b}]0;owned\u{7}where");
    let out = Run::of(
        std::process::Command::new(BIN)
            .arg("build")
            .arg("--root")
            .arg(&missing),
    );
    out.expect_code(1);
    out.stderr_contains("no\\u{1b}]0;owned\\u{7}where/public is as it was");
    out.stderr_lacks("\u{1b}");
    out.stderr_lacks("\u{7}");
}

fn first_report(site: &TestSite) -> String {
    let mut found: Vec<String> = walkdir::WalkDir::new(site.path("content"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| {
            e.path()
                .strip_prefix(site.root())
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    found.sort();
    found.into_iter().next().expect("the fixture has a report")
}

/// `cp -al from to`.
fn link_copy(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::hard_link(entry.path(), &target).unwrap();
        }
    }
}

/// Case 8, end to end: a template that loops without end is given up after
/// `--rebuild-timeout`, with its error on the page, and Ctrl-C stops serve within a second
/// though the runaway build still runs. Bounded loops; 127.0.0.1 only.
#[cfg(unix)]
#[test]
fn a_rebuild_that_never_ends_is_given_up_and_ctrl_c_still_stops_serve() {
    use std::io::{Read as _, Write as _};
    use std::process::{Command, Stdio};
    use std::sync::{Arc, Mutex};
    use std::time::{Duration, Instant};
    let site = TestSite::new("basic");
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut child = Command::new(BIN)
        .args([
            "serve",
            "--port",
            &port.to_string(),
            "--rebuild-timeout",
            "1",
            "--root",
        ])
        .arg(site.root())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let log = Arc::new(Mutex::new(String::new()));
    for mut from in [
        Box::new(child.stdout.take().unwrap()) as Box<dyn std::io::Read + Send>,
        Box::new(child.stderr.take().unwrap()),
    ] {
        let log = Arc::clone(&log);
        std::thread::spawn(move || {
            let mut buffer = [0u8; 4096];
            while let Ok(n) = from.read(&mut buffer) {
                if n == 0 {
                    break;
                }
                log.lock()
                    .unwrap()
                    .push_str(&String::from_utf8_lossy(&buffer[..n]));
            }
        });
    }
    let eventually = |what: &str, mut check: Box<dyn FnMut() -> bool + '_>| {
        let deadline = Instant::now() + Duration::from_secs(60);
        while Instant::now() < deadline {
            if check() {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("{what}: not within 60 s\n{}", log.lock().unwrap());
    };
    eventually(
        "serving",
        Box::new(|| log.lock().unwrap().contains("Serving the site at")),
    );
    let base = include_str!("../../templates/base.html");
    site.write(
        "templates/base.html",
        base.replacen(
            "</body>",
            "{% for i in range(end=100000) %}{% for j in range(end=100000) %}{% endfor %}{% endfor %}</body>",
            1,
        ),
    );
    let get = |path: &str| -> String {
        let Ok(mut stream) = std::net::TcpStream::connect(("127.0.0.1", port)) else {
            return String::new();
        };
        let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
        let _ = write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
        );
        let mut reply = String::new();
        let _ = stream.read_to_string(&mut reply);
        reply
    };
    eventually(
        "the error on the page",
        Box::new(|| get("/rapport/").contains("was given up")),
    );
    assert!(log.lock().unwrap().contains("--rebuild-timeout"));
    let sent = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    let asked = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if asked.elapsed() > Duration::from_secs(3) {
            let _ = child.kill();
            panic!("serve did not stop on Ctrl-C\n{}", log.lock().unwrap());
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(
        asked.elapsed() < Duration::from_secs(2),
        "{:?}",
        asked.elapsed()
    );
    assert!(status.success(), "{status:?}");
}

/// Case 17: a figures.yaml emptied to 0 bytes is named with the errors it explains.
#[test]
fn an_emptied_figures_file_is_named() {
    let site = TestSite::new("basic");
    site.write("content/years/2017/figures.yaml", "");
    let out = site.build();
    out.expect_code(1);
    out.stderr_contains("content/years/2017/figures.yaml:1:1: this figures.yaml is empty, and");
    out.stderr_contains("that a figure of 2017 has no value");
}

/// Case 16: a file in static/pagefind/ is a named collision, not dropped.
#[test]
fn a_static_file_in_the_search_folder_is_named() {
    let site = TestSite::new("basic").with_file("static/pagefind/mine.js", "// mine\n");
    let out = site.build();
    out.expect_code(1);
    out.stderr_contains("static/pagefind/mine.js");
    out.stderr_contains("the search index");
}

/// Case 14: an empty title is refused at its place.
#[test]
fn an_empty_title_is_refused() {
    let site = TestSite::new("basic").with_replaced(
        "content/years/2017/report.md",
        "title: Jaarverslag 2017",
        "title: \"\"",
    );
    let out = site.build();
    out.expect_code(1);
    out.stderr_contains("content/years/2017/report.md:2:8: the title is empty");
}

/// The base URL: a newline or a backtick is refused at once, and so is a password, in
/// --base-url and in site.yaml.
#[test]
fn a_base_url_with_a_newline_or_a_password_is_refused() {
    let site = TestSite::new("basic");
    for (url, expected) in [
        ("https://example.org/a\nb/", "the invisible character \\n"),
        ("https://example.org/`x`/", "holds ```"),
        ("https://user:pass@example.org/", "a user name or password"),
    ] {
        let out = site.run(&["build", "--base-url", url]);
        out.expect_code(1);
        out.stderr_contains("error: --base-url: the base URL");
        out.stderr_contains(expected);
    }
    site.replace(
        "content/site.yaml",
        "base_url: https://example.org/rapport/",
        "base_url: https://user:pass@example.org/rapport/",
    );
    let out = site.build();
    out.expect_code(1);
    out.stderr_contains("content/site.yaml:3:11: `base_url`: the base URL");
    out.stderr_contains("a user name or password");
}

/// Case 12: a chart is shown once a page. Measured before: 35,000 `{{ chart(id=…) }}`
/// (945 KB, under the 1 MB limit) tried to allocate 1.1 GB and aborted; 5,000 made an
/// 80 MB page. A repeat is an error at its place; the list stops at 20.
#[test]
fn a_chart_shown_twice_on_a_page_is_refused_at_the_repeat() {
    let report = "content/years/2020/report.md";
    assert_fails(
        |s| {
            s.replace(
                report,
                "{{ chart(id=\"weglopers\") }}\n",
                "{{ chart(id=\"weglopers\") }}\n\n{{ chart(id=\"weglopers\") }}\n",
            )
        },
        &["content/years/2020/report.md:14:1: the chart of `weglopers` is already shown on this page"],
    );
}

#[test]
fn thirty_five_thousand_chart_shortcodes_cost_no_more_than_one_chart() {
    let report = "content/years/2020/report.md";
    let site = TestSite::new("basic");
    let text = site.read(report);
    site.write(
        report,
        format!(
            "{text}\n{}",
            "{{ chart(id=\"weglopers\") }}\n\n".repeat(35_000)
        ),
    );
    let problems = site.problems();
    let shown = problems.to_string();
    // The first chart of the text is drawn; every repeat is refused, and the list says
    // how many more there are after the first 19.
    assert!(shown.contains("content/years/2020/report.md:20:1: the chart of `weglopers` is already shown on this page"), "{shown}");
    assert!(shown.contains("34981 more"), "{shown}");
    assert!(problems.len() <= 21, "{}", problems.len());
}
