//! `jaarverslag serve`, from the outside: the real binary on a copy of the fixture site,
//! spoken to over plain HTTP/1.1 on loopback. Every test starts its own server on a free
//! port and stops it when it ends, whether it passes or not.

use crate::site_test::{TestSite, BIN};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::thread::sleep;
use std::time::{Duration, Instant};

/// The fixture's base_url is https://example.org/rapport/: previewed under /rapport/.
const BASE: &str = "/rapport/";
const REPORT: &str = "content/years/2020/report.md";
const FIGURES: &str = "content/years/2020/figures.yaml";

/// Long enough for a debug build on a busy machine, short enough to fail fast.
const PATIENCE: Duration = Duration::from_secs(10);

// ---------------------------------------------------------------------------------------
// A site, a server, HTTP

/// A running `jaarverslag serve`; killed when dropped, so no server outlives its test.
struct Server {
    child: Child,
    /// The loopback address it listens on, and its port.
    ip: &'static str,
    port: u16,
    /// What it printed, stdout and stderr together.
    log: Arc<Mutex<String>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// How to start a server, beyond the defaults.
#[derive(Default, Clone, Copy)]
struct Options {
    /// `--bind`; 127.0.0.1 when `None`.
    bind: Option<&'static str>,
    /// The most files the server process may have open (`ulimit -n`).
    open_files: Option<u32>,
    /// `JAARVERSLAG_HEADER_TIMEOUT_MS`: how long a request's head may take (5 s unset).
    header_timeout_ms: Option<u64>,
}

impl Server {
    /// Starts serving `site` on a free port and waits until it answers.
    fn start(site: &TestSite) -> Server {
        Server::start_with(site, Options::default())
    }

    fn start_with(site: &TestSite, options: Options) -> Server {
        for _ in 0..5 {
            let mut server = Server::spawn_with(site, free_port(), options);
            match server.wait_until_ready() {
                Ok(()) => return server,
                // Someone else took the port in between: try another.
                Err(log) if log.contains("in use") => continue,
                Err(log) => panic!("the server did not start:\n{log}"),
            }
        }
        panic!("no free port found");
    }

    fn spawn(site: &TestSite, port: u16) -> Server {
        Server::spawn_with(site, port, Options::default())
    }

    fn spawn_with(site: &TestSite, port: u16, options: Options) -> Server {
        let ip = options.bind.unwrap_or("127.0.0.1");
        let mut command = match options.open_files {
            // bash lowers the limit for itself and what it `exec`s: the server.
            Some(limit) => {
                let mut bash = Command::new("bash");
                bash.args([
                    "-c",
                    &format!("ulimit -n {limit} && exec \"$0\" \"$@\""),
                    BIN,
                ]);
                bash
            }
            None => Command::new(BIN),
        };
        if let Some(ms) = options.header_timeout_ms {
            command.env("JAARVERSLAG_HEADER_TIMEOUT_MS", ms.to_string());
        }
        let mut child = command
            .args(["serve", "--bind", ip, "--port", &port.to_string(), "--root"])
            .arg(site.root())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let log = Arc::new(Mutex::new(String::new()));
        collect(child.stdout.take().unwrap(), &log);
        collect(child.stderr.take().unwrap(), &log);
        Server {
            child,
            ip,
            port,
            log,
        }
    }

    fn wait_until_ready(&mut self) -> Result<(), String> {
        let deadline = Instant::now() + PATIENCE;
        while Instant::now() < deadline {
            if self.child.try_wait().unwrap().is_some() {
                sleep(Duration::from_millis(50)); // let the log readers finish
                return Err(self.log());
            }
            // The port is open before the first build ends; the first answer comes after
            // it, and after the watcher started.
            if TcpStream::connect((self.ip, self.port)).is_ok() {
                self.request("HEAD", BASE);
                return Ok(());
            }
            sleep(Duration::from_millis(20));
        }
        Err(format!("no answer within {PATIENCE:?}:\n{}", self.log()))
    }

    fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    fn get(&self, target: &str) -> Reply {
        self.request("GET", target)
    }

    fn request(&self, method: &str, target: &str) -> Reply {
        self.raw(&format!(
            "{method} {target} HTTP/1.1\r\nHost: {}:{}\r\nConnection: close\r\n\r\n",
            self.ip, self.port
        ))
    }

    /// Sends `request` as it is and reads the whole answer.
    fn raw(&self, request: &str) -> Reply {
        let mut stream = self.connect();
        stream.write_all(request.as_bytes()).unwrap();
        let mut bytes = Vec::new();
        stream.read_to_end(&mut bytes).unwrap();
        Reply::parse(&bytes)
    }

    fn connect(&self) -> TcpStream {
        let stream = TcpStream::connect((self.ip, self.port)).unwrap();
        stream.set_read_timeout(Some(PATIENCE)).unwrap();
        stream
    }

    /// Opens a live-reload stream, as the page script does.
    fn events(&self) -> Events {
        let stream = self.connect();
        let mut events = Events {
            reader: BufReader::new(stream),
            partial: String::new(),
        };
        write!(
            events.reader.get_mut(),
            "GET {BASE}__jaarverslag/events HTTP/1.1\r\nHost: {}:{}\r\n\r\n",
            self.ip,
            self.port
        )
        .unwrap();
        let head = events.read_head();
        assert!(head.starts_with("HTTP/1.1 200"), "{head}");
        assert_contains!(head, "text/event-stream");
        events
    }
}

/// Reads a child's output into `log` in the background, so its pipe never fills up.
fn collect(mut from: impl Read + Send + 'static, log: &Arc<Mutex<String>>) {
    let log = Arc::clone(log);
    std::thread::spawn(move || {
        let mut buffer = [0; 4096];
        while let Ok(n @ 1..) = from.read(&mut buffer) {
            log.lock()
                .unwrap()
                .push_str(&String::from_utf8_lossy(&buffer[..n]));
        }
    });
}

fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

struct Reply {
    status: u16,
    /// Lowercased names.
    headers: Vec<(String, String)>,
    body: String,
}

impl Reply {
    fn parse(bytes: &[u8]) -> Reply {
        let text = String::from_utf8_lossy(bytes);
        let (head, body) = text.split_once("\r\n\r\n").expect("a whole HTTP response");
        let mut lines = head.lines();
        let status = lines
            .next()
            .and_then(|l| l.split(' ').nth(1))
            .and_then(|s| s.parse().ok())
            .expect("a status line");
        let headers = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
            .collect();
        Reply {
            status,
            headers,
            body: body.to_string(),
        }
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    fn content_type(&self) -> &str {
        self.header("content-type").unwrap_or("")
    }
}

/// A live-reload stream.
struct Events {
    reader: BufReader<TcpStream>,
    /// A line begun when a read timed out.
    partial: String,
}

impl Events {
    fn read_head(&mut self) -> String {
        let mut head = String::new();
        while let Some(line) = self.line(Instant::now() + PATIENCE) {
            if line.is_empty() {
                return head;
            }
            head.push_str(&line);
            head.push('\n');
        }
        panic!("no end to the stream's head: {head}");
    }

    /// The name of the next event within `wait`, skipping comments and `retry:`.
    fn next(&mut self, wait: Duration) -> Option<String> {
        let deadline = Instant::now() + wait;
        let mut name = None;
        loop {
            let line = self.line(deadline)?;
            if let Some(event) = line.strip_prefix("event: ") {
                name = Some(event.to_string());
            } else if line.is_empty() && name.is_some() {
                return name;
            }
        }
    }

    /// Waits for a `reload` event; fails the test after [`PATIENCE`].
    fn expect_reload(&mut self, server: &Server) {
        match self.next(PATIENCE) {
            Some(name) if name == "reload" => {}
            other => panic!("expected a reload, got {other:?}\n{}", server.log()),
        }
    }

    /// The next line (without its line end), or `None` at the deadline or the stream's end.
    fn line(&mut self, deadline: Instant) -> Option<String> {
        loop {
            let left = deadline.checked_duration_since(Instant::now())?;
            let timeout = left.max(Duration::from_millis(1));
            self.reader.get_ref().set_read_timeout(Some(timeout)).ok()?;
            match self.reader.read_line(&mut self.partial) {
                Ok(0) => return None,
                Ok(_) => {
                    let line = std::mem::take(&mut self.partial);
                    return Some(line.trim_end_matches(['\r', '\n']).to_string());
                }
                Err(e)
                    if matches!(
                        e.kind(),
                        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                    ) => {}
                Err(_) => return None,
            }
        }
    }
}

/// Polls `check` until it holds, failing after [`PATIENCE`].
fn eventually(what: &str, server: &Server, mut check: impl FnMut() -> bool) {
    let deadline = Instant::now() + PATIENCE;
    while !check() {
        assert!(
            Instant::now() < deadline,
            "{what}: timed out\n{}",
            server.log()
        );
        sleep(Duration::from_millis(20));
    }
}

fn wait_for_exit(child: &mut Child) -> ExitStatus {
    let deadline = Instant::now() + PATIENCE;
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        assert!(Instant::now() < deadline, "the process did not end");
        sleep(Duration::from_millis(20));
    }
}

// ---------------------------------------------------------------------------------------
// The tests

#[test]
fn serves_pages_and_assets_with_their_types() {
    let site = TestSite::new("basic");
    let server = Server::start(&site);

    let home = server.get(BASE);
    assert_eq!(home.status, 200);
    assert_eq!(home.content_type(), "text/html; charset=utf-8");
    assert_eq!(home.header("cache-control"), Some("no-cache"));
    assert!(home
        .headers
        .iter()
        .all(|(k, _)| !k.starts_with("access-control-")));
    assert_contains!(home.body, "<h1");
    // The live-reload script, with the base path, just before </body>.
    let script = home
        .body
        .find("new EventSource(\"/rapport/__jaarverslag/events")
        .expect("the live-reload script");
    assert!(script < home.body.rfind("</body>").unwrap());
    // Links point into the preview, not at the configured host.
    let origin = format!("http://127.0.0.1:{}/rapport/", server.port);
    assert_contains!(home.body, origin, "no link to {origin}");

    let css = home
        .body
        .split('"')
        .find(|s| s.starts_with("/rapport/style.") && s.ends_with(".css"))
        .expect("a stylesheet link")
        .to_string();
    for (target, kind) in [
        (css.as_str(), "text/css; charset=utf-8"),
        ("/rapport/favicon.svg", "image/svg+xml; charset=utf-8"),
        (
            "/rapport/grafieken/weglopers.svg",
            "image/svg+xml; charset=utf-8",
        ),
        ("/rapport/data/figures.csv", "text/csv; charset=utf-8"),
        (
            "/rapport/data/figures.json",
            "application/json; charset=utf-8",
        ),
        ("/rapport/sitemap.xml", "application/xml; charset=utf-8"),
        ("/rapport/robots.txt", "text/plain; charset=utf-8"),
        ("/rapport/2020/", "text/html; charset=utf-8"),
    ] {
        let reply = server.get(target);
        assert_eq!(reply.status, 200, "{target}");
        assert_eq!(reply.content_type(), kind, "{target}");
        let html = kind.starts_with("text/html");
        assert_eq!(reply.body.contains("EventSource"), html, "{target}");
    }

    // The base path, and folders without their slash, redirect.
    for (target, location) in [
        ("/", "/rapport/"),
        ("/rapport", "/rapport/"),
        ("/rapport/2020", "/rapport/2020/"),
    ] {
        let reply = server.get(target);
        assert!(
            matches!(reply.status, 301 | 302),
            "{target}: {}",
            reply.status
        );
        assert_eq!(reply.header("location"), Some(location), "{target}");
    }

    let missing = server.get("/rapport/bestaat-niet/");
    assert_eq!(missing.status, 404);
    assert_contains!(missing.body, "Pagina niet gevonden");
    assert_contains!(missing.body, "EventSource");

    let head = server.request("HEAD", BASE);
    assert_eq!(head.status, 200);
    assert_eq!(head.content_type(), "text/html; charset=utf-8");
    assert!(head.body.is_empty());
}

#[test]
fn an_edit_reloads_open_pages_with_the_new_content() {
    let site = TestSite::new("basic");
    let server = Server::start(&site);
    let mut events = server.events();
    assert_lacks!(
        server.get("/rapport/2020/").body,
        "Een zin die er pas bij kwam."
    );

    let report = site.read(REPORT);
    site.write(REPORT, format!("{report}\nEen zin die er pas bij kwam.\n"));
    events.expect_reload(&server);
    let page = server.get("/rapport/2020/");
    assert_contains!(
        page.body,
        "Een zin die er pas bij kwam.",
        "{}",
        server.log()
    );
    // Only the report's words changed: only its page was made again.
    eventually("the terminal tells", &server, || {
        server
            .log()
            .contains("(1 page): content/years/2020/report.md")
    });
}

#[test]
fn an_edit_to_a_front_matter_rebuilds_every_page_that_shows_it() {
    let site = TestSite::new("basic");
    let server = Server::start(&site);
    let mut events = server.events();
    // A report's title is on its page, the home page, the feed and its neighbours.
    site.replace(
        REPORT,
        "title: Jaarverslag 2020",
        "title: Herzien verslag 2020",
    );
    events.expect_reload(&server);
    assert_contains!(server.get("/rapport/2020/").body, "Herzien verslag 2020");
    assert_contains!(server.get("/rapport/").body, "Herzien verslag 2020");
    assert_contains!(server.get("/rapport/atom.xml").body, "Herzien verslag 2020");
    eventually("the terminal tells", &server, || {
        server.log().contains("Rebuilt in")
    });
    assert_lacks!(server.log(), " page)");
    assert_lacks!(server.log(), " pages)");

    // A broken link in a body alone is found as in a whole build; once fixed, the site
    // is whole again.
    let report = site.read(REPORT);
    site.write(REPORT, format!("{report}\n[Nergens](/nergens/)\n"));
    events.expect_reload(&server);
    let page = server.get("/rapport/2020/");
    assert_contains!(page.body, "role=\"alert\"");
    assert_contains!(page.body, "/nergens/");
    site.write(REPORT, format!("{report}\n[Terug](/)\n"));
    events.expect_reload(&server);
    let page = server.get("/rapport/2020/");
    assert_lacks!(page.body, "role=\"alert\"");
    assert_contains!(page.body, "Terug");
}

#[test]
fn a_burst_of_saves_makes_one_rebuild() {
    // Twenty saves as fast as the test can write them. On a busy machine (load 15 on 2
    // cores, measured) the test thread may stop between two saves for longer than the
    // server's SETTLE: then they are two bursts, which rightly rebuild twice, so such a
    // try proves nothing and is made again, on a new server (as below).
    const TRIES: usize = 5;
    let mut widest = Vec::new();
    for _ in 0..TRIES {
        let site = TestSite::new("basic");
        let server = Server::start(&site);
        let mut events = server.events();
        let report = site.read(REPORT);

        // Editors' swap and backup files are not sources.
        site.write("content/years/2020/.report.md.swp", "swap");
        site.write("content/years/2020/report.md~", &report);
        assert_eq!(events.next(Duration::from_millis(400)), None);

        let mut saved = Instant::now();
        let mut gap = Duration::ZERO;
        for n in 1..=20 {
            site.write(REPORT, format!("{report}\nVersie {n}.\n"));
            if n > 1 {
                gap = gap.max(saved.elapsed());
            }
            saved = Instant::now();
        }
        widest.push(gap.as_millis());
        if gap >= SAME_BURST {
            continue;
        }
        events.expect_reload(&server);
        assert_eq!(
            events.next(Duration::from_millis(500)),
            None,
            "a second rebuild\n{}",
            server.log()
        );
        assert_contains!(server.get("/rapport/2020/").body, "Versie 20.");
        assert_eq!(
            server.log().matches("Rebuilt in").count(),
            1,
            "{}",
            server.log()
        );
        return;
    }
    panic!(
        "the machine was too busy to save 20 times without a pause: in {TRIES} tries the \
         widest gaps between two saves were {widest:?} ms"
    );
}

/// Two saves this close are one burst to the server: its SETTLE is 55 ms
/// (src/serve/watch.rs), and a save's change reaches it a few ms after the save.
const SAME_BURST: Duration = Duration::from_millis(50);

#[test]
fn saves_that_keep_coming_are_gathered() {
    // Twenty saves in a second (one every 40 ms) make one rebuild, also when a build reads
    // the report while `fs::write` has emptied it and not yet written it: that build's
    // error is never shown. On a busy machine this test may not get to save every 40 ms
    // (measured at load 10 on 2 cores: most tries had a gap of 56-104 ms); a gap of
    // SAME_BURST or more is two bursts, which rightly reload twice, so such a try proves
    // nothing and is made again, on a new server.
    const TRIES: usize = 5;
    let mut widest = Vec::new();
    for _ in 0..TRIES {
        let site = TestSite::new("basic");
        let server = Server::start(&site);
        let mut events = server.events();
        let report = site.read(REPORT);

        let start = Instant::now();
        let mut saved = start;
        let mut gap = Duration::ZERO;
        for n in 1..=20 {
            let due = start + Duration::from_millis(40) * (n - 1);
            if let Some(wait) = due.checked_duration_since(Instant::now()) {
                sleep(wait);
            }
            site.write(REPORT, format!("{report}\nVersie {n}.\n"));
            if n > 1 {
                gap = gap.max(saved.elapsed());
            }
            saved = Instant::now();
        }
        widest.push(gap.as_millis());
        if gap >= SAME_BURST {
            continue;
        }
        events.expect_reload(&server);
        let mut reloads = 1;
        while events.next(Duration::from_millis(600)).is_some() {
            reloads += 1;
        }
        assert_eq!(reloads, 1, "{reloads} reloads\n{}", server.log());
        assert!(server.get("/rapport/2020/").body.contains("Versie 20."));
        assert!(
            !server.log().contains("Build failed"),
            "an error was shown\n{}",
            server.log()
        );
        return;
    }
    panic!(
        "the machine was too busy to save every 40 ms: in {TRIES} tries the widest gaps \
         between two saves were {widest:?} ms"
    );
}

#[test]
fn a_broken_build_shows_its_errors_over_the_last_good_site() {
    let site = TestSite::new("basic");
    let server = Server::start(&site);
    let mut events = server.events();
    assert_contains!(server.get("/rapport/2020/").body, "1.050");

    site.replace(FIGURES, "value: 1050", "value: [1050");
    events.expect_reload(&server);
    let page = server.get("/rapport/2020/");
    assert_eq!(page.status, 200);
    assert_contains!(page.body, "role=\"alert\"");
    assert_contains!(page.body, "content/years/2020/figures.yaml:3:");
    assert_contains!(page.body, "1.050", "the last good page is still served");
    assert_contains!(server.get("/rapport/").body, "role=\"alert\"");
    // Only HTML pages get the errors.
    assert_lacks!(server.get("/rapport/data/figures.csv").body, "alert");
    eventually("the terminal shows the error", &server, || {
        server.log().contains("content/years/2020/figures.yaml:3:")
    });

    site.replace(FIGURES, "value: [1050", "value: 1051");
    events.expect_reload(&server);
    let page = server.get("/rapport/2020/");
    assert_lacks!(page.body, "role=\"alert\"");
    assert_contains!(page.body, "1.051");
}

#[test]
fn a_site_that_never_built_shows_an_error_page_until_fixed() {
    let site = TestSite::new("basic");
    site.replace(FIGURES, "value: 1050", "value: [1050");
    let server = Server::start(&site);

    let page = server.get(BASE);
    assert_eq!(page.status, 500);
    assert_contains!(page.body, "role=\"alert\"");
    assert_contains!(page.body, "content/years/2020/figures.yaml:3:");
    assert_contains!(
        page.body,
        "EventSource",
        "the error page reloads when fixed"
    );

    let mut events = server.events();
    site.replace(FIGURES, "value: [1050", "value: 1050");
    events.expect_reload(&server);
    let page = server.get("/rapport/2020/");
    assert_eq!(page.status, 200);
    assert_lacks!(page.body, "role=\"alert\"");
    assert_contains!(page.body, "1.050");
}

#[test]
fn no_path_leaves_the_site() {
    let site = TestSite::new("basic");
    let server = Server::start(&site);
    for target in [
        "/rapport/../content/site.yaml",
        "/rapport/%2e%2e/content/site.yaml",
        "/rapport/%2E%2E/%2E%2E/etc/passwd",
        "/rapport/2020%2findex.html",
        "/rapport/2020%2Findex.html",
        "/rapport/..%5ccontent%5csite.yaml",
        "/rapport\\..\\content\\site.yaml",
        "/rapport/2020\\index.html",
        "/rapport/c:/windows/win.ini",
        "/rapport/index.html%00",
        "/rapport/index.html%00.css",
        "/../../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
    ] {
        let reply = server.get(target);
        assert_eq!(reply.status, 404, "{target}");
        assert_lacks!(reply.body, "base_url", "{target}");
        assert_lacks!(reply.body, "root:", "{target}");
    }
}

#[test]
fn only_get_and_head_are_allowed() {
    let site = TestSite::new("basic");
    let server = Server::start(&site);
    for method in ["POST", "PUT", "DELETE", "OPTIONS", "PATCH"] {
        let reply = server.request(method, BASE);
        assert_eq!(reply.status, 405, "{method}");
        assert_eq!(reply.header("allow"), Some("GET, HEAD"), "{method}");
        assert!(reply
            .headers
            .iter()
            .all(|(k, _)| !k.starts_with("access-control-")));
    }
}

#[test]
fn a_busy_port_that_was_asked_for_fails() {
    let site = TestSite::new("basic");
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let mut server = Server::spawn(&site, port);
    let status = wait_for_exit(&mut server.child);
    assert_eq!(status.code(), Some(1));
    eventually("the message names the port", &server, || {
        server.log().contains(&format!("127.0.0.1:{port}")) && server.log().contains("in use")
    });
}

#[test]
fn many_open_streams_do_not_block_pages_and_closed_ones_do_no_harm() {
    let site = TestSite::new("basic");
    let server = Server::start(&site);
    // More streams than request threads: a stream must not hold one.
    let mut open: Vec<Events> = (0..30).map(|_| server.events()).collect();
    let closed: Vec<Events> = (0..5).map(|_| server.events()).collect();
    drop(closed);

    let started = Instant::now();
    assert_eq!(server.get("/rapport/").status, 200);
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );

    site.replace(REPORT, "Een tweede kop", "Een herschreven kop");
    for events in &mut open {
        events.expect_reload(&server);
    }
    assert_contains!(server.get("/rapport/2020/").body, "Een herschreven kop");
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_the_server_cleanly() {
    let site = TestSite::new("basic");
    let mut server = Server::start(&site);
    let _events = server.events();
    let sent = Command::new("kill")
        .args(["-INT", &server.child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    let status = wait_for_exit(&mut server.child);
    assert!(status.success(), "{status:?}\n{}", server.log());
    assert!(TcpStream::connect(("127.0.0.1", server.port)).is_err());
}

// ---------------------------------------------------------------------------------------
// Who is answered, and how many at once

/// Words of the fixture's pages: none may reach a refused request.
const PAGE_TEXT: [&str; 4] = ["<h1", "Jaarverslag", "1.050", "event: "];

fn refused(reply: &Reply, what: &str) {
    assert!(
        matches!(reply.status, 403 | 421),
        "{what}: {}",
        reply.status
    );
    for text in PAGE_TEXT {
        assert_lacks!(reply.body, text, "{what}: {text:?} in\n{}", reply.body);
    }
    assert_lacks!(
        reply.content_type(),
        "event-stream",
        "{what}: {}",
        reply.content_type()
    );
}

fn get_with_host(server: &Server, target: &str, host: &str) -> Reply {
    server.raw(&format!(
        "GET {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    ))
}

#[test]
fn a_foreign_host_name_is_refused() {
    let site = TestSite::new("basic");
    let server = Server::start(&site);
    let port = server.port;
    // What a page on another site sends after pointing its name at 127.0.0.1.
    for host in [
        format!("evil.example:{port}"),
        "evil.example".to_string(),
        format!("localhost.evil.example:{port}"),
        format!("127.0.0.1.nip.io:{port}"),
        // A name of this machine, but another port: another server's page.
        format!("localhost:{}", port ^ 1),
        "localhost".to_string(),
    ] {
        for target in [
            BASE,
            "/rapport/2020/",
            "/rapport/data/figures.csv",
            "/rapport/__jaarverslag/events",
            "/__jaarverslag/events",
            "/rapport/bestaat-niet/",
        ] {
            refused(
                &get_with_host(&server, target, &host),
                &format!("{host} {target}"),
            );
        }
    }
    // No host at all (HTTP/1.0 allows it).
    refused(
        &server.raw(&format!("GET {BASE} HTTP/1.0\r\n\r\n")),
        "no Host header",
    );
    // The refusal says where the preview is.
    let reply = get_with_host(&server, BASE, "evil.example");
    assert_contains!(reply.body, format!("http://127.0.0.1:{port}/"));
}

#[test]
fn this_machines_names_with_the_port_are_answered() {
    let site = TestSite::new("basic");
    let server = Server::start(&site);
    let port = server.port;
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("LOCALHOST:{port}"),
        format!("[::1]:{port}"),
    ] {
        let reply = get_with_host(&server, "/rapport/2020/", &host);
        assert_eq!(reply.status, 200, "{host}");
        assert_contains!(reply.body, "1.050", "{host}");
    }

    // Bound to another address, its name is answered too.
    let other = Server::start_with(
        &site,
        Options {
            bind: Some("127.0.0.2"),
            ..Options::default()
        },
    );
    let host = format!("127.0.0.2:{}", other.port);
    let reply = get_with_host(&other, "/rapport/2020/", &host);
    assert_eq!(reply.status, 200, "{host}\n{}", other.log());
    assert_contains!(reply.body, "1.050");
    refused(
        &get_with_host(&other, "/rapport/2020/", "evil.example"),
        "evil.example on 127.0.0.2",
    );
}

#[test]
fn no_answer_lets_other_sites_read_it() {
    let site = TestSite::new("basic");
    let server = Server::start(&site);
    let port = server.port;
    let host = format!("127.0.0.1:{port}");
    let asked = |method: &str, target: &str, host: &str| {
        server.raw(&format!(
            "{method} {target} HTTP/1.1\r\nHost: {host}\r\nOrigin: http://evil.example\r\n\
             Access-Control-Request-Method: GET\r\nConnection: close\r\n\r\n"
        ))
    };
    let mut replies = vec![
        ("page", asked("GET", BASE, &host)),
        ("file", asked("GET", "/rapport/data/figures.json", &host)),
        ("missing", asked("GET", "/rapport/bestaat-niet/", &host)),
        ("redirect", asked("GET", "/", &host)),
        ("preflight", asked("OPTIONS", BASE, &host)),
        ("foreign host", asked("GET", BASE, "evil.example")),
        (
            "events, HEAD",
            asked("HEAD", "/rapport/__jaarverslag/events", &host),
        ),
    ];
    // The live-reload stream does not end: its head only.
    let mut stream = server.connect();
    write!(
        stream,
        "GET /rapport/__jaarverslag/events HTTP/1.1\r\nHost: {host}\r\nOrigin: http://evil.example\r\n\r\n"
    )
    .unwrap();
    let mut head = Vec::new();
    let mut byte = [0];
    while !head.ends_with(b"\r\n\r\n") {
        assert_eq!(stream.read(&mut byte).unwrap(), 1, "the stream's head ends");
        head.push(byte[0]);
    }
    replies.push(("events", Reply::parse(&head)));
    assert!(replies
        .iter()
        .any(|(_, r)| r.content_type().contains("event-stream")));
    for (what, reply) in &replies {
        assert!(
            reply
                .headers
                .iter()
                .all(|(name, _)| !name.starts_with("access-control-")),
            "{what}: {:?}",
            reply.headers
        );
    }
}

/// Threads and open files of a process, from /proc.
#[cfg(target_os = "linux")]
fn threads(pid: u32) -> usize {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("Threads:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("a thread count")
}

/// Opens up to `count` connections (each waits at most `wait` to be let in by the
/// system) and sends `request` on each; returns those that were opened.
fn open_many(server: &Server, count: usize, request: &str, wait: Duration) -> Vec<TcpStream> {
    let address = format!("{}:{}", server.ip, server.port).parse().unwrap();
    let mut open = Vec::new();
    for _ in 0..count {
        match TcpStream::connect_timeout(&address, wait) {
            Ok(mut stream) => {
                // The request waits in the system's buffers if the server is not reading.
                stream.write_all(request.as_bytes()).unwrap();
                open.push(stream);
            }
            // The system's queue of waiting connections is full.
            Err(_) => break,
        }
    }
    open
}

fn events_request(server: &Server) -> String {
    format!(
        "GET {BASE}__jaarverslag/events HTTP/1.1\r\nHost: {}:{}\r\n\r\n",
        server.ip, server.port
    )
}

/// Whether the server has closed `stream`: it reads its end, or the connection is reset.
fn closed_by_server(stream: &mut TcpStream) -> bool {
    stream.set_nonblocking(true).unwrap();
    let mut buffer = [0; 4096];
    let closed = loop {
        match stream.read(&mut buffer) {
            Ok(0) => break true,
            Ok(_) => continue,
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => break false,
            Err(_) => break true,
        }
    };
    stream.set_nonblocking(false).unwrap();
    closed
}

#[cfg(target_os = "linux")]
#[test]
fn more_connections_than_open_files_allowed_and_the_server_answers_again() {
    const LIMIT: usize = 128;
    let site = TestSite::new("basic");
    let server = Server::start_with(
        &site,
        Options {
            open_files: Some(LIMIT as u32),
            ..Options::default()
        },
    );
    // Live-reload streams stay open as long as their page: hold more than the process may
    // open files.
    let mut held = open_many(
        &server,
        2 * LIMIT,
        &events_request(&server),
        Duration::from_millis(500),
    );
    assert!(held.len() > LIMIT, "only {} connections opened", held.len());
    sleep(Duration::from_millis(500));
    // The server took some of them, not all: the others wait their turn.
    let answered = held
        .iter_mut()
        .filter_map(|stream| {
            stream.set_nonblocking(true).unwrap();
            let mut buffer = [0; 16];
            matches!(stream.read(&mut buffer), Ok(n) if n > 0).then_some(())
        })
        .count();
    assert!(
        answered > 0 && answered < LIMIT,
        "{answered} streams answered\n{}",
        server.log()
    );

    drop(held);
    eventually("the server answers again", &server, || {
        server.get("/rapport/2020/").body.contains("1.050")
    });
    let mut server = server;
    assert!(
        server.child.try_wait().unwrap().is_none(),
        "{}",
        server.log()
    );
    assert_lacks!(server.log(), "panicked");
}

#[test]
fn a_request_head_that_never_ends_is_closed() {
    let site = TestSite::new("basic");
    // Settable, so that this test does not wait the default 5 s by construction.
    const TIMEOUT: Duration = Duration::from_millis(800);
    let server = Server::start_with(
        &site,
        Options {
            header_timeout_ms: Some(TIMEOUT.as_millis() as u64),
            ..Options::default()
        },
    );
    const STALLED: usize = 100;
    // Slowloris: a request head sent a line at a time, never finished.
    let head = format!("GET {BASE} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n", server.port);
    let mut stalled = open_many(&server, STALLED, &head, PATIENCE);
    assert_eq!(stalled.len(), STALLED);

    // Meanwhile, pages are answered.
    let started = Instant::now();
    assert_eq!(server.get("/rapport/2020/").status, 200);
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );

    // Each is closed soon after the timeout, though it keeps sending.
    let deadline = Instant::now() + TIMEOUT + Duration::from_secs(7);
    let mut open = STALLED;
    while open > 0 && Instant::now() < deadline {
        sleep(Duration::from_millis(100));
        stalled.retain_mut(|stream| {
            let _ = stream.write_all(b"X-Still-Here: 1\r\n");
            !closed_by_server(stream)
        });
        open = stalled.len();
    }
    assert_eq!(
        open,
        0,
        "{open} stalled connections still open\n{}",
        server.log()
    );
    // Not before the timeout: the server waited as long as it was told to.
    assert!(
        started.elapsed() >= TIMEOUT,
        "closed after {:?}, before the timeout of {TIMEOUT:?}",
        started.elapsed()
    );
    assert_eq!(server.get("/rapport/2020/").status, 200);
}

#[test]
fn a_header_timeout_that_is_not_a_number_is_refused() {
    let site = TestSite::new("basic");
    let run = crate::run::Run::of(
        Command::new(BIN)
            .env("JAARVERSLAG_HEADER_TIMEOUT_MS", "vijf")
            .args(["serve", "--port", "0", "--root"])
            .arg(site.root()),
    );
    run.expect_failure().stderr_contains(
        "JAARVERSLAG_HEADER_TIMEOUT_MS is `vijf`: it must be a whole number of milliseconds",
    );
}

#[cfg(target_os = "linux")]
#[test]
fn held_connections_cost_no_threads() {
    let site = TestSite::new("basic");
    let server = Server::start(&site);
    let pid = server.child.id();
    let before = threads(pid);
    let stalled = format!("GET {BASE} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n", server.port);
    let mut held = open_many(&server, 150, &stalled, PATIENCE);
    held.extend(open_many(&server, 150, &events_request(&server), PATIENCE));
    assert_eq!(held.len(), 300);
    sleep(Duration::from_millis(500));
    let during = threads(pid);
    assert!(
        during <= before + 2,
        "{before} threads before, {during} with 300 connections"
    );
    assert_eq!(server.get("/rapport/2020/").status, 200);
}
